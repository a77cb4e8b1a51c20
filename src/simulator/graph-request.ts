import { badRequest, GraphError } from './graph-error';

/**
 * One Graph request as the router sees it, whether it came as its own HTTP request or inside a
 * `$batch`.
 */
export interface GraphCall {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** Decoded path without the `/v1.0` prefix, e.g. `/users/pat_fabrikam.com#EXT#@contoso.com`. */
  readonly path: string;
  /** The decoded path segments, e.g. `['users', 'pat_fabrikam.com#EXT#@contoso.com']`. */
  readonly segments: readonly string[];
  /** Decoded query parameters (first value of each). */
  readonly query: Readonly<Record<string, string>>;
  /** Parsed JSON body, or undefined when there is none. */
  readonly body: unknown;
  /** The `request-id` this call answers with. */
  readonly requestId: string;
  /** The caller's `client-request-id`, or a generated one. */
  readonly clientRequestId: string;
}

/** What a handler answers. */
export interface GraphResult {
  /** HTTP status. */
  readonly status: number;
  /** Extra response headers. */
  readonly headers?: Readonly<Record<string, string>>;
  /** JSON body; undefined for none (e.g. 204). */
  readonly body?: unknown;
}

/** The location part of a Graph request: path segments and query. */
export interface GraphLocation {
  /** Decoded path without `/v1.0`, starting with `/`. */
  readonly path: string;
  /** Decoded path segments. */
  readonly segments: readonly string[];
  /** Decoded query parameters. */
  readonly query: Readonly<Record<string, string>>;
}

// Only used to resolve relative URLs; never contacted.
const PLACEHOLDER_BASE = 'https://graph.simulator.invalid';

/**
 * Splits a Graph URL into decoded segments and query. Accepts absolute URLs, `/v1.0/...` and
 * version-less paths (as `$batch` items use). Each segment is percent-decoded on its own, so an
 * encoded `/` or `#` stays inside its segment, while a raw `#` starts a fragment as in any URL.
 *
 * @param url - The URL or path.
 * @throws GraphError 400 `BadRequest` for another API version, an empty segment or broken
 *   percent-encoding.
 */
export function parseGraphLocation(url: string): GraphLocation {
  const parsed = new URL(url, PLACEHOLDER_BASE);
  let raw = parsed.pathname.split('/').slice(1);
  if (raw.length > 1 && raw[raw.length - 1] === '') {
    raw = raw.slice(0, -1); // one trailing slash is tolerated, as by Graph
  }
  const version = raw[0];
  if (version === 'v1.0') {
    raw = raw.slice(1);
  } else if (version === 'beta' || /^v\d/.test(version ?? '')) {
    throw new GraphError(
      400,
      'BadRequest',
      `Invalid version: ${version}. The Graph simulator implements v1.0 only.`,
    );
  }
  if (raw.length === 0 || raw.some((segment) => segment === '')) {
    throw new GraphError(400, 'BadRequest', `Invalid request URL '${url}': empty path segment.`);
  }
  const segments = raw.map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      throw new GraphError(400, 'BadRequest', `Invalid percent-encoding in segment '${segment}'.`);
    }
  });
  const query: Record<string, string> = {};
  for (const [key, value] of parsed.searchParams) {
    if (!(key in query)) {
      query[key] = value;
    }
  }
  return { path: `/${segments.join('/')}`, segments, query };
}

/** Reads a JSON object body, or answers 400 like Graph for anything else. */
export function objectBody(body: unknown): Readonly<Record<string, unknown>> {
  if (body === undefined) {
    return {};
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('The request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

/**
 * The parts of a top-level request, or the first reason it cannot be served.
 *
 * @param rawUrl - The request URL as received.
 * @param bytes - The body read, or the error reading it.
 */
export function parseTopLevel(
  rawUrl: string,
  bytes: Buffer | Error,
): { readonly location: GraphLocation; readonly body: unknown; readonly error?: unknown } {
  let location: GraphLocation = { path: rawUrl.split('?')[0] ?? rawUrl, segments: [], query: {} };
  try {
    location = parseGraphLocation(rawUrl);
    if (bytes instanceof Error) {
      throw bytes;
    }
    return { location, body: parseJsonBody(bytes) };
  } catch (error) {
    return { location, body: undefined, error };
  }
}

function parseJsonBody(bytes: Buffer): unknown {
  if (bytes.length === 0) {
    return undefined;
  }
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    throw new GraphError(
      400,
      'BadRequest',
      'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
    );
  }
}
