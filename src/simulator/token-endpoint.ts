import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { findBuiltInRole } from './directory-roles';
import { GraphError } from './graph-error';
import { header, readBody, sendJson } from './http-io';
import { AccessTokenClaims, decodeJwtPayload, TokenSigner } from './jwt';
import { SeedApp } from './seed';
import { RsaSigningKey } from './signing-key';
import { Tenant, TenantApp } from './tenant';

/** Options of {@link TokenEndpoint}. */
export interface TokenEndpointOptions {
  /** The tenant whose apps may obtain tokens. */
  readonly tenant: Tenant;
  /** The simulator's origin (`https://host:port`): authority host and Graph resource at once. */
  readonly origin: () => string;
  /** Lifetime of issued tokens, in seconds. */
  readonly tokenLifetimeSeconds: number;
  /** The clock. */
  readonly now: () => Date;
}

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const JSON_UTF8 = 'application/json; charset=utf-8';
/** Microsoft Graph's well-known application id, accepted as a resource name in scopes. */
const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);

/** An Entra ID (AADSTS) error as the token endpoint answers it. */
class AadError extends Error {
  public constructor(
    public readonly status: number,
    public readonly error: string,
    public readonly aadsts: number,
    description: string,
  ) {
    super(`AADSTS${aadsts}: ${description}`);
  }
}

/**
 * The simulator's identity side: the OpenID metadata that MSAL reads, AAD's instance discovery,
 * the client-credentials token endpoint, and the check of bearer tokens on Graph requests.
 */
export class TokenEndpoint {
  private readonly signer = new TokenSigner();
  /** The RS256 key published at `jwks_uri`, for tokens the simulator signs for other apps. */
  public readonly signingKey = new RsaSigningKey();
  private issued = 0;

  /** @param options - See {@link TokenEndpointOptions}. */
  public constructor(private readonly options: TokenEndpointOptions) {}

  /** How many access tokens have been issued since start (or the last reset). */
  public get tokensIssued(): number {
    return this.issued;
  }

  /** Sets the issued-token counter back to zero. */
  public resetCount(): void {
    this.issued = 0;
  }

  /**
   * Answers an identity request if `pathname` is one.
   *
   * @param request - The incoming request.
   * @param response - The response to write.
   * @param url - The parsed request URL.
   * @returns false when the path is not an identity path (nothing was written).
   */
  public async handle(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
  ): Promise<boolean> {
    const segments = url.pathname.split('/').slice(1);
    const method = request.method ?? 'GET';
    // MSAL sends its correlation id as a query parameter and in the form; @azure/identity's
    // pipeline adds x-ms-client-request-id. AAD echoes it as correlation_id.
    const correlationId =
      url.searchParams.get('client-request-id') ??
      header(request, 'client-request-id') ??
      header(request, 'x-ms-client-request-id') ??
      randomUUID();
    try {
      if (method === 'GET' && url.pathname === '/common/discovery/instance') {
        this.sendJson(response, 200, this.instanceDiscovery(url), correlationId);
        return true;
      }
      const [tenantName, ...rest] = segments;
      const route = rest.join('/');
      if (tenantName === undefined || tenantName === '') {
        return false;
      }
      if (method === 'GET' && route === 'v2.0/.well-known/openid-configuration') {
        this.sendJson(response, 200, this.openIdConfiguration(tenantName), correlationId);
        return true;
      }
      if (method === 'GET' && (route === 'discovery/v2.0/keys' || route === 'discovery/keys')) {
        this.requireTenant(tenantName);
        this.sendJson(response, 200, this.signingKey.jwks(), correlationId);
        return true;
      }
      if (method === 'POST' && route === 'oauth2/v2.0/token') {
        const form = new URLSearchParams((await readBody(request)).toString('utf8'));
        this.sendJson(response, 200, this.issueToken(tenantName, form), correlationId);
        return true;
      }
      return false;
    } catch (error) {
      if (!(error instanceof AadError)) {
        throw error;
      }
      this.sendJson(response, error.status, this.errorBody(error, correlationId), correlationId);
      return true;
    }
  }

