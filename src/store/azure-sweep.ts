/**
 * Azure Tables has no time to live: rows that carry an `expires_at` are swept. Each expired row
 * is deleted with the ETag it was listed with, so a row written again since the listing (a
 * message remembered again, a key claimed anew) is left alone.
 */
import type { TableClient } from '@azure/data-tables';
import { odata } from '@azure/data-tables';
import type { Entity } from './azure-documents';
import { statusOf, storageError } from './azure-errors';

/** Deletes in flight at once while sweeping. */
const SWEEP_CONCURRENCY = 16;

/**
 * Deletes the rows of `table` whose `expires_at` is not after `now`; answers how many it
 * deleted. `what` names them in errors ("messages", "keyed records").
 */
export async function sweepExpired(table: TableClient, now: string, what: string): Promise<number> {
  const expired: Entity[] = [];
  try {
    const filter = odata`expires_at le ${now}`;
    for await (const entity of table.listEntities({ queryOptions: { filter } })) {
      expired.push(entity);
    }
  } catch (error) {
    throw storageError(`list expired ${what}`, error);
  }
  let forgotten = 0;
  for (let start = 0; start < expired.length; start += SWEEP_CONCURRENCY) {
    const deleted = await Promise.all(
      expired.slice(start, start + SWEEP_CONCURRENCY).map(async (entity): Promise<number> => {
        try {
          await table.deleteEntity(entity.partitionKey ?? '', entity.rowKey ?? '', {
            etag: entity.etag,
          });
          return 1;
        } catch (error) {
          if (statusOf(error) === 404 || statusOf(error) === 412) return 0;
          throw storageError(`forget expired ${what}`, error);
        }
      }),
    );
    forgotten += deleted.reduce((sum, count) => sum + count, 0);
  }
  return forgotten;
}
