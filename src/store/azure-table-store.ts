/**
 * The shared store: Azure Table Storage, for several bot instances over one storage account.
 *
 * Layout (one row per thing, keyed so that every read is a point read or a partition query):
 * - `requests`: PartitionKey = request id, RowKey = `request`; the immutable part of the request
 *   as JSON plus the columns that change (state, decision, card activity id).
 * - `steps`: PartitionKey = request id, RowKey = step id; the outcome as JSON.
 * - `audit`: PartitionKey = request id, RowKey = `<ISO write time>-<counter>-<random>`, which sorts
 *   in write order.
 *
 * Tables have no conditional UPDATE, so a state change is an optimistic compare-and-set: read
 * the row, check its state, write it back with the row's ETag. A 412 means someone wrote in
 * between; we re-read and re-check rather than overwrite.
 */
import { randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type {
  TableServiceClientOptions as TableClientOptions,
  TableEntity,
  TableEntityResult,
} from '@azure/data-tables';
import { odata, RestError, TableClient } from '@azure/data-tables';
// Only the type: the caller brings the credential (src/store must not depend on @azure/identity).
import type { TokenCredential } from '@azure/core-auth';
import type {
  AuditEvent,
  LockdownRequest,
  RecentFilter,
  Person,
  RequestState,
  RequestStore,
  StateChange,
  StepOutcome,
  TransitionGuard,
  Approval,
} from './ports';
import { STEP_ORDER } from './ports';

/** The tables the store uses, before any {@link AzureTablesOptions.tablePrefix}. */
export type AzureTableName = 'requests' | 'steps' | 'audit';

/** Gives the client for one of the store's tables. */
export type TableClientFactory = (table: AzureTableName) => TableClient;

/** How to reach the storage account: a connection string, or an endpoint and an Entra credential. */
export type AzureTablesConnection =
  | { readonly connectionString: string; readonly endpoint?: never; readonly credential?: never }
  | {
      readonly endpoint: string;
      readonly credential: TokenCredential;
      readonly connectionString?: never;
    };

/** Options for {@link createTableClientFactory}. */
export interface AzureTablesOptions {
  /**
   * Prepended to every table name, so that several deployments (or test runs) can share one
   * account. Letters and digits only, starting with a letter (a table-name rule).
   */
  readonly tablePrefix?: string;
  /**
   * Passed to every `TableClient`. `allowInsecureConnection` defaults to true only for a
   * plain-HTTP loopback endpoint (Azurite); anywhere else the SDK refuses HTTP.
   */
  readonly clientOptions?: TableClientOptions;
}

/** The store's own options. */
export interface AzureTableStoreOptions {
  /** How many times a compare-and-set re-reads after losing to another writer (412). Default 8. */
  readonly maxTransitionAttempts?: number;
}

const REQUEST_ROW = 'request';
/** A string property holds at most 64 KiB of UTF-16, i.e. 32,768 characters; leave some margin. */
const MAX_STRING_CHARS = 32_000;
/** A binary property holds at most 64 KiB. */
const MAX_BINARY_BYTES = 64_000;
/** An entity holds at most 1 MiB and 255 properties: keep compressed documents well below. */
const MAX_BINARY_PARTS = 15;
/** Characters Azure Tables refuses in PartitionKey and RowKey (besides control characters). */
const FORBIDDEN_KEY_CHARACTERS = ['/', '\\', '#', '?'];
const TABLE_PREFIX = /^[A-Za-z][A-Za-z0-9]*$/;

/** The fields that never change after a request is created, kept as one JSON document. */
type RequestBody = Omit<
  LockdownRequest,
  'state' | 'steps' | 'decidedBy' | 'decidedAt' | 'finishedAt' | 'approvals'
>;

type Entity = TableEntityResult<Record<string, unknown>>;
type Properties = Record<string, string | number | Uint8Array>;

/**
 * Builds the `TableClient` factory for a connection. Plain HTTP is allowed only towards a
 * loopback host, where it can only be Azurite.
 */
export function createTableClientFactory(
  connection: AzureTablesConnection,
  options: AzureTablesOptions = {},
): TableClientFactory {
  const prefix = options.tablePrefix ?? '';
  if (prefix !== '' && !TABLE_PREFIX.test(prefix)) {
    throw new Error(
      `Azure table prefix "${prefix}" is invalid: use letters and digits, starting with a letter.`,
    );
  }
  const build = (table: string, clientOptions: TableClientOptions): TableClient =>
    connection.connectionString !== undefined
      ? TableClient.fromConnectionString(connection.connectionString, table, clientOptions)
      : new TableClient(connection.endpoint, table, connection.credential, clientOptions);

  // The connection string is parsed by the SDK; ask it which endpoint it resolved to.
  let endpoint: URL;
  try {
    endpoint = new URL(build(`${prefix}requests`, options.clientOptions ?? {}).url);
  } catch (error) {
    throw new Error(`Cannot use the Azure Tables connection: ${errorMessage(error)}`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(endpoint.hostname.toLowerCase());
  // Fail at startup, not at the first request: keys and tokens must not travel in clear.
  if (endpoint.protocol === 'http:') {
    const shown = `${endpoint.origin}${endpoint.pathname}`;
    if (connection.credential !== undefined) {
      throw new Error(
        `Azure Tables endpoint ${shown} is plain HTTP: a token credential needs HTTPS.`,
      );
    }
    if (!loopback && options.clientOptions?.allowInsecureConnection !== true) {
      throw new Error(
        `Azure Tables endpoint ${shown} is plain HTTP: use HTTPS (HTTP is accepted only for a loopback Azurite).`,
      );
    }
  }
  const clientOptions: TableClientOptions = {
    allowInsecureConnection: endpoint.protocol === 'http:' && loopback,
    ...options.clientOptions,
  };
  return (table) => build(`${prefix}${table}`, clientOptions);
}

/** The account endpoint a connection resolves to, without any SAS token: safe to log. */
export function describeAzureTablesEndpoint(connection: AzureTablesConnection): string {
  const url = new URL(createTableClientFactory(connection)('requests').url);
  url.search = '';
  return url.toString();
}

/**
 * {@link RequestStore} on Azure Table Storage. Tables are created on first use. Safe to share
 * between processes: every state change is a compare-and-set on the row's ETag.
 */
export class AzureTableStore implements RequestStore {
  /** Continues across instances in one process, so audit keys keep their order after a reopen. */
  private static readonly auditClock = { lastMs: 0, counter: 0 };

  private readonly requests: TableClient;
  private readonly steps: TableClient;
  private readonly audit: TableClient;
  private readonly maxTransitionAttempts: number;
  private ready: Promise<void> | undefined;
  private closed = false;

  /** Opens the store on a connection string or an endpoint with a credential. */
  static connect(
    connection: AzureTablesConnection,
    options: AzureTablesOptions & AzureTableStoreOptions = {},
  ): AzureTableStore {
    return new AzureTableStore(createTableClientFactory(connection, options), options);
  }

  /** Uses `clientFor` to reach the three tables; nothing is sent before the first operation. */
  constructor(clientFor: TableClientFactory, options: AzureTableStoreOptions = {}) {
    this.requests = clientFor('requests');
    this.steps = clientFor('steps');
    this.audit = clientFor('audit');
    this.maxTransitionAttempts = options.maxTransitionAttempts ?? 8;
    if (!Number.isInteger(this.maxTransitionAttempts) || this.maxTransitionAttempts < 1) {
      throw new Error('maxTransitionAttempts must be a positive integer.');
    }
  }

  async create(request: LockdownRequest): Promise<void> {
    requireKey('request id', request.id);
    await this.open();
    const { state, steps, decidedBy, decidedAt, finishedAt, approvals, ...body } = request;
    const entity: TableEntity<Properties> = {
      partitionKey: request.id,
      rowKey: REQUEST_ROW,
      state,
      requested_at: request.requestedAt,
      conversation_id: request.origin.conversationId,
      ...(request.origin.channelId ? { channel_id: request.origin.channelId } : {}),
      target_upn: request.target.userPrincipalName.toLowerCase(),
      ...(request.origin.cardActivityId ? { card_activity_id: request.origin.cardActivityId } : {}),
      ...(decidedBy ? { decided_by: JSON.stringify(decidedBy) } : {}),
      ...(decidedAt ? { decided_at: decidedAt } : {}),
      ...(finishedAt ? { finished_at: finishedAt } : {}),
      ...(approvals ? { approvals: JSON.stringify(approvals) } : {}),
      ...encodeDocument('body', body, `request ${request.id}`),
    };
    try {
      // createEntity, not upsert: the service refuses an existing key with 409, atomically.
      await this.requests.createEntity(entity);
    } catch (error) {
      if (statusOf(error) === 409) throw new Error(`Request ${request.id} already exists.`);
      throw storageError(`create request ${request.id}`, error);
    }
    // Steps follow the request row, so a failed create never leaves orphan steps behind.
    await Promise.all(steps.map((outcome) => this.writeStep(request.id, outcome)));
  }

  async get(id: string): Promise<LockdownRequest | undefined> {
    await this.open();
    // Both reads at once: card actions wait on this. Steps of an unknown id are simply none.
    const [entity, steps] = await Promise.all([
      this.readRequest(id),
      keyProblem(id) ? [] : this.readSteps(id),
    ]);
    return entity ? this.toRequest(entity, steps) : undefined;
  }

  async transition(
    id: string,
    expected: readonly RequestState[],
    change: StateChange,
    guard: TransitionGuard = {},
  ): Promise<LockdownRequest | undefined> {
    await this.open();
    if (expected.length === 0) return undefined;
    const update: Properties = {
      state: change.state,
      ...(change.decidedBy ? { decided_by: JSON.stringify(change.decidedBy) } : {}),
      ...(change.decidedAt ? { decided_at: change.decidedAt } : {}),
      ...(change.finishedAt ? { finished_at: change.finishedAt } : {}),
      ...(change.approvals ? { approvals: JSON.stringify(change.approvals) } : {}),
    };
    for (let attempt = 1; attempt <= this.maxTransitionAttempts; attempt++) {
      const current = await this.readRequest(id);
      if (!current || !expected.includes(stringProperty(current, 'state') as RequestState)) {
        return undefined;
      }
      if (
        guard.approvalCount !== undefined &&
        approvalsOf(current).length !== guard.approvalCount
      ) {
        return undefined;
      }
      try {
        // Merge with the ETag we read: the service applies it only if nobody wrote since.
        const result = await this.requests.updateEntity(
          { partitionKey: id, rowKey: REQUEST_ROW, ...update },
          'Merge',
          { etag: current.etag },
        );
        return this.toRequest({ ...current, ...update, etag: result.etag ?? current.etag });
      } catch (error) {
        // 412: someone else wrote first (a transition, or just the card id). Re-read and re-check.
        if (statusOf(error) === 412) {
          await delay(Math.random() * 10 * attempt);
          continue;
        }
        if (statusOf(error) === 404) return undefined;
        throw storageError(`change request ${id} to ${change.state}`, error);
      }
    }
    throw new Error(
      `Request ${id} kept changing while moving it to ${change.state}: gave up after ${this.maxTransitionAttempts} attempts.`,
    );
  }

  async setCardActivityId(id: string, activityId: string): Promise<void> {
    await this.open();
    if (keyProblem(id)) return;
    try {
      // No ETag: the card id is independent of the state, last writer wins.
      await this.requests.updateEntity(
        { partitionKey: id, rowKey: REQUEST_ROW, card_activity_id: activityId },
        'Merge',
      );
    } catch (error) {
      // Like the SQLite store: a card id for an unknown request is dropped.
      if (statusOf(error) === 404) return;
      throw storageError(`set the card activity id of request ${id}`, error);
    }
  }

  async saveStep(id: string, outcome: StepOutcome): Promise<LockdownRequest> {
    await this.open();
    // Check first, so an unknown id does not leave an orphan step row.
    const entity = await this.readRequest(id);
    if (!entity) throw new Error(`No request ${id} to record step ${outcome.step} on.`);
    await this.writeStep(id, outcome);
    return this.toRequest(entity);
  }

  async listInStates(states: readonly RequestState[]): Promise<readonly LockdownRequest[]> {
    await this.open();
    if (states.length === 0) return [];
    // Tables have no secondary index: this scans the requests table (one small row per request).
    const byState = states.map((state) => odata`state eq ${state}`).join(' or ');
    const filter = `${odata`RowKey eq ${REQUEST_ROW}`} and (${byState})`;
    const entities: Entity[] = [];
    try {
      for await (const entity of this.requests.listEntities({ queryOptions: { filter } })) {
        entities.push(entity);
      }
    } catch (error) {
      throw storageError(`list requests in states ${states.join(', ')}`, error);
    }
    entities.sort((a, b) =>
      compareText(stringProperty(a, 'requested_at'), stringProperty(b, 'requested_at')),
    );
    return Promise.all(entities.map((entity) => this.toRequest(entity)));
  }

  async listRecent(filter: RecentFilter): Promise<readonly LockdownRequest[]> {
    await this.open();
    const conditions = [odata`RowKey eq ${REQUEST_ROW}`];
    if (filter.targetUpn !== undefined) {
      conditions.push(odata`target_upn eq ${filter.targetUpn.toLowerCase()}`);
    }
    if (filter.channelId !== undefined) {
      conditions.push(odata`channel_id eq ${filter.channelId}`);
    }
    const entities: Entity[] = [];
    try {
      // A scan with a filter: Tables has no secondary index (one small row per request).
      for await (const entity of this.requests.listEntities({
        queryOptions: { filter: conditions.join(' and ') },
      })) {
        entities.push(entity);
      }
    } catch (error) {
      throw storageError('list recent requests', error);
    }
    entities.sort((a, b) =>
      compareText(stringProperty(b, 'requested_at'), stringProperty(a, 'requested_at')),
    );
    return Promise.all(
      entities.slice(0, Math.max(0, filter.limit)).map((entity) => this.toRequest(entity)),
    );
  }

  async appendAudit(event: AuditEvent): Promise<void> {
    requireKey('audit request id', event.requestId);
    await this.open();
    const entity: TableEntity<Properties> = {
      partitionKey: event.requestId,
      rowKey: AzureTableStore.nextAuditKey(),
      at: event.at,
      request_id: event.requestId,
      type: event.type,
      ...(event.actor ? { actor: JSON.stringify(event.actor) } : {}),
      ...(event.data ? encodeDocument('data', event.data, `audit event ${event.type}`) : {}),
    };
    try {
      await this.audit.createEntity(entity);
    } catch (error) {
      throw storageError(`append ${event.type} to the audit of request ${event.requestId}`, error);
    }
  }

  async listAudit(requestId?: string): Promise<readonly AuditEvent[]> {
    await this.open();
    if (requestId !== undefined && keyProblem(requestId)) return [];
    const entities: Entity[] = [];
    try {
      const pages = this.audit.listEntities(
        requestId === undefined
          ? {}
          : { queryOptions: { filter: odata`PartitionKey eq ${requestId}` } },
      );
      for await (const entity of pages) entities.push(entity);
    } catch (error) {
      throw storageError(`list the audit${requestId ? ` of request ${requestId}` : ''}`, error);
    }
    // Within a partition the service returns RowKey order; across partitions we sort ourselves.
    entities.sort((a, b) => compareText(a.rowKey ?? '', b.rowKey ?? ''));
    return entities.map((entity) => {
      const actor = optionalString(entity, 'actor');
      const data = decodeDocument<Record<string, unknown>>(entity, 'data');
      return {
        at: stringProperty(entity, 'at'),
        requestId: stringProperty(entity, 'request_id'),
        type: stringProperty(entity, 'type'),
        ...(actor ? { actor: JSON.parse(actor) as Person } : {}),
        ...(data ? { data } : {}),
      };
    });
  }

  async close(): Promise<void> {
    // The SDK holds no connection that needs closing; refuse further use, as SQLite does.
    this.closed = true;
  }

  /** Makes sure the tables exist, once per instance; a failure is retried on the next call. */
  private async open(): Promise<void> {
    if (this.closed) throw new Error('The Azure table store is closed.');
    this.ready ??= Promise.all(
      [this.requests, this.steps, this.audit].map(async (client) => {
        try {
          await client.createTable();
        } catch (error) {
          // Another instance may create it at the same moment.
          if (statusOf(error) !== 409) {
            throw storageError(`create table ${client.tableName}`, error);
          }
        }
      }),
    ).then(
      () => undefined,
      (error: unknown) => {
        this.ready = undefined;
        throw error;
      },
    );
    return this.ready;
  }

  private async readRequest(id: string): Promise<Entity | undefined> {
    // A key the service cannot hold was never created (ids come from card actions too).
    if (keyProblem(id)) return undefined;
    try {
      return await this.requests.getEntity(id, REQUEST_ROW);
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw storageError(`read request ${id}`, error);
    }
  }

  private async writeStep(id: string, outcome: StepOutcome): Promise<void> {
    try {
      // Replace, not the SDK's default Merge: a shorter outcome must not keep stale parts.
      await this.steps.upsertEntity(
        {
          partitionKey: id,
          rowKey: outcome.step,
          ...encodeDocument('outcome', outcome, `step ${outcome.step} of request ${id}`),
        },
        'Replace',
      );
    } catch (error) {
      throw storageError(`save step ${outcome.step} of request ${id}`, error);
    }
  }

  private async readSteps(id: string): Promise<StepOutcome[]> {
    const outcomes: StepOutcome[] = [];
    try {
      const filter = odata`PartitionKey eq ${id}`;
      for await (const entity of this.steps.listEntities({ queryOptions: { filter } })) {
        const outcome = decodeDocument<StepOutcome>(entity, 'outcome');
        if (!outcome) throw new Error(`Step ${entity.rowKey} of request ${id} has no outcome.`);
        outcomes.push(outcome);
      }
    } catch (error) {
      throw storageError(`read the steps of request ${id}`, error);
    }
    return outcomes.sort((a, b) => STEP_ORDER.indexOf(a.step) - STEP_ORDER.indexOf(b.step));
  }

  private async toRequest(entity: Entity, steps?: StepOutcome[]): Promise<LockdownRequest> {
    const id = entity.partitionKey ?? '';
    const body = decodeDocument<RequestBody>(entity, 'body');
    if (!body) throw new Error(`Request ${id} has no body in table ${this.requests.tableName}.`);
    const cardActivityId = optionalString(entity, 'card_activity_id');
    const decidedBy = optionalString(entity, 'decided_by');
    const decidedAt = optionalString(entity, 'decided_at');
    const finishedAt = optionalString(entity, 'finished_at');
    const approvals = approvalsOf(entity);
    return {
      ...body,
      state: stringProperty(entity, 'state') as RequestState,
      origin: { ...body.origin, ...(cardActivityId ? { cardActivityId } : {}) },
      ...(decidedBy ? { decidedBy: JSON.parse(decidedBy) as Person } : {}),
      ...(decidedAt ? { decidedAt } : {}),
      ...(finishedAt ? { finishedAt } : {}),
      ...(optionalString(entity, 'approvals') ? { approvals } : {}),
      steps: steps ?? (await this.readSteps(id)),
    };
  }

  private static nextAuditKey(): string {
    // Never step back in time (clock adjustments), and break ties within a millisecond.
    const clock = AzureTableStore.auditClock;
    clock.lastMs = Math.max(clock.lastMs, Date.now());
    clock.counter += 1;
    const counter = String(clock.counter).padStart(10, '0');
    // The random part keeps keys unique between processes writing in the same millisecond.
    return `${new Date(clock.lastMs).toISOString()}-${counter}-${randomBytes(4).toString('hex')}`;
  }
}

/**
 * Stores a JSON document in one string property when it fits (readable in Storage Explorer),
 * otherwise gzipped and split across binary properties `<name>_gz_0..n`.
 */
function encodeDocument(name: string, value: unknown, what: string): Properties {
  const json = JSON.stringify(value);
  if (json.length <= MAX_STRING_CHARS) return { [name]: json };
  const zipped = gzipSync(json);
  const parts = Math.ceil(zipped.length / MAX_BINARY_BYTES);
  if (parts > MAX_BINARY_PARTS) {
    throw new Error(
      `The ${what} is too large for Azure Table Storage: ${json.length} characters of JSON, ${zipped.length} bytes compressed (limit ${MAX_BINARY_PARTS * MAX_BINARY_BYTES}).`,
    );
  }
  const properties: Properties = { [`${name}_gz_parts`]: parts };
  for (let part = 0; part < parts; part++) {
    properties[`${name}_gz_${part}`] = new Uint8Array(
      zipped.subarray(part * MAX_BINARY_BYTES, (part + 1) * MAX_BINARY_BYTES),
    );
  }
  return properties;
}

/** Reads back what {@link encodeDocument} wrote; `undefined` when the property is absent. */
function decodeDocument<T>(entity: Entity, name: string): T | undefined {
  const json = optionalString(entity, name);
  if (json !== undefined) return JSON.parse(json) as T;
  const partsValue = entity[`${name}_gz_parts`];
  if (partsValue === undefined) return undefined;
  const parts = Number(partsValue);
  const chunks: Uint8Array[] = [];
  for (let part = 0; part < parts; part++) {
    const chunk = entity[`${name}_gz_${part}`];
    if (!(chunk instanceof Uint8Array)) {
      throw new Error(
        `Entity ${entity.partitionKey}/${entity.rowKey} is missing part ${part} of ${parts} of ${name}.`,
      );
    }
    chunks.push(chunk);
  }
  return JSON.parse(gunzipSync(Buffer.concat(chunks)).toString('utf8')) as T;
}

function stringProperty(entity: Entity, name: string): string {
  const value = entity[name];
  if (typeof value !== 'string') {
    throw new Error(`Entity ${entity.partitionKey}/${entity.rowKey} has no text property ${name}.`);
  }
  return value;
}

function optionalString(entity: Entity, name: string): string | undefined {
  const value = entity[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Why `key` cannot be a PartitionKey or RowKey, or `undefined` if it can. */
function keyProblem(key: string): string | undefined {
  if (key === '') return 'is empty';
  if (key.length > 1024) return 'is longer than 1024 characters';
  for (const character of key) {
    const code = character.charCodeAt(0);
    if (
      FORBIDDEN_KEY_CHARACTERS.includes(character) ||
      code <= 0x1f ||
      (code >= 0x7f && code <= 0x9f)
    ) {
      return 'contains / \\ # ? or a control character';
    }
  }
  return undefined;
}

function requireKey(what: string, key: string): void {
  const problem = keyProblem(key);
  if (problem)
    throw new Error(`The ${what} "${key}" cannot be stored in Azure Tables: it ${problem}.`);
}

/** An error from the SDK's HTTP pipeline. Duck-typed: another copy of the SDK may throw it. */
function isRestError(error: unknown): error is RestError {
  return error instanceof RestError || (error instanceof Error && error.name === 'RestError');
}

function statusOf(error: unknown): number | undefined {
  return isRestError(error) ? error.statusCode : undefined;
}

function storageError(action: string, error: unknown): Error {
  // Our own errors (a corrupt row, a closed store) already say what went wrong.
  if (error instanceof Error && !isRestError(error)) return error;
  const status = statusOf(error);
  return new Error(
    `Azure Table Storage could not ${action}${status ? ` (HTTP ${status})` : ''}: ${errorMessage(error)}`,
    { cause: error },
  );
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Plain code-unit order, as SQLite's ORDER BY on text. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The approvals recorded on a request row (none when the property is absent). */
function approvalsOf(entity: Entity): Approval[] {
  const json = optionalString(entity, 'approvals');
  return json ? (JSON.parse(json) as Approval[]) : [];
}
