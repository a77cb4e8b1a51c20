/**
 * Reading every entity a filter matches, across the service's pages.
 */
import type { TableClient } from '@azure/data-tables';
import type { Entity } from './azure-documents';
import { storageError } from './azure-errors';

/** Every entity of `client` matching `filter` (all of them without one), across pages. */
export async function queryAll(
  client: TableClient,
  filter: string | undefined,
  action: string,
): Promise<Entity[]> {
  const entities: Entity[] = [];
  try {
    const pages = client.listEntities(filter === undefined ? {} : { queryOptions: { filter } });
    for await (const entity of pages) entities.push(entity);
  } catch (error) {
    throw storageError(action, error);
  }
  return entities;
}
