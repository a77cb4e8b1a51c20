/**
 * The domain's {@link Directory} over Microsoft Graph v1.0 with app-only credentials.
 * Every call returns Graph's request id; every refusal becomes a {@link DirectoryError} with
 * Graph's status, error code, message and request id.
 */
import { type Client, ResponseType } from '@microsoft/microsoft-graph-client';
import type { Device, DirectoryRole, User } from '@microsoft/microsoft-graph-types';
import type { Logger } from 'pino';
import {
  type AccountOperation,
  DirectoryError,
  type Directory,
  type OperationResult,
  type DirectoryReceipt,
  type DirectoryUser,
  type ReadBack,
} from '../lockdown/directory';
import type { DeviceSummary, DirectoryFailure } from '../lockdown/request';
import * as requests from './graph-requests';
import type { GraphRequest } from './graph-requests';

/** A successful Graph answer. */
interface GraphAnswer<T> extends DirectoryReceipt {
  readonly status: number;
  readonly body: T | undefined;
}

interface Page<T> {
  readonly value: readonly T[];
  readonly '@odata.nextLink'?: string;
}

/** Stops a runaway listing (a server that keeps handing out next links). */
const MAX_PAGES = 1000;

/** {@link Directory} over Graph. */
export class GraphDirectory implements Directory {
  constructor(
    private readonly client: Client,
    private readonly logger: Logger,
  ) {}

