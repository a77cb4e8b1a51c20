/**
 * GraphDirectory against the simulator's network faults (garbled answers, resets, held requests)
 * and its token endpoint refusing a wrong client secret: the real SDK and the real credential,
 * over TLS, in a child process (see harness.ts).
 */
import assert from 'node:assert/strict';
import type { AccountOperation, OperationResult } from '../../src/lockdown/directory';
import { generatePassword } from '../../src/lockdown/password';
import type { GarbleKind } from '../../src/simulator';
import { idOf, TARGETS } from './fixtures/tenant';
import { type Harness, startHarness } from './harness';

const POLICY = { maxAttempts: 4, maxWaitMs: 3_000, baseDelayMs: 50, maxBackoffMs: 200 };
const TIMEOUT_MS = 500;
const BATCH = /^\/\$batch$/;

function fullLockdown(): AccountOperation[] {
  return [
    { kind: 'disable-account' },
    { kind: 'reset-password', password: generatePassword() },
    { kind: 'revoke-sessions' },
  ];
}

function receipts(results: readonly OperationResult[]) {
  return results.map((result) => {
    assert.ok(result.ok, `expected a receipt, got ${JSON.stringify(result)}`);
    return result.receipt;
  });
}

describe('GraphDirectory against network faults (simulator, real SDK, TLS)', function () {
  this.timeout(30_000);
  let harness: Harness;

  before(async () => {
    harness = await startHarness({ retryPolicy: POLICY, timeoutMs: TIMEOUT_MS });
    await harness.call('findUser', TARGETS.unavailable.upn);
  });

  after(async () => {
    await harness?.stop();
  });

  beforeEach(() => {
    harness.simulator.clearFaults();
    harness.simulator.resetRecording();
  });

  const garbled: Record<GarbleKind, keyof typeof TARGETS> = {
    html: 'ordered',
    'empty-json': 'throttled',
    'no-responses': 'exhausted',
    truncated: 'topLevel',
  };

  for (const [garble, target] of Object.entries(garbled) as [GarbleKind, keyof typeof TARGETS][]) {
    it(`a garbled $batch (${garble}) once: sent again, and only then done`, async () => {
      harness.simulator.inject({ path: BATCH, effect: 'garble', garble, times: 1 });
      const id = idOf(TARGETS[target]);
      const results = await harness.call('runAccountOperations', id, fullLockdown());
      receipts(results);
      assert.equal(harness.simulator.roundTrips, 2);
      assert.equal(harness.simulator.tenant.user(id)?.accountEnabled, false);
    });
  }

  it('a $batch garbled every time: no operation is reported done, and none was', async () => {
    harness.simulator.inject({ path: BATCH, effect: 'garble', garble: 'html' });
    const id = idOf(TARGETS.gateway);
    const before = harness.simulator.tenant.user(id)?.signInSessionsValidFromDateTime;
    const results = await harness.call('runAccountOperations', id, fullLockdown());
    for (const result of results) {
      assert.ok(!result.ok);
      assert.equal(result.failure.status, 0);
      assert.equal(result.failure.code, 'UnexpectedResponse');
      assert.doesNotMatch(result.failure.message, /<html|Proxy error/);
    }
    assert.equal(harness.simulator.roundTrips, POLICY.maxAttempts);
    const user = harness.simulator.tenant.user(id);
    assert.equal(user?.accountEnabled, true);
    assert.equal(user?.signInSessionsValidFromDateTime, before, 'sessions were not revoked');
  });

  it('a look-up garbled every time fails; it never reads as "no devices"', async () => {
    harness.simulator.inject({ path: BATCH, effect: 'garble', garble: 'empty-json' });
    await assert.rejects(harness.call('findUser', TARGETS.fifty.upn), (error: Error) => {
      assert.match(error.message, /^UnexpectedResponse \(0\)/);
      return true;
    });
  });

  it('a reset $batch is sent again; receipts count the retry and carry Graph’s clock', async () => {
    harness.simulator.inject({ path: BATCH, effect: 'reset', times: 1 });
    const id = idOf(TARGETS.keepEnabled);
    const before = Date.now();
    const results = await harness.call('runAccountOperations', id, fullLockdown());
    for (const receipt of receipts(results)) {
      assert.equal(receipt.networkRetries, 1);
      const serverTime = Date.parse(receipt.serverTime ?? '');
      assert.ok(Math.abs(serverTime - before) < 5_000, `serverTime ${receipt.serverTime}`);
    }
    assert.deepEqual(
      harness.simulator.requests.filter((r) => r.path === '/$batch').map((r) => r.network),
      ['reset', undefined],
    );
    const observed = await harness.call('readBack', id);
    assert.ok(observed.serverTime, 'the read-back carries serverTime too');
  });

  it('a $batch reset every time: NetworkError, the cause named, retries counted', async () => {
    harness.simulator.inject({ path: BATCH, effect: 'reset' });
    const results = await harness.call('runAccountOperations', idOf(TARGETS.staggered), [
      { kind: 'revoke-sessions' },
    ]);
    const [result] = results;
    assert.ok(result && !result.ok);
    assert.equal(result.failure.code, 'NetworkError');
    assert.equal(result.failure.networkRetries, POLICY.maxAttempts - 1);
    assert.match(result.failure.message, /ECONNRESET|socket hang up|other side closed/);
    assert.equal(harness.simulator.roundTrips, POLICY.maxAttempts);
  });

  it('a reset page of devices is asked for again', async () => {
    harness.simulator.inject({
      method: 'GET',
      path: /\/registeredDevices\/microsoft\.graph\.device$/,
      effect: 'reset',
      times: 2,
    });
    const devices = await harness.call('listDevices', idOf(TARGETS.fifty));
    assert.equal(devices.length, 50);
  });

  it('a held $batch times out, is sent again, and the held one is dropped unprocessed', async () => {
    const user = await harness.call('findUser', TARGETS.helpdesk.upn);
    const ids = user?.devices.map((device) => device.id) ?? [];
    harness.simulator.resetRecording();
    harness.simulator.inject({ path: BATCH, effect: 'hold', holdMs: 3_000, times: 1 });
    const started = Date.now();
    const results = await harness.call('disableDevices', ids);
    assert.ok(Date.now() - started >= TIMEOUT_MS);
    assert.deepEqual(
      results.map((r) => (r.ok ? r.receipt.networkRetries : r.failure.networkRetries)),
      [1, 1],
    );
    assert.deepEqual(
      results.map((r) => (r.ok ? 'ok' : r.failure.status)),
      ['ok', 403],
    );
    const first = harness.simulator.requests.find((r) => r.path === '/$batch');
    assert.equal(first?.network, 'dropped');
  });

  it('never logs a password or a garbled body, whatever the faults', () => {
    const logs = harness.logs();
    assert.ok(passwords.length >= 6, 'the tests sent passwords');
    for (const password of passwords) {
      assert.equal(logs.includes(password), false, 'a password reached the logs');
    }
    assert.doesNotMatch(logs, /Proxy error/);
  });

  const passwords: string[] = [];
  afterEach(() => {
    passwords.push(...harness.simulator.passwordsReceived.map((p) => p.password));
  });
});

