import type { RequestStore } from './ports';
import { SqliteStore } from './sqlite-store';

export { SqliteStore } from './sqlite-store';

/** Which store to open. */
export interface StoreConfig {
  readonly kind: 'sqlite';
  readonly path: string;
}

/** Opens the configured store. */
export function openStore(config: StoreConfig): RequestStore {
  return new SqliteStore(config.path);
}
