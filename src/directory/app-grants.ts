/**
 * What the app may do, read without any extra permission: its application permissions and its
 * service principal's object id come from the `roles` and `oid` claims of its own Graph access
 * token; its directory roles from one Graph list (RoleManagement.Read.Directory), which may fail
 * without failing the whole answer.
 */
import type { TokenCredential } from '@azure/identity';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { Logger } from 'pino';
import { type AppGrants, DirectoryError, type GrantsReader } from '../lockdown/directory';
import { exchangeFailure } from './exchange-failure';
import type { GraphDirectoryOptions } from './graph-directory';
import { CREDENTIALS_REFUSED, UNEXPECTED_RESPONSE } from './graph-failure';
import { followPages } from './graph-pages';
import * as requests from './graph-requests';
import { roleAssignmentPageSchema } from './graph-schemas';
import { GraphTransport, pathOf } from './graph-transport';
import { checkTimeout, DEFAULT_GRAPH_TIMEOUT_MS } from './request-timeout';
import {
  checkRetryPolicy,
  DEFAULT_RETRY_POLICY,
  RetryBudget,
  type RetryPolicy,
} from './retry-policy';

/** Tuning of {@link GraphGrantsReader}; every field has a production default. */
export interface GrantsReaderOptions extends Pick<
  GraphDirectoryOptions,
  'retryPolicy' | 'timeoutMs'
> {
  /** How long an answer is reused, in ms; default 10 minutes. */
  readonly cacheTtlMs?: number;
  /**
   * How long an answer whose role read failed is reused, in ms (at most {@link cacheTtlMs});
   * default 1 minute.
   */
  readonly failedRoleReadTtlMs?: number;
}

/** The default of {@link GrantsReaderOptions.cacheTtlMs}. */
export const DEFAULT_GRANTS_CACHE_TTL_MS = 10 * 60_000;
/** The default of {@link GrantsReaderOptions.failedRoleReadTtlMs}. */
export const DEFAULT_FAILED_ROLE_READ_TTL_MS = 60_000;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The claims of the app's token this reads. */
interface TokenClaims {
  readonly permissions: readonly string[];
  readonly issuedAt?: string;
  readonly servicePrincipalId?: string;
}

/** {@link GrantsReader} over the app's own token and Graph. */
export class GraphGrantsReader implements GrantsReader {
  private readonly transport: GraphTransport;
  private readonly retryPolicy: RetryPolicy;
  private readonly cacheTtlMs: number;
  private readonly failedRoleReadTtlMs: number;
  private cached: { readonly grants: AppGrants; readonly until: number } | undefined;
  private pending: Promise<AppGrants> | undefined;

  /**
   * @param client - A Graph client over `credential` (see `createGraphClient`).
   * @param credential - The app's credential (time-limited by the caller when it wants).
   * @param endpoint - The Graph endpoint, e.g. https://graph.microsoft.com: the token's scope.
   * @throws Error when a timeout, a TTL or the retry policy is out of range.
   */
  constructor(
    client: Client,
    private readonly credential: TokenCredential,
    private readonly endpoint: string,
    private readonly logger: Logger,
    options: GrantsReaderOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    this.transport = new GraphTransport(
      client,
      logger,
      options.timeoutMs ?? DEFAULT_GRAPH_TIMEOUT_MS,
    );
    this.retryPolicy = checkRetryPolicy(options.retryPolicy ?? DEFAULT_RETRY_POLICY);
    this.cacheTtlMs = options.cacheTtlMs ?? DEFAULT_GRANTS_CACHE_TTL_MS;
    checkTimeout(this.cacheTtlMs, 'The grants cache lifetime (cacheTtlMs)');
    this.failedRoleReadTtlMs = Math.min(
      options.failedRoleReadTtlMs ?? DEFAULT_FAILED_ROLE_READ_TTL_MS,
      this.cacheTtlMs,
    );
    checkTimeout(this.failedRoleReadTtlMs, 'The failed role read lifetime (failedRoleReadTtlMs)');
  }

