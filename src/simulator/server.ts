import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, Server } from 'node:https';
import { AddressInfo, isIP } from 'node:net';
import { FaultInjector, FaultRule } from './faults';
import { TenantFootholds } from './footholds';
import type { IncidentComment } from './incidents';
import type { OnPremisesAccountState } from './onprem-accounts';
import { graphErrorBody } from './graph-error';
import { GraphService } from './graph-service';
import { sendJson } from './http-io';
import { NetworkFaults } from './network-faults';
import { MAX_PAGE_SIZE } from './odata';
import { ReceivedPassword, RecordedRequest, Recorder } from './recorder';
import { parseTenantSeed, TenantSeed } from './seed';
import { Tenant, TenantView } from './tenant';
import { ThrottlingOptions, TokenBuckets } from './throttling';
import { TokenEndpoint } from './token-endpoint';

/** How to start the simulator. */
export interface SimulatorOptions {
  /** The tenant to simulate; validated again at start. */
  readonly seed: TenantSeed;
  /** The server certificate and key (see `createTestCertificateAuthority`). */
  readonly tls: { readonly certPem: string; readonly keyPem: string };
  /** Address to listen on; default `127.0.0.1`. */
  readonly host?: string;
  /** Port to listen on; default 0 (any free port). */
  readonly port?: number;
  /** Host name used in absolute URLs (origin, nextLinks, metadata); default `localhost`. */
  readonly publicHost?: string;
  /** Delay added to every top-level Graph HTTP request, in ms; default 0. */
  readonly latencyMs?: number;
  /** Page size of device lists when `$top` is absent; default 100, at most 999. */
  readonly pageSize?: number;
  /** Lifetime of issued access tokens in seconds; default 3599. */
  readonly tokenLifetimeSeconds?: number;
  /** A token bucket per (app, tenant), as Graph throttles (see throttling.ts); off when absent. */
  readonly throttling?: ThrottlingOptions;
}

/** A running simulator. */
export interface RunningSimulator {
  /** `https://<publicHost>:<port>`: both the Graph endpoint and the authority host. */
  readonly origin: string;
  /** The port listened on. */
  readonly port: number;
  /** The simulated tenant's id. */
  readonly tenantId: string;
  /** Read access to the tenant's current state. */
  readonly tenant: TenantView;
  /**
   * Every Graph request (batch sub-requests included), in arrival order, passwords redacted.
   * Requests a network fault acted on carry {@link RecordedRequest.network}.
   */
  readonly requests: readonly RecordedRequest[];
  /**
   * Top-level Graph HTTP requests received (a `$batch` counts once; token requests excluded;
   * reset, held and garbled ones included).
   */
  readonly roundTrips: number;
  /** Access tokens issued. */
  readonly tokensIssued: number;
  /**
   * Signs an access token for another app (a resource such as the bot's alert endpoint) with the
   * tenant's RS256 key, the one its OpenID metadata publishes at `jwks_uri`. Defaults, each
   * overridden by `claims`: `iss` the v2 issuer (`{origin}/{tenantId}/v2.0`), `tid`, `ver` 2.0,
   * `iat` and `nbf` now, `exp` in an hour, `sub` = `oid` (an app-only token). Nothing is checked:
   * tests make bad tokens with it too.
   */
  signAccessToken(claims: Readonly<Record<string, unknown>>): string;
  /** Every password that arrived in a `passwordProfile`, so tests can check it never leaks. */
  readonly passwordsReceived: readonly ReceivedPassword[];
  /**
   * The on-premises AD account of a synced user (by object id or UPN) as Defender for Identity's
   * actions left it (`enabled`, `passwordResetForced`, the actions); undefined for others.
   */
  onPremisesAccount(idOrUpn: string): OnPremisesAccountState | undefined;
  /**
   * The comments apps added to a seeded Defender XDR incident, oldest first (as
   * `POST /security/incidents/{id}/comments` answers them); undefined for an unknown incident.
   */
  incidentComments(incidentId: string): readonly IncidentComment[] | undefined;
  /** Changes the delay added to each top-level Graph HTTP request. */
  setLatency(ms: number): void;
  /**
   * Adds a fault rule: a Graph error status, or a network effect (reset, hold, garble) on
   * top-level requests; see {@link FaultRule}.
   *
   * @throws Error for an invalid rule, e.g. a network effect with scope `batch-item`.
   */
  inject(rule: FaultRule): void;
  /** Removes every fault rule. */
  clearFaults(): void;
  /**
   * Turns Graph-style throttling on with these numbers (every bucket full), or off with
   * `undefined`; injected faults are unaffected.
   *
   * @throws Error for invalid numbers; see {@link ThrottlingOptions}.
   */
  setThrottling(options: ThrottlingOptions | undefined): void;
  /** Fills every token bucket again, so a benchmark run starts from rest; no-op when off. */
  resetThrottling(): void;
  /** Forgets recorded requests, passwords, and the round-trip and token counters. */
  resetRecording(): void;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

function checkOptions(options: SimulatorOptions): void {
  const { pageSize, latencyMs, port, tokenLifetimeSeconds } = options;
  if (
    pageSize !== undefined &&
    !(Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= MAX_PAGE_SIZE)
  ) {
    throw new Error(`pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${pageSize}.`);
  }
  if (latencyMs !== undefined) {
    checkLatency(latencyMs);
  }
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    throw new Error(`port must be an integer from 0 to 65535, got ${port}.`);
  }
  if (
    tokenLifetimeSeconds !== undefined &&
    !(Number.isInteger(tokenLifetimeSeconds) && tokenLifetimeSeconds >= 1)
  ) {
    throw new Error(
      `tokenLifetimeSeconds must be a positive integer, got ${tokenLifetimeSeconds}.`,
    );
  }
}

