/**
 * What every {@link RequestStore} promises of its keyed records (`claimKey`, `readKey`,
 * `putKey`, `forgetKeys`), run inside the store contract (request-store.contract.ts) against each store.
 */
import assert from 'node:assert/strict';
import type { RequestStore } from '../../src/lockdown/request-store';
import type { StoreUnderTest } from './request-store.contract';

const T0 = '2025-05-01T10:00:00.000Z';

/** The ISO time `seconds` after {@link T0}, as the bot writes times (`toISOString()`). */
function at(seconds: number): string {
  return new Date(Date.parse(T0) + seconds * 1000).toISOString();
}

/** Keys as callers build them: text holding whatever a Teams id or a hash may hold. */
const AWKWARD_KEYS: readonly string[] = [
  'alert:inc-1:9f86d081884c7d659a2feaa0c55ad015',
  'a/b',
  'a#b',
  'a?b',
  'a\\b',
  'with spaces in it',
  'tab\tkey',
  'ünïcødé 🚀 日本語',
  'o\'brien "quoted"',
  'conversation:19:abc@thread.tacv2;messageid=1/x#y?z\\w',
  'k'.repeat(200),
];

/** A JSON text of 8 to 16 KB (UTF-8) holding characters beyond ASCII. */
const LARGE_VALUE = JSON.stringify({
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  conversation: { id: '19:channel@thread.tacv2', name: 'Sécurité — “incidents” 🚨' },
  padding: 'ünïcødé 🚀 日本語 '.repeat(600),
});

