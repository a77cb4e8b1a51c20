/** How the Azure Tables store reaches its storage account, and what it may say about it in logs. */
import type { TableServiceClientOptions as TableClientOptions } from '@azure/data-tables';
import { TableClient } from '@azure/data-tables';
// Only the type: the caller brings the credential (src/store must not depend on @azure/identity).
import type { TokenCredential } from '@azure/core-auth';
import { errorMessage } from './azure-errors';

/** The tables the store uses, before any {@link AzureTablesOptions.tablePrefix}. */
export type AzureTableName = 'requests' | 'steps' | 'audit' | 'messages' | 'keyed';

/** Every table the store uses, in the order it creates them. */
export const AZURE_TABLE_NAMES: readonly AzureTableName[] = [
  'requests',
  'steps',
  'audit',
  'messages',
  'keyed',
];

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

const TABLE_PREFIX = /^[A-Za-z][A-Za-z0-9]*$/;

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
