import type { IncomingMessage, ServerResponse } from 'node:http';

/** Graph's JSON content type. */
export const GRAPH_JSON =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/** Largest request body the simulator reads (Graph's own limit is about 4 MB). */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Thrown by {@link readBody} when the body is larger than {@link MAX_BODY_BYTES}. */
export class BodyTooLargeError extends Error {
  public constructor() {
    super(`Request body exceeds ${MAX_BODY_BYTES} bytes.`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * Reads a request body completely.
 *
 * @param request - The incoming request.
 * @throws BodyTooLargeError when the body exceeds {@link MAX_BODY_BYTES}.
 */
export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) {
      throw new BodyTooLargeError();
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Writes a complete response. A body of `undefined` sends none (e.g. for 204).
 *
 * @param response - The server response.
 * @param status - HTTP status.
 * @param headers - Response headers.
 * @param body - JSON-serialisable body, or undefined.
 * @param contentType - Content type used when there is a body.
 */
export function sendJson(
  response: ServerResponse,
  status: number,
  headers: Readonly<Record<string, string>>,
  body: unknown,
  contentType = GRAPH_JSON,
): void {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  response.statusCode = status;
  for (const [name, value] of Object.entries(headers)) {
    response.setHeader(name, value);
  }
  if (payload !== undefined) {
    response.setHeader('Content-Type', contentType);
    response.setHeader('Content-Length', payload.length);
  } else if (status !== 204 && status !== 304) {
    // A 204 must carry no Content-Length at all (RFC 9110).
    response.setHeader('Content-Length', 0);
  }
  response.end(payload);
}

/**
 * A request header as one string (first value when repeated), or undefined.
 *
 * @param request - The incoming request.
 * @param name - Header name, lower case.
 */
export function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
