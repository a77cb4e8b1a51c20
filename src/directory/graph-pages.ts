/**
 * Graph collections: pages linked by `@odata.nextLink`, and the mapping of their items.
 */
import type { Device, DirectoryRole, User } from '@microsoft/microsoft-graph-types';
import { DirectoryError, type DirectoryUser, type ReadBack } from '../lockdown/directory';
import type { DeviceSummary } from '../lockdown/request';
import { required } from './graph-failure';
import type { GraphTransport } from './graph-transport';
import type { RetryBudget } from './retry-policy';

/** One page of a Graph collection. */
export interface Page<T> {
  readonly value?: readonly T[];
  readonly '@odata.nextLink'?: string;
}

/** Stops a runaway listing (a server that keeps handing out next links). */
export const MAX_PAGES = 1000;

/**
 * The items of `first` and of every page after it: follows `@odata.nextLink` (the whole URL)
 * until it is absent; a page may be empty.
 */
export async function followPages<T>(
  transport: GraphTransport,
  first: Page<T> | undefined,
  budget: RetryBudget,
  what: string,
): Promise<T[]> {
  const items: T[] = [...(first?.value ?? [])];
  let next = first?.['@odata.nextLink'];
  for (let page = 1; next; page++) {
    if (page >= MAX_PAGES) {
      throw new DirectoryError({
        status: 0,
        code: 'TooManyPages',
        message: `Stopped listing ${what} after ${MAX_PAGES} pages.`,
      });
    }
    const { body } = await transport.send<Page<T>>({ method: 'GET', url: next }, budget);
    items.push(...(body?.value ?? []));
    next = body?.['@odata.nextLink'];
  }
  return items;
}

/** Registered "devices" are directory objects: keep the devices only. */
export function toDeviceSummaries(items: readonly Device[]): DeviceSummary[] {
  return items
    .filter((item) => isDevice(item))
    .map((device) => ({
      id: required(device.id, 'device id'),
      displayName: device.displayName ?? device.id ?? 'unnamed device',
      operatingSystem: device.operatingSystem ?? 'unknown',
      accountEnabled: device.accountEnabled ?? true,
    }));
}

function isDevice(item: Device & { '@odata.type'?: string }): boolean {
  return item['@odata.type'] === undefined || item['@odata.type'] === '#microsoft.graph.device';
}

/** The user as the domain sees it. */
export function toDirectoryUser(
  user: User,
  roles: readonly DirectoryRole[],
  devices: readonly DeviceSummary[],
): DirectoryUser {
  const id = required(user.id, 'id');
  return {
    id,
    userPrincipalName: required(user.userPrincipalName, 'userPrincipalName'),
    displayName: user.displayName ?? user.userPrincipalName ?? id,
    ...(user.jobTitle ? { jobTitle: user.jobTitle } : {}),
    ...(user.department ? { department: user.department } : {}),
    accountEnabled: user.accountEnabled ?? false,
    onPremisesSyncEnabled: user.onPremisesSyncEnabled ?? false,
    userType: user.userType === 'Guest' ? 'Guest' : 'Member',
    roles: roles.map((role) => ({
      displayName: role.displayName ?? 'Unknown role',
      roleTemplateId: role.roleTemplateId ?? '',
    })),
    devices,
  };
}

/** What a read-back observed. */
export function toReadBack(body: User | undefined, requestId: string | undefined): ReadBack {
  return {
    accountEnabled: body?.accountEnabled ?? true,
    ...(body?.signInSessionsValidFromDateTime
      ? { signInSessionsValidFromDateTime: body.signInSessionsValidFromDateTime }
      : {}),
    ...(requestId ? { requestId } : {}),
  };
}