  /**
   * Checks the `Authorization` header of a Graph request.
   *
   * @param authorization - The header value, if any.
   * @returns The token's claims.
   * @throws GraphError 401 `InvalidAuthenticationToken` when the token is missing, not issued
   *   by this simulator, for another audience or tenant, or expired.
   */
  public authenticate(authorization: string | undefined): AccessTokenClaims {
    const invalid = (message: string): GraphError =>
      new GraphError(401, 'InvalidAuthenticationToken', message, {
        'WWW-Authenticate': `Bearer realm="", authorization_uri="${this.options.origin()}/${this.options.tenant.tenantId}/oauth2/authorize", client_id="${GRAPH_APP_ID}"`,
      });
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (match?.[1] === undefined) {
      throw invalid('Access token is empty.');
    }
    const claims = this.signer.verify(match[1]);
    if (claims === undefined) {
      throw invalid('Access token validation failure. Invalid signature or token format.');
    }
    if (claims.aud !== this.options.origin()) {
      throw invalid('Access token validation failure. Invalid audience.');
    }
    if (claims.tid !== this.options.tenant.tenantId) {
      throw invalid('Access token validation failure. Invalid issuer.');
    }
    if (claims.exp * 1000 <= this.options.now().getTime()) {
      throw invalid('Lifetime validation failed, the token is expired.');
    }
    return claims;
  }

  private sendJson(
    response: ServerResponse,
    status: number,
    body: unknown,
    correlationId: string,
  ): void {
    const headers = {
      'client-request-id': correlationId,
      'x-ms-request-id': randomUUID(),
      'Cache-Control': 'no-store, no-cache',
    };
    sendJson(response, status, headers, body, JSON_UTF8);
  }

  private requireTenant(name: string): Tenant {
    if (!this.options.tenant.isNamed(name)) {
      throw new AadError(
        400,
        'invalid_tenant',
        90002,
        `Tenant '${name}' not found. Check to make sure you have the correct tenant ID and are ` +
          'signing into the correct cloud. Check with your subscription administrator, this may ' +
          'happen if there are no active subscriptions for the tenant.',
      );
    }
    return this.options.tenant;
  }

