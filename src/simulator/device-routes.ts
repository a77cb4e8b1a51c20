import { badRequest, resourceNotFound } from './graph-error';
import { GraphResult, objectBody } from './graph-request';
import { Route, RouteContext } from './graph-router';
import { decodeSkipToken, encodeSkipToken, parseSelect, parseTop, project } from './odata';
import { holdsAny, READ_DEVICE, SEE_DEVICE_PROPERTIES, WRITE_DEVICE } from './permissions';
import { DeviceChange, TenantDevice } from './tenant';

/** Device properties the simulator returns (all of them without `$select`). */
export const DEVICE_PROPERTIES = [
  'id',
  'deviceId',
  'displayName',
  'operatingSystem',
  'operatingSystemVersion',
  'accountEnabled',
];

function deviceProperties(device: TenantDevice): Record<string, unknown> {
  return {
    id: device.id,
    deviceId: device.deviceId,
    displayName: device.displayName,
    operatingSystem: device.operatingSystem,
    operatingSystemVersion: device.operatingSystemVersion,
    accountEnabled: device.accountEnabled,
  };
}

/** How to answer a device list. */
export interface DevicePageOptions {
  /** Path of the list, with `/v1.0` and already percent-encoded, e.g. `/v1.0/users/{id}/registeredDevices`. */
  readonly nextPath: string;
  /**
   * Whether the list was cast to `microsoft.graph.device`: then `$select` is checked against the
   * device type and the context names devices; otherwise against `directoryObject`.
   */
  readonly cast?: boolean;
  /** The `$filter` the list was asked with, kept in the next link. */
  readonly filter?: string;
}

/**
 * One page of a directoryObject list of devices, honouring `$select`, `$top` and `$skiptoken`.
 * Without a device read permission, items carry only `id` and `@odata.type`, as in Graph.
 *
 * @param context - The route context.
 * @param devices - The whole list.
 * @param options - Where the next page lives.
 */
export function devicePage(
  context: RouteContext,
  devices: readonly TenantDevice[],
  options: DevicePageOptions,
): GraphResult {
  const { query } = context.call;
  const select = parseSelect(
    query['$select'],
    DEVICE_PROPERTIES,
    options.cast ? 'microsoft.graph.device' : 'microsoft.graph.directoryObject',
  );
  const top = parseTop(query['$top'], context.pageSize);
  const offset = decodeSkipToken(query['$skiptoken']);
  const seesProperties = holdsAny(context.caller.permissions, SEE_DEVICE_PROPERTIES);
  const properties = seesProperties ? (select ?? DEVICE_PROPERTIES) : ['id'];
  const value = devices
    .slice(offset, offset + top)
    // Each item names its type, as in a directoryObject list; kept after a cast (clients cope).
    .map((device) =>
      project(
        { '@odata.type': '#microsoft.graph.device', ...deviceProperties(device) },
        properties,
      ),
    );
  const body: Record<string, unknown> = {
    '@odata.context': `${context.origin}/v1.0/$metadata#${options.cast ? 'devices' : 'directoryObjects'}`,
    value,
  };
  if (offset + top < devices.length) {
    // Absolute https link, like Graph's; clients must follow it as is.
    const parameters = [
      ...(options.filter === undefined ? [] : [`$filter=${encodeURIComponent(options.filter)}`]),
      ...(select === undefined ? [] : [`$select=${encodeURIComponent(select.join(','))}`]),
      ...(query['$top'] === undefined ? [] : [`$top=${top}`]),
      `$skiptoken=${encodeSkipToken(offset + top)}`,
    ];
    body['@odata.nextLink'] = `${context.origin}${options.nextPath}?${parameters.join('&')}`;
  }
  return { status: 200, body };
}

/** The one filter `GET /devices` understands: `deviceId eq '<id>'` (a quote doubled inside). */
const DEVICE_ID_FILTER = /^\s*deviceId\s+eq\s+'((?:[^']|'')*)'\s*$/i;

/**
 * `GET /devices`, optionally `?$filter=deviceId eq '<id>'`: how a device is found by the id the
 * device reports (e.g. an Intune managed device's `azureADDeviceId`). Paged like device lists.
 */
function listDevices(context: RouteContext): GraphResult {
  const filter = context.call.query['$filter'];
  let devices = context.tenant.devices();
  if (filter !== undefined) {
    const match = DEVICE_ID_FILTER.exec(filter);
    if (match?.[1] === undefined) {
      throw badRequest(
        `Unsupported $filter '${filter}': the Graph simulator supports deviceId eq '<id>' only.`,
      );
    }
    devices = context.tenant.devicesWithDeviceId(match[1].replace(/''/g, "'"));
  }
  return devicePage(context, devices, {
    nextPath: '/v1.0/devices',
    cast: true,
    ...(filter === undefined ? {} : { filter }),
  });
}

function getDevice(context: RouteContext): GraphResult {
  const id = context.params['device'] ?? '';
  const device = context.tenant.device(id);
  if (device === undefined) {
    throw resourceNotFound(id);
  }
  const select = parseSelect(
    context.call.query['$select'],
    DEVICE_PROPERTIES,
    'microsoft.graph.device',
  );
  const entitySet = select === undefined ? 'devices' : `devices(${select.join(',')})`;
  const entity = project(deviceProperties(device), select ?? DEVICE_PROPERTIES);
  return {
    status: 200,
    body: { '@odata.context': `${context.origin}/v1.0/$metadata#${entitySet}/$entity`, ...entity },
  };
}

function patchDevice(context: RouteContext): GraphResult {
  const change: { accountEnabled?: boolean } = {};
  for (const [property, value] of Object.entries(objectBody(context.call.body))) {
    if (property === 'accountEnabled') {
      if (typeof value !== 'boolean') {
        throw badRequest(
          "Invalid value specified for property 'accountEnabled' of resource 'Device'.",
        );
      }
      change.accountEnabled = value;
    } else if (property !== 'extensionAttributes') {
      // extensionAttributes is accepted and ignored: it is what app-only callers may change.
      throw badRequest(
        `Property '${property}' is not supported by the Graph simulator for PATCH /devices/{id}.`,
      );
    }
  }
  const deviceChange: DeviceChange = change;
  context.tenant.updateDevice(context.caller, context.params['device'] ?? '', deviceChange);
  return { status: 204 };
}

/** The `/devices/...` operations. */
export const DEVICE_ROUTES: readonly Route[] = [
  {
    method: 'GET',
    pattern: '/devices',
    permissions: READ_DEVICE,
    queryOptions: ['$filter'],
    handle: listDevices,
  },
  { method: 'GET', pattern: '/devices/:device', permissions: READ_DEVICE, handle: getDevice },
  { method: 'PATCH', pattern: '/devices/:device', permissions: WRITE_DEVICE, handle: patchDevice },
];
