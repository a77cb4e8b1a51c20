import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { BatchItem, parseBatch, runBatch } from './batch';
import { DEVICE_ROUTES } from './device-routes';
import { MANAGED_DEVICE_ROUTES } from './managed-device-routes';
import { GROUP_ROUTES } from './group-routes';
import { GraphError, graphErrorBody } from './graph-error';
import {
  GraphCall,
  GraphLocation,
  GraphResult,
  parseGraphLocation,
  parseTopLevel,
} from './graph-request';
import { GraphRouter } from './graph-router';
import { INCIDENT_ROUTES } from './incident-routes';
import { IDENTITY_PROTECTION_ROUTES } from './identity-protection-routes';
import { FOOTHOLD_ROUTES } from './foothold-routes';
import type { TenantFootholds } from './footholds';
import { ROLE_MANAGEMENT_ROUTES } from './role-management-routes';
import { FaultInjector, RequestScope } from './faults';
import { NetworkFaults } from './network-faults';
import { BodyTooLargeError, GRAPH_JSON, header, readBody, sendJson } from './http-io';
import { findPasswords, Recorder, RequestOrigin } from './recorder';
import { Caller, Tenant } from './tenant';
import type { ChargeKind, TokenBuckets } from './throttling';
import { TokenEndpoint } from './token-endpoint';
import { USER_ROUTES } from './user-routes';

/** What {@link GraphService} works with. */
export interface GraphServiceOptions {
  /** The simulated directory. */
  readonly tenant: Tenant;
  /** Its accounts' footholds, licences and verified domains. */
  readonly footholds: TenantFootholds;
  /** Checks bearer tokens. */
  readonly tokens: TokenEndpoint;
  /** Injected faults. */
  readonly faults: FaultInjector;
  /** Carries out the network effects of injected faults. */
  readonly network: NetworkFaults;
  /** Where requests and passwords are recorded. */
  readonly recorder: Recorder;
  /** The simulator's origin, for absolute links. */
  readonly origin: () => string;
  /** Page size of device lists when `$top` is absent. */
  readonly pageSize: number;
  /** Delay added to every top-level Graph HTTP request, in milliseconds. */
  readonly latencyMs: () => number;
  /** The clock. */
  readonly now: () => Date;
  /** The token buckets when throttling is on (see throttling.ts), else undefined. */
  readonly throttling?: () => TokenBuckets | undefined;
}

/** The Graph operations the simulator implements. */
const ROUTER = new GraphRouter([
  ...USER_ROUTES,
  ...DEVICE_ROUTES,
  ...MANAGED_DEVICE_ROUTES,
  ...GROUP_ROUTES,
  ...IDENTITY_PROTECTION_ROUTES,
  ...ROLE_MANAGEMENT_ROUTES,
  ...FOOTHOLD_ROUTES,
  ...INCIDENT_ROUTES,
]);

/** Everything about the enclosing HTTP request that a call needs. */
interface Envelope {
  readonly caller: Caller;
  /** Whose token bucket pays: the token's app and tenant. */
  readonly payer: { readonly appId: string; readonly tenantId: string };
  readonly scope: RequestScope;
  readonly origin: RequestOrigin;
}

/**
 * Serves `/v1.0/...`: authentication, latency, fault injection, recording, `$batch`, and the
 * route table. Every request and batch item goes through {@link GraphService.execute}, so faults,
 * recording and permissions apply to both alike.
 */
export class GraphService {
  /** @param options - See {@link GraphServiceOptions}. */
  public constructor(private readonly options: GraphServiceOptions) {}

