/**
 * The shared store: Azure Table Storage, for several bot instances over one storage account.
 *
 * Tables (the modules named describe their rows):
 * - `requests`: one partition per request, its request row and step rows (azure-request-rows.ts);
 * - `audit`: the audit trail, fed through an outbox on the request row (azure-outbox.ts);
 * - `messages`: chat messages already handled (azure-messages.ts);
 * - `keyed`: values claimed or put under a key (azure-keyed.ts);
 * - `steps`: where older versions kept step outcomes; only read now.
 *
 * Tables have no conditional UPDATE, so every change of a request row is an optimistic
 * compare-and-set: read the row, check it, write it back with the row's ETag. A 412 means
 * someone wrote in between; we re-read and re-check rather than overwrite.
 */
import type { TableClient } from '@azure/data-tables';
import { odata } from '@azure/data-tables';
import type {
  AuditEvent,
  Foothold,
  KeyClaim,
  LockdownRequest,
  RecentFilter,
  RequestState,
  RequestStore,
  StateChange,
  StepOutcome,
  TransitionGuard,
  UndoneBy,
} from './ports';
import type {
  AzureTablesConnection,
  AzureTablesOptions,
  TableClientFactory,
} from './azure-connection';
import { createTableClientFactory } from './azure-connection';
import { compareText, keyProblem, requireKey, stringProperty } from './azure-documents';
import { statusOf, storageError } from './azure-errors';
import { AzureKeyedRecords } from './azure-keyed';
import { AzureMessageLog } from './azure-messages';
import { AuditOutbox } from './azure-outbox';
import { RequestTable } from './azure-request-table';
import {
  approvalsOf,
  changeProperties,
  claimProperties,
  footholdReplaced,
  leaseCleared,
  leaseOf,
  REQUEST_ROW,
  stateOf,
  stepSequenceBumped,
} from './azure-request-rows';

/** The store's own options. */
export interface AzureTableStoreOptions {
  /** How many times a compare-and-set re-reads after losing to another writer (412). Default 8. */
  readonly maxTransitionAttempts?: number;
}

/**
 * {@link RequestStore} on Azure Table Storage. Tables are created on first use. Safe to share
 * between processes: every change of a request is a compare-and-set on its row's ETag. Times
 * (lease and message expiries) are ISO strings from `toISOString()`, compared as text.
 */
export class AzureTableStore implements RequestStore {
  private readonly requests: TableClient;
  private readonly audit: TableClient;
  private readonly tables: readonly TableClient[];
  private readonly outbox: AuditOutbox;
  private readonly rows: RequestTable;
  private readonly messages: AzureMessageLog;
  private readonly keyed: AzureKeyedRecords;
  private ready: Promise<void> | undefined;
  private closed = false;

  /** Opens the store on a connection string or an endpoint with a credential. */
  static connect(
    connection: AzureTablesConnection,
    options: AzureTablesOptions & AzureTableStoreOptions = {},
  ): AzureTableStore {
    return new AzureTableStore(createTableClientFactory(connection, options), options);
  }

