import type { GraphResult } from './graph-request';
import type { Route, RouteContext } from './graph-router';
import { decodeSkipToken, encodeSkipToken, parseSelect, parseTop, project } from './odata';
import { READ_MANAGED_DEVICES } from './permissions';
import type { TenantManagedDevice } from './tenant';

/**
 * The managedDevice (Intune) properties the simulator answers with (all of them without
 * `$select`); Graph's type has many more.
 */
export const MANAGED_DEVICE_PROPERTIES = [
  'id',
  'deviceName',
  'operatingSystem',
  'azureADDeviceId',
] as const;

/**
 * `GET /users/{id}/managedDevices`: the user's Intune managed devices (see
 * `Tenant.managedDevicesOf`), honouring `$select`, `$top` and `$skiptoken`, with an absolute
 * `@odata.nextLink` like device lists.
 */
function listManagedDevices(context: RouteContext): GraphResult {
  const user = context.tenant.requireUser(context.params['user'] ?? '');
  const { query } = context.call;
  const select = parseSelect(
    query['$select'],
    MANAGED_DEVICE_PROPERTIES,
    'microsoft.graph.managedDevice',
  );
  const top = parseTop(query['$top'], context.pageSize);
  const offset = decodeSkipToken(query['$skiptoken']);
  const devices = context.tenant.managedDevicesOf(user.id);
  const asGraph = (device: TenantManagedDevice) =>
    project({ ...device }, select ?? MANAGED_DEVICE_PROPERTIES);
  const path = `/v1.0/users/${encodeURIComponent(user.id)}/managedDevices`;
  const body: Record<string, unknown> = {
    '@odata.context': `${context.origin}/v1.0/$metadata#users('${encodeURIComponent(user.id)}')/managedDevices${
      select === undefined ? '' : `(${select.join(',')})`
    }`,
    value: devices.slice(offset, offset + top).map(asGraph),
  };
  if (offset + top < devices.length) {
    const parameters = [
      ...(select === undefined ? [] : [`$select=${encodeURIComponent(select.join(','))}`]),
      ...(query['$top'] === undefined ? [] : [`$top=${top}`]),
      `$skiptoken=${encodeSkipToken(offset + top)}`,
    ];
    body['@odata.nextLink'] = `${context.origin}${path}?${parameters.join('&')}`;
  }
  return { status: 200, body };
}

/** The Intune operations: a user's managed devices. */
export const MANAGED_DEVICE_ROUTES: readonly Route[] = [
  {
    method: 'GET',
    pattern: '/users/:user/managedDevices',
    permissions: READ_MANAGED_DEVICES,
    handle: listManagedDevices,
  },
];
