/**
 * A stand-in for an Entra tenant's signing side, on 127.0.0.1 over HTTP: the v2 OpenID metadata,
 * a JWKS with a key generated here (jose), and tokens signed with it, or with a foreign key, or
 * HS256, or not at all. It counts the requests, and can be told to fail, so that caching and
 * retries show.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type CryptoKey,
  exportJWK,
  type FetchImplementation,
  generateKeyPair,
  type JWK,
  SignJWT,
} from 'jose';

/** The tenant of every token here. */
export const TENANT = 'aaaaaaaa-0000-4000-8000-000000000001';
export const OTHER_TENANT = 'bbbbbbbb-0000-4000-8000-000000000002';
/** The bot's app ID URI. */
export const AUDIENCE = 'api://lockdown-alerts';
/** The caller (a Logic App's managed identity): its app id and object id. */
export const CALLER = {
  appId: 'c0000000-0000-4000-8000-0000000000a1',
  objectId: 'd0000000-0000-4000-8000-0000000000a1',
} as const;

/** How to sign, beyond the claims. */
export interface SignWith {
  /** The published key (default), another RSA key with its own or the published kid, or HS256. */
  readonly key?: 'published' | 'foreign' | 'foreign-same-kid' | 'hs256' | 'none';
}

/** A running issuer. */
export interface TokenIssuer {
  /** `http://127.0.0.1:<port>`, the authority host as the verifier sees it. */
  readonly origin: string;
  /** Requests per path so far. */
  readonly hits: Map<string, number>;
  /** Metadata answers 500 while this is above 0 (each request counts it down). */
  failMetadata: number;
  /** Signs `claims` (nothing is added). */
  sign(claims: Record<string, unknown>, options?: SignWith): Promise<string>;
  /**
   * A fetch that sends requests for `authority` here instead, so that tokens of a real cloud's
   * issuers can be checked without leaving the machine.
   */
  fetchFor(authority: string): FetchImplementation;
  close(): Promise<void>;
}

/** Starts an issuer; the metadata names keys under `advertised` (default: its own origin). */
export async function startTokenIssuer(advertised?: string): Promise<TokenIssuer> {
  const published = await generateKeyPair('RS256', { extractable: true });
  const foreign = await generateKeyPair('RS256');
  const kid = 'published-key';
  const jwk: JWK = { ...(await exportJWK(published.publicKey)), kid, alg: 'RS256', use: 'sig' };
  const hits = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const base = advertised ?? issuer.origin;
    const send = (status: number, body: unknown): void => {
      // Not chained: restify, once loaded, replaces writeHead with one that returns nothing.
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (path === `/${TENANT}/v2.0/.well-known/openid-configuration`) {
      if (issuer.failMetadata > 0) {
        issuer.failMetadata--;
        return send(500, { error: 'temporarily_unavailable' });
      }
      return send(200, {
        issuer: `${base}/${TENANT}/v2.0`,
        jwks_uri: `${base}/${TENANT}/discovery/v2.0/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
      });
    }
    if (path === `/${TENANT}/discovery/v2.0/keys`) return send(200, { keys: [jwk] });
    return send(404, { error: 'not_found' });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;

  const issuer: TokenIssuer = {
    origin: `http://127.0.0.1:${port}`,
    hits,
    failMetadata: 0,
    async sign(claims, options = {}) {
      const key = options.key ?? 'published';
      if (key === 'none') {
        const part = (value: unknown): string =>
          Buffer.from(JSON.stringify(value)).toString('base64url');
        return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
      }
      if (key === 'hs256') {
        return new SignJWT(claims)
          .setProtectedHeader({ alg: 'HS256', kid })
          .sign(new TextEncoder().encode('secret'));
      }
      const signer: CryptoKey = key === 'published' ? published.privateKey : foreign.privateKey;
      const header = { alg: 'RS256', typ: 'JWT', kid: key === 'foreign' ? 'foreign-key' : kid };
      return new SignJWT(claims).setProtectedHeader(header).sign(signer);
    },
    fetchFor(authority) {
      return (url, init) => fetch(url.replace(authority, issuer.origin), init);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return issuer;
}

/** Seconds since the epoch, `offset` seconds from now. */
export function epoch(offset = 0): number {
  return Math.floor(Date.now() / 1000) + offset;
}
