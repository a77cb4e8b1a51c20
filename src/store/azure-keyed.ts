/**
 * Keyed records: a value under a key, with an expiry or none, claimed so that only one bot
 * instance writes it. `keyed` rows: PartitionKey = SHA-256 of the key (hex: keys are arbitrary
 * text, and PartitionKey refuses `/ \ # ?` and control characters), RowKey = `key`; `key` the
 * key itself (for whoever reads the table), `value` the value (encoded as a document, see
 * azure-documents.ts), `expires_at` ISO time or absent (no expiry), `write_id` the call that
 * wrote it. Every write is a whole-row Replace, so no property of an earlier record survives.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { TableClient, TableEntity } from '@azure/data-tables';
import type { Entity, Properties } from './azure-documents';
import { decodeDocument, encodeDocument, optionalString } from './azure-documents';
import { statusOf, storageError } from './azure-errors';
import { sweepExpired } from './azure-sweep';
import type { KeyClaim } from './ports';

const KEY_ROW = 'key';
/** The row's property naming the call that wrote it last (see {@link AzureKeyedRecords.claim}). */
const WRITE_ID = 'write_id';
/** A record deleted or replaced under us just sends us round again; this bounds the rounds. */
const MAX_ATTEMPTS = 8;

/** The `keyed` table, safe to share between processes. */
export class AzureKeyedRecords {
  constructor(private readonly table: TableClient) {}

  /**
   * See `RequestStore.claimKey`. Creating the row is the service's atomic insert (409 when the
   * key exists); taking over an expired or `replacing` record is a Replace with the ETag read
   * (412 when someone wrote in between, then we re-read and decide again).
   *
   * Each call stamps its write with an id of its own: the SDK sends a write again when its
   * answer was lost, and the resend of one that landed meets 409 or 412 against the row it
   * wrote itself. A re-read row carrying this call's id is that write, done (not a lost race).
   */
  async claim(
    key: string,
    value: string,
    expiresAt: string,
    now: string,
    replacing?: string,
  ): Promise<KeyClaim> {
    const writeId = randomUUID();
    const entity = rowOf(key, value, { expires_at: expiresAt, [WRITE_ID]: writeId });
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      try {
        await this.table.createEntity(entity);
        return { value, created: true };
      } catch (error) {
        if (statusOf(error) !== 409) throw storageError('claim a key', error);
      }
      const existing = await this.get(key);
      if (!existing) continue; // Deleted just now: create it again.
      if (existing[WRITE_ID] === writeId) return { value, created: true };
      const current = valueOf(existing);
      if (isLive(existing, now) && current !== replacing) return { value: current, created: false };
      try {
        await this.table.updateEntity(entity, 'Replace', { etag: existing.etag });
        return { value, created: true };
      } catch (error) {
        // Someone wrote first, or our own write landed and was sent again: re-read.
        if (statusOf(error) === 412 || statusOf(error) === 404) continue;
        throw storageError('take over a claimed key', error);
      }
    }
    throw new Error(
      `A keyed record kept changing: gave up after ${MAX_ATTEMPTS} attempts to claim it.`,
    );
  }

  /** See `RequestStore.readKey`. */
  async read(key: string, now: string): Promise<string | undefined> {
    const existing = await this.get(key);
    return existing && isLive(existing, now) ? valueOf(existing) : undefined;
  }

  /** See `RequestStore.putKey`. An upsert without condition: a resend writes the same again. */
  async put(key: string, value: string): Promise<void> {
    try {
      await this.table.upsertEntity(rowOf(key, value, { [WRITE_ID]: randomUUID() }), 'Replace');
    } catch (error) {
      throw storageError('put a keyed record', error);
    }
  }

  /** See `RequestStore.forgetKeys`. */
  forget(now: string): Promise<number> {
    return sweepExpired(this.table, now, 'keyed records');
  }

  private async get(key: string): Promise<Entity | undefined> {
    try {
      return await this.table.getEntity(partitionKeyOf(key), KEY_ROW);
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw storageError('read a keyed record', error);
    }
  }
}

/** The whole row of a record. */
function rowOf(key: string, value: string, properties: Properties): TableEntity<Properties> {
  return {
    partitionKey: partitionKeyOf(key),
    rowKey: KEY_ROW,
    key,
    ...encodeDocument('value', value, `value of key "${key}"`),
    ...properties,
  };
}

function valueOf(entity: Entity): string {
  const value = decodeDocument<unknown>(entity, 'value');
  if (typeof value !== 'string') {
    throw new Error(`Keyed record ${entity.partitionKey} holds no text value.`);
  }
  return value;
}

/** A record without expiry is live for ever; one expires when `expires_at` is not after `now`. */
function isLive(entity: Entity, now: string): boolean {
  const expiresAt = optionalString(entity, 'expires_at');
  return expiresAt === undefined || expiresAt > now;
}

/** The partition of a key: hex SHA-256 (a key may hold characters a PartitionKey may not). */
function partitionKeyOf(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
