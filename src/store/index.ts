import type { TokenCredential } from '@azure/core-auth';
import type { AzureTablesOptions } from './azure-connection';
import { describeAzureTablesEndpoint } from './azure-connection';
import { AzureTableStore } from './azure-table-store';
import type { RequestStore } from './ports';
import { SqliteStore } from './sqlite-store';

export { createTableClientFactory, describeAzureTablesEndpoint } from './azure-connection';
export type {
  AzureTableName,
  AzureTablesConnection,
  AzureTablesOptions,
  TableClientFactory,
} from './azure-connection';
export { AzureTableStore } from './azure-table-store';
export type { AzureTableStoreOptions } from './azure-table-store';
export { SqliteStore } from './sqlite-store';

/** The embedded store: one SQLite file, for a single bot instance. */
export interface SqliteStoreConfig {
  readonly kind: 'sqlite';
  readonly path: string;
}

/** Azure Table Storage through a connection string (shared key or SAS; `UseDevelopmentStorage=true` for Azurite). */
export interface AzureTablesConnectionStringConfig extends AzureTablesOptions {
  readonly kind: 'azure-tables';
  readonly connectionString: string;
  readonly endpoint?: never;
  readonly credential?: never;
}

/**
 * Azure Table Storage through Entra ID, e.g. `https://<account>.table.core.windows.net` and a
 * managed identity holding "Storage Table Data Contributor" on the account.
 */
export interface AzureTablesCredentialConfig extends AzureTablesOptions {
  readonly kind: 'azure-tables';
  readonly endpoint: string;
  readonly credential: TokenCredential;
  readonly connectionString?: never;
}

/** Which store to open. */
export type StoreConfig =
  SqliteStoreConfig | AzureTablesConnectionStringConfig | AzureTablesCredentialConfig;

/** Opens the configured store. Azure tables are created on first use, not here. */
export function openStore(config: StoreConfig): RequestStore {
  switch (config.kind) {
    case 'sqlite':
      return new SqliteStore(config.path);
    case 'azure-tables':
      return AzureTableStore.connect(
        config.connectionString !== undefined
          ? { connectionString: config.connectionString }
          : { endpoint: config.endpoint, credential: config.credential },
        config,
      );
  }
}

/** What to log about a store: never the connection string, which may hold a key or SAS token. */
export function describeStore(config: StoreConfig): Readonly<Record<string, string>> {
  switch (config.kind) {
    case 'sqlite':
      return { kind: config.kind, path: config.path };
    case 'azure-tables': {
      const connection =
        config.connectionString !== undefined
          ? { connectionString: config.connectionString }
          : { endpoint: config.endpoint, credential: config.credential };
      return {
        kind: config.kind,
        endpoint: describeAzureTablesEndpoint(connection),
        auth: config.connectionString !== undefined ? 'connection string' : 'token credential',
        ...(config.tablePrefix ? { tablePrefix: config.tablePrefix } : {}),
      };
    }
  }
}
