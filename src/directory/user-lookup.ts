/**
 * The confirmation card's look-up in one round trip: the user, their directory roles and the
 * first page of their devices, all addressed by UPN, as one parallel `$batch`. Further pages
 * follow afterwards.
 */
import type { Device, DirectoryRole, User } from '@microsoft/microsoft-graph-types';
import type { Logger } from 'pino';
import { DirectoryError, type DirectoryUser } from '../lockdown/directory';
import { type BatchOutcome, runBatch } from './graph-batch';
import { followPages, toDeviceSummaries, toDirectoryUser } from './graph-pages';
import * as requests from './graph-requests';
import type { GraphTransport } from './graph-transport';
import type { RetryBudget } from './retry-policy';

/** Looks a user up by UPN; `undefined` when Graph answers 404 for the user. */
export async function lookUpUser(
  transport: GraphTransport,
  logger: Logger,
  userPrincipalName: string,
  budget: RetryBudget,
): Promise<DirectoryUser | undefined> {
  const outcomes = await runBatch(
    transport,
    logger,
    [
      { id: 'user', request: requests.getUser(userPrincipalName) },
      { id: 'roles', request: requests.listDirectoryRoles(userPrincipalName) },
      { id: 'devices', request: requests.listRegisteredDevices(userPrincipalName) },
    ],
    'parallel',
    budget,
  );
  const user = outcomes.get('user');
  if (user && !user.ok && user.failure.status === 404) return undefined;
  const found = bodyOf<User>(user) ?? {};
  const [roles, devices] = await Promise.all([
    followPages<DirectoryRole>(transport, bodyOf(outcomes.get('roles')), budget, 'roles'),
    followPages<Device>(transport, bodyOf(outcomes.get('devices')), budget, 'devices'),
  ]);
  return toDirectoryUser(found, roles, toDeviceSummaries(devices));
}

/** The body of a successful outcome; a failure becomes the {@link DirectoryError} it is. */
function bodyOf<T>(outcome: BatchOutcome | undefined): T | undefined {
  if (!outcome) return undefined;
  if (!outcome.ok) throw new DirectoryError(outcome.failure);
  return outcome.body as T | undefined;
}