  async findUser(userPrincipalName: string): Promise<DirectoryUser | undefined> {
    let user: User;
    try {
      user = (await this.send<User>(requests.getUser(userPrincipalName))).body ?? {};
    } catch (error) {
      if (error instanceof DirectoryError && error.failure.status === 404) return undefined;
      throw error;
    }
    const id = required(user.id, 'id');
    const [roles, devices] = await Promise.all([
      this.listAll<DirectoryRole>(requests.listDirectoryRoles(id)),
      this.listDevices(id),
    ]);
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

  async runAccountOperations(
    userId: string,
    operations: readonly AccountOperation[],
  ): Promise<readonly OperationResult[]> {
    const results: OperationResult[] = [];
    for (const operation of operations) {
      results.push(await this.settle(this.send(accountRequest(userId, operation))));
    }
    return results;
  }

  async disableDevices(deviceIds: readonly string[]): Promise<readonly OperationResult[]> {
    const results: OperationResult[] = [];
    for (const id of deviceIds) {
      results.push(await this.settle(this.send(requests.disableDevice(id))));
    }
    return results;
  }

  /** A call's outcome as data: a refusal is a result, not an exception. */
  private async settle(call: Promise<DirectoryReceipt>): Promise<OperationResult> {
    try {
      const { requestId } = await call;
      return { ok: true, receipt: { requestId } };
    } catch (error) {
      if (error instanceof DirectoryError) return { ok: false, failure: error.failure };
      throw error;
    }
  }

  disableAccount(userId: string): Promise<DirectoryReceipt> {
    return this.send(requests.disableAccount(userId));
  }

  async resetPassword(userId: string, password: string): Promise<DirectoryReceipt> {
    const { requestId } = await this.send(requests.resetPassword(userId, password));
    return { requestId };
  }

  revokeSessions(userId: string): Promise<DirectoryReceipt> {
    return this.send(requests.revokeSignInSessions(userId));
  }

  async listDevices(userId: string): Promise<readonly DeviceSummary[]> {
    const devices = await this.listAll<Device>(requests.listRegisteredDevices(userId));
    return devices
      .filter((item) => isDevice(item))
      .map((device) => ({
        id: required(device.id, 'device id'),
        displayName: device.displayName ?? device.id ?? 'unnamed device',
        operatingSystem: device.operatingSystem ?? 'unknown',
        accountEnabled: device.accountEnabled ?? true,
      }));
  }

  disableDevice(deviceId: string): Promise<DirectoryReceipt> {
    return this.send(requests.disableDevice(deviceId));
  }

  async readBack(userId: string): Promise<ReadBack> {
    const { body, requestId } = await this.send<User>(requests.readBack(userId));
    return {
      accountEnabled: body?.accountEnabled ?? true,
      ...(body?.signInSessionsValidFromDateTime
        ? { signInSessionsValidFromDateTime: body.signInSessionsValidFromDateTime }
        : {}),
      requestId,
    };
  }

  async memberGroups(userId: string, groupIds: readonly string[]): Promise<readonly string[]> {
    const found: string[] = [];
    // Graph takes at most 20 group ids per call.
    for (let start = 0; start < groupIds.length; start += 20) {
      const { body } = await this.send<{ value?: string[] }>(
        requests.checkMemberGroups(userId, groupIds.slice(start, start + 20)),
      );
      found.push(...(body?.value ?? []));
    }
    return found;
  }

  /** Follows `@odata.nextLink` until it is absent; a page may be empty. */
  private async listAll<T>(first: GraphRequest): Promise<T[]> {
    const items: T[] = [];
    let request: GraphRequest | undefined = first;
    for (let page = 0; request; page++) {
      if (page >= MAX_PAGES) {
        throw new DirectoryError({
          status: 0,
          code: 'TooManyPages',
          message: `Stopped listing ${first.url} after ${MAX_PAGES} pages.`,
        });
      }
      const { body }: GraphAnswer<Page<T>> = await this.send<Page<T>>(request);
      items.push(...(body?.value ?? []));
      const next: string | undefined = body?.['@odata.nextLink'];
      request = next ? { method: 'GET', url: next } : undefined;
    }
    return items;
  }

  /** Sends one request through the SDK's middleware (auth, retries) and maps the answer. */
  private async send<T = unknown>(request: GraphRequest): Promise<GraphAnswer<T>> {
    let response: Response;
    try {
      const api = this.client
        .api(request.url)
        .headers({ ...request.headers })
        .responseType(ResponseType.RAW);
      response = (await (request.method === 'GET'
        ? api.get()
        : request.method === 'PATCH'
          ? api.patch(request.body)
          : api.post(request.body))) as Response;
    } catch (error) {
      throw new DirectoryError(transportFailure(error));
    }
    const requestId = response.headers.get('request-id') ?? undefined;
    const text = await response.text();
    const body = text ? (parseJson(text) as T | undefined) : undefined;
    this.logger.debug(
      {
        method: request.method,
        path: pathOf(request.url),
        status: response.status,
        graphRequestId: requestId,
      },
      'graph call',
    );
    if (!response.ok) {
      throw new DirectoryError(graphFailure(response.status, body, requestId));
    }
    return { status: response.status, body, requestId };
  }
}

function graphFailure(
  status: number,
  body: unknown,
  requestId: string | undefined,
): DirectoryFailure {
  const error = (
    body as
      | { error?: { code?: string; message?: string; innerError?: Record<string, string> } }
      | undefined
  )?.error;
  return {
    status,
    code: error?.code ?? `HTTP${status}`,
    message: error?.message ?? `Graph answered ${status}.`,
    requestId: requestId ?? error?.innerError?.['request-id'],
  };
}

function transportFailure(error: unknown): DirectoryFailure {
  const message = error instanceof Error ? error.message : String(error);
  return { status: 0, code: 'NetworkError', message: `Graph could not be reached: ${message}` };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function pathOf(url: string): string {
  // Log the path only: query strings can be long and say nothing useful.
  return url.split('?')[0] ?? url;
}

function isDevice(item: Device & { '@odata.type'?: string }): boolean {
  return item['@odata.type'] === undefined || item['@odata.type'] === '#microsoft.graph.device';
}

function required<T>(value: T | null | undefined, name: string): T {
  if (value === undefined || value === null) {
    throw new DirectoryError({
      status: 0,
      code: 'UnexpectedResponse',
      message: `Graph returned no ${name}.`,
    });
  }
  return value;
}

/** The Graph request of one account operation. */
function accountRequest(userId: string, operation: AccountOperation): GraphRequest {
  switch (operation.kind) {
    case 'disable-account':
      return requests.disableAccount(userId);
    case 'reset-password':
      return requests.resetPassword(userId, operation.password);
    case 'revoke-sessions':
      return requests.revokeSignInSessions(userId);
  }
}
