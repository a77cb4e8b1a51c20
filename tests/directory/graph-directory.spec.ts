/**
 * GraphDirectory against the Graph simulator over TLS, with the real Graph SDK and the real
 * @azure/identity credential (in a child process that trusts the test CA, as the bot does):
 * round trips, order, the 424 re-send, throttling inside batches, and what reaches the logs.
 */
import assert from 'node:assert/strict';
import { generatePassword } from '../../src/lockdown/password';
import type { AccountOperation, OperationResult } from '../../src/lockdown/directory';
import type { DeviceSummary } from '../../src/lockdown/request';
import type { RecordedRequest } from '../../src/simulator';
import { idOf, TARGETS, APP } from './fixtures/tenant';
import { type Harness, startHarness } from './harness';

const POLICY = { maxAttempts: 4, maxWaitMs: 3_000, baseDelayMs: 50, maxBackoffMs: 200 };

function fullLockdown(): AccountOperation[] {
  return [
    { kind: 'disable-account' },
    { kind: 'reset-password', password: generatePassword() },
    { kind: 'revoke-sessions' },
  ];
}

/** What a sub-request was, in a word. */
function kindOf(request: RecordedRequest): string {
  if (request.path.startsWith('/devices/')) return `${request.method} device`;
  if (request.path.endsWith('/revokeSignInSessions')) return 'revoke';
  if (request.path.endsWith('/registeredDevices/microsoft.graph.device')) return 'list devices';
  if (request.path.endsWith('/registeredDevices')) return 'list devices (uncast)';
  if (request.path.endsWith('/authentication/methods')) return 'list methods';
  if (request.path.endsWith('/oauth2PermissionGrants')) return 'list grants';
  if (request.path.endsWith('/messageRules')) return 'list rules';
  if (request.path === '/organization') return 'read domains';
  if (request.method === 'GET') return 'read user';
  return Object.keys(request.body as object).join(',');
}

/**
 * What a lockdown's options act on, read at the end of its chain (the lockdown app of these
 * tests may not read methods: that 403 makes Graph skip the reads after it, which are optional).
 */
const LISTS = ['list methods', 'list grants', 'list rules', 'read domains'];

