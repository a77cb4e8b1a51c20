import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Claims of an access token issued by the simulator (a subset of Entra ID's v1 app tokens). */
export interface AccessTokenClaims {
  /** Audience: the Graph origin the token is for. */
  readonly aud: string;
  /** Issuer. */
  readonly iss: string;
  /** Issued at (seconds since the epoch). */
  readonly iat: number;
  /** Not before (seconds since the epoch). */
  readonly nbf: number;
  /** Expiry (seconds since the epoch). */
  readonly exp: number;
  /** Tenant id. */
  readonly tid: string;
  /** Client id of the calling app. */
  readonly appid: string;
  /** Display name of the calling app. */
  readonly app_displayname: string;
  /** Object id of the app's service principal. */
  readonly oid: string;
  /** Subject; equals `oid` for app-only tokens. */
  readonly sub: string;
  /** `app` for app-only tokens. */
  readonly idtyp: 'app';
  /** Granted application permissions. */
  readonly roles: readonly string[];
  /** Template ids of the directory roles of the app's service principal. */
  readonly wids: readonly string[];
  /** Unique token id. */
  readonly uti: string;
  /** Token version. */
  readonly ver: '1.0';
}

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/**
 * Signs and verifies HS256 JWTs with a random key that lives as long as this object.
 * Real Entra ID tokens are RS256; clients must treat access tokens as opaque, so the algorithm
 * does not matter to them.
 */
export class TokenSigner {
  private readonly key = randomBytes(32);

  /**
   * Encodes and signs claims.
   *
   * @param claims - The payload.
   */
  public sign(claims: AccessTokenClaims): string {
    const header = base64url(JSON.stringify({ typ: 'JWT', alg: 'HS256', kid: 'simulator' }));
    const payload = base64url(JSON.stringify(claims));
    return `${header}.${payload}.${this.signature(`${header}.${payload}`)}`;
  }

  /**
   * Checks the signature and returns the claims, or undefined when the token was not signed by
   * this signer (or is not a JWT at all). Expiry is the caller's business.
   *
   * @param token - The compact JWT.
   */
  public verify(token: string): AccessTokenClaims | undefined {
    const parts = token.split('.');
    if (parts.length !== 3) {
      return undefined;
    }
    const [header, payload, signature] = parts as [string, string, string];
    const expected = Buffer.from(this.signature(`${header}.${payload}`));
    const actual = Buffer.from(signature);
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
      return undefined;
    }
    return decodeJwtPayload(token) as AccessTokenClaims | undefined;
  }

  private signature(input: string): string {
    return createHmac('sha256', this.key).update(input).digest('base64url');
  }
}

/**
 * Decodes a JWT's payload WITHOUT checking its signature.
 *
 * @param token - The compact JWT.
 * @returns The payload object, or undefined when the token is malformed.
 */
export function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) {
    return undefined;
  }
  try {
    const value: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
