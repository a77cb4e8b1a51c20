import { GraphError } from './graph-error';

/**
 * Parses `$select` against the properties an entity type has.
 *
 * @param select - The raw `$select` value, or undefined.
 * @param known - Property names of the type, in canonical case.
 * @param typeName - Qualified type name for the error, e.g. `microsoft.graph.user`.
 * @returns The selected properties in canonical case, or undefined when `$select` is absent.
 * @throws GraphError 400 for a property the type does not have.
 */
export function parseSelect(
  select: string | undefined,
  known: readonly string[],
  typeName: string,
): readonly string[] | undefined {
  if (select === undefined) {
    return undefined;
  }
  const names = select
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  return names.map((name) => {
    // Graph matches property names case-insensitively and answers in canonical case.
    const canonical = known.find((property) => property.toLowerCase() === name.toLowerCase());
    if (canonical === undefined) {
      throw new GraphError(
        400,
        'BadRequest',
        `Could not find a property named '${name}' on type '${typeName}'.`,
      );
    }
    return canonical;
  });
}

/**
 * Keeps the listed properties of an entity (always with `id` and `@odata.type` when present).
 *
 * @param entity - All properties.
 * @param properties - Properties to keep.
 */
export function project(
  entity: Readonly<Record<string, unknown>>,
  properties: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if ('@odata.type' in entity) {
    out['@odata.type'] = entity['@odata.type'];
  }
  for (const property of properties) {
    out[property] = entity[property] ?? null;
  }
  return out;
}

/** The largest `$top` Graph accepts for directory objects. */
export const MAX_PAGE_SIZE = 999;

/**
 * Parses `$top`.
 *
 * @param top - The raw value, or undefined.
 * @param fallback - Page size when `$top` is absent.
 * @throws GraphError 400 when `$top` is not an integer from 1 to 999.
 */
export function parseTop(top: string | undefined, fallback: number): number {
  if (top === undefined) {
    return fallback;
  }
  const value = Number(top);
  if (!/^\d+$/.test(top) || value < 1 || value > MAX_PAGE_SIZE) {
    throw new GraphError(
      400,
      'Request_BadRequest',
      `Invalid page size specified: '${top}'. Must be between 1 and ${MAX_PAGE_SIZE} inclusive.`,
    );
  }
  return value;
}

const SKIPTOKEN_PREFIX = 'simulator-offset:';

/**
 * Encodes a page offset as an opaque `$skiptoken`.
 *
 * @param offset - Index of the first item of the next page.
 */
export function encodeSkipToken(offset: number): string {
  return Buffer.from(`${SKIPTOKEN_PREFIX}${offset}`).toString('base64url');
}

/**
 * Decodes a `$skiptoken` made by {@link encodeSkipToken}.
 *
 * @param token - The raw value, or undefined for the first page.
 * @throws GraphError 400 `Directory_ExpiredPageToken` for a token the simulator did not make.
 */
export function decodeSkipToken(token: string | undefined): number {
  if (token === undefined) {
    return 0;
  }
  const text = Buffer.from(token, 'base64url').toString('utf8');
  const offset = Number(text.slice(SKIPTOKEN_PREFIX.length));
  if (!text.startsWith(SKIPTOKEN_PREFIX) || !Number.isInteger(offset) || offset < 0) {
    throw new GraphError(
      400,
      'Directory_ExpiredPageToken',
      'The specified page token value has expired and can no longer be included in your request.',
    );
  }
  return offset;
}
