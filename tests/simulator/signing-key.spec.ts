/**
 * The simulator's RS256 signing key: published at the `jwks_uri` of its OpenID metadata, and the
 * key of `signAccessToken`, so that a resource validating Entra tokens the standard way (the
 * bot's alert endpoint) accepts the simulator's tokens and refuses a foreign key's. Its Graph
 * tokens are unchanged.
 */
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { type FetchImplementation, generateKeyPair, SignJWT } from 'jose';
import { createAlertTokenVerifier } from '../../src/http/alert-token';
import type { RunningSimulator } from '../../src/simulator';
import { APPS, startTestSimulator, TENANT_ID, TestClient, testCertificates } from './helpers';

/** A fetch over node:https that trusts the test CA (the global fetch cannot be told to). */
function fetchTrustingTestCa(): FetchImplementation {
  return (url, init) =>
    new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method: init.method,
          ca: testCertificates().caPem,
          headers: Object.fromEntries(init.headers.entries()),
          signal: init.signal,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve(new Response(Buffer.concat(chunks), { status: res.statusCode })),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end();
    });
}

const AUDIENCE = 'api://lockdown-alerts';
const CALLER = {
  azp: 'c0000000-0000-4000-8000-0000000000a1',
  oid: 'd0000000-0000-4000-8000-0000000000a1',
} as const;

describe('simulator signing key', () => {
  let sim: RunningSimulator;
  let client: TestClient;

  before(async () => {
    sim = await startTestSimulator();
    client = new TestClient(sim.origin);
  });
  after(async () => {
    client.close();
    await sim.close();
  });

  const verifier = () =>
    createAlertTokenVerifier({
      authorityHost: sim.origin,
      tenantId: TENANT_ID,
      audience: AUDIENCE,
      callerIds: [CALLER.azp],
      fetch: fetchTrustingTestCa(),
    });

  it('publishes one RS256 key at the jwks_uri of its metadata (v2 and v1 paths)', async () => {
    const metadata = await client.send(
      'GET',
      `/${TENANT_ID}/v2.0/.well-known/openid-configuration`,
    );
    const path = new URL(metadata.body.jwks_uri as string).pathname;
    const { status, body } = await client.send('GET', path);
    assert.equal(status, 200);
    const keys = body.keys as Record<string, unknown>[];
    assert.equal(keys.length, 1);
    assert.deepEqual(Object.keys(keys[0]!).sort(), ['alg', 'e', 'kid', 'kty', 'n', 'use']);
    assert.deepEqual([keys[0]!.kty, keys[0]!.use, keys[0]!.alg], ['RSA', 'sig', 'RS256']);
    const v1 = await client.send('GET', `/${TENANT_ID}/discovery/keys`);
    assert.deepEqual(v1.body, body);
  });

  const accepted: readonly [string, () => Record<string, unknown>][] = [
    ['a v2 token with the defaults', () => ({ aud: AUDIENCE, ...CALLER })],
    [
      'a v1 token ({origin}/{tenant}/ on an authority that is not a public cloud)',
      () => ({
        aud: AUDIENCE,
        iss: `${sim.origin}/${TENANT_ID}/`,
        appid: CALLER.azp,
        oid: CALLER.oid,
        ver: '1.0',
      }),
    ],
  ];
  for (const [name, claims] of accepted) {
    it(`signs ${name} that the bot's alert verifier accepts`, async () => {
      const verdict = await verifier().verify(`Bearer ${sim.signAccessToken(claims())}`);
      assert.deepEqual(verdict, { ok: true, caller: { appId: CALLER.azp, objectId: CALLER.oid } });
    });
  }

  const refused: readonly [string, () => Promise<string>, RegExp][] = [
    [
      'an expired token',
      async () =>
        sim.signAccessToken({
          aud: AUDIENCE,
          ...CALLER,
          exp: Math.floor(Date.now() / 1000) - 3600,
        }),
      /expired/,
    ],
    [
      'a token of another audience',
      async () => sim.signAccessToken({ aud: sim.origin, ...CALLER }),
      /claim aud/,
    ],
    [
      'a token signed with a foreign key under the simulator kid',
      async () => {
        const { privateKey } = await generateKeyPair('RS256');
        const [header] = sim.signAccessToken({}).split('.');
        const { kid } = JSON.parse(Buffer.from(header!, 'base64url').toString()) as { kid: string };
        return new SignJWT({
          aud: AUDIENCE,
          ...CALLER,
          tid: TENANT_ID,
          iss: `${sim.origin}/${TENANT_ID}/v2.0`,
        })
          .setProtectedHeader({ alg: 'RS256', kid })
          .setExpirationTime('1h')
          .sign(privateKey);
      },
      /signature does not verify/,
    ],
    [
      "a Graph token from its token endpoint (HS256, Graph's audience)",
      async () => {
        const form = new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: APPS.bot.clientId,
          client_secret: APPS.bot.clientSecret,
          scope: `${sim.origin}/.default`,
        });
        const { body } = await client.send('POST', `/${TENANT_ID}/oauth2/v2.0/token`, {
          body: form.toString(),
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        });
        return body.access_token as string;
      },
      /algorithm HS256/,
    ],
  ];
  for (const [name, token, reason] of refused) {
    it(`refuses ${name}`, async () => {
      const verdict = await verifier().verify(`Bearer ${await token()}`);
      assert.ok(!verdict.ok);
      assert.match(verdict.reason, reason);
    });
  }
});
