/**
 * The look-up's second read (issue 11): `describeApps` names the consented apps from their
 * service principals, over the simulator with the real SDK and credential: names, verified and
 * unverified publishers, an unknown id left out, 20 to a `$batch` with the batches in flight
 * together, throttled reads sent again, and a refusal said once, never thrown.
 */
import assert from 'node:assert/strict';
import {
  APP_WITH_FOOTHOLD,
  APPS_LACKING,
  ATTACKER_APP_ID,
  VERIFIED_APP_ID,
} from './fixtures/tenant';
import { type Harness, startHarness } from './harness';

const POLICY = { maxAttempts: 4, maxWaitMs: 3_000, baseDelayMs: 50, maxBackoffMs: 200 };
const UNKNOWN = 'e1000000-0000-4000-8000-0000000000ff';

/** `count` ids no service principal has. */
const unknownIds = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => `e3000000-0000-4000-8000-${String(i).padStart(12, '0')}`);

describe('describeApps: the consented apps’ names and publishers (simulator, real SDK)', function () {
  this.timeout(60_000);

  describe('with Directory.Read.All (which covers Application.Read.All)', () => {
    let harness: Harness;
    before(async () => {
      harness = await startHarness({ retryPolicy: POLICY }, 20, APP_WITH_FOOTHOLD);
    });
    after(async () => harness?.stop());
    afterEach(() => harness.simulator.clearFaults());

    it('names each app; a verified publisher by name, an unverified one flagged; an unknown id left out', async () => {
      harness.simulator.resetRecording();
      const described = await harness.call('describeApps', [
        ATTACKER_APP_ID,
        VERIFIED_APP_ID,
        UNKNOWN,
        ATTACKER_APP_ID,
      ]);
      assert.deepEqual(described, {
        apps: {
          [ATTACKER_APP_ID]: { appName: 'Mail Helper', verifiedPublisher: false },
          [VERIFIED_APP_ID]: {
            appName: 'Zoom',
            publisher: 'Zoom Video Communications, Inc.',
            verifiedPublisher: true,
          },
        },
      });
      assert.equal(harness.simulator.roundTrips, 1, 'one $batch');
      const items = harness.simulator.requests.filter((r) => r.batchId !== undefined);
      assert.deepEqual(
        items.map((r) => `${r.method} ${r.path}`).sort(),
        [ATTACKER_APP_ID, VERIFIED_APP_ID, UNKNOWN]
          .map((id) => `GET /servicePrincipals/${id}`)
          .sort(),
        'each id once',
      );
    });

    it('asks 20 to a $batch: 45 apps in 3 batches', async () => {
      harness.simulator.resetRecording();
      const described = await harness.call('describeApps', [
        ATTACKER_APP_ID,
        ...unknownIds(43),
        VERIFIED_APP_ID,
      ]);
      assert.deepEqual(Object.keys(described.apps).sort(), [ATTACKER_APP_ID, VERIFIED_APP_ID]);
      assert.equal(described.unreadable, undefined, 'an unknown app is no failure');
      const batches = new Map<string, number>();
      for (const r of harness.simulator.requests.filter((r) => r.batchId !== undefined)) {
        batches.set(r.batchId!, (batches.get(r.batchId!) ?? 0) + 1);
      }
      assert.deepEqual(
        [...batches.values()].sort((a, b) => a - b),
        [5, 20, 20],
      );
      assert.equal(harness.simulator.roundTrips, 3);
    });

    it('sends a throttled read again within the retry budget', async () => {
      harness.simulator.inject({
        path: new RegExp(`/servicePrincipals/${ATTACKER_APP_ID}$`),
        status: 429,
        retryAfterSeconds: 0,
        times: 1,
        scope: 'batch-item',
      });
      const described = await harness.call('describeApps', [ATTACKER_APP_ID]);
      assert.deepEqual(described, {
        apps: { [ATTACKER_APP_ID]: { appName: 'Mail Helper', verifiedPublisher: false } },
      });
    });

    it('says why when Graph keeps failing a read, keeping the apps it did read', async () => {
      harness.simulator.inject({
        path: new RegExp(`/servicePrincipals/${VERIFIED_APP_ID}$`),
        status: 503,
        scope: 'batch-item',
      });
      const described = await harness.call('describeApps', [ATTACKER_APP_ID, VERIFIED_APP_ID]);
      assert.deepEqual(Object.keys(described.apps), [ATTACKER_APP_ID]);
      assert.match(described.unreadable ?? '', /^names not readable: /);
    });

    it('reads nothing for no app', async () => {
      harness.simulator.resetRecording();
      assert.deepEqual(await harness.call('describeApps', []), { apps: {} });
      assert.equal(harness.simulator.roundTrips, 0);
    });
  });

  describe('without Application.Read.All or Directory.Read.All', () => {
    let harness: Harness;
    before(async () => {
      harness = await startHarness({ retryPolicy: POLICY }, 20, APPS_LACKING['Directory.Read.All']);
    });
    after(async () => harness?.stop());

    it('answers the refusal, once, in words a responder can act on, and throws nothing', async () => {
      const described = await harness.call('describeApps', [ATTACKER_APP_ID, VERIFIED_APP_ID]);
      assert.deepEqual(described, {
        apps: {},
        unreadable: 'names not readable: the app lacks Application.Read.All',
      });
    });
  });
});
