/**
 * The Graph adapter: the only code that talks to Microsoft Graph and Entra ID's token endpoint.
 */
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Directory, GrantsReader } from '../lockdown/directory';
import type { TokenCredential } from '@azure/identity';
import { GraphGrantsReader, type GrantsReaderOptions } from './app-grants';
import { createGraphClient } from './graph-client';
import { GraphDirectory, type GraphDirectoryOptions } from './graph-directory';
import type { DeviceListing } from './managed-device-fallback';

export { createCredential, createStoreCredential, type CredentialOptions } from './credential';
export { TokenRequestTimeoutError, withTimeout } from './credential-timeout';
export {
  DEFAULT_FAILED_ROLE_READ_TTL_MS,
  DEFAULT_GRANTS_CACHE_TTL_MS,
  type GrantsReaderOptions,
} from './app-grants';
export type { GraphDirectoryOptions } from './graph-directory';
export type { FootholdList } from './option-lists';
export {
  MANAGED_DEVICES_PERMISSION,
  type DeviceListing,
  type UnmatchedManagedDevice,
} from './managed-device-fallback';
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

/**
 * How `directory` last listed the user's devices, when it is the Graph directory: `source` is
 * `managedDevices` when Graph refused the registered-devices listing and the devices came from
 * Intune (with the managed devices that have no directory device in `unmatched`). `undefined`
 * for another directory or before any listing of that user.
 */
export function deviceListingOf(directory: Directory, userId: string): DeviceListing | undefined {
  return directory instanceof GraphDirectory ? directory.deviceListing(userId) : undefined;
}

/**
 * Builds the reader of the app's own grants (for the preflight): permissions from its token,
 * directory roles from Graph (RoleManagement.Read.Directory), cached (see
 * {@link GrantsReaderOptions}). Takes the same credential as {@link createDirectory}.
 */
export function createGrantsReader(
  graph: Pick<Config['graph'], 'endpoint'>,
  credential: TokenCredential,
  logger: Logger,
  options: GrantsReaderOptions = {},
): GrantsReader {
  const client = createGraphClient(graph.endpoint, credential);
  return new GraphGrantsReader(client, credential, graph.endpoint, logger, options);
}
