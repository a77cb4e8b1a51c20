import { GraphError } from './graph-error';
import { GraphResult } from './graph-request';

/** Graph's limit on requests in one `$batch`. */
export const MAX_BATCH_REQUESTS = 20;

/** One request inside a `$batch` payload, validated. */
export interface BatchItem {
  /** The item's id, unique in the batch. */
  readonly id: string;
  /** Upper-case HTTP method. */
  readonly method: string;
  /** Relative (`/users/x`, `/v1.0/users/x`) or absolute URL. */
  readonly url: string;
  /** The item's headers. */
  readonly headers: Readonly<Record<string, string>>;
  /** The item's body (parsed JSON), or undefined. */
  readonly body: unknown;
  /** Ids of items that must succeed first. */
  readonly dependsOn: readonly string[];
}

/** One entry of the `responses` array of a `$batch` answer. */
export interface BatchSubResponse {
  /** The id of the item answered. */
  readonly id: string;
  /** Its status. */
  readonly status: number;
  /** Its headers (e.g. `Retry-After` for a throttled item). */
  readonly headers: Readonly<Record<string, string>>;
  /** Its JSON body; absent for 204. */
  readonly body?: unknown;
}

/**
 * Runs one item. `refusal` is set when the batch runner already knows the answer (missing
 * Content-Type, failed dependency); the runner must still record the item and answer with it.
 */
export type BatchItemRunner = (
  item: BatchItem,
  refusal: GraphError | undefined,
) => Promise<GraphResult>;

function invalidBatch(message: string): GraphError {
  return new GraphError(400, 'BadRequest', message);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseHeaders(id: string, value: unknown): Record<string, string> {
  if (value === undefined) {
    return {};
  }
  if (!isObject(value) || !Object.values(value).every((v) => typeof v === 'string')) {
    throw invalidBatch(`Request '${id}' has invalid headers: expected an object of strings.`);
  }
  return value as Record<string, string>;
}

function parseItem(value: unknown, index: number): BatchItem {
  if (!isObject(value)) {
    throw invalidBatch(`Invalid batch payload format: requests[${index}] is not an object.`);
  }
  const { id, method, url, dependsOn } = value;
  if (typeof id !== 'string' || id === '') {
    throw invalidBatch(`Invalid batch payload format: requests[${index}] has no 'id'.`);
  }
  if (typeof method !== 'string' || method === '') {
    throw invalidBatch(`Invalid batch payload format: request '${id}' has no 'method'.`);
  }
  if (typeof url !== 'string' || url === '') {
    throw invalidBatch(`Invalid batch payload format: request '${id}' has no 'url'.`);
  }
  if (
    dependsOn !== undefined &&
    !(Array.isArray(dependsOn) && dependsOn.every((d) => typeof d === 'string'))
  ) {
    throw invalidBatch(`Request '${id}' has an invalid 'dependsOn': expected an array of ids.`);
  }
  return {
    id,
    method: method.toUpperCase(),
    url,
    headers: parseHeaders(id, value['headers']),
    body: value['body'],
    dependsOn: (dependsOn as string[] | undefined) ?? [],
  };
}

function checkDependencies(items: readonly BatchItem[]): void {
  const ids = new Set(items.map((item) => item.id));
  for (const item of items) {
    const unknown = item.dependsOn.find((dependency) => !ids.has(dependency));
    if (unknown !== undefined) {
      throw invalidBatch(
        `Request '${item.id}' depends on '${unknown}', which is not in the batch.`,
      );
    }
  }
  const byId = new Map(items.map((item) => [item.id, item]));
  const visiting = new Set<string>();
  const done = new Set<string>();
  const visit = (id: string): void => {
    if (done.has(id)) {
      return;
    }
    if (visiting.has(id)) {
      throw invalidBatch(`The dependsOn of request '${id}' forms a cycle.`);
    }
    visiting.add(id);
    byId.get(id)?.dependsOn.forEach(visit);
    visiting.delete(id);
    done.add(id);
  };
  items.forEach((item) => visit(item.id));
}

/**
 * Validates a `$batch` payload.
 *
 * @param body - The parsed JSON body of `POST /$batch`.
 * @throws GraphError 400 for a malformed payload, more than 20 requests, duplicate ids, or a
 *   `dependsOn` naming an unknown id or forming a cycle.
 */
export function parseBatch(body: unknown): readonly BatchItem[] {
  if (!isObject(body) || !Array.isArray(body['requests'])) {
    throw invalidBatch('Invalid batch payload format: expected { "requests": [...] }.');
  }
  const requests: unknown[] = body['requests'];
  if (requests.length === 0) {
    throw invalidBatch('Invalid batch payload format: the batch has no requests.');
  }
  if (requests.length > MAX_BATCH_REQUESTS) {
    throw invalidBatch(
      `The batch has ${requests.length} requests; at most ${MAX_BATCH_REQUESTS} are allowed.`,
    );
  }
  const items = requests.map(parseItem);
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.id)) {
      throw invalidBatch(`The batch contains the request id '${item.id}' more than once.`);
    }
    seen.add(item.id);
  }
  checkDependencies(items);
  return items;
}

function hasContentType(headers: Readonly<Record<string, string>>): boolean {
  return Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
}

/**
 * Runs the items of a batch: each as soon as its dependencies are done (independent items run
 * concurrently), a 424 for an item whose dependency failed, a 400 for a body without
 * Content-Type. Answers in REVERSE request order, because Graph promises no order and clients
 * must match responses by id.
 *
 * @param items - The validated items.
 * @param run - Executes one item.
 * @param subResponseHeaders - Headers for a sub-response with a JSON body.
 */
export async function runBatch(
  items: readonly BatchItem[],
  run: BatchItemRunner,
  subResponseHeaders: Readonly<Record<string, string>>,
): Promise<{ readonly responses: readonly BatchSubResponse[] }> {
  const results = new Map<string, Promise<GraphResult>>();
  const byId = new Map(items.map((item) => [item.id, item]));
  const start = (item: BatchItem): Promise<GraphResult> => {
    const existing = results.get(item.id);
    if (existing !== undefined) {
      return existing;
    }
    const promise = (async () => {
      const dependencies = await Promise.all(
        item.dependsOn.map((id) => start(byId.get(id) as BatchItem)),
      );
      return run(item, refusalFor(item, dependencies));
    })();
    results.set(item.id, promise);
    return promise;
  };
  const answered = await Promise.all(items.map(start));
  const responses = items.map((item, i) => {
    const result = answered[i] as GraphResult;
    const headers = {
      ...(result.body === undefined ? {} : subResponseHeaders),
      ...result.headers,
    };
    return {
      id: item.id,
      status: result.status,
      headers,
      ...(result.body === undefined ? {} : { body: result.body }),
    };
  });
  return { responses: responses.reverse() };
}

function refusalFor(item: BatchItem, dependencies: readonly GraphResult[]): GraphError | undefined {
  if (dependencies.some((result) => result.status >= 400)) {
    return new GraphError(
      424,
      'FailedDependency',
      'The request was not run because a request it depends on failed.',
    );
  }
  if (item.body !== undefined && !hasContentType(item.headers)) {
    return new GraphError(
      400,
      'BadRequest',
      `Write request id : ${item.id} does not contain Content-Type header or body.`,
    );
  }
  return undefined;
}