  /** Like `https://login.microsoftonline.com/{tenant}/v2.0/.well-known/openid-configuration`. */
  private openIdConfiguration(tenantName: string): Record<string, unknown> {
    const tenantId = this.requireTenant(tenantName).tenantId;
    const origin = this.options.origin();
    // MSAL requires the issuer to be on the authority's host.
    const base = `${origin}/${tenantId}`;
    return {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: [
        'client_secret_post',
        'private_key_jwt',
        'client_secret_basic',
      ],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${base}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${origin}/oidc/userinfo`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'tid', 'oid', 'roles'],
      tenant_region_scope: 'EU',
      cloud_instance_name: new URL(origin).host,
      cloud_graph_host_name: new URL(origin).host,
      msgraph_host: new URL(origin).host,
    };
  }

  /** Like `https://login.microsoftonline.com/common/discovery/instance?api-version=1.1`. */
  private instanceDiscovery(url: URL): Record<string, unknown> {
    const origin = this.options.origin();
    const host = new URL(origin).host;
    const tenant = /\/([^/]+)\/oauth2/.exec(url.searchParams.get('authorization_endpoint') ?? '');
    return {
      tenant_discovery_endpoint: `${origin}/${tenant?.[1] ?? 'common'}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    };
  }

  private issueToken(tenantName: string, form: URLSearchParams): Record<string, unknown> {
    const tenant = this.requireTenant(tenantName);
    const grantType = requireParameter(form, 'grant_type');
    if (grantType !== 'client_credentials') {
      throw new AadError(
        400,
        'unsupported_grant_type',
        70003,
        `The app requested an unsupported grant type '${grantType}'. The simulator supports only client_credentials.`,
      );
    }
    const app = this.authenticateClient(tenant, form);
    this.checkScope(requireParameter(form, 'scope'));
    const now = Math.floor(this.options.now().getTime() / 1000);
    const lifetime = this.options.tokenLifetimeSeconds;
    const claims: AccessTokenClaims = {
      aud: this.options.origin(),
      iss: `https://sts.windows.net/${tenant.tenantId}/`,
      iat: now,
      nbf: now,
      exp: now + lifetime,
      tid: tenant.tenantId,
      appid: app.clientId,
      app_displayname: app.displayName,
      // App-only tokens carry the service principal's object id, not the client id.
      oid: app.servicePrincipalId,
      sub: app.servicePrincipalId,
      idtyp: 'app',
      roles: [...app.permissions],
      wids: app.directoryRoles.flatMap((name) => findBuiltInRole(name)?.roleTemplateId ?? []),
      uti: randomUUID(),
      ver: '1.0',
    };
    this.issued += 1;
    return {
      token_type: 'Bearer',
      expires_in: lifetime,
      ext_expires_in: lifetime,
      access_token: this.signer.sign(claims),
    };
  }

  private authenticateClient(tenant: Tenant, form: URLSearchParams): TenantApp {
    const clientId = requireParameter(form, 'client_id');
    const app = tenant.app(clientId);
    if (app === undefined) {
      throw new AadError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${tenant.domain}'. ` +
          'This can happen if the application has not been installed by the administrator of the ' +
          'tenant or consented to by any user in the tenant. You may have sent your authentication ' +
          'request to the wrong tenant.',
      );
    }
    // An empty parameter counts as absent, as for AAD.
    const assertion = form.get('client_assertion') ?? '';
    const secret = form.get('client_secret') ?? '';
    if (assertion !== '') {
      checkAssertion(app, form.get('client_assertion_type'), assertion);
    } else if (secret !== '') {
      if (app.clientSecret === undefined || secret !== app.clientSecret) {
        throw new AadError(
          401,
          'invalid_client',
          7000215,
          'Invalid client secret provided. Ensure the secret being sent in the request is the ' +
            `client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`,
        );
      }
    } else {
      throw new AadError(
        401,
        'invalid_client',
        7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      );
    }
    return app;
  }

  /** The scope must be `<simulator origin>/.default`, as for `https://graph.microsoft.com/.default`. */
  private checkScope(scope: string): void {
    const resources = scope.split(/\s+/).filter((s) => s !== '' && !OIDC_SCOPES.has(s));
    const [only] = resources;
    if (resources.length !== 1 || only === undefined || !only.endsWith('/.default')) {
      throw new AadError(
        400,
        'invalid_scope',
        1002012,
        `The provided value for scope ${scope} is not valid. Client credential flows must have a ` +
          'scope value with /.default suffixed to the resource identifier (application ID URI).',
      );
    }
    const resource = only.slice(0, -'/.default'.length).replace(/\/+$/, '');
    const origin = this.options.origin();
    if (resource.toLowerCase() !== origin.toLowerCase() && resource !== GRAPH_APP_ID) {
      throw new AadError(
        400,
        'invalid_resource',
        500011,
        `The resource principal named ${resource} was not found in the tenant named ` +
          `${this.options.tenant.domain}. The simulator's Graph resource is ${origin} (scope ${origin}/.default).`,
      );
    }
  }

  private errorBody(error: AadError, correlationId: string): Record<string, unknown> {
    const traceId = randomUUID();
    const timestamp = `${this.options.now().toISOString().slice(0, 19).replace('T', ' ')}Z`;
    return {
      error: error.error,
      error_description: `${error.message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [error.aadsts],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `${this.options.origin()}/error?code=${error.aadsts}`,
    };
  }
}

function requireParameter(form: URLSearchParams, name: string): string {
  const value = form.get(name);
  if (value === null || value === '') {
    throw new AadError(
      400,
      'invalid_request',
      900144,
      `The request body must contain the following parameter: '${name}'.`,
    );
  }
  return value;
}

/**
 * Accepts a client assertion whose `iss` and `sub` are the app's client id, for apps that have a
 * certificate. The signature is NOT checked: the simulator only needs to tell apps apart.
 */
function checkAssertion(app: SeedApp, assertionType: string | null, assertion: string): void {
  if (assertionType !== JWT_BEARER) {
    throw new AadError(
      400,
      'invalid_request',
      900144,
      `The request body must contain the following parameter: 'client_assertion_type' (${JWT_BEARER}).`,
    );
  }
  const payload = decodeJwtPayload(assertion);
  if (payload === undefined) {
    throw new AadError(401, 'invalid_client', 50027, 'JWT token is invalid or malformed.');
  }
  if (payload['iss'] !== app.clientId || payload['sub'] !== app.clientId) {
    throw new AadError(
      401,
      'invalid_client',
      700021,
      "Client assertion application identifier doesn't match 'client_id' parameter.",
    );
  }
  if (app.certificate !== true) {
    throw new AadError(
      401,
      'invalid_client',
      700027,
      'The certificate with identifier used to sign the client assertion is not registered on application.',
    );
  }
}
