import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunningSimulator } from '../../src/simulator';
import { APPS, startTestSimulator, TENANT_ID, TestClient } from './helpers';

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
}

function assertion(payload: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(payload)}.c2lnbmF0dXJl`;
}

describe('simulator token endpoint', () => {
  let sim: RunningSimulator;
  let client: TestClient;
  const form = () => ({
    grant_type: 'client_credentials',
    client_id: APPS.bot.clientId,
    client_secret: APPS.bot.clientSecret,
    scope: `${sim.origin}/.default`,
  });

  before(async () => {
    sim = await startTestSimulator();
    client = new TestClient(sim.origin);
  });
  after(async () => {
    client.close();
    await sim.close();
  });

  it('serves OpenID metadata whose issuer and endpoints are on its own host', async () => {
    for (const tenant of [TENANT_ID, 'contoso.com']) {
      const { status, body } = await client.send(
        'GET',
        `/${tenant}/v2.0/.well-known/openid-configuration`,
      );
      assert.equal(status, 200);
      assert.equal(body.issuer, `${sim.origin}/${TENANT_ID}/v2.0`);
      assert.equal(body.token_endpoint, `${sim.origin}/${TENANT_ID}/oauth2/v2.0/token`);
      assert.equal(body.authorization_endpoint, `${sim.origin}/${TENANT_ID}/oauth2/v2.0/authorize`);
      assert.equal(body.jwks_uri, `${sim.origin}/${TENANT_ID}/discovery/v2.0/keys`);
    }
    const unknown = await client.send('GET', '/fabrikam.com/v2.0/.well-known/openid-configuration');
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.error_description, /^AADSTS90002: Tenant 'fabrikam.com' not found/);
  });

  it('answers instance discovery like AAD', async () => {
    const authorize = encodeURIComponent(`${sim.origin}/${TENANT_ID}/oauth2/v2.0/authorize`);
    const { status, body } = await client.send(
      'GET',
      `/common/discovery/instance?api-version=1.1&authorization_endpoint=${authorize}`,
    );
    assert.equal(status, 200);
    assert.equal(
      body.tenant_discovery_endpoint,
      `${sim.origin}/${TENANT_ID}/v2.0/.well-known/openid-configuration`,
    );
    assert.deepEqual(body.metadata[0].aliases, [new URL(sim.origin).host]);
  });

  it('issues a bearer JWT carrying tid, appid, roles and exp, and counts it', async () => {
    const before = sim.tokensIssued;
    const { status, body } = await client.tokenRequest(TENANT_ID, form());
    assert.equal(status, 200);
    assert.deepEqual(Object.keys(body).sort(), [
      'access_token',
      'expires_in',
      'ext_expires_in',
      'token_type',
    ]);
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.expires_in, 3599);
    const claims = claimsOf(body.access_token);
    assert.equal(claims['tid'], TENANT_ID);
    assert.equal(claims['appid'], APPS.bot.clientId);
    assert.equal(claims['aud'], sim.origin);
    assert.ok((claims['roles'] as string[]).includes('User.EnableDisableAccount.All'));
    assert.deepEqual(claims['wids'], ['fe930be7-5e62-47db-91af-98c3a49a38b1']);
    assert.ok(Math.abs((claims['exp'] as number) - Date.now() / 1000 - 3599) < 5);
    assert.equal(sim.tokensIssued, before + 1);
  });

  it('refuses a bad secret with AADSTS7000215 and echoes the correlation id', async () => {
    const before = sim.tokensIssued;
    const response = await client.send(
      'POST',
      `/${TENANT_ID}/oauth2/v2.0/token?client-request-id=corr-1`,
      {
        body: new URLSearchParams({ ...form(), client_secret: 'wrong' }).toString(),
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      },
    );
    assert.equal(response.status, 401);
    assert.equal(response.body.error, 'invalid_client');
    assert.match(response.body.error_description, /^AADSTS7000215: Invalid client secret provided/);
    assert.deepEqual(response.body.error_codes, [7000215]);
    assert.equal(response.body.correlation_id, 'corr-1');
    assert.equal(sim.tokensIssued, before);
  });

  it('refuses unknown apps, unknown tenants, wrong scopes and grant types', async () => {
    const cases: [string, Record<string, string>, number, string, RegExp][] = [
      [
        TENANT_ID,
        { client_id: 'a0000000-0000-4000-8000-00000000ffff' },
        400,
        'unauthorized_client',
        /^AADSTS700016: Application with identifier/,
      ],
      ['fabrikam.com', {}, 400, 'invalid_tenant', /^AADSTS90002: /],
      [
        TENANT_ID,
        { scope: 'https://graph.microsoft.com/.default' },
        400,
        'invalid_resource',
        /^AADSTS500011: .*scope https:\/\/localhost/,
      ],
      [
        TENANT_ID,
        { scope: `${sim.origin}/User.Read.All` },
        400,
        'invalid_scope',
        /^AADSTS1002012: /,
      ],
      [TENANT_ID, { grant_type: 'password' }, 400, 'unsupported_grant_type', /^AADSTS70003: /],
      [TENANT_ID, { client_secret: '' }, 401, 'invalid_client', /^AADSTS7000218: /],
    ];
    for (const [tenant, override, status, error, description] of cases) {
      const response = await client.tokenRequest(tenant, { ...form(), ...override });
      assert.equal(response.status, status, JSON.stringify(override));
      assert.equal(response.body.error, error);
      assert.match(response.body.error_description, description);
    }
  });

  it('accepts a client assertion naming a certificate app, without checking its signature', async () => {
    const request = (clientId: string) =>
      client.tokenRequest(TENANT_ID, {
        grant_type: 'client_credentials',
        client_id: clientId,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion({ iss: clientId, sub: clientId, aud: 'x' }),
        scope: `${sim.origin}/.default`,
      });
    const accepted = await request(APPS.certificate.clientId);
    assert.equal(accepted.status, 200);
    assert.equal(claimsOf(accepted.body.access_token)['appid'], APPS.certificate.clientId);
    const refused = await request(APPS.bot.clientId);
    assert.equal(refused.status, 401);
    assert.match(refused.body.error_description, /^AADSTS700027: /);
  });

  describe('bearer tokens on Graph requests', () => {
    it('answers 401 InvalidAuthenticationToken without a token', async () => {
      const { status, headers, body } = await client.send('GET', '/v1.0/users/adele@contoso.com', {
        headers: { 'client-request-id': 'abc-123' },
      });
      assert.equal(status, 401);
      assert.equal(body.error.code, 'InvalidAuthenticationToken');
      assert.equal(body.error.message, 'Access token is empty.');
      assert.equal(headers['client-request-id'], 'abc-123');
      assert.equal(body.error.innerError['client-request-id'], 'abc-123');
      assert.equal(body.error.innerError['request-id'], headers['request-id']);
      assert.match(body.error.innerError.date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    });

    it('refuses tokens it did not issue and expired ones', async () => {
      const other = await startTestSimulator({ tokenLifetimeSeconds: 1 });
      const otherClient = new TestClient(other.origin);
      try {
        const foreign = await otherClient.token(APPS.bot);
        const forged = await client.send('GET', '/v1.0/users/adele@contoso.com', {
          token: foreign,
        });
        assert.equal(forged.status, 401);
        assert.match(forged.body.error.message, /^Access token validation failure/);

        await sleep(1100);
        const expired = await otherClient.send('GET', '/v1.0/users/adele@contoso.com', {
          token: foreign,
        });
        assert.equal(expired.status, 401);
        assert.equal(
          expired.body.error.message,
          'Lifetime validation failed, the token is expired.',
        );
      } finally {
        otherClient.close();
        await other.close();
      }
    });
  });
});