describe('GraphDirectory over the Graph simulator (real SDK, real credential, TLS)', function () {
  this.timeout(30_000);
  let harness: Harness;

  before(async () => {
    harness = await startHarness({ retryPolicy: POLICY });
    // Acquire and cache the token, as the confirmation card's look-up does in the bot.
    await harness.call('findUser', TARGETS.unavailable.upn);
  });

  after(async () => {
    await harness?.stop();
  });

  beforeEach(() => {
    harness.simulator.setLatency(0);
    harness.simulator.clearFaults();
    harness.simulator.resetRecording();
  });

  /** Sub-requests grouped by the `$batch` that carried them, in arrival order. */
  function batches(): RecordedRequest[][] {
    const byBatch = new Map<string, RecordedRequest[]>();
    for (const request of harness.simulator.requests) {
      if (!request.batchId) continue;
      byBatch.set(request.batchId, [...(byBatch.get(request.batchId) ?? []), request]);
    }
    return [...byBatch.values()];
  }

  function failureOf(result: OperationResult | undefined) {
    assert.ok(result && !result.ok, `expected a failure, got ${JSON.stringify(result)}`);
    return result.failure;
  }

  describe('findUser', () => {
    it('reads the user, their roles and first device page in one $batch', async () => {
      const user = await harness.call('findUser', TARGETS.helpdesk.upn);
      assert.equal(harness.simulator.roundTrips, 1);
      assert.equal(harness.simulator.tokensIssued, 0, 'the token was cached');
      const [batch] = batches();
      // The user, roles and devices, and the 8 reads of the foothold (foothold.spec.ts).
      assert.equal(batch?.length, 11);
      const core = batch?.filter((r) =>
        /^\/users\/[^/]+(\/transitiveMemberOf\/microsoft\.graph\.directoryRole|\/registeredDevices\/microsoft\.graph\.device)?$/.test(
          r.path,
        ),
      );
      assert.deepEqual(
        core?.map((r) => `${r.method} ${r.status}`),
        ['GET 200', 'GET 200', 'GET 200'],
      );
      assert.equal(user?.id, idOf(TARGETS.helpdesk));
      assert.equal(user?.jobTitle, 'Support');
      assert.equal(user?.department, 'IT');
      assert.deepEqual(
        user?.roles.map((role) => role.displayName),
        ['Helpdesk Administrator'],
      );
      assert.deepEqual(
        user?.devices.map((device) => device.operatingSystem),
        ['Windows', 'iOS'],
      );
    });

    it('addresses a guest by its encoded UPN (#EXT#)', async () => {
      const user = await harness.call('findUser', TARGETS.guest.upn);
      assert.equal(user?.id, idOf(TARGETS.guest));
      assert.equal(user?.userType, 'Guest');
      assert.equal(harness.simulator.roundTrips, 1);
    });

    it('answers undefined for an unknown user, in one round trip', async () => {
      assert.equal(await harness.call('findUser', 'nobody@contoso.com'), undefined);
      assert.equal(harness.simulator.roundTrips, 1);
      const userReads = batches()[0]?.filter((r) => r.path.startsWith('/users/')) ?? [];
      assert.ok(
        userReads.length > 0 && userReads.every((r) => r.status === 404 || r.status === 403),
      );
      assert.equal(userReads.find((r) => r.path === '/users/nobody@contoso.com')?.status, 404);
    });

    it('follows the device nextLinks after the batch', async () => {
      const user = await harness.call('findUser', TARGETS.fifty.upn);
      assert.equal(user?.devices.length, 50);
      assert.equal(new Set(user?.devices.map((d) => d.id)).size, 50);
      assert.equal(harness.simulator.roundTrips, 3, 'one batch, then pages 2 and 3 (20 a page)');
    });

    it('retries a throttled sub-request of the look-up', async () => {
      harness.simulator.inject({
        method: 'GET',
        path: /\/transitiveMemberOf\//,
        status: 429,
        retryAfterSeconds: 0,
        times: 1,
        scope: 'batch-item',
      });
      const user = await harness.call('findUser', TARGETS.helpdesk.upn);
      assert.equal(user?.roles.length, 1);
      assert.equal(harness.simulator.roundTrips, 2);
      assert.equal(batches()[1]?.length, 1, 'only the throttled request is sent again');
    });
  });

  describe('runAccountOperations', () => {
    it('applies disable, password and revoke in order in ONE round trip, with the reads after', async () => {
      const target = TARGETS.ordered;
      const results = await harness.call('runAccountOperations', idOf(target), fullLockdown());
      assert.equal(harness.simulator.roundTrips, 1);
      assert.ok(results.every((r) => r.ok && /^[0-9a-f-]{36}$/.test(r.receipt.requestId ?? '')));
      const [batch, ...more] = batches();
      assert.equal(more.length, 0);
      assert.deepEqual(batch?.map(kindOf), [
        'accountEnabled',
        'passwordProfile',
        'revoke',
        'read user',
        'list devices',
        ...LISTS,
      ]);
      const user = harness.simulator.tenant.user(idOf(target));
      assert.equal(user?.accountEnabled, false);
      assert.ok(user?.signInSessionsValidFromDateTime);

      // The pipeline's next calls find those reads already made: no round trip.
      const devices = await harness.call('listDevices', idOf(target));
      const observed = await harness.call('readBack', idOf(target));
      assert.equal(devices.length, 2);
      assert.equal(observed.accountEnabled, false);
      assert.equal(observed.signInSessionsValidFromDateTime, user?.signInSessionsValidFromDateTime);
      assert.equal(harness.simulator.roundTrips, 1);
      // Taken once: a second read-back asks Graph.
      await harness.call('readBack', idOf(target));
      assert.equal(harness.simulator.roundTrips, 2);
    });

    it('keep-enabled (no disable): the chain reads the account back but lists no devices', async () => {
      const [, reset, revoke] = fullLockdown() as [
        AccountOperation,
        AccountOperation,
        AccountOperation,
      ];
      const results = await harness.call('runAccountOperations', idOf(TARGETS.keepEnabled), [
        reset,
        revoke,
      ]);
      assert.ok(results.every((r) => r.ok));
      assert.deepEqual(batches()[0]?.map(kindOf), [
        'passwordProfile',
        'revoke',
        'read user',
        ...LISTS,
      ]);
      assert.equal(harness.simulator.tenant.user(idOf(TARGETS.keepEnabled))?.accountEnabled, true);
    });

    it('a refused password fails only that operation; the revocation Graph skipped (424) is sent again', async () => {
      const target = TARGETS.federated;
      const results = await harness.call('runAccountOperations', idOf(target), fullLockdown());
      assert.equal(results.length, 3);
      assert.ok(results[0]?.ok);
      const failure = failureOf(results[1]);
      assert.equal(failure.status, 400);
      assert.match(failure.requestId ?? '', /^[0-9a-f-]{36}$/);
      assert.ok(results[2]?.ok, 'the revocation still happened');
      assert.equal(harness.simulator.roundTrips, 2);
      const [first, second] = batches();
      assert.deepEqual(
        first?.map((r) => `${kindOf(r)} ${r.status}`),
        [
          'accountEnabled 204',
          'passwordProfile 400',
          'revoke 424',
          'read user 424',
          'list devices 424',
          ...LISTS.map((list) => `${list} 424`),
        ],
      );
      assert.deepEqual(
        second?.map((r) => `${kindOf(r)} ${r.status}`),
        [
          'revoke 200',
          'read user 200',
          'list devices 200',
          'list methods 403',
          ...LISTS.slice(1).map((list) => `${list} 424`),
        ],
      );
      assert.ok(harness.simulator.tenant.user(idOf(target))?.signInSessionsValidFromDateTime);
    });

    it('a privileged target: each operation fails on its own with its own refusal', async () => {
      const results = await harness.call(
        'runAccountOperations',
        idOf(TARGETS.globalAdmin),
        fullLockdown(),
      );
      const failures = results.map(failureOf);
      assert.deepEqual(
        failures.map((f) => `${f.status} ${f.code}`),
        Array(3).fill('403 Authorization_RequestDenied'),
      );
      assert.equal(new Set(failures.map((f) => f.requestId)).size, 3);
      assert.equal(harness.simulator.roundTrips, 3, 'each refusal makes Graph skip the rest');
      assert.equal(harness.simulator.tenant.user(idOf(TARGETS.globalAdmin))?.accountEnabled, true);
    });

    it('retries a throttled sub-request after its Retry-After, keeping the order', async () => {
      const target = TARGETS.throttled;
      harness.simulator.inject({
        method: 'PATCH',
        path: new RegExp(`^/users/${idOf(target)}$`),
        status: 429,
        retryAfterSeconds: 1,
        times: 1,
        scope: 'batch-item',
      });
      const started = Date.now();
      const results = await harness.call('runAccountOperations', idOf(target), fullLockdown());
      const elapsed = Date.now() - started;
      assert.ok(
        results.every((r) => r.ok),
        JSON.stringify(results),
      );
      assert.ok(elapsed >= 1_000, `waited the Retry-After (${elapsed} ms)`);
      assert.equal(harness.simulator.roundTrips, 2);
      const [first, second] = batches();
      assert.deepEqual(
        first?.map((r) => r.status),
        [429, ...Array(8).fill(424)],
      );
      assert.deepEqual(second?.map(kindOf), [
        'accountEnabled',
        'passwordProfile',
        'revoke',
        'read user',
        'list devices',
        ...LISTS,
      ]);
    });

    it('retries a 503 without Retry-After with backoff', async () => {
      const target = TARGETS.unavailable;
      harness.simulator.inject({
        method: 'POST',
        path: /\/revokeSignInSessions$/,
        status: 503,
        times: 2,
        scope: 'batch-item',
      });
      const results = await harness.call('runAccountOperations', idOf(target), fullLockdown());
      assert.ok(
        results.every((r) => r.ok),
        JSON.stringify(results),
      );
      assert.equal(harness.simulator.roundTrips, 3);
      assert.deepEqual(
        batches().map((batch) => batch.map((r) => `${kindOf(r)} ${r.status}`)[0]),
        ['accountEnabled 204', 'revoke 503', 'revoke 200'],
      );
    });

    it('gives up with a clear message once the attempts are spent; the others are done', async () => {
      const target = TARGETS.exhausted;
      harness.simulator.inject({
        method: 'POST',
        path: /\/revokeSignInSessions$/,
        status: 429,
        retryAfterSeconds: 0,
        scope: 'batch-item',
      });
      const results = await harness.call('runAccountOperations', idOf(target), fullLockdown());
      assert.ok(results[0]?.ok && results[1]?.ok);
      const failure = failureOf(results[2]);
      assert.equal(failure.status, 429);
      assert.match(
        failure.message,
        /^Graph kept throttling this request; gave up after 4 attempts/,
      );
      assert.equal(harness.simulator.roundTrips, 4);
    });

    it('gives up at once when Retry-After is beyond the budget', async () => {
      harness.simulator.inject({
        method: 'POST',
        path: /\/revokeSignInSessions$/,
        status: 429,
        retryAfterSeconds: 60,
        scope: 'batch-item',
      });
      const started = Date.now();
      const results = await harness.call('runAccountOperations', idOf(TARGETS.exhausted), [
        { kind: 'revoke-sessions' },
      ]);
      assert.ok(Date.now() - started < 1_000, 'did not wait');
      assert.match(
        failureOf(results[0]).message,
        /gave up after 1 attempt: Graph asked to wait 60\.0 s more, beyond the 3\.0 s retry budget for waiting between tries/,
      );
    });

    it('retries a throttled or failed $batch itself (top-level 429, then 502)', async () => {
      harness.simulator.inject({
        path: /^\/\$batch$/,
        status: 429,
        retryAfterSeconds: 0,
        times: 1,
        scope: 'top-level',
      });
      harness.simulator.inject({ path: /^\/\$batch$/, status: 502, times: 1, scope: 'top-level' });
      const results = await harness.call(
        'runAccountOperations',
        idOf(TARGETS.topLevel),
        fullLockdown(),
      );
      assert.ok(
        results.every((r) => r.ok),
        JSON.stringify(results),
      );
      assert.equal(harness.simulator.roundTrips, 3);
      assert.equal(batches().length, 1, 'the items ran once, in the third $batch');
    });
    it("is the only retrier: the SDK's own retry handler is off, so a kept-throttled $batch is sent exactly maxAttempts times", async () => {
      harness.simulator.inject({
        path: /^\/\$batch$/,
        status: 429,
        retryAfterSeconds: 0,
        scope: 'top-level',
      });
      const results = await harness.call('runAccountOperations', idOf(TARGETS.gateway), [
        { kind: 'revoke-sessions' },
      ]);
      assert.match(
        failureOf(results[0]).message,
        /^Graph kept throttling this request; gave up after 4 attempts/,
      );
      assert.equal(harness.simulator.roundTrips, POLICY.maxAttempts);
    });
  });

  describe('disableDevices', () => {
    it('50 devices: ceil(50/20) = 3 batches in flight together, results in input order', async () => {
      const devices = await harness.call('listDevices', idOf(TARGETS.fifty));
      harness.simulator.resetRecording();
      harness.simulator.setLatency(200);
      harness.simulator.inject({
        method: 'PATCH',
        path: new RegExp(`^/devices/${devices[30]!.id}$`),
        status: 429,
        retryAfterSeconds: 0,
        times: 1,
        scope: 'batch-item',
      });
      const results = await harness.call(
        'disableDevices',
        devices.map((d) => d.id),
      );
      assert.equal(results.length, 50);
      assert.equal(harness.simulator.roundTrips, 4, '3 batches, then the throttled device again');
      const sizes = batches().map((batch) => batch.length);
      assert.deepEqual(
        sizes.sort((a, b) => a - b),
        [1, 10, 20, 20],
      );
      devices.forEach((device, index) => {
        const result = results[index];
        if (device.operatingSystem === 'Windows') {
          assert.ok(result?.ok, `${device.displayName}: ${JSON.stringify(result)}`);
        } else {
          assert.equal(failureOf(result).status, 403, device.displayName);
        }
      });
      const batchStarts = harness.simulator.requests
        .filter((r) => r.path === '/$batch')
        .map((r) => r.at);
      harness.simulator.setLatency(0);
      assert.ok(
        Math.max(...batchStarts.slice(0, 3)) - Math.min(...batchStarts.slice(0, 3)) < 150,
        'the three batches were in flight together (each takes 200 ms)',
      );
    });

    it('each throttled device waits its own Retry-After, not the slowest one', async () => {
      const devices = await harness.call('listDevices', idOf(TARGETS.staggered));
      harness.simulator.resetRecording();
      const [slow, fast] = devices as [DeviceSummary, DeviceSummary];
      for (const [device, seconds] of [
        [slow, 1],
        [fast, 0],
      ] as const) {
        harness.simulator.inject({
          method: 'PATCH',
          path: new RegExp(`^/devices/${device.id}$`),
          status: 429,
          retryAfterSeconds: seconds,
          times: 1,
          scope: 'batch-item',
        });
      }
      const results = await harness.call(
        'disableDevices',
        devices.map((d) => d.id),
      );
      assert.ok(results.every((r) => r.ok));
      const sent = harness.simulator.requests.filter((r) => r.path === '/$batch').map((r) => r.at);
      assert.deepEqual(
        batches().map((batch) => batch.map((r) => r.path.split('/')[2])),
        [devices.map((d) => d.id), [fast.id], [slow.id]],
      );
      assert.ok(sent[1]! - sent[0]! < 500, 'the Retry-After: 0 device went again at once');
      assert.ok(sent[2]! - sent[0]! >= 1_000, 'the Retry-After: 1 device waited its second');
    });

    it('sends nothing for no devices', async () => {
      assert.deepEqual(await harness.call('disableDevices', []), []);
      assert.equal(harness.simulator.roundTrips, 0);
    });
  });

  describe('secrets', () => {
    it('never logs a password (not even inside a batch body) or the client secret', async () => {
      const logs = harness.logs();
      assert.match(logs, /graph batch/, 'the child logs at debug level');
      assert.ok(allPasswords.length >= 5, 'the tests set passwords');
      for (const password of allPasswords) {
        assert.equal(logs.includes(password), false, 'a password reached the logs');
      }
      assert.equal(logs.includes(APP.clientSecret), false);
    });
  });

  const allPasswords: string[] = [];
  afterEach(() => {
    allPasswords.push(...harness.simulator.passwordsReceived.map((p) => p.password));
  });
});
