import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Directory } from '../lockdown/directory';
import { createCredential } from './credential';
import { createGraphClient } from './graph-client';
import { GraphDirectory } from './graph-directory';

/** Builds the Graph-backed directory from the configuration. */
export function createDirectory(graph: Config['graph'], logger: Logger): Directory {
  const credential = createCredential(graph);
  return new GraphDirectory(createGraphClient(graph.endpoint, credential), logger);
}