function checkLatency(ms: number): void {
  if (!(Number.isFinite(ms) && ms >= 0)) {
    throw new Error(`latency must be a non-negative number of milliseconds, got ${ms}.`);
  }
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Answers paths that are neither identity nor Graph. */
function notFound(request: IncomingMessage, response: ServerResponse): void {
  const requestId = randomUUID();
  const clientRequestId = String(request.headers['client-request-id'] ?? requestId);
  sendJson(
    response,
    404,
    { 'request-id': requestId, 'client-request-id': clientRequestId },
    graphErrorBody('NotFound', `The Graph simulator has nothing at ${request.url ?? '/'}.`, {
      requestId,
      clientRequestId,
      at: new Date(),
    }),
  );
}

/**
 * Starts a Graph-compatible fake tenant over HTTPS, with its own token endpoint, for end-to-end
 * tests, demos and benchmarks.
 *
 * @param options - See {@link SimulatorOptions}.
 */
export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  checkOptions(options);
  const seed = parseTenantSeed(options.seed);
  const tenant = new Tenant(seed);
  const footholds = new TenantFootholds(seed, tenant);
  const publicHost = options.publicHost ?? 'localhost';
  let origin = '';
  let latency = options.latencyMs ?? 0;
  const now = (): Date => new Date();
  const recorder = new Recorder();
  const faults = new FaultInjector();
  const network = new NetworkFaults();
  let buckets = options.throttling === undefined ? undefined : new TokenBuckets(options.throttling);
  const tokens = new TokenEndpoint({
    tenant,
    origin: () => origin,
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3599,
    now,
  });
  const graph = new GraphService({
    tenant,
    footholds,
    tokens,
    faults,
    network,
    recorder,
    origin: () => origin,
    pageSize: options.pageSize ?? 100,
    latencyMs: () => latency,
    now,
    throttling: () => buckets,
  });

  const route = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', origin);
    if (url.pathname === '/v1.0' || url.pathname.startsWith('/v1.0/')) {
      await graph.handle(request, response);
    } else if (!(await tokens.handle(request, response, url))) {
      notFound(request, response);
    }
  };
  const server = createServer(
    { cert: options.tls.certPem, key: options.tls.keyPem },
    (request, response) => {
      route(request, response).catch((error: unknown) => {
        // A simulator bug: answer 500 rather than leave the client hanging.
        if (!response.headersSent) {
          response.statusCode = 500;
        }
        response.end(`Graph simulator failure: ${String(error)}`);
      });
    },
  );
  network.track(server);
  const port = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  origin = `https://${isIP(publicHost) === 6 ? `[${publicHost}]` : publicHost}:${port}`;

  return {
    origin,
    port,
    tenantId: tenant.tenantId,
    tenant,
    onPremisesAccount: (idOrUpn) => footholds.onPremises.accountOf(idOrUpn),
    incidentComments: (incidentId) => footholds.incidents.commentsOf(incidentId),
    get requests() {
      return recorder.requests;
    },
    get roundTrips() {
      return recorder.roundTrips;
    },
    get tokensIssued() {
      return tokens.tokensIssued;
    },
    signAccessToken(claims) {
      const at = Math.floor(now().getTime() / 1000);
      return tokens.signingKey.sign({
        iss: `${origin}/${tenant.tenantId}/v2.0`,
        tid: tenant.tenantId,
        ver: '2.0',
        iat: at,
        nbf: at,
        exp: at + 3600,
        // App-only tokens: the subject is the caller's service principal.
        ...(typeof claims['oid'] === 'string' ? { sub: claims['oid'] } : {}),
        ...claims,
      });
    },
    get passwordsReceived() {
      return recorder.passwordsReceived;
    },
    setLatency(ms: number) {
      checkLatency(ms);
      latency = ms;
    },
    inject: (rule) => faults.inject(rule),
    clearFaults: () => faults.clear(),
    setThrottling(throttling) {
      buckets = throttling === undefined ? undefined : new TokenBuckets(throttling);
    },
    resetThrottling: () => buckets?.reset(),
    resetRecording() {
      recorder.reset();
      tokens.resetCount();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        network.releaseHolds(); // held requests are dropped, not waited for
        server.closeAllConnections();
      }),
  };
}
