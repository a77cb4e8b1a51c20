/**
 * The audit trail on Azure Tables, and how an event gets there together with the change it
 * describes although Tables has no transaction across tables.
 *
 * A write of a request row carries its audit events in an outbox property on that row (same
 * conditional write, so the events exist if and only if the change does), each already given
 * the audit RowKey it will have. The writer then copies them to the audit table (an upsert by
 * that key, so copying twice is harmless) and clears the outbox, conditionally on the ETag: if
 * someone wrote the row in between, the outbox stays, and the next reader copies it again. A
 * crash after the write therefore delays an event, never loses it.
 *
 * `audit` rows: PartitionKey = request id, RowKey = `<ISO write time>-<counter>-<random>`, which
 * sorts in write order.
 */
import { randomBytes } from 'node:crypto';
import type { TableClient, TableEntity } from '@azure/data-tables';
import { odata } from '@azure/data-tables';
import type { AuditEvent, Person } from './ports';
import type { Entity, Properties } from './azure-documents';
import {
  compareText,
  countProperty,
  decodeDocument,
  encodeDocument,
  optionalString,
  replaceDocument,
  requireKey,
  stringProperty,
} from './azure-documents';
import { statusOf, storageError } from './azure-errors';
import { queryAll } from './azure-query';
import { REQUEST_ROW } from './azure-request-rows';

/** An audit event waiting on its request row, with the audit RowKey it will be written under. */
interface PendingEvent {
  readonly key: string;
  readonly event: AuditEvent;
}

const OUTBOX = 'outbox';
/** How many events wait in the outbox: a plain number, so a query can find rows that have some. */
const OUTBOX_COUNT = 'outbox_count';

/** Continues across store instances in one process, so audit keys keep their order after a reopen. */
const auditClock = { lastMs: 0, counter: 0 };

/** A new audit RowKey, after every key this process made before. */
export function nextAuditKey(): string {
  // Never step back in time (clock adjustments), and break ties within a millisecond.
  auditClock.lastMs = Math.max(auditClock.lastMs, Date.now());
  auditClock.counter += 1;
  const counter = String(auditClock.counter).padStart(10, '0');
  // The random part keeps keys unique between processes writing in the same millisecond.
  return `${new Date(auditClock.lastMs).toISOString()}-${counter}-${randomBytes(4).toString('hex')}`;
}

/** The row of the audit table that records `event` under `key`. */
export function auditEntity(key: string, event: AuditEvent): TableEntity<Properties> {
  return {
    partitionKey: event.requestId,
    rowKey: key,
    at: event.at,
    request_id: event.requestId,
    type: event.type,
    ...(event.actor ? { actor: JSON.stringify(event.actor) } : {}),
    ...(event.data ? encodeDocument('data', event.data, `audit event ${event.type}`) : {}),
  };
}

/** Reads back what {@link auditEntity} wrote. */
export function auditEventOf(entity: Entity): AuditEvent {
  const actor = optionalString(entity, 'actor');
  const data = decodeDocument<Record<string, unknown>>(entity, 'data');
  return {
    at: stringProperty(entity, 'at'),
    requestId: stringProperty(entity, 'request_id'),
    type: stringProperty(entity, 'type'),
    ...(actor ? { actor: JSON.parse(actor) as Person } : {}),
    ...(data ? { data } : {}),
  };
}

/** Whether the request row has events waiting to be copied to the audit table. */
export function hasPendingAudit(entity: Entity): boolean {
  return countProperty(entity, OUTBOX_COUNT) > 0;
}

/** OData filter for request rows with events waiting. */
export const PENDING_AUDIT_FILTER = `${OUTBOX_COUNT} gt 0`;

/**
 * The properties that add `events` to the outbox of the row `current` (undefined for a new
 * row), after those already waiting there. Nothing when there are no events.
 */
