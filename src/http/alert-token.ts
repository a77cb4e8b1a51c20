/**
 * Who is calling `POST /api/alerts`: an Entra access token for the bot's own API, checked with
 * jose against the tenant's published keys. Accepted only when it is RS256, signed by a key of
 * `{authority}/{tenant}`'s JWKS, for exactly the configured audience, from one of the tenant's
 * issuers (v1 or v2), within its lifetime (5 minutes of clock skew allowed), issued in the
 * configured tenant, to an app (no user token: no `scp`, `sub` = `oid`) whose app id or object id
 * is listed. Anything else
 * is refused with a reason for the log only; the token itself is never logged.
 */
import { decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import { clip } from './log-fields';
import { type FetchImplementation, OpenIdKeySource, type OpenIdKeys } from './openid-keys';

/** The app that called, from its token. */
export interface AlertCaller {
  /** Its app (client) id: `appid` (v1 tokens) or `azp` (v2), lower case. */
  readonly appId: string;
  /** Its service principal's object id (`oid`), lower case. */
  readonly objectId: string;
  /** `app_displayname`, when the token carries it (display only). */
  readonly name?: string;
}

/** The verdict on one request's `Authorization` header. */
export type AlertTokenCheck =
  | { readonly ok: true; readonly caller: AlertCaller }
  | {
      readonly ok: false;
      /** For the log only; never the token. */
      readonly reason: string;
      /** True when the keys could not be fetched: the caller may try again later (503). */
      readonly unavailable?: boolean;
    };

/** Checks the `Authorization` header of an alert request. */
export interface AlertTokenVerifier {
  /** Never throws. */
  verify(authorization: string | undefined): Promise<AlertTokenCheck>;
}

/** What a token must match, and how its keys are fetched. */
export interface AlertTokenOptions {
  /** `AZURE_AUTHORITY_HOST`, without a trailing slash (`https://login.microsoftonline.com`). */
  readonly authorityHost: string;
  /** The tenant's id (a GUID): the `tid` every token must carry. */
  readonly tenantId: string;
  /** `LOCKDOWN_ALERTS_AUDIENCE`: the `aud` every token must carry, exactly. */
  readonly audience: string;
  /** `LOCKDOWN_ALERTS_CALLER_IDS`: app ids or object ids allowed to call (any case). */
  readonly callerIds: readonly string[];
  /** Time limit of each metadata and key fetch, in ms; 10 s by default. */
  readonly timeoutMs?: number;
  /** Clock skew allowed on `exp` and `nbf`, in seconds; {@link CLOCK_TOLERANCE_SECONDS} by default. */
  readonly clockToleranceSeconds?: number;
  /** The fetch used for the metadata and the keys (tests, proxies); the global `fetch` by default. */
  readonly fetch?: FetchImplementation;
  /** The clock; the system's by default. */
  readonly now?: () => Date;
}

/**
 * Five minutes, the skew Microsoft's own token validation libraries allow by default: clocks of
 * Azure hosts and Entra ID drift apart a little, and a token is at most five minutes more usable.
 */
export const CLOCK_TOLERANCE_SECONDS = 300;

/** Entra access tokens are a few KB; anything far longer is not one. */
const MAX_TOKEN_LENGTH = 16 * 1024;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The v1 token issuer's host per authority host, for the clouds Microsoft documents: v1 tokens of
 * the public cloud and of US Government are issued by `sts.windows.net`, those of 21Vianet by
 * `sts.chinacloudapi.cn`. US Government v1 tokens have also been seen with the authority itself as
 * issuer (Bot Framework accepts both), so it is accepted too.
 */
const V1_ISSUERS: Readonly<Record<string, readonly string[]>> = {
  'https://login.microsoftonline.com': ['https://sts.windows.net'],
  'https://login.microsoftonline.us': [
    'https://sts.windows.net',
    'https://login.microsoftonline.us',
  ],
  'https://login.chinacloudapi.cn': ['https://sts.chinacloudapi.cn'],
  'https://login.partner.microsoftonline.cn': ['https://sts.chinacloudapi.cn'],
};

/**
 * The issuers a token of `tenantId` may carry: v1 (`https://sts.windows.net/{tid}/` on the public
 * cloud; `{authority}/{tid}/` on an authority not listed above) and v2
 * (`{authority}/{tid}/v2.0`, and the issuer the tenant's v2 metadata declares when it is the same
 * tenant's, such as 21Vianet's `login.partner.microsoftonline.cn`).
 */
export function acceptedIssuers(
  authorityHost: string,
  tenantId: string,
  metadataIssuer?: string,
): readonly string[] {
  const authority = authorityHost.replace(/\/+$/, '');
  const tid = tenantId.toLowerCase();
  const v1 = (V1_ISSUERS[authority.toLowerCase()] ?? [authority]).map((host) => `${host}/${tid}/`);
  const v2 = [`${authority}/${tid}/v2.0`];
  if (metadataIssuer?.toLowerCase().endsWith(`/${tid}/v2.0`)) v2.push(metadataIssuer);
  return [...new Set([...v1, ...v2])];
}

/** Creates the verifier; nothing is fetched until the first request with a plausible token. */
export function createAlertTokenVerifier(options: AlertTokenOptions): AlertTokenVerifier {
  const authority = options.authorityHost.replace(/\/+$/, '');
  const tenantId = options.tenantId.toLowerCase();
  if (!GUID.test(tenantId)) {
    throw new Error(`The tenant must be given by its id (a GUID), not "${clip(tenantId, 60)}".`);
  }
  const callers = new Set(options.callerIds.map((id) => id.toLowerCase()));
  const now = options.now ?? (() => new Date());
  const source = new OpenIdKeySource({
    metadataUrl: `${authority}/${tenantId}/v2.0/.well-known/openid-configuration`,
    timeoutMs: options.timeoutMs ?? 10_000,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  return {
    async verify(authorization) {
      const token = bearerToken(authorization);
      if (typeof token !== 'string') return token;
      let alg: unknown;
      try {
        ({ alg } = decodeProtectedHeader(token));
      } catch {
        return refused('the token is malformed');
      }
      if (alg !== 'RS256') {
        return refused(`algorithm ${clip(String(alg), 20)} is not accepted (RS256 only)`);
      }
      let keys: OpenIdKeys;
      try {
        keys = await source.get();
      } catch (error) {
        return unavailable(error instanceof Error ? error.message : String(error));
      }
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keys.keys, {
          algorithms: ['RS256'],
          audience: options.audience,
          issuer: [...acceptedIssuers(authority, tenantId, keys.issuer)],
          clockTolerance: options.clockToleranceSeconds ?? CLOCK_TOLERANCE_SECONDS,
          currentDate: now(),
          requiredClaims: ['exp', 'tid'],
        }));
      } catch (error) {
        return verificationFailure(error);
      }
      return checkCaller(payload, tenantId, callers);
    },
  };
}

