/**
 * Opens the store the configuration names. Kept apart from the bot's wiring so that tools (the
 * audit export) can open it without loading the HTTP server.
 */
import type { TokenCredential } from '@azure/core-auth';
import type { Config } from './config';
import { createCredential } from './directory';
import type { RequestStore } from './lockdown/request-store';
import { openStore } from './store';

/**
 * Opens the configured store; Azure Table Storage by endpoint is reached with the app's own
 * identity (the same credential as Graph).
 */
export function openConfiguredStore(
  config: Config,
  credential: TokenCredential = createCredential(config.graph, config.graph.timeoutMs),
): RequestStore {
  return openStore(
    config.store.kind === 'azure-tables' && 'endpoint' in config.store
      ? { ...config.store, credential }
      : config.store,
  );
}