  /** Uses `clientFor` to reach the tables; nothing is sent before the first operation. */
  constructor(clientFor: TableClientFactory, options: AzureTableStoreOptions = {}) {
    const maxAttempts = options.maxTransitionAttempts ?? 8;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
      throw new Error('maxTransitionAttempts must be a positive integer.');
    }
    this.requests = clientFor('requests');
    this.audit = clientFor('audit');
    const legacySteps = clientFor('steps');
    const messages = clientFor('messages');
    const keyed = clientFor('keyed');
    this.tables = [this.requests, legacySteps, this.audit, messages, keyed];
    this.outbox = new AuditOutbox(this.requests, this.audit);
    this.rows = new RequestTable(this.requests, legacySteps, this.outbox, maxAttempts);
    this.messages = new AzureMessageLog(messages);
    this.keyed = new AzureKeyedRecords(keyed);
  }

  async create(request: LockdownRequest, audit: readonly AuditEvent[] = []): Promise<void> {
    requireKey('request id', request.id);
    await this.open();
    await this.rows.insert(request, audit);
  }

  async get(id: string): Promise<LockdownRequest | undefined> {
    await this.open();
    // All reads at once: card actions wait on this. Steps of an unknown id are simply none.
    const [entity, steps] = await Promise.all([this.rows.read(id), this.rows.readSteps(id)]);
    return entity ? this.rows.toRequest(entity, steps) : undefined;
  }

  async transition(
    id: string,
    expected: readonly RequestState[],
    change: StateChange,
    guard: TransitionGuard = {},
    audit: readonly AuditEvent[] = [],
  ): Promise<LockdownRequest | undefined> {
    await this.open();
    if (expected.length === 0) return undefined;
    const written = await this.rows.compareAndSet(
      id,
      `moving it to ${change.state}`,
      audit,
      (row) => {
        if (!row || !expected.includes(stateOf(row))) return undefined;
        if (guard.approvalCount !== undefined && approvalsOf(row).length !== guard.approvalCount) {
          return undefined;
        }
        // Held, whether or not it lapsed: a runner finishing late still owns its work until claimed.
        if (guard.leaseOwner !== undefined && leaseOf(row)?.owner !== guard.leaseOwner) {
          return undefined;
        }
        return { properties: changeProperties(change, row) };
      },
    );
    return written && this.rows.toRequest(written);
  }

  async claim(
    id: string,
    owner: string,
    expiresAt: string,
    now: string,
  ): Promise<LockdownRequest | undefined> {
    await this.open();
    const written = await this.rows.compareAndSet(id, `claiming it for ${owner}`, [], (row) => {
      if (!row || !['approved', 'running'].includes(stateOf(row))) return undefined;
      const lease = leaseOf(row);
      if (lease && lease.owner !== owner && lease.expiresAt > now) return undefined;
      // In the same ETag-conditional write: a claim and its count land together or not at all.
      return { properties: claimProperties(row, owner, expiresAt, now) };
    });
    return written && this.rows.toRequest(written);
  }

  async renewLease(id: string, owner: string, expiresAt: string): Promise<boolean> {
    await this.open();
    const written = await this.rows.compareAndSet(
      id,
      `renewing the lease of ${owner}`,
      [],
      (row) =>
        row && stateOf(row) === 'running' && leaseOf(row)?.owner === owner
          ? { properties: { lease_expires_at: expiresAt } }
          : undefined,
    );
    return written !== undefined;
  }

  async releaseLease(id: string, owner: string): Promise<void> {
    await this.open();
    await this.rows.compareAndSet(id, `releasing the lease of ${owner}`, [], (row) =>
      row && leaseOf(row)?.owner === owner ? { properties: leaseCleared(row) } : undefined,
    );
  }

  async markUndone(
    id: string,
    undoneBy: UndoneBy,
    audit: readonly AuditEvent[] = [],
  ): Promise<LockdownRequest | undefined> {
    await this.open();
    if (keyProblem(id)) return undefined;
    const written = await this.rows.compareAndSet(id, 'marking it undone', audit, (row) =>
      row ? { properties: { undone_by: JSON.stringify(undoneBy) } } : undefined,
    );
    return written && this.rows.toRequest(written);
  }

  async setFoothold(id: string, foothold: Foothold): Promise<LockdownRequest | undefined> {
    await this.open();
    // Conditional on the ETag only so the rest of the body is not lost; the foothold's last writer wins.
    const written = await this.rows.compareAndSet(id, 'completing its foothold', [], (row) =>
      row ? { properties: footholdReplaced(row, foothold) } : undefined,
    );
    return written && this.rows.toRequest(written);
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

  async saveStep(
    id: string,
    outcome: StepOutcome,
    owner: string,
    audit: readonly AuditEvent[] = [],
  ): Promise<LockdownRequest | undefined> {
    await this.open();
    const written = await this.rows.compareAndSet(
      id,
      `recording step ${outcome.step}`,
      audit,
      (row) => {
        if (!row) throw new Error(`No request ${id} to record step ${outcome.step} on.`);
        // A runner that lost its lease must not overwrite what the new holder records.
        if (leaseOf(row)?.owner !== owner) return undefined;
        return { properties: stepSequenceBumped(row), step: outcome };
      },
    );
    return written && this.rows.toRequest(written);
  }

  async rememberMessage(key: string, expiresAt: string, now: string): Promise<boolean> {
    await this.open();
    return this.messages.remember(key, expiresAt, now);
  }

  async forgetMessage(key: string): Promise<void> {
    await this.open();
    await this.messages.forgetOne(key);
  }

  async forgetMessages(now: string): Promise<number> {
    await this.open();
    return this.messages.forget(now);
  }

  async claimKey(
    key: string,
    value: string,
    expiresAt: string,
    now: string,
    replacing?: string,
  ): Promise<KeyClaim> {
    await this.open();
    return this.keyed.claim(key, value, expiresAt, now, replacing);
  }

  async readKey(key: string, now: string): Promise<string | undefined> {
    await this.open();
    return this.keyed.read(key, now);
  }

  async putKey(key: string, value: string): Promise<void> {
    await this.open();
    await this.keyed.put(key, value);
  }

  async forgetKeys(now: string): Promise<number> {
    await this.open();
    return this.keyed.forget(now);
  }

  async listInStates(states: readonly RequestState[]): Promise<readonly LockdownRequest[]> {
    await this.open();
    if (states.length === 0) return [];
    const byState = states.map((state) => odata`state eq ${state}`).join(' or ');
    const entities = await this.rows.list(
      [`(${byState})`],
      `list requests in states ${states.join(', ')}`,
    );
    entities.sort((a, b) =>
      compareText(stringProperty(a, 'requested_at'), stringProperty(b, 'requested_at')),
    );
    return Promise.all(entities.map((entity) => this.rows.toRequest(entity)));
  }

  async listRecent(filter: RecentFilter): Promise<readonly LockdownRequest[]> {
    await this.open();
    const conditions: string[] = [];
    if (filter.targetUpn !== undefined) {
      conditions.push(odata`target_upn eq ${filter.targetUpn.toLowerCase()}`);
    }
    if (filter.channelId !== undefined) {
      conditions.push(odata`channel_id eq ${filter.channelId}`);
    }
    const entities = await this.rows.list(conditions, 'list recent requests');
    entities.sort((a, b) =>
      compareText(stringProperty(b, 'requested_at'), stringProperty(a, 'requested_at')),
    );
    return Promise.all(
      entities.slice(0, Math.max(0, filter.limit)).map((entity) => this.rows.toRequest(entity)),
    );
  }

  async appendAudit(event: AuditEvent): Promise<void> {
    requireKey('audit request id', event.requestId);
    await this.open();
    await this.outbox.append(event);
  }

  async listAudit(requestId?: string): Promise<readonly AuditEvent[]> {
    await this.open();
    if (requestId !== undefined && keyProblem(requestId)) return [];
    return this.outbox.list(requestId);
  }

  async close(): Promise<void> {
    // The SDK holds no connection that needs closing; refuse further use, as SQLite does.
    this.closed = true;
  }

  /** Makes sure the tables exist, once per instance; a failure is retried on the next call. */
  private async open(): Promise<void> {
    if (this.closed) throw new Error('The Azure table store is closed.');
    this.ready ??= Promise.all(
      this.tables.map(async (client) => {
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
}
