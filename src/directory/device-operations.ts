/**
 * Disabling (or, to unlock, enabling) devices: 20 PATCHes to a parallel `$batch`, a few batches
 * in flight at once (enough to hide latency, few enough to stay clear of Graph's throttling),
 * results in input order.
 */
import type { Logger } from 'pino';
import type { OperationResult } from '../lockdown/directory';
import { chunk, mapWithConcurrency } from './concurrency';
import { MAX_BATCH_SIZE, runBatch } from './graph-batch';
import * as requests from './graph-requests';
import type { GraphTransport } from './graph-transport';
import { toOperationResult } from './operation-result';
import type { RetryBudget } from './retry-policy';

/** Disables the devices; one result per id, same order. Nothing is sent for no ids. */
export function disableDeviceBatches(
  transport: GraphTransport,
  logger: Logger,
  deviceIds: readonly string[],
  concurrency: number,
  budget: RetryBudget,
): Promise<OperationResult[]> {
  return deviceBatches(transport, logger, deviceIds, false, concurrency, budget);
}

/** Enables the devices again; one result per id, same order. Nothing is sent for no ids. */
export function enableDeviceBatches(
  transport: GraphTransport,
  logger: Logger,
  deviceIds: readonly string[],
  concurrency: number,
  budget: RetryBudget,
): Promise<OperationResult[]> {
  return deviceBatches(transport, logger, deviceIds, true, concurrency, budget);
}

/** Both directions share batching, retries and failure mapping: only the PATCH body differs. */
async function deviceBatches(
  transport: GraphTransport,
  logger: Logger,
  deviceIds: readonly string[],
  enable: boolean,
  concurrency: number,
  budget: RetryBudget,
): Promise<OperationResult[]> {
  const build = enable ? requests.enableDevice : requests.disableDevice;
  const batches = await mapWithConcurrency(
    chunk(deviceIds, MAX_BATCH_SIZE),
    concurrency,
    async (ids) => {
      const items = ids.map((id, index) => ({ id: String(index + 1), request: build(id) }));
      const outcomes = await runBatch(transport, logger, items, 'parallel', budget);
      return items.map((item) => toOperationResult(outcomes.get(item.id)));
    },
  );
  return batches.flat();
}
