import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Directory } from '../lockdown/directory';
import type { TokenCredential } from '@azure/identity';
import { createGraphClient } from './graph-client';
import { GraphDirectory } from './graph-directory';

export { createCredential } from './credential';

/** Builds the Graph-backed directory from the configuration and the app's credential. */
export function createDirectory(
  graph: Config['graph'],
  credential: TokenCredential,
  logger: Logger,
): Directory {
  return new GraphDirectory(createGraphClient(graph.endpoint, credential), logger);
}