  /**
   * Answers one top-level Graph HTTP request.
   *
   * @param request - The incoming request (its URL starts with `/v1.0`).
   * @param response - The response to write.
   */
  public async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { recorder } = this.options;
    recorder.countRoundTrip();
    const requestId = randomUUID();
    const clientRequestId = header(request, 'client-request-id') ?? randomUUID();
    const method = (request.method ?? 'GET').toUpperCase();
    const rawUrl = request.url ?? '/';
    const arrivedAt = Date.now();
    const startedAt = performance.now();
    const bytes = await readBody(request).catch((error: unknown) => error as Error);
    await this.delay();
    const parsed = parseTopLevel(rawUrl, bytes);
    const { path, query } = parsed.location;
    const record = recorder.start(
      { method, path, query, body: parsed.body, requestId },
      {},
      arrivedAt,
      startedAt,
    );
    if (parsed.error === undefined) {
      this.rememberPasswords(method, parsed.location.segments, parsed.body);
    }
    // The network acts before Graph does: before authentication and any state change.
    const network = this.options.faults.takeNetwork(method, path);
    if (
      network !== undefined &&
      !(await this.options.network.apply(network, request, response, record))
    ) {
      return;
    }
    let result: GraphResult;
    try {
      if (parsed.error !== undefined) {
        throw parsed.error;
      }
      const call = { method, ...parsed.location, body: parsed.body, requestId, clientRequestId };
      result = await this.topLevel(request, call);
    } catch (error) {
      result = this.failure(error, requestId, clientRequestId);
    }
    record.complete(result.status);
    sendJson(
      response,
      result.status,
      {
        'request-id': requestId,
        'client-request-id': clientRequestId,
        'Cache-Control': 'no-cache',
        ...result.headers,
      },
      result.body,
    );
  }

  private async topLevel(request: IncomingMessage, call: GraphCall): Promise<GraphResult> {
    const claims = this.options.tokens.authenticate(header(request, 'authorization'));
    const caller: Caller = {
      permissions: claims.roles,
      directoryRoles: this.options.tenant.app(claims.appid)?.directoryRoles ?? [],
      appDisplayName: this.options.tenant.app(claims.appid)?.displayName,
    };
    const payer = { appId: claims.appid, tenantId: claims.tid };
    const envelope: Envelope = { caller, payer, scope: 'top-level', origin: {} };
    if (call.segments.length === 1 && call.segments[0] === '$batch') {
      this.checkFault(call, envelope.scope);
      this.charge(call, payer, 'batch');
      return this.batch(call, envelope);
    }
    return this.execute(call, envelope, undefined);
  }

  private async batch(call: GraphCall, envelope: Envelope): Promise<GraphResult> {
    if (call.method !== 'POST') {
      throw new GraphError(
        405,
        'Request_BadRequest',
        'Specified HTTP method is not allowed for the request uri.',
      );
    }
    const items = parseBatch(call.body);
    const itemEnvelope = (item: BatchItem): Envelope => {
      const origin: RequestOrigin = { batchId: call.requestId, batchItemId: item.id };
      return { ...envelope, scope: 'batch-item', origin };
    };
    const body = await runBatch(
      items,
      async (item, refusal) => this.batchItem(item, refusal, itemEnvelope(item), call),
      { 'Content-Type': GRAPH_JSON.replace(/;/g, '; ') },
    );
    return { status: 200, body };
  }

  private async batchItem(
    item: BatchItem,
    refusal: GraphError | undefined,
    envelope: Envelope,
    batch: GraphCall,
  ): Promise<GraphResult> {
    const requestId = randomUUID();
    const clientRequestId = lookup(item.headers, 'client-request-id') ?? batch.clientRequestId;
    let location: GraphLocation;
    try {
      location = parseGraphLocation(item.url);
    } catch (error) {
      const record = this.options.recorder.start(
        { method: item.method, path: item.url, query: {}, body: item.body, requestId },
        envelope.origin,
      );
      const result = this.failure(error, requestId, clientRequestId);
      record.complete(result.status);
      return result;
    }
    const body = parseItemBody(item);
    const call: GraphCall = { method: item.method, ...location, body, requestId, clientRequestId };
    return this.execute(call, envelope, refusal);
  }

  /**
   * Records the call, then answers it: a known refusal, an injected fault (before any state
   * change), a nested `$batch` refusal, or the route.
   */
  private execute(
    call: GraphCall,
    envelope: Envelope,
    refusal: GraphError | undefined,
  ): GraphResult {
    const record =
      envelope.scope === 'top-level'
        ? undefined
        : this.options.recorder.start(
            {
              method: call.method,
              path: call.path,
              query: call.query,
              body: call.body,
              requestId: call.requestId,
            },
            envelope.origin,
          );
    let result: GraphResult;
    try {
      if (refusal !== undefined) {
        throw refusal;
      }
      this.checkFault(call, envelope.scope);
      if (call.segments[0] === '$batch') {
        throw new GraphError(400, 'BadRequest', 'A $batch request cannot contain another $batch.');
      }
      // After faults, before any state change: a throttled request changes nothing.
      this.charge(call, envelope.payer, 'request');
      result = ROUTER.dispatch(call, {
        caller: envelope.caller,
        tenant: this.options.tenant,
        footholds: this.options.footholds,
        origin: this.options.origin(),
        pageSize: this.options.pageSize,
        now: this.options.now(),
      });
    } catch (error) {
      result = this.failure(error, call.requestId, call.clientRequestId);
    }
    record?.complete(result.status);
    return result;
  }

  private checkFault(call: GraphCall, scope: RequestScope): void {
    const fault = this.options.faults.take(call.method, call.path, scope);
    if (fault !== undefined) {
      throw fault;
    }
  }

  /** Takes the request's tokens from the payer's bucket; throws the 429 when it cannot pay. */
  private charge(call: GraphCall, payer: Envelope['payer'], kind: ChargeKind): void {
    const buckets = this.options.throttling?.();
    const refusal = buckets?.charge(payer.appId, payer.tenantId, call.method, kind);
    if (refusal !== undefined) throw refusal;
  }

  /** Passwords count as received once they arrive, even when a fault stops the request. */
  private rememberPasswords(method: string, segments: readonly string[], body: unknown): void {
    for (const { user, password } of findPasswords(method, segments, body)) {
      const userId = this.options.tenant.user(user)?.id ?? user;
      this.options.recorder.addPassword({ userId, password });
    }
  }

  private async delay(): Promise<void> {
    const latency = this.options.latencyMs();
    if (latency > 0) {
      await sleep(latency);
    }
  }

  /** Turns a thrown error into Graph's error answer; unexpected errors become a 500. */
  private failure(error: unknown, requestId: string, clientRequestId: string): GraphResult {
    const graphError =
      error instanceof GraphError
        ? error
        : error instanceof BodyTooLargeError
          ? new GraphError(413, 'RequestEntityTooLarge', error.message)
          : new GraphError(500, 'InternalServerError', `Graph simulator failure: ${String(error)}`);
    return {
      status: graphError.status,
      headers: graphError.headers,
      body: graphErrorBody(graphError.code, graphError.message, {
        requestId,
        clientRequestId,
        at: this.options.now(),
      }),
    };
  }
}

function lookup(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  const key = Object.keys(headers).find((h) => h.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

/** A batch item's JSON body may arrive as a string; parse it when the item says it is JSON. */
function parseItemBody(item: BatchItem): unknown {
  const type = lookup(item.headers, 'content-type') ?? '';
  if (typeof item.body === 'string' && type.includes('json')) {
    try {
      return JSON.parse(item.body) as unknown;
    } catch {
      return item.body;
    }
  }
  return item.body;
}
