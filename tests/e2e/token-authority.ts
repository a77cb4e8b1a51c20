/**
 * A stand-in for the Bot Framework's token authority (login.botframework.com): serves an OpenID
 * metadata document and its JWKS on 127.0.0.1 and signs RS256 channel tokens the way the Bot
 * Framework signs what Teams sends a bot. Only node:crypto; no JWT library.
 */
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The claims of a channel token (what the Bot Framework puts in tokens sent to a bot). */
export interface ChannelTokenClaims {
  readonly iss: string;
  readonly aud: string;
  readonly serviceurl: string;
  readonly nbf: number;
  readonly exp: number;
  readonly [claim: string]: unknown;
}

/** How to sign a token, beyond its claims. */
export interface SignOptions {
  /** Sign with the trusted key (default) or with an impostor key that claims the trusted kid. */
  readonly key?: 'trusted' | 'impostor';
  /** The header's `alg`; `none` produces an unsigned token. Default RS256. */
  readonly alg?: 'RS256' | 'none';
  /** The header's `kid`; default the trusted key's. */
  readonly kid?: string;
}

/** A running token authority. */
export interface TokenAuthority {
  /** Where the bot finds the OpenID metadata (`BOT_OPENID_METADATA_URL`). */
  readonly openIdMetadataUrl: string;
  /** The issuer of its tokens (`BOT_TOKEN_ISSUER`). */
  readonly issuer: string;
  /** The id of the key in the JWKS. */
  readonly kid: string;
  /** Paths requested so far, in order. */
  readonly requests: readonly string[];
  /** The claims of a token that is valid for `audience` and `serviceUrl` right now. */
  claims(audience: string, serviceUrl: string): ChannelTokenClaims;
  /** A compact JWS over `claims`. */
  sign(claims: Record<string, unknown>, options?: SignOptions): string;
  close(): Promise<void>;
}

const METADATA_PATH = '/v1/.well-known/openidconfiguration';
const KEYS_PATH = '/v1/.well-known/keys';

/** Channels whose activities the key may sign, as the Bot Framework's JWKS lists them. */
const ENDORSEMENTS = ['msteams'];

function base64url(value: Buffer | string): string {
  return Buffer.from(value).toString('base64url');
}

function rsaKeyPair(): { publicKey: KeyObject; privateKey: KeyObject } {
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}

/** Starts the authority on 127.0.0.1 with a fresh trusted key and a fresh impostor key. */
export async function startTokenAuthority(): Promise<TokenAuthority> {
  const trusted = rsaKeyPair();
  const impostor = rsaKeyPair();
  const kid = `lockdown-e2e-${Date.now().toString(36)}`;
  const requests: string[] = [];

  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    requests.push(path);
    const json = (body: unknown): void => {
      // Not chained: restify, loaded in the same process by other specs, makes writeHead return nothing.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && path === METADATA_PATH) {
      json({
        issuer,
        authorization_endpoint: `${origin}/v1/authorize`,
        jwks_uri: `${origin}${KEYS_PATH}`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
      });
      return;
    }
    if (req.method === 'GET' && path === KEYS_PATH) {
      const jwk = trusted.publicKey.export({ format: 'jwk' });
      json({
        keys: [{ kty: 'RSA', use: 'sig', kid, n: jwk.n, e: jwk.e, endorsements: ENDORSEMENTS }],
      });
      return;
    }
    res.writeHead(404);
    res.end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Not one of the Emulator's issuers, so botbuilder takes the channel path, as for Teams.
  const issuer = `${origin}/lockdown-e2e-issuer`;

  return {
    openIdMetadataUrl: `${origin}${METADATA_PATH}`,
    issuer,
    kid,
    requests,
    claims(audience, serviceUrl) {
      const now = Math.floor(Date.now() / 1000);
      // Like the Bot Framework's: no `ver` (that would make it an Emulator/skill token), no `tid`.
      return { iss: issuer, aud: audience, serviceurl: serviceUrl, nbf: now, exp: now + 3600 };
    },
    sign(claims, options = {}) {
      const alg = options.alg ?? 'RS256';
      const header = { alg, typ: 'JWT', kid: options.kid ?? kid };
      const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
      if (alg === 'none') return `${input}.`;
      const key = options.key === 'impostor' ? impostor.privateKey : trusted.privateKey;
      const signature = createSign('RSA-SHA256').update(input).sign(key);
      return `${input}.${base64url(signature)}`;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
