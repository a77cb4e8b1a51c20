/**
 * The simulated tenant's RS256 signing key, as Entra ID publishes its own: a JWKS at the
 * `jwks_uri` of the OpenID metadata, and access tokens for other apps signed with it. Tests use it
 * to make tokens that a resource (the bot's alert endpoint) must accept. Only node:crypto; the
 * simulator shares no code with the bot.
 */
import { createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';

/** One public key of a JWKS, as Entra ID lists it. */
export interface PublishedKey {
  readonly kty: 'RSA';
  readonly use: 'sig';
  readonly alg: 'RS256';
  readonly kid: string;
  readonly n: string;
  readonly e: string;
}

interface KeyPair {
  readonly privateKey: KeyObject;
  readonly published: PublishedKey;
}

/**
 * An RSA key pair generated on first use (so that simulators whose tests never ask for a key
 * do not pay for one), for as long as this object lives.
 */
export class RsaSigningKey {
  private pair: KeyPair | undefined;

  /** The JWKS document (`{ keys: [...] }`) with this key's public half. */
  public jwks(): { readonly keys: readonly PublishedKey[] } {
    return { keys: [this.keyPair().published] };
  }

  /** The key's id (`kid`), as the JWKS and signed tokens name it. */
  public get kid(): string {
    return this.keyPair().published.kid;
  }

  /**
   * Signs `claims` as a compact RS256 JWS with this key, `kid` in the header.
   *
   * @param claims - The payload, as is (no claim is added or checked).
   */
  public sign(claims: Readonly<Record<string, unknown>>): string {
    const { privateKey, published } = this.keyPair();
    const header = encode({ typ: 'JWT', alg: 'RS256', kid: published.kid });
    const payload = encode(claims);
    const signature = sign('sha256', Buffer.from(`${header}.${payload}`), privateKey);
    return `${header}.${payload}.${signature.toString('base64url')}`;
  }

  private keyPair(): KeyPair {
    if (this.pair === undefined) {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const jwk = publicKey.export({ format: 'jwk' });
      const n = String(jwk.n);
      const e = String(jwk.e);
      const kid = createHash('sha256').update(n).digest('base64url').slice(0, 27);
      this.pair = { privateKey, published: { kty: 'RSA', use: 'sig', alg: 'RS256', kid, n, e } };
    }
    return this.pair;
  }
}

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
