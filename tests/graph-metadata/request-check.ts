/**
 * Checks one Graph request (method, relative URL, body) against the CSDL model: every path
 * segment resolves (entity set or singleton, key, navigation property, cast, bound action), every query option
 * is one Graph has and names properties of the resolved type, and every body property exists
 * with a value of its declared type. `$batch` is the OData protocol's, not the schema's: its
 * envelope is checked against Graph's JSON batching format, and each request in it like any other.
 */
import type { BoundAction, CsdlModel } from './csdl';
import { checkValue, type Problems } from './value-check';
import { checkAppendedItem, propertyCollection } from './property-collections';
import jsonBatch from './json-batch.json';
import {
  alternateKeys,
  boundActions,
  derivesFrom,
  memberNames,
  navigation,
  property,
} from './model-queries';

/** A request as the checks see it (a GraphRequest of src/directory fits). */
export interface CheckedRequest {
  readonly method: string;
  readonly url: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What a path resolved to. */
export type Target =
  | { readonly kind: 'collection'; readonly type: string }
  | { readonly kind: 'entity'; readonly type: string; readonly byKey: boolean }
  | { readonly kind: 'action'; readonly action: BoundAction }
  /** A collection-valued structural property (an incident's `comments`), by its item type. */
  | { readonly kind: 'values'; readonly type: string }
  | { readonly kind: 'batch' };

/** The outcome of {@link checkRequest}. */
export interface RequestCheck {
  /** The path with keys as `{key}`, e.g. `/users/{key}/revokeSignInSessions`. */
  readonly template: string;
  readonly target?: Target;
  /** Everything that does not match the schema; empty when the request does. */
  readonly problems: readonly string[];
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CAST = /^microsoft\.graph\.\w+$/;
/** Graph's largest page of directory objects. */
const MAX_TOP = 999;

/** Checks `request` against `model`. */
export function checkRequest(model: CsdlModel, request: CheckedRequest): RequestCheck {
  const problems: string[] = [];
  if (!request.url.startsWith('/') || /[#\s]/.test(request.url)) {
    problems.push(`the URL must be relative and percent-encoded: ${request.url}`);
  }
  const [path = '', query] = request.url.split('?', 2);
  const { template, target } = resolvePath(model, path.split('/').slice(1), problems);
  if (target) {
    checkMethod(request.method, target, problems);
    if (query !== undefined) checkQuery(model, query, target, problems);
    checkBody(model, request, target, problems);
  }
  return { template, ...(target ? { target } : {}), problems };
}

function resolvePath(
  model: CsdlModel,
  segments: readonly string[],
  problems: Problems,
): { template: string; target?: Target } {
  const [first, ...rest] = segments;
  if (first === '$batch' && rest.length === 0)
    return { template: '/$batch', target: { kind: 'batch' } };
  const setType = model.entitySets.get(first ?? '');
  const singletonType = model.singletons.get(first ?? '');
  if (!setType && !singletonType) {
    problems.push(`'${first}' is not an entity set or a singleton`);
    return { template: `/${first}` };
  }
  let target: Target = setType
    ? { kind: 'collection', type: setType }
    : { kind: 'entity', type: singletonType!, byKey: false };
  const parts = [first];
  for (const raw of rest) {
    const segment = safeDecode(raw, problems);
    const next = step(model, target, segment, problems);
    if (!next) return { template: `/${[...parts, segment].join('/')}` };
    parts.push(next.kind === 'entity' && next.byKey ? '{key}' : segment);
    target = next;
  }
  return { template: `/${parts.join('/')}`, target };
}

/** The target one segment further, or undefined (with a problem) when it does not resolve. */
function step(
  model: CsdlModel,
  from: Target,
  segment: string,
  problems: Problems,
): Target | undefined {
  if (from.kind === 'collection' || from.kind === 'entity') {
    if (CAST.test(segment)) {
      const cast = segment;
      if (!model.types.has(cast) || !derivesFrom(model, cast, from.type)) {
        problems.push(`cast '${segment}' is not a type derived from ${from.type}`);
        return undefined;
      }
      return from.kind === 'collection'
        ? { kind: 'collection', type: cast }
        : { kind: 'entity', type: cast, byKey: from.byKey };
    }
  }
  if (from.kind === 'collection') {
    const [action, ...others] = boundActions(model, from.type, segment, true);
    if (action && others.length === 0) return { kind: 'action', action };
    return key(model, from.type, segment, problems);
  }
  if (from.kind === 'entity') {
    const nav = navigation(model, from.type, segment);
    if (nav) {
      return nav.collection
        ? { kind: 'collection', type: nav.type }
        : { kind: 'entity', type: nav.type, byKey: false };
    }
    const [action, ...others] = boundActions(model, from.type, segment);
    if (action && others.length === 0) return { kind: 'action', action };
    const values = propertyCollection(model, from.type, segment);
    if (values) return { kind: 'values', type: values.type };
    problems.push(`'${segment}' is neither a navigation property nor an action of ${from.type}`);
    return undefined;
  }
  const what = { action: 'an action', values: 'a property collection', batch: '$batch' }[from.kind];
  problems.push(`nothing follows ${what}: '${segment}'`);
  return undefined;
}

/**
 * Alternate keys Graph takes in place of the id, as a plain segment: OData's own form is
 * `(alias='value')`, but Graph documents `/users/{id | userPrincipalName}`. The alias must still
 * be an alternate key of the type in the CSDL.
 */
const KEY_SEGMENT_ALIASES: Readonly<Record<string, string>> = {
  'microsoft.graph.user': 'userPrincipalName',
};

/**
 * Keys that are names, not ids: Outlook's well-known folder names, which Graph takes wherever a
 * mail folder's id goes (`/mailFolders/inbox`); not in the CSDL.
 */
const WELL_KNOWN_KEYS: Readonly<Record<string, readonly string[]>> = {
  'microsoft.graph.mailFolder': ['inbox', 'archive', 'deleteditems', 'junkemail', 'sentitems'],
};

/**
 * Types whose ids are opaque strings rather than GUIDs (Exchange's base64 rule ids, grant ids,
 * an Authenticator's id): any single non-empty segment is a key of theirs, or of a derived type.
 */
const OPAQUE_KEY_TYPES = [
  'microsoft.graph.messageRule',
  'microsoft.graph.oAuth2PermissionGrant',
  'microsoft.graph.authenticationMethod',
  // Defender XDR's incident ids are digits.
  'microsoft.graph.security.incident',
];

/**
 * A key segment: the `id` (a GUID, or any id of a type with opaque ids) or an alternate key
 * Graph takes as a segment (a UPN).
 */
function key(
  model: CsdlModel,
  type: string,
  segment: string,
  problems: Problems,
): Target | undefined {
  const alias = KEY_SEGMENT_ALIASES[type];
  const byAlias = alias !== undefined && alternateKeys(model, type).includes(alias);
  const wellKnown = WELL_KNOWN_KEYS[type]?.includes(segment) === true;
  const opaque =
    segment !== '' &&
    !segment.includes('/') &&
    OPAQUE_KEY_TYPES.some((opaqueType) => derivesFrom(model, type, opaqueType));
  if (!GUID.test(segment) && !(byAlias && segment.includes('@')) && !wellKnown && !opaque) {
    problems.push(`'${segment}' is not an id, nor an alternate key ${type} takes as a segment`);
    return undefined;
  }
  return { kind: 'entity', type, byKey: true };
}

function checkMethod(method: string, target: Target, problems: Problems): void {
  const allowed =
    target.kind === 'collection'
      ? ['GET']
      : target.kind === 'entity'
        ? target.byKey
          ? ['GET', 'PATCH', 'DELETE']
          : ['GET']
        : target.kind === 'values'
          ? ['GET', 'POST']
          : ['POST'];
  if (!allowed.includes(method)) problems.push(`${method} is not allowed here (${target.kind})`);
}

function checkQuery(model: CsdlModel, query: string, target: Target, problems: Problems): void {
  const seen = new Set<string>();
  for (const pair of query.split('&')) {
    const equals = pair.indexOf('=');
    const rawName = equals < 0 ? pair : pair.slice(0, equals);
    const rawValue = equals < 0 ? undefined : pair.slice(equals + 1);
    const name = safeDecode(rawName, problems);
    const value = safeDecode(rawValue ?? '', problems);
    if (seen.has(name)) problems.push(`query option ${name} given twice`);
    seen.add(name);
    if (target.kind !== 'collection' && target.kind !== 'entity') {
      problems.push(`no query options on a ${target.kind}: ${name}`);
      continue;
    }
    const onCollection = target.kind === 'collection';
    if (name === '$select') {
      const members = memberNames(model, target.type);
      for (const field of value.split(',')) {
        if (!members.has(field))
          problems.push(`$select: ${target.type} has no property '${field}'`);
      }
    } else if (name === '$filter' && onCollection) {
      for (const [, field] of value.matchAll(/([A-Za-z_]\w*)\s+(?:eq|ne|gt|ge|lt|le|in)\s/g)) {
        if (!property(model, target.type, field!)) {
          problems.push(`$filter: ${target.type} has no property '${field}'`);
        }
      }
    } else if (name === '$expand') {
      checkExpand(model, value, target.type, problems);
    } else if (name === '$top' && onCollection) {
      const top = Number(value);
      if (!/^\d+$/.test(value) || top < 1 || top > MAX_TOP) problems.push(`$top=${value}`);
    } else if (name === '$count' && onCollection) {
      if (value !== 'true' && value !== 'false') problems.push(`$count=${value}`);
    } else {
      problems.push(`query option '${name}' is not checked here or not valid on a ${target.kind}`);
    }
  }
}

/** `$expand=nav` or `nav($select=a,b)`: a navigation property, and the selected fields on it. */
function checkExpand(model: CsdlModel, value: string, type: string, problems: Problems): void {
  for (const item of value.split(/,(?![^(]*\))/)) {
    const match = /^(\w+)(?:\(\$select=([^)]*)\))?$/.exec(item);
    const nav = match ? navigation(model, type, match[1]!) : undefined;
    if (!match || !nav) {
      problems.push(`$expand: ${type} has no navigation property '${item}'`);
      continue;
    }
    const members = memberNames(model, nav.type);
    for (const field of match[2] ? match[2].split(',') : []) {
      if (!members.has(field)) problems.push(`$expand: ${nav.type} has no property '${field}'`);
    }
  }
}

function checkBody(model: CsdlModel, request: CheckedRequest, target: Target, problems: Problems) {
  const { body } = request;
  if (
    target.kind === 'collection' ||
    (target.kind === 'entity' && (request.method === 'GET' || request.method === 'DELETE'))
  ) {
    if (body !== undefined) problems.push(`a ${request.method} has no body`);
  } else if (target.kind === 'entity') {
    checkValue(model, { type: target.type, collection: false }, body, 'body', problems);
  } else if (target.kind === 'action') {
    checkParameters(model, target.action, body, problems);
  } else if (target.kind === 'values') {
    // GET the collection, or POST one item to append it.
    if (request.method === 'GET') {
      if (body !== undefined) problems.push('a GET has no body');
    } else checkAppendedItem(model, target.type, body, problems);
  } else {
    checkBatch(model, body, problems);
  }
}

function checkParameters(model: CsdlModel, action: BoundAction, body: unknown, problems: Problems) {
  const given = (body ?? {}) as Record<string, unknown>;
  if (typeof given !== 'object' || Array.isArray(given)) {
    problems.push(`${action.name}: the body must be an object`);
    return;
  }
  for (const [name, value] of Object.entries(given)) {
    const parameter = action.parameters.get(name);
    if (!parameter) problems.push(`${action.name} has no parameter '${name}'`);
    else checkValue(model, parameter, value, `${action.name}.${name}`, problems);
  }
  for (const [name, parameter] of action.parameters) {
    if (!parameter.nullable && !(name in given)) problems.push(`${action.name} needs '${name}'`);
  }
}

function checkBatch(model: CsdlModel, body: unknown, problems: Problems) {
  const envelope = body as Record<string, unknown> | undefined;
  const extra = Object.keys(envelope ?? {}).filter((name) => !jsonBatch.envelope.includes(name));
  if (extra.length > 0) problems.push(`$batch: unknown members ${extra.join(', ')}`);
  if (!Array.isArray(envelope?.['requests'])) {
    problems.push('$batch: requests must be an array');
    return;
  }
  for (const item of envelope['requests'] as Record<string, unknown>[]) {
    const id = String(item['id']);
    for (const name of Object.keys(item)) {
      if (!jsonBatch.request.includes(name)) problems.push(`$batch ${id}: unknown member ${name}`);
    }
    for (const name of jsonBatch.required) {
      if (!(name in item)) problems.push(`$batch ${id}: ${name} is required`);
    }
    const headers = (item['headers'] ?? {}) as Record<string, string>;
    if (
      item['body'] !== undefined &&
      !Object.keys(headers).some((h) => /^content-type$/i.test(h))
    ) {
      problems.push(`$batch ${id}: a body needs a Content-Type header`);
    }
    const inner = checkRequest(model, {
      method: String(item['method']),
      url: String(item['url']),
      body: item['body'],
    });
    problems.push(...inner.problems.map((problem) => `$batch ${id}: ${problem}`));
  }
}

function safeDecode(text: string, problems: Problems): string {
  try {
    return decodeURIComponent(text);
  } catch {
    problems.push(`'${text}' is not percent-encoded properly`);
    return text;
  }
}
