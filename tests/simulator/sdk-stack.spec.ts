/**
 * The real stack against the simulator: @azure/identity's ClientSecretCredential (MSAL) and the
 * Graph SDK, in a child process that trusts the test CA through NODE_EXTRA_CA_CERTS, exactly as
 * the bot runs in the end-to-end tests.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { writeTestCertificates, type RunningSimulator } from '../../src/simulator';
import { APPS, startTestSimulator, testCertificates, TENANT_ID, USERS } from './helpers';

const run = promisify(execFile);

describe('simulator with the real @azure/identity and Graph SDK', function () {
  this.timeout(20_000);
  let sim: RunningSimulator;
  let dir: string;
  let result: {
    guest: Record<string, unknown>;
    deviceNames: string[];
    retried: { id: string };
    batchStatuses: Record<string, number>;
    batchUser: { accountEnabled: boolean };
    notFound: { statusCode: number; code: string; requestId: string };
  };

  before(async () => {
    sim = await startTestSimulator({ pageSize: 100 });
    dir = mkdtempSync(join(tmpdir(), 'simulator-sdk-'));
    const { caPath } = writeTestCertificates(dir, testCertificates());
    sim.inject({
      method: 'GET',
      path: new RegExp(`^/users/${USERS.helpdesk.id}$`),
      status: 429,
      retryAfterSeconds: 0,
      times: 1,
      scope: 'top-level',
    });
    const { stdout } = await run(
      process.execPath,
      ['--require', 'tsx/cjs', resolve(__dirname, 'fixtures/sdk-client.ts')],
      {
        cwd: resolve(__dirname, '../..'),
        env: {
          ...process.env,
          NODE_EXTRA_CA_CERTS: caPath,
          SIM_ORIGIN: sim.origin,
          SIM_TENANT_ID: TENANT_ID,
          SIM_CLIENT_ID: APPS.bot.clientId,
          SIM_CLIENT_SECRET: APPS.bot.clientSecret,
          SIM_GUEST_UPN: USERS.guest.upn,
          SIM_PAGED_USER: USERS.many.id,
          SIM_DISABLE_USER: USERS.adele.id,
          SIM_THROTTLED_USER: USERS.helpdesk.id,
        },
      },
    );
    result = JSON.parse(stdout);
  });

  after(async () => {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('obtains a token through MSAL and reads a guest by its encoded UPN', () => {
    assert.equal(sim.tokensIssued, 1, 'MSAL caches the token for every later call');
    assert.deepEqual(result.guest, {
      '@odata.context': `${sim.origin}/v1.0/$metadata#users(id,displayName,userType,accountEnabled)/$entity`,
      id: USERS.guest.id,
      displayName: 'Pat Guest',
      userType: 'Guest',
      accountEnabled: true,
    });
  });

  it('pages with PageIterator through absolute nextLinks', () => {
    assert.equal(result.deviceNames.length, 12);
    const pages = sim.requests.filter(
      (r) => r.path === `/users/${USERS.many.id}/registeredDevices`,
    );
    assert.equal(pages.length, 3, '5 + 5 + 2');
    assert.ok(pages.slice(1).every((p) => p.query['$skiptoken'] !== undefined));
  });

  it('writes, retries a 429 transparently, batches and reports GraphError fields', () => {
    assert.equal(sim.tenant.user(USERS.adele.id)?.accountEnabled, false);
    assert.deepEqual(result.retried, {
      '@odata.context': `${sim.origin}/v1.0/$metadata#users(id)/$entity`,
      id: USERS.helpdesk.id,
    });
    const throttled = sim.requests.filter((r) => r.path === `/users/${USERS.helpdesk.id}`);
    assert.deepEqual(
      throttled.map((r) => r.status),
      [429, 200],
    );
    assert.deepEqual(result.batchStatuses, { '1': 200, '2': 200 });
    assert.equal(result.batchUser.accountEnabled, false);
    assert.equal(result.notFound.statusCode, 404);
    assert.equal(result.notFound.code, 'Request_ResourceNotFound');
    assert.match(result.notFound.requestId, /^[0-9a-f-]{36}$/);
  });
});