function refused(reason: string): AlertTokenCheck {
  return { ok: false, reason };
}

function unavailable(why: string): AlertTokenCheck {
  return { ok: false, unavailable: true, reason: `signing keys unavailable: ${clip(why, 200)}` };
}

/** The token of a `Bearer` header, or why there is none. */
function bearerToken(authorization: string | undefined): string | AlertTokenCheck {
  if (authorization === undefined || authorization.trim() === '') {
    return refused('no Authorization header');
  }
  const token = /^Bearer\s+(\S+)$/i.exec(authorization.trim())?.[1];
  if (token === undefined) return refused('the Authorization header is not a Bearer token');
  if (token.length > MAX_TOKEN_LENGTH) return refused('the token is too long');
  return token;
}

/** Why jose refused a token (or could not fetch the keys to check it), in words for the log. */
function verificationFailure(error: unknown): AlertTokenCheck {
  if (error instanceof errors.JWTExpired) return refused('the token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    const claim = clip(error.claim, 20);
    if (claim === 'nbf') return refused('the token is not valid yet (nbf)');
    return refused(`claim ${claim} is not accepted (${clip(error.reason, 40)})`);
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return refused('the token is signed by a key the tenant does not publish');
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return refused('the token signature does not verify');
  }
  if (error instanceof errors.JOSEAlgNotAllowed)
    return refused('the token algorithm is not accepted');
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
    return refused('the token is malformed');
  }
  if (error instanceof errors.JWKSTimeout) return unavailable('the JWKS fetch timed out');
  // jose's generic error is its answer to a JWKS fetch other than 200; fetch itself throws a
  // TypeError when the network fails.
  if (
    (error instanceof errors.JOSEError && error.code === 'ERR_JOSE_GENERIC') ||
    error instanceof errors.JWKSInvalid ||
    (error instanceof TypeError && !(error instanceof errors.JOSEError))
  ) {
    return unavailable(error.message);
  }
  const what = error instanceof Error ? error.name : typeof error;
  return refused(`the token was refused (${clip(what, 40)})`);
}

/** The verified token's tenant and caller, checked against the configuration. */
function checkCaller(
  payload: JWTPayload,
  tenantId: string,
  callers: ReadonlySet<string>,
): AlertTokenCheck {
  const claim = (name: string): string | undefined => {
    const value = payload[name];
    return typeof value === 'string' ? value : undefined;
  };
  if (claim('tid')?.toLowerCase() !== tenantId) {
    return refused(`the token is from another tenant (tid ${clip(claim('tid') ?? '?', 40)})`);
  }
  const appId = (claim('appid') ?? claim('azp'))?.toLowerCase();
  const objectId = claim('oid')?.toLowerCase();
  if (!appId || !GUID.test(appId) || !objectId || !GUID.test(objectId)) {
    return refused('the token does not name its caller (appid or azp, and oid)');
  }
  // App-only tokens, as Microsoft tells them apart: no scopes, and the subject is the caller.
  const appOnly =
    payload['scp'] === undefined &&
    (claim('idtyp') ?? 'app') === 'app' &&
    claim('sub')?.toLowerCase() === objectId;
  if (!appOnly) {
    return refused('the token is a user (delegated) token; only app tokens are accepted');
  }
  if (!callers.has(appId) && !callers.has(objectId)) {
    return refused(`caller app ${appId} (object ${objectId}) is not in LOCKDOWN_ALERTS_CALLER_IDS`);
  }
  const name = clip(claim('app_displayname'), 120);
  return { ok: true, caller: { appId, objectId, ...(name ? { name } : {}) } };
}
