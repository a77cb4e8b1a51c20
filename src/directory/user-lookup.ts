/**
 * The confirmation card's look-up in one round trip: the user, their directory roles, the first
 * page of their devices and what an attacker may have left (foothold-read.ts), all addressed by
 * UPN, as one parallel `$batch`. Further pages follow afterwards.
 */
import type { Logger } from 'pino';
import { DirectoryError, type DirectoryUser } from '../lockdown/directory';
import { type BatchOutcome, runBatch } from './graph-batch';
import { allDevices, castRefused, uncastDevicePage } from './device-listing';
import { footholdItems, readFoothold } from './foothold-read';
import { followPages, toDirectoryUser } from './graph-pages';
import { type DeviceListing, devicesOrManaged } from './managed-device-fallback';
import * as requests from './graph-requests';
import {
  devicePageSchema,
  type GraphDevice,
  type GraphRole,
  type GraphUser,
  type Page,
  rolePageSchema,
  userSchema,
} from './graph-schemas';
import type { GraphTransport } from './graph-transport';
import type { RetryBudget } from './retry-policy';

/** A user found, and how their devices were listed. */
export interface LookedUpUser {
  readonly user: DirectoryUser;
  readonly listing: DeviceListing;
}

/**
 * Looks a user up by UPN; `undefined` when Graph answers 404 for the user. When Graph refuses the
 * device listing (400 after the un-cast fallback, or 403), the devices come from Intune (see
 * managed-device-fallback.ts) and `listing` says so.
 */
export async function lookUpUser(
  transport: GraphTransport,
  logger: Logger,
  userPrincipalName: string,
  budget: RetryBudget,
): Promise<LookedUpUser | undefined> {
  const outcomes = await runBatch(
    transport,
    logger,
    [
      { id: 'user', request: requests.getUser(userPrincipalName), schema: userSchema },
      {
        id: 'roles',
        request: requests.listDirectoryRoles(userPrincipalName),
        schema: rolePageSchema,
      },
      {
        id: 'devices',
        request: requests.listRegisteredDevices(userPrincipalName),
        schema: devicePageSchema,
      },
      ...footholdItems(userPrincipalName),
    ],
    'parallel',
    budget,
  );
  const user = outcomes.get('user');
  if (user && !user.ok && user.failure.status === 404) return undefined;
  const found = bodyOf<GraphUser>(user);
  const [roles, listing, foothold] = await Promise.all([
    followPages(
      transport,
      bodyOf<Page<GraphRole>>(outcomes.get('roles')),
      rolePageSchema,
      budget,
      'roles',
    ),
    devicesOrManaged(transport, logger, found.id, budget, async () =>
      allDevices(
        transport,
        await firstDevices(transport, logger, found.id, outcomes.get('devices'), budget),
        budget,
      ),
    ),
    readFoothold(transport, outcomes, found.id, budget),
  ]);
  return { user: { ...toDirectoryUser(found, roles, listing.devices), foothold }, listing };
}

/**
 * The batch's first page of devices or, when Graph refused the cast there (400), the un-cast
 * form's, asked by id (the user is known by then).
 */
async function firstDevices(
  transport: GraphTransport,
  logger: Logger,
  userId: string,
  outcome: BatchOutcome | undefined,
  budget: RetryBudget,
): Promise<Page<GraphDevice>> {
  if (outcome && !outcome.ok && castRefused(outcome.failure)) {
    return uncastDevicePage(transport, logger, userId, budget, outcome.failure);
  }
  return bodyOf<Page<GraphDevice>>(outcome);
}

/**
 * The body of a successful outcome (runBatch checked it against the item's schema, so it is a
 * `T`); a failure becomes the {@link DirectoryError} it is.
 */
function bodyOf<T>(outcome: BatchOutcome | undefined): T {
  if (!outcome) {
    throw new DirectoryError({
      status: 0,
      code: 'NoResult',
      message: 'Graph returned no result for the look-up.',
    });
  }
  if (!outcome.ok) throw new DirectoryError(outcome.failure);
  return outcome.body as T;
}
