/**
 * Chat messages already handled, so that a redelivery by Teams is recognised by every bot
 * instance. `messages` rows: PartitionKey = SHA-256 of the key (hex: Teams ids contain
 * characters a key may not hold, and can be long), RowKey = `message`; `expires_at` ISO time.
 * Tables has no TTL, so {@link AzureMessageLog.forget} sweeps expired rows.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import type { Entity } from './azure-documents';
import { stringProperty } from './azure-documents';
import { statusOf, storageError } from './azure-errors';
import { sweepExpired } from './azure-sweep';

const MESSAGE_ROW = 'message';
/** A record swept or replaced under us just sends us round again; this bounds the rounds. */
const MAX_ATTEMPTS = 8;

/** The `messages` table, safe to share between processes. */
export class AzureMessageLog {
  constructor(private readonly table: TableClient) {}

  /** See `RequestStore.rememberMessage`. Times are ISO strings, compared as text. */
  async remember(key: string, expiresAt: string, now: string): Promise<boolean> {
    const partitionKey = partitionKeyOf(key);
    // Names this call's write: the SDK sends a write again when its answer was lost, and the
    // resend of one that landed meets 409 or 412 against the row it wrote itself.
    const writer = randomUUID();
    const entity = { partitionKey, rowKey: MESSAGE_ROW, expires_at: expiresAt, writer };
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      try {
        // The service refuses an existing key with 409, atomically: the first caller wins.
        await this.table.createEntity(entity);
        return true;
      } catch (error) {
        if (statusOf(error) !== 409) throw storageError('remember a message', error);
      }
      let existing: Entity;
      try {
        existing = await this.table.getEntity(partitionKey, MESSAGE_ROW);
      } catch (error) {
        if (statusOf(error) === 404) continue; // Swept just now: create it again.
        throw storageError('read a remembered message', error);
      }
      if (existing.writer === writer) return true;
      if (stringProperty(existing, 'expires_at') > now) return false;
      try {
        // Expired: take it over, unless another caller did so first (then it is theirs).
        await this.table.updateEntity(entity, 'Replace', { etag: existing.etag });
        return true;
      } catch (error) {
        // Someone took it over first, or our own takeover landed and was sent again: re-read.
        if (statusOf(error) === 412 || statusOf(error) === 404) continue;
        throw storageError('remember a message again', error);
      }
    }
    throw new Error(
      `A remembered message kept changing: gave up after ${MAX_ATTEMPTS} attempts to record it.`,
    );
  }

  /** See `RequestStore.forgetMessage`. */
  async forgetOne(key: string): Promise<void> {
    try {
      await this.table.deleteEntity(partitionKeyOf(key), MESSAGE_ROW);
    } catch (error) {
      if (statusOf(error) !== 404) throw storageError('forget a message', error);
    }
  }

  /** See `RequestStore.forgetMessages`. */
  forget(now: string): Promise<number> {
    return sweepExpired(this.table, now, 'messages');
  }
}

/** The row of a message key: hex SHA-256 (Teams ids hold characters a key may not). */
function partitionKeyOf(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
