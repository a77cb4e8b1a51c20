/**
 * The Graph adapter: the only code that talks to Microsoft Graph and Entra ID's token endpoint.
 */
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Directory } from '../lockdown/directory';
import type { TokenCredential } from '@azure/identity';
import { createGraphClient } from './graph-client';
import { GraphDirectory, type GraphDirectoryOptions } from './graph-directory';

export { createCredential, createStoreCredential, type CredentialOptions } from './credential';
export { TokenRequestTimeoutError, withTimeout } from './credential-timeout';
export type { GraphDirectoryOptions } from './graph-directory';
export { DEFAULT_GRAPH_TIMEOUT_MS } from './request-timeout';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy';

/** Builds the Graph-backed directory from the configuration and the app's credential. */
export function createDirectory(
  graph: Pick<Config['graph'], 'endpoint'>,
  credential: TokenCredential,
  logger: Logger,
  options: GraphDirectoryOptions = {},
): Directory {
  return new GraphDirectory(createGraphClient(graph.endpoint, credential), logger, options);
}