/** Runs the keyed-record contract on the store `subject()` answers (set by the outer hooks). */
export function describeKeyedContract(subject: () => StoreUnderTest): void {
  describe('keyed records', () => {
    let store: RequestStore;

    beforeEach(() => {
      store = subject().store;
    });

    it('creates on the first claim, then answers the live value without writing', async () => {
      assert.deepEqual(await store.claimKey('k1', 'first', at(60), at(0)), {
        value: 'first',
        created: true,
      });
      assert.deepEqual(await store.claimKey('k1', 'second', at(90), at(30)), {
        value: 'first',
        created: false,
      });
      assert.deepEqual(await store.claimKey('k1', 'third', at(90), at(59.999)), {
        value: 'first',
        created: false,
      });
      assert.equal(await store.readKey('k1', at(59.999)), 'first');
    });

    it('forgets expired records only, never those put without expiry', async () => {
      await store.claimKey('short', 'a', at(60), at(0));
      await store.claimKey('long', 'b', at(600), at(0));
      await store.putKey('kept', 'c');
      assert.equal(await store.forgetKeys(at(59)), 0, 'nothing expired yet');
      assert.equal(await store.forgetKeys(at(60)), 1, 'short expires just then');
      assert.equal(await store.forgetKeys(at(60)), 0);
      assert.equal(await store.readKey('long', at(60)), 'b');
      assert.equal(await store.forgetKeys(at(10_000)), 1, 'long, not the put record');
      assert.equal(await store.readKey('kept', at(10_000)), 'c');
      assert.equal((await store.claimKey('short', 'new', at(20_000), at(10_000))).created, true);
    });

    it('replaces an expired record, which then holds until its own expiry', async () => {
      await store.claimKey('k1', 'first', at(60), at(0));
      assert.equal(await store.readKey('k1', at(60)), undefined, 'expired at expiry');
      assert.deepEqual(await store.claimKey('k1', 'second', at(120), at(60)), {
        value: 'second',
        created: true,
      });
      assert.deepEqual(await store.claimKey('k1', 'third', at(200), at(119)), {
        value: 'second',
        created: false,
      });
      assert.equal(await store.readKey('k1', at(119)), 'second');
    });

    it('replaces a live record holding `replacing`, and only that one', async () => {
      await store.claimKey('k1', 'crashed', at(60), at(0));
      assert.deepEqual(await store.claimKey('k1', 'mine', at(90), at(10), 'someone else'), {
        value: 'crashed',
        created: false,
      });
      assert.deepEqual(await store.claimKey('k1', 'mine', at(90), at(10), 'crashed'), {
        value: 'mine',
        created: true,
      });
      assert.equal(await store.readKey('k1', at(89)), 'mine', 'with the new expiry');
      assert.equal(await store.readKey('k1', at(90)), undefined);
      // `replacing` an expired or missing record: the record is replaced or created anyway.
      assert.equal((await store.claimKey('k1', 'later', at(200), at(100), 'mine')).created, true);
      assert.equal((await store.claimKey('k2', 'new', at(200), at(100), 'nothing')).created, true);
    });

    it('lets exactly one of concurrent claims on two instances write, all seeing its value', async () => {
      const other = await subject().open();
      try {
        /** Ten claims of `key` at once, half on each instance; checks one won, for all. */
        const race = async (what: string, key: string, now: string, replacing?: string) => {
          const answers = await Promise.all(
            Array.from({ length: 10 }, (_, index) =>
              (index % 2 === 0 ? store : other).claimKey(
                key,
                `value-${index}`,
                at(100),
                now,
                replacing,
              ),
            ),
          );
          const created = answers.filter((answer) => answer.created);
          assert.equal(created.length, 1, what);
          const winner = created[0]!.value;
          assert.ok(winner.startsWith('value-'), what);
          assert.deepEqual(
            answers.map((answer) => answer.value),
            answers.map(() => winner),
            what,
          );
          assert.equal(await other.readKey(key, now), winner, what);
        };
        await race('a new key', 'k1', at(0));
        await store.claimKey('k2', 'old', at(10), at(0));
        await race('an expired key', 'k2', at(20));
        await store.claimKey('k3', 'crashed', at(60), at(0));
        await race('a key taken over with `replacing`', 'k3', at(20), 'crashed');
      } finally {
        await other.close();
      }
    });

    it('reads nothing under a missing or expired key', async () => {
      assert.equal(await store.readKey('never', at(0)), undefined);
      await store.claimKey('k1', 'v', at(10), at(0));
      assert.equal(await store.readKey('k1', at(9)), 'v');
      assert.equal(await store.readKey('k1', at(10)), undefined);
      assert.equal(await store.readKey('k1', at(1_000)), undefined);
    });

    it('puts a record without expiry, last writer winning, which claims do not replace', async () => {
      await store.putKey('conversation', 'first');
      assert.equal(await store.readKey('conversation', '9999-12-31T23:59:59.999Z'), 'first');
      await store.putKey('conversation', 'second');
      assert.equal(await store.readKey('conversation', at(0)), 'second');
      assert.deepEqual(await store.claimKey('conversation', 'claimed', at(60), at(0)), {
        value: 'second',
        created: false,
      });
      // Over a claimed record, a put drops its expiry.
      await store.claimKey('k1', 'claimed', at(60), at(0));
      await store.putKey('k1', 'put');
      assert.equal(await store.readKey('k1', at(1_000)), 'put');
      // And a claim `replacing` a put record gives it an expiry again.
      assert.equal((await store.claimKey('k1', 'again', at(60), at(10), 'put')).created, true);
      assert.equal(await store.readKey('k1', at(60)), undefined);
    });

    it('keeps a value of about 8 KB with unicode intact, also across reopening', async () => {
      const bytes = Buffer.byteLength(LARGE_VALUE, 'utf8');
      assert.ok(bytes >= 8_192 && bytes < 16_384, `${bytes} bytes`);
      assert.deepEqual(await store.claimKey('big', LARGE_VALUE, at(60), at(0)), {
        value: LARGE_VALUE,
        created: true,
      });
      assert.deepEqual(await store.claimKey('big', 'other', at(60), at(1)), {
        value: LARGE_VALUE,
        created: false,
      });
      await store.putKey('big put', LARGE_VALUE);
      await store.putKey('empty', '');
      const reopened = await subject().open();
      try {
        assert.equal(await reopened.readKey('big', at(1)), LARGE_VALUE);
        assert.equal(await reopened.readKey('big put', at(1)), LARGE_VALUE);
        assert.equal(await reopened.readKey('empty', at(1)), '', 'an empty value is a value');
      } finally {
        await reopened.close();
      }
    });

    it('keeps keys apart, whatever characters they hold', async () => {
      for (const [index, key] of AWKWARD_KEYS.entries()) {
        assert.deepEqual(await store.claimKey(key, `claimed ${index}`, at(60), at(0)), {
          value: `claimed ${index}`,
          created: true,
        });
      }
      for (const [index, key] of AWKWARD_KEYS.entries()) {
        assert.equal((await store.claimKey(key, 'late', at(60), at(1))).created, false, key);
        assert.equal(await store.readKey(key, at(1)), `claimed ${index}`, key);
        await store.putKey(key, `put ${index}`);
      }
      for (const [index, key] of AWKWARD_KEYS.entries()) {
        assert.equal(await store.readKey(key, at(1_000)), `put ${index}`, key);
      }
    });
  });
}