describe('GraphDirectory with a wrong client secret (simulator token endpoint)', function () {
  this.timeout(30_000);
  let harness: Harness;

  before(async () => {
    harness = await startHarness({ retryPolicy: POLICY }, 20, {
      clientSecret: 'not-the-secret',
      timeoutMs: 10_000,
    });
  });

  after(async () => {
    await harness?.stop();
  });

  it('says the credentials were refused, with the correlation id of the logged AADSTS error', async () => {
    const error = await harness.call('findUser', TARGETS.helpdesk.upn).then(
      () => assert.fail('expected a refusal'),
      (e: Error & { failure?: { code: string; message: string } }) => e,
    );
    assert.equal(error.failure?.code, 'CredentialsRefused');
    const id = error.failure?.message.match(
      /^the app's Graph credentials were refused \(details in the log, correlation id ([0-9a-f-]{36})\)$/,
    )?.[1];
    assert.ok(id, error.failure?.message);
    assert.doesNotMatch(error.failure?.message ?? '', /AADSTS/);
    const line = harness
      .logs()
      .split('\n')
      .find((l) => l.includes('AADSTS7000215'));
    assert.ok(line?.includes(id), 'the log line with the AADSTS error carries the same id');
    assert.equal(harness.simulator.roundTrips, 0, 'no Graph request was made');
    assert.ok(!harness.logs().includes('not-the-secret'), 'the secret is never logged');
  });
});