  /**
   * The app's grants, from the cache while fresh; concurrent calls share one read.
   *
   * @throws DirectoryError when the app gets no token (`CredentialsRefused`, `Timeout`,
   *   `NetworkError`) or one that is not a JWT (`UnexpectedResponse`): then nothing is known. A
   *   failed role read never throws: `directoryRoleTemplateIds` is left undefined.
   */
  appGrants(): Promise<AppGrants> {
    if (this.cached && this.now() < this.cached.until) return Promise.resolve(this.cached.grants);
    this.pending ??= this.read().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async read(): Promise<AppGrants> {
    const claims = await this.tokenClaims();
    const directoryRoleTemplateIds = await this.directoryRoles(claims.servicePrincipalId);
    const grants: AppGrants = {
      permissions: claims.permissions,
      ...(claims.issuedAt ? { issuedAt: claims.issuedAt } : {}),
      ...(directoryRoleTemplateIds ? { directoryRoleTemplateIds } : {}),
    };
    const ttl = directoryRoleTemplateIds ? this.cacheTtlMs : this.failedRoleReadTtlMs;
    this.cached = { grants, until: this.now() + ttl };
    return grants;
  }

  private async tokenClaims(): Promise<TokenClaims> {
    const scope = `${this.endpoint.replace(/\/+$/, '')}/.default`;
    let token: string | undefined;
    try {
      token = (await this.credential.getToken(scope))?.token;
    } catch (error) {
      throw new DirectoryError(exchangeFailure(error, this.logger, 'token'));
    }
    if (!token) {
      throw new DirectoryError({
        status: 0,
        code: CREDENTIALS_REFUSED,
        message: 'The credential gave no access token.',
      });
    }
    const payload = jwtPayload(token);
    if (!payload) {
      throw new DirectoryError({
        status: 0,
        code: UNEXPECTED_RESPONSE,
        message: "The app's access token is not a JWT: its permissions cannot be read.",
      });
    }
    const { roles, iat, oid } = payload;
    return {
      permissions: Array.isArray(roles)
        ? roles.filter((r): r is string => typeof r === 'string')
        : [],
      ...(typeof iat === 'number' && Number.isFinite(iat)
        ? { issuedAt: new Date(iat * 1000).toISOString() }
        : {}),
      ...(typeof oid === 'string' && GUID.test(oid) ? { servicePrincipalId: oid } : {}),
    };
  }

  /**
   * Template ids of the roles assigned to the service principal tenant-wide (directory scope
   * `/`; a role scoped to an administrative unit does not reach every user), or `undefined` with
   * one warn line when they cannot be read.
   */
  private async directoryRoles(
    servicePrincipalId: string | undefined,
  ): Promise<readonly string[] | undefined> {
    if (!servicePrincipalId) {
      this.logger.warn(
        { reason: 'no service principal object id (oid) in the access token' },
        "could not read the app's directory roles",
      );
      return undefined;
    }
    const request = requests.listRoleAssignments(servicePrincipalId);
    try {
      const budget = new RetryBudget(this.retryPolicy);
      const { body } = await this.transport.send(request, roleAssignmentPageSchema, budget);
      const assignments = await followPages(
        this.transport,
        body,
        roleAssignmentPageSchema,
        budget,
        'role assignments',
      );
      const tenantWide = assignments.filter(
        (assignment) => (assignment.directoryScopeId ?? '/') === '/',
      );
      return [...new Set(tenantWide.map((assignment) => assignment.roleDefinitionId))];
    } catch (error) {
      const failure = error instanceof DirectoryError ? error.failure : undefined;
      this.logger.warn(
        {
          path: pathOf(request.url),
          status: failure?.status,
          code: failure?.code ?? 'Unexpected',
          graphRequestId: failure?.requestId,
          reason: failure?.message ?? (error instanceof Error ? error.message : String(error)),
        },
        "could not read the app's directory roles",
      );
      return undefined;
    }
  }
}

/** The payload of a compact JWT, NOT checked: the token comes from our own credential. */
function jwtPayload(token: string): Readonly<Record<string, unknown>> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
