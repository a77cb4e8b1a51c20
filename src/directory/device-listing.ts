/**
 * A user's registered devices. They are asked for through the OData cast to
 * `microsoft.graph.device`, as Graph's schema describes; a Graph that answers 400 to the cast is
 * asked again without it, in the form the bot used before (which Graph has long accepted).
 */
import type { Logger } from 'pino';
import { DirectoryError } from '../lockdown/directory';
import type { DeviceSummary, DirectoryFailure } from '../lockdown/request';
import { followPages, toDeviceSummaries } from './graph-pages';
import * as requests from './graph-requests';
import { devicePageSchema, type GraphDevice, type Page } from './graph-schemas';
import type { GraphTransport } from './graph-transport';
import type { RetryBudget } from './retry-policy';

/** Whether Graph refused the cast request itself (rather than the user or the permission). */
export function castRefused(failure: DirectoryFailure): boolean {
  return failure.status === 400;
}

/** The first page of the user's devices: through the cast, or without it after a 400. */
export async function firstDevicePage(
  transport: GraphTransport,
  logger: Logger,
  userId: string,
  budget: RetryBudget,
): Promise<Page<GraphDevice>> {
  try {
    const answer = await transport.send(
      requests.listRegisteredDevices(userId),
      devicePageSchema,
      budget,
    );
    return answer.body;
  } catch (error) {
    if (!(error instanceof DirectoryError) || !castRefused(error.failure)) throw error;
    return uncastDevicePage(transport, logger, userId, budget, error.failure);
  }
}

/** The first page without the cast, after Graph refused it with `refusal`. */
export async function uncastDevicePage(
  transport: GraphTransport,
  logger: Logger,
  userId: string,
  budget: RetryBudget,
  refusal: DirectoryFailure,
): Promise<Page<GraphDevice>> {
  // Worth knowing: Graph stopped accepting what its own schema describes.
  logger.warn(
    { code: refusal.code, graphRequestId: refusal.requestId },
    'graph refused the device cast; listing devices without it',
  );
  const answer = await transport.send(
    requests.listRegisteredDevicesUncast(userId),
    devicePageSchema,
    budget,
  );
  return answer.body;
}

/** The devices of `first` and of every page after it. */
export async function allDevices(
  transport: GraphTransport,
  first: Page<GraphDevice>,
  budget: RetryBudget,
): Promise<DeviceSummary[]> {
  return toDeviceSummaries(
    await followPages(transport, first, devicePageSchema, budget, 'devices'),
  );
}
