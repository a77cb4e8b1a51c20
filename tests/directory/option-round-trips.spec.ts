/**
 * Round trips of a lockdown with every option (issue 11), over the Graph simulator with the real
 * SDK and credential, through the pipeline's own stages run in the directory's process: the
 * account chain reads what the options act on, so the device and option writes all go out in
 * the next round trip, sharing their `$batch`es. Target (issue 11): at most 3 after approval.
 */
import assert from 'node:assert/strict';
import type { AccountOperation } from '../../src/lockdown/directory';
import { generatePassword } from '../../src/lockdown/password';
import type { StepId } from '../../src/lockdown/request';
import type { RecordedRequest } from '../../src/simulator';
import { APP_WITH_OPTIONS } from './fixtures/option-targets';
import { idOf, TARGETS } from './fixtures/tenant';
import { type Harness, startHarness } from './harness';

const POLICY = { maxAttempts: 4, maxWaitMs: 3_000, baseDelayMs: 50, maxBackoffMs: 200 };

function fullLockdown(): AccountOperation[] {
  return [
    { kind: 'disable-account' },
    { kind: 'reset-password', password: generatePassword() },
    { kind: 'revoke-sessions' },
  ];
}

/**
 * Top-level requests grouped into waves: a request that arrives while the previous wave is still
 * in flight (within half the simulator's latency of the wave's first) belongs to it. With every
 * request taking `latencyMs`, a wave is one round trip of time.
 */
function waves(requests: readonly RecordedRequest[], latencyMs: number): RecordedRequest[][] {
  const grouped: RecordedRequest[][] = [];
  for (const request of requests.filter((r) => r.batchId === undefined)) {
    const current = grouped.at(-1);
    if (current && request.at - current[0]!.at < latencyMs / 2) current.push(request);
    else grouped.push([request]);
  }
  return grouped;
}

describe('a lockdown with every option, in round trips (simulator, real SDK, TLS)', function () {
  this.timeout(60_000);
  let harness: Harness;
  const sim = () => harness.simulator;

  before(async () => {
    harness = await startHarness({ retryPolicy: POLICY }, 20, APP_WITH_OPTIONS);
    await harness.call('findUser', TARGETS.unavailable.upn); // the token, as the look-up gets it
  });
  after(async () => {
    await harness?.stop();
  });
  beforeEach(() => {
    sim().setLatency(0);
    sim().clearFaults();
    sim().resetRecording();
  });

  /** The sub-requests of the `$batch`es, in arrival order. */
  const items = () => sim().requests.filter((r) => r.batchId !== undefined);

  it('the account chain reads the lists: the option steps that follow read nothing', async () => {
    const user = idOf(TARGETS.refused);
    await harness.call('runAccountOperations', user, fullLockdown());
    const chain = items();
    assert.deepEqual(
      chain.slice(5).map((r) => `${r.method} ${r.path} ${r.status}`),
      [
        `GET /users/${user}/authentication/methods 200`,
        `GET /users/${user}/oauth2PermissionGrants 200`,
        `GET /users/${user}/mailFolders/inbox/messageRules 200`,
        'GET /organization 200',
      ],
    );
    sim().resetRecording();
    assert.equal((await harness.call('listAuthMethods', user)).length, 2);
    assert.equal((await harness.call('listConsents', user)).length, 1);
    assert.deepEqual(
      (await harness.call('listMailRules', user)).map((r) => r.destinations),
      [[{ address: 'drop@evil.example', external: true }]],
    );
    assert.equal(sim().roundTrips, 0, 'all three were kept from the chain');
    await harness.call('listAuthMethods', user);
    assert.equal(sim().roundTrips, 1, 'taken once: the next listing asks Graph');
  });

  /** The option stage as the pipeline runs it: the devices and every option at once. */
  const OPTION_STAGE: readonly StepId[] = [
    'disable-devices',
    'remove-methods',
    'disable-mail-rules',
    'revoke-consents',
    'confirm-compromised',
  ];
  const ACCOUNT_STAGE: readonly StepId[] = ['disable-account', 'reset-password', 'revoke-sessions'];

  /**
   * A full lockdown with every option after approval, through the pipeline's own stages (in the
   * directory's process): the account stage, the device and option stage, the read-back.
   */
  async function lockDownWithEveryOption(user: string, latencyMs: number) {
    sim().setLatency(latencyMs);
    try {
      const account = await harness.runStage(ACCOUNT_STAGE, user);
      const options = await harness.runStage(OPTION_STAGE, user);
      const observed = await harness.call('readBack', user);
      return { results: { ...account, ...options }, observed };
    } finally {
      sim().setLatency(0);
    }
  }

  it('a full lockdown with every option: 2 round trips after approval (target: at most 3)', async () => {
    const user = idOf(TARGETS.allOptions);
    const latencyMs = 150;
    const { results, observed } = await lockDownWithEveryOption(user, latencyMs);
    for (const step of [...ACCOUNT_STAGE, ...OPTION_STAGE]) {
      assert.equal(results[step]?.status, 'done', `${step}: ${JSON.stringify(results[step])}`);
    }
    assert.match(results['remove-methods']?.detail ?? '', /^2 of 2 sign-in methods removed/);
    assert.equal(observed.accountEnabled, false);

    assert.equal(sim().roundTrips, 2, 'the account chain, then one $batch of every write');
    const trips = waves(sim().requests, latencyMs);
    assert.equal(trips.length, 2, 'and two round trips of time');
    const [, writes] = trips;
    const written = items().filter((r) => r.batchId === writes?.[0]?.requestId);
    assert.deepEqual(
      written.map((r) => r.method).sort(),
      [...Array(3).fill('DELETE'), ...Array(4).fill('PATCH'), 'POST'].sort(),
      '2 devices, 2 methods, 2 rules, 1 grant, the risk: no read waited in front of them',
    );
    assert.ok(written.every((r) => r.status >= 200 && r.status < 300));
  });

  it("the issue's --all bench case (10 devices, 5 methods, 3 rules, 3 consents): 3 round trips", async () => {
    const user = idOf(TARGETS.benchCase);
    const { results } = await lockDownWithEveryOption(user, 0);
    for (const step of [...ACCOUNT_STAGE, ...OPTION_STAGE]) {
      assert.equal(results[step]?.status, 'done', `${step}: ${JSON.stringify(results[step])}`);
    }
    // 10 + 5 + 3 + 3 + 1 = 22 writes: two batches (20 and 2) in flight together.
    assert.equal(sim().roundTrips, 3);
    const sizes = [...new Set(items().map((r) => r.batchId))].map(
      (id) => items().filter((r) => r.batchId === id).length,
    );
    assert.deepEqual(sizes, [9, 20, 2], 'the chain (3 writes, 6 reads), then 20 + 2 at once');
  });
});