export function outboxWith(
  current: Entity | undefined,
  events: readonly AuditEvent[],
  what: string,
): Properties {
  if (events.length === 0) return {};
  // Refuse now: an event that can never be copied would stay in the outbox for ever.
  for (const event of events) requireKey('audit request id', event.requestId);
  // Keys are taken at the moment of the write, so events sort in the order changes happened.
  const pending = [
    ...pendingEvents(current),
    ...events.map((event) => ({ key: nextAuditKey(), event })),
  ];
  return {
    ...replaceDocument(OUTBOX, pending, current, `audit outbox of ${what}`),
    [OUTBOX_COUNT]: pending.length,
  };
}

function pendingEvents(entity: Entity | undefined): PendingEvent[] {
  if (!entity || !hasPendingAudit(entity)) return [];
  return decodeDocument<PendingEvent[]>(entity, OUTBOX) ?? [];
}

/** Copies outboxes of request rows to the audit table. */
export class AuditOutbox {
  constructor(
    private readonly requests: TableClient,
    private readonly audit: TableClient,
  ) {}

  /**
   * Copies the events waiting on `entity` to the audit table, then clears them from the row
   * unless it changed since `entity` was read (then they stay, for the next reader to copy
   * again under the same keys). Returns the row as it then stands, as far as we know.
   */
  async flush(entity: Entity): Promise<Entity> {
    const id = entity.partitionKey ?? '';
    const pending = pendingEvents(entity);
    if (pending.length === 0) return entity;
    await Promise.all(
      pending.map(async ({ key, event }) => {
        try {
          // Upsert, not create: the same key may have been copied by an earlier, interrupted flush.
          await this.audit.upsertEntity(auditEntity(key, event), 'Replace');
        } catch (error) {
          throw storageError(
            `append ${event.type} to the audit of request ${event.requestId}`,
            error,
          );
        }
      }),
    );
    const cleared = { ...replaceDocument(OUTBOX, undefined, entity, ''), [OUTBOX_COUNT]: 0 };
    try {
      const result = await this.requests.updateEntity(
        { partitionKey: id, rowKey: entity.rowKey ?? '', ...cleared },
        'Merge',
        { etag: entity.etag },
      );
      return { ...entity, ...cleared, etag: result.etag ?? entity.etag };
    } catch (error) {
      // Someone wrote the row since: whatever is on it now, the next reader copies it again.
      if (statusOf(error) === 412 || statusOf(error) === 404) return entity;
      throw storageError(`clear the audit outbox of request ${id}`, error);
    }
  }

  /**
   * {@link flush} for a caller whose own work is done (or is a read): a failure leaves the
   * events on the row, where the next read finds them, rather than failing a change that
   * happened.
   */
  async tryFlush(entity: Entity): Promise<Entity> {
    try {
      return await this.flush(entity);
    } catch {
      return entity;
    }
  }

  /** Appends one event straight to the audit table (a change with no request row to ride on). */
  async append(event: AuditEvent): Promise<void> {
    try {
      await this.audit.createEntity(auditEntity(nextAuditKey(), event));
    } catch (error) {
      throw storageError(`append ${event.type} to the audit of request ${event.requestId}`, error);
    }
  }

  /** The audit trail in write order, optionally of one request, outboxes copied first. */
  async list(requestId?: string): Promise<AuditEvent[]> {
    // Events still waiting in an outbox belong to the trail: copy them first (one partition
    // for a request; otherwise a scan of the request rows, as the audit export is).
    const waiting = await queryAll(
      this.requests,
      [
        odata`RowKey eq ${REQUEST_ROW}`,
        ...(requestId === undefined ? [] : [odata`PartitionKey eq ${requestId}`]),
        PENDING_AUDIT_FILTER,
      ].join(' and '),
      'find audit events still waiting on their request',
    );
    await Promise.all(waiting.map((entity) => this.flush(entity)));
    const entities = await queryAll(
      this.audit,
      requestId === undefined ? undefined : odata`PartitionKey eq ${requestId}`,
      `list the audit${requestId ? ` of request ${requestId}` : ''}`,
    );
    // Within a partition the service returns RowKey order; across partitions we sort ourselves.
    entities.sort((a, b) => compareText(a.rowKey ?? '', b.rowKey ?? ''));
    return entities.map(auditEventOf);
  }
}
