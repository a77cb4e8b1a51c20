/**
 * A request body as the bot accepts it: declared as JSON, read raw within the limits, and a
 * JSON object once parsed. Anything else is a refusal with a status and a short reason.
 */
import type { IncomingMessage } from 'node:http';
import { type BodyLimits, readBody } from './read-body';

/** `application/json`, with or without parameters such as a charset. */
const JSON_TYPE = /^application\/json\s*(?:;|$)/i;
const UTF8_BOM = '\uFEFF';

/** A parsed body, or the refusal to answer instead. */
export type JsonBody =
  | { readonly ok: true; readonly body: Record<string, unknown> }
  | { readonly ok: false; readonly status: number; readonly reason: string };

/** Parses `bytes` as a JSON object; `__proto__` keys are dropped, so no copy can inherit one. */
export function parseJsonObject(bytes: Buffer): JsonBody {
  let text = bytes.toString('utf8');
  if (text.startsWith(UTF8_BOM)) text = text.slice(1);
  let value: unknown;
  try {
    value = JSON.parse(text, (key, item: unknown) => (key === '__proto__' ? undefined : item));
  } catch {
    return { ok: false, status: 400, reason: 'body is not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, status: 400, reason: 'body is not a JSON object' };
  }
  return { ok: true, body: value as Record<string, unknown> };
}

/** Checks the content type, reads the body within the limits and parses it as a JSON object. */
export async function readJsonObject(req: IncomingMessage, limits: BodyLimits): Promise<JsonBody> {
  if (!JSON_TYPE.test(req.headers['content-type'] ?? '')) {
    return { ok: false, status: 415, reason: 'content type is not application/json' };
  }
  const read = await readBody(req, limits);
  return read.ok ? parseJsonObject(read.bytes) : read;
}
