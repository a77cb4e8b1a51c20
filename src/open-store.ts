/**
 * Opens the store the configuration names. Kept apart from the bot's wiring so that tools (the
 * audit export) can open it without loading the HTTP server.
 */
import type { TokenCredential } from '@azure/core-auth';
import type { Config } from './config';
import { createStoreCredential } from './directory';
import type { RequestStore } from './lockdown/request-store';
import { openStore } from './store';

/** How to open the store. */
export interface OpenStoreOptions {
  /**
   * The credential of Azure Table Storage named by endpoint; by default the managed identity the
   * configuration names (`AZURE_TABLES_CLIENT_ID`), with the Graph time limit on token requests.
   */
  readonly storeCredential?: TokenCredential;
}

/**
 * Opens the configured store. Azure Table Storage by endpoint is reached with its own managed
 * identity (see {@link OpenStoreOptions.storeCredential}), never with the Graph credential.
 */
export function openConfiguredStore(config: Config, options: OpenStoreOptions = {}): RequestStore {
  const store = config.store;
  if (store.kind === 'azure-tables' && 'endpoint' in store) {
    const { identity, ...connection } = store;
    return openStore({
      ...connection,
      credential:
        options.storeCredential ??
        createStoreCredential(identity, config.graph.timeoutMs, config.graph.authorityHost),
    });
  }
  return openStore(store);
}
