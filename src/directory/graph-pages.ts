/**
 * Graph collections: pages linked by `@odata.nextLink`, each checked against its schema, and the
 * mapping of Graph's (checked) answers to the domain's types.
 */
import {
  DirectoryError,
  type DirectoryReceipt,
  type DirectoryUser,
  type ReadBack,
} from '../lockdown/directory';
import type { DeviceSummary } from '../lockdown/request';
import type {
  BodySchema,
  GraphDevice,
  GraphReadBack,
  GraphRole,
  GraphUser,
  Page,
} from './graph-schemas';
import type { GraphTransport } from './graph-transport';
import type { RetryBudget } from './retry-policy';

export type { Page } from './graph-schemas';

/** Stops a runaway listing (a server that keeps handing out next links). */
export const MAX_PAGES = 1000;

/**
 * The items of `first` and of every page after it: follows `@odata.nextLink` (the whole URL)
 * until it is absent; a page may be empty. Every page must have `schema`'s shape.
 */
export async function followPages<T>(
  transport: GraphTransport,
  first: Page<T>,
  schema: BodySchema<Page<T>>,
  budget: RetryBudget,
  what: string,
): Promise<T[]> {
  const items: T[] = [...first.value];
  let next = first['@odata.nextLink'];
  for (let page = 1; next; page++) {
    if (page >= MAX_PAGES) {
      throw new DirectoryError({
        status: 0,
        code: 'TooManyPages',
        message: `Stopped listing ${what} after ${MAX_PAGES} pages.`,
      });
    }
    const { body } = await transport.send({ method: 'GET', url: next }, schema, budget);
    items.push(...body.value);
    next = body['@odata.nextLink'];
  }
  return items;
}

/** Registered "devices" are directory objects: keep the devices only. */
export function toDeviceSummaries(items: readonly GraphDevice[]): DeviceSummary[] {
  return items
    .filter((item) => isDevice(item))
    .map((device) => ({
      id: device.id,
      displayName: device.displayName ?? device.id,
      operatingSystem: device.operatingSystem ?? 'unknown',
      accountEnabled: device.accountEnabled ?? true,
    }));
}

function isDevice(item: GraphDevice): boolean {
  return item['@odata.type'] === undefined || item['@odata.type'] === '#microsoft.graph.device';
}

/** The user as the domain sees it. */
export function toDirectoryUser(
  user: GraphUser,
  roles: readonly GraphRole[],
  devices: readonly DeviceSummary[],
): DirectoryUser {
  return {
    id: user.id,
    userPrincipalName: user.userPrincipalName,
    displayName: user.displayName ?? user.userPrincipalName,
    ...(user.jobTitle ? { jobTitle: user.jobTitle } : {}),
    ...(user.department ? { department: user.department } : {}),
    accountEnabled: user.accountEnabled ?? false,
    onPremisesSyncEnabled: user.onPremisesSyncEnabled ?? false,
    ...(user.onPremisesSecurityIdentifier
      ? { onPremisesSecurityIdentifier: user.onPremisesSecurityIdentifier }
      : {}),
    userType: user.userType === 'Guest' ? 'Guest' : 'Member',
    roles: roles.map((role) => ({
      displayName: role.displayName ?? 'Unknown role',
      roleTemplateId: role.roleTemplateId,
    })),
    devices,
  };
}

/** What a read-back observed, with the receipt of the answer that carried it. */
export function toReadBack(body: GraphReadBack, receipt: DirectoryReceipt): ReadBack {
  const { requestId, serverTime, networkRetries } = receipt;
  return {
    accountEnabled: body.accountEnabled,
    ...(body.signInSessionsValidFromDateTime
      ? { signInSessionsValidFromDateTime: body.signInSessionsValidFromDateTime }
      : {}),
    ...(requestId ? { requestId } : {}),
    ...(serverTime ? { serverTime } : {}),
    ...(networkRetries ? { networkRetries } : {}),
  };
}
