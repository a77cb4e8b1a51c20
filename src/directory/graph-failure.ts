/**
 * Graph's error answers as the domain's {@link DirectoryFailure}s.
 */
import { DirectoryError } from '../lockdown/directory';
import type { DirectoryFailure } from '../lockdown/request';

/** Graph's error body: `{ "error": { "code", "message", "innerError": { "request-id" } } }`. */
interface GraphErrorBody {
  readonly error?: {
    readonly code?: string;
    readonly message?: string;
    readonly innerError?: Readonly<Record<string, string>>;
  };
}

/** The failure Graph answered, with its code, message and request id when it sent them. */
export function graphFailure(
  status: number,
  body: unknown,
  requestId: string | undefined,
): DirectoryFailure {
  const error = (body as GraphErrorBody | undefined)?.error;
  const id = requestId ?? error?.innerError?.['request-id'];
  return {
    status,
    code: error?.code ?? `HTTP${status}`,
    message: error?.message ?? `Graph answered ${status}.`,
    ...(id ? { requestId: id } : {}),
  };
}

/** No answer at all (DNS, TLS, connection reset, ...). */
export function transportFailure(error: unknown): DirectoryFailure {
  const message = error instanceof Error ? error.message : String(error);
  return { status: 0, code: 'NetworkError', message: `Graph could not be reached: ${message}` };
}

/** A Graph answer the bot cannot use. */
export function unexpectedResponse(message: string): DirectoryError {
  return new DirectoryError({ status: 0, code: 'UnexpectedResponse', message });
}

/** `value`, or an {@link unexpectedResponse} naming the missing field. */
export function required<T>(value: T | null | undefined, name: string): T {
  if (value === undefined || value === null) {
    throw unexpectedResponse(`Graph returned no ${name}.`);
  }
  return value;
}

/** Parses JSON, or `undefined` for anything else (an HTML error page from a proxy, say). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
