/**
 * The `requests` table as the store uses it (rows described in azure-request-rows.ts): reads
 * that copy any audit outbox they find, the optimistic compare-and-set every change goes
 * through, and the step rows of a request (with those older versions left in `steps`).
 */
import { randomUUID } from 'node:crypto';
import type { TableClient, TableEntity, TransactionAction } from '@azure/data-tables';
import { odata } from '@azure/data-tables';
import { queryAll } from './azure-query';
import type { AuditEvent, LockdownRequest, StepOutcome } from './ports';
import type { Entity, Properties } from './azure-documents';
import { keyProblem } from './azure-documents';
import { delay, statusOf, storageError } from './azure-errors';
import type { AuditOutbox } from './azure-outbox';
import { hasPendingAudit, outboxWith } from './azure-outbox';
import {
  mergeSteps,
  REQUEST_ROW,
  requestOf,
  requestProperties,
  STEP_ROW_PREFIX,
  STEP_ROWS_END,
  stepEntity,
  stepOf,
} from './azure-request-rows';

/** What a compare-and-set decided to write on the request row it read. */
export interface RowWrite {
  readonly properties: Properties;
  /** A step row to commit in the same entity-group transaction. */
  readonly step?: StepOutcome;
}

/** The request row's property naming the call that wrote it last (see `compareAndSet`). */
const WRITE_ID = 'write_id';

/** Reads and conditional writes of request rows and their step rows. */
export class RequestTable {
  constructor(
    private readonly requests: TableClient,
    /** Where older versions kept step outcomes: read, never written. */
    private readonly legacySteps: TableClient,
    private readonly outbox: AuditOutbox,
    private readonly maxAttempts: number,
  ) {}

  /** Creates the request row, its steps and its outbox at once; 409 if the id exists. */
  async insert(request: LockdownRequest, audit: readonly AuditEvent[]): Promise<void> {
    const writeId = randomUUID();
    const entity: TableEntity<Properties> = {
      partitionKey: request.id,
      rowKey: REQUEST_ROW,
      ...requestProperties(request),
      ...outboxWith(undefined, audit, `request ${request.id}`),
      [WRITE_ID]: writeId,
    };
    let etag: string | undefined;
    try {
      // Create, not upsert: the service refuses an existing key with 409, atomically.
      if (request.steps.length === 0) {
        etag = (await this.requests.createEntity(entity)).etag;
      } else {
        // One transaction: the request and its steps exist together or not at all.
        const result = await this.requests.submitTransaction([
          ['create', entity],
          ...request.steps.map((outcome): TransactionAction => [
            'upsert',
            stepEntity(request.id, outcome),
            'Replace',
          ]),
        ]);
        etag = result.subResponses[0]?.etag;
      }
    } catch (error) {
      if (statusOf(error) !== 409) throw storageError(`create request ${request.id}`, error);
      // The SDK sends a create again when its answer was lost: then the row is our own.
      const existing = await this.read(request.id);
      if (existing?.[WRITE_ID] !== writeId) {
        throw new Error(`Request ${request.id} already exists.`);
      }
      return;
    }
    if (etag !== undefined) await this.outbox.tryFlush({ ...entity, etag });
  }

  /** The request row, after copying any audit events a writer left on it (crashed, say). */
  async read(id: string): Promise<Entity | undefined> {
    // A key the service cannot hold was never created (ids come from card actions too).
    if (keyProblem(id)) return undefined;
    let entity: Entity;
    try {
      entity = await this.requests.getEntity(id, REQUEST_ROW);
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw storageError(`read request ${id}`, error);
    }
    return hasPendingAudit(entity) ? this.outbox.tryFlush(entity) : entity;
  }

  /** Request rows (never step rows) meeting all `conditions`, their outboxes copied. */
  async list(conditions: readonly string[], action: string): Promise<Entity[]> {
    // A scan with a filter: Tables has no secondary index (one small row per request).
    const entities = await queryAll(
      this.requests,
      [odata`RowKey eq ${REQUEST_ROW}`, ...conditions].join(' and '),
      action,
    );
    return Promise.all(
      entities.map((entity) => (hasPendingAudit(entity) ? this.outbox.tryFlush(entity) : entity)),
    );
  }

  /**
   * The optimistic compare-and-set behind every conditional change of a request row: read the
   * row, let `decide` say what to write (`undefined`: nothing, and the answer is `undefined`),
   * write it with the row's ETag together with `audit` in the row's outbox, then copy the
   * outbox to the audit table. On 412 someone wrote in between: re-read and decide again.
   *
   * Each call stamps its write with an id of its own: the SDK sends a write again when the
   * answer was lost on the way back, and the resend of a write that had landed meets 412. A
   * re-read row carrying this call's id is that write, done (not a lost race).
   */
  async compareAndSet(
    id: string,
    doing: string,
    audit: readonly AuditEvent[],
    decide: (row: Entity | undefined) => RowWrite | undefined,
  ): Promise<Entity | undefined> {
    const writeId = randomUUID();
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const current = await this.read(id);
      if (attempt > 1 && current?.[WRITE_ID] === writeId) return current;
      const write = decide(current);
      if (!current || !write) return undefined;
      const properties = {
        ...write.properties,
        ...outboxWith(current, audit, `request ${id}`),
        [WRITE_ID]: writeId,
      };
      const row = { partitionKey: id, rowKey: REQUEST_ROW, ...properties };
      try {
        let etag: string | undefined;
        if (write.step) {
          // One entity-group transaction: the step lands only if the request row, and so the
          // lease, is still as we read it.
          const result = await this.requests.submitTransaction([
            ['update', row, 'Merge', { etag: current.etag }],
            ['upsert', stepEntity(id, write.step), 'Replace'],
          ]);
          etag = result.subResponses[0]?.etag;
        } else {
          // Merge with the ETag we read: the service applies it only if nobody wrote since.
          etag = (await this.requests.updateEntity(row, 'Merge', { etag: current.etag })).etag;
        }
        return await this.outbox.tryFlush({
          ...current,
          ...properties,
          etag: etag ?? current.etag,
        });
      } catch (error) {
        // 412: someone else wrote first (a transition, or just the card id). Re-read, re-check.
        if (statusOf(error) === 412 || statusOf(error) === 404) {
          await delay(Math.random() * 10 * attempt);
          continue;
        }
        throw storageError(`change request ${id} (${doing})`, error);
      }
    }
    throw new Error(
      `Request ${id} kept changing while ${doing}: gave up after ${this.maxAttempts} attempts.`,
    );
  }

  /** The request's steps: step rows of its partition, over any the `steps` table still holds. */
  async readSteps(id: string): Promise<StepOutcome[]> {
    if (keyProblem(id)) return [];
    const action = `read the steps of request ${id}`;
    const [legacy, current] = await Promise.all([
      queryAll(this.legacySteps, odata`PartitionKey eq ${id}`, action),
      queryAll(
        this.requests,
        odata`PartitionKey eq ${id} and RowKey ge ${STEP_ROW_PREFIX} and RowKey lt ${STEP_ROWS_END}`,
        action,
      ),
    ]);
    return mergeSteps(legacy.map(stepOf), current.map(stepOf));
  }

  /** The request a row describes, its steps read now (or given, when read alongside). */
  async toRequest(entity: Entity, steps?: readonly StepOutcome[]): Promise<LockdownRequest> {
    const outcomes = steps ?? (await this.readSteps(entity.partitionKey ?? ''));
    return requestOf(entity, outcomes, this.requests.tableName);
  }
}
