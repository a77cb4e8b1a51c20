import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { TableClient } from '@azure/data-tables';
import type { AuditEvent, RequestStore } from '../../src/lockdown/request-store';
import type { AzureTableName, TableClientFactory } from '../../src/store';
import {
  AzureTableStore,
  createTableClientFactory,
  describeStore,
  openStore,
} from '../../src/store';
import { startAzurite, type RunningAzurite } from './azurite';
import {
  describeRequestStoreContract,
  fullRequest,
  minimalRequest,
} from './request-store.contract';

let azurite: RunningAzurite;
let runs = 0;

/** Each test gets its own tables in the one Azurite, so tests see empty storage. */
function freshPrefix(): string {
  runs += 1;
  return `t${process.pid}x${runs}`;
}

function clients(prefix: string): TableClientFactory {
  return createTableClientFactory(
    { connectionString: azurite.connectionString },
    { tablePrefix: prefix, clientOptions: { allowInsecureConnection: true } },
  );
}

async function dropTables(prefix: string): Promise<void> {
  const factory = clients(prefix);
  await Promise.all(
    (['requests', 'steps', 'audit', 'messages', 'keyed'] as const).map((table) =>
      factory(table).deleteTable(),
    ),
  );
}

describe('Azure Table Storage on a local Azurite (HTTP, shared key)', () => {
  // Inside a describe: at file level these hooks would start Azurite for every spec file.
  before(async function () {
    this.timeout(15_000);
    azurite = await startAzurite();
  });

  after(async () => {
    await azurite?.stop();
  });

  describeRequestStoreContract('AzureTableStore on Azurite', async () => {
    const prefix = freshPrefix();
    const opened: RequestStore[] = [];
    const open = async (): Promise<RequestStore> => {
      const store = new AzureTableStore(clients(prefix));
      opened.push(store);
      return store;
    };
    return {
      store: await open(),
      open,
      async cleanup() {
        for (const store of opened) await store.close();
        await dropTables(prefix);
      },
    };
  });

  describe('AzureTableStore specifics', function () {
    this.timeout(20_000);
    let prefix: string;

    beforeEach(() => {
      prefix = freshPrefix();
    });

    afterEach(async () => {
      await dropTables(prefix);
    });

    /** A factory whose `requests` client runs `interfere` before each conditional update. */
    function interfering(interfere: (raw: TableClient) => Promise<void>): TableClientFactory {
      const factory = clients(prefix);
      return (table: AzureTableName) => {
        const client = factory(table);
        if (table !== 'requests') return client;
        return new Proxy(client, {
          get(target, property) {
            if (property === 'updateEntity') {
              return async (...args: Parameters<TableClient['updateEntity']>) => {
                if (args[2]?.etag) await interfere(factory('requests'));
                return target.updateEntity(...args);
              };
            }
            const value: unknown = Reflect.get(target, property, target);
            return typeof value === 'function' ? value.bind(target) : value;
          },
        });
      };
    }

    /** A factory whose `table` client runs `before` ahead of each call of `method`. */
    function intercepting(
      table: AzureTableName,
      method: keyof TableClient,
      before: (args: unknown[]) => Promise<void>,
    ): TableClientFactory {
      const factory = clients(prefix);
      return (name: AzureTableName) => {
        const client = factory(name);
        if (name !== table) return client;
        return new Proxy(client, {
          get(target, property) {
            const value: unknown = Reflect.get(target, property, target);
            if (typeof value !== 'function') return value;
            if (property !== method) return value.bind(target);
            return async (...args: unknown[]) => {
              await before(args);
              return (value as (...a: unknown[]) => unknown).apply(target, args);
            };
          },
        });
      };
    }

    /** Leaves an outbox on a request row, as a writer that crashed before copying it does. */
    async function leaveOutbox(id: string, pending: { key: string; event: AuditEvent }[]) {
      await clients(prefix)('requests').updateEntity(
        {
          partitionKey: id,
          rowKey: 'request',
          outbox: JSON.stringify(pending),
          outbox_count: pending.length,
        },
        'Merge',
      );
    }

    async function rawRows(table: AzureTableName): Promise<Record<string, unknown>[]> {
      const rows: Record<string, unknown>[] = [];
      for await (const row of clients(prefix)(table).listEntities()) rows.push(row);
      return rows;
    }

    const LEFT: AuditEvent = {
      at: '2025-05-01T10:00:01.000Z',
      requestId: 'r1',
      type: 'approved',
      actor: { id: 'alex', name: 'Alex Approver' },
      data: { approvals: 1 },
    };
    const LEFT_KEY = '2025-05-01T10:00:01.000Z-0000000001-0badcafe';

    it('copies an outbox a crashed writer left to the audit on the next read, once', async () => {
      const store = new AzureTableStore(clients(prefix));
      await store.create(minimalRequest('r1'));
      await leaveOutbox('r1', [{ key: LEFT_KEY, event: LEFT }]);
      assert.deepEqual(await rawRows('audit'), [], 'the crash came before the copy');
      assert.equal((await store.get('r1'))?.id, 'r1');
      assert.deepEqual(
        (await rawRows('audit')).map((row) => row.rowKey),
        [LEFT_KEY],
      );
      const [row] = await rawRows('requests');
      assert.equal(row?.outbox_count, 0, 'the outbox is cleared once copied');
      assert.equal(row?.outbox, '');
      // A copy interrupted before the clear is copied again, by two readers: same key, one row.
      await leaveOutbox('r1', [{ key: LEFT_KEY, event: LEFT }]);
      const other = new AzureTableStore(clients(prefix));
      await Promise.all([store.get('r1'), other.get('r1'), other.listInStates(['pending'])]);
      assert.deepEqual(await store.listAudit(), [LEFT]);
      assert.deepEqual(await store.listAudit('r1'), [LEFT]);
    });

    it('copies outboxes nobody read before listing the audit', async () => {
      const store = new AzureTableStore(clients(prefix));
      await store.create(minimalRequest('r1'));
      await store.create(minimalRequest('r2'));
      const second = { ...LEFT, requestId: 'r2', type: 'cancelled' };
      await leaveOutbox('r1', [{ key: LEFT_KEY, event: LEFT }]);
      await leaveOutbox('r2', [{ key: `${LEFT_KEY}2`, event: second }]);
      assert.deepEqual(await store.listAudit('r2'), [second]);
      assert.deepEqual(await store.listAudit(), [LEFT, second]);
    });

    it('leaves the outbox when the row changed before the clear, and copies it again', async () => {
      let interferences = 0;
      const store = new AzureTableStore(
        intercepting('requests', 'updateEntity', async ([entity]) => {
          // Disturb the clear only (the write that sets the count to 0), once.
          if ((entity as { outbox_count?: number }).outbox_count !== 0 || interferences++ > 0) {
            return;
          }
          await clients(prefix)('requests').updateEntity(
            { partitionKey: 'r1', rowKey: 'request', card_activity_id: 'meanwhile' },
            'Merge',
          );
        }),
      );
      const event: AuditEvent = { at: 'a', requestId: 'r1', type: 'requested' };
      await store.create(minimalRequest('r1'), [event]);
      assert.equal(interferences, 1);
      assert.equal((await rawRows('requests'))[0]?.outbox_count, 1, 'the outbox stayed');
      assert.equal((await rawRows('audit')).length, 1, 'but was copied');
      await store.get('r1');
      assert.equal((await rawRows('requests'))[0]?.outbox_count, 0);
      assert.deepEqual(await store.listAudit(), [event]);
    });

    it('keeps events waiting while the audit table refuses them, then copies them in order', async () => {
      let refuse = true;
      const failing = new AzureTableStore(
        intercepting('audit', 'upsertEntity', async () => {
          if (refuse) throw new Error('audit table unavailable');
        }),
      );
      const requested: AuditEvent = { at: 'a', requestId: 'r1', type: 'requested' };
      const approved: AuditEvent = { at: 'b', requestId: 'r1', type: 'approved' };
      // The changes succeed: their events are safe on the row.
      await failing.create(minimalRequest('r1'), [requested]);
      const moved = await failing.transition('r1', ['pending'], { state: 'approved' }, {}, [
        approved,
      ]);
      assert.equal(moved?.state, 'approved');
      assert.equal((await rawRows('requests'))[0]?.outbox_count, 2);
      await assert.rejects(failing.listAudit(), /audit table unavailable/);
      refuse = false;
      assert.equal((await failing.get('r1'))?.state, 'approved');
      assert.deepEqual(await failing.listAudit(), [requested, approved]);
    });

    it('records no event for a transition that lost its compare-and-set', async () => {
      const store = new AzureTableStore(
        interfering(async (raw) => {
          await raw.updateEntity(
            { partitionKey: 'r1', rowKey: 'request', state: 'cancelled' },
            'Merge',
          );
        }),
      );
      await store.create(minimalRequest('r1'));
      const event: AuditEvent = { at: 'a', requestId: 'r1', type: 'approved' };
      assert.equal(
        await store.transition('r1', ['pending'], { state: 'approved' }, {}, [event]),
        undefined,
      );
      assert.deepEqual(await store.listAudit(), []);
      assert.notEqual((await rawRows('requests'))[0]?.outbox_count, 1);
    });

    it('copies a large outbox (compressed parts) and clears every part', async () => {
      const store = new AzureTableStore(clients(prefix));
      await store.create(minimalRequest('r1'));
      const big: AuditEvent = {
        at: 'a',
        requestId: 'r1',
        type: 'step',
        data: { devices: Array.from({ length: 2_000 }, () => randomBytes(12).toString('hex')) },
      };
      await store.transition('r1', ['pending'], { state: 'approved' }, {}, [big]);
      const row = (await rawRows('requests'))[0]!;
      const leftovers = Object.entries(row).filter(
        ([name, value]) => name.startsWith('outbox') && value !== '' && value !== 0,
      );
      assert.deepEqual(leftovers, [], 'every part of the outbox is blanked');
      const small: AuditEvent = { at: 'b', requestId: 'r1', type: 'cancelled' };
      await store.transition('r1', ['approved'], { state: 'cancelled' }, {}, [small]);
      assert.deepEqual(await store.listAudit('r1'), [big, small]);
    });

    it('checks the lease and writes the step in one transaction', async () => {
      let transactions = 0;
      const stealer = new AzureTableStore(clients(prefix));
      const store = new AzureTableStore(
        intercepting('requests', 'submitTransaction', async () => {
          // Between saveStep's read (lease held) and its write, another runner takes over.
          if (transactions++ === 0) {
            assert.ok(
              await stealer.claim(
                'r1',
                'runner-b',
                '2025-05-01T11:00:00.000Z',
                '2025-05-01T10:30:00.000Z',
              ),
            );
          }
        }),
      );
      await store.create({ ...minimalRequest('r1'), state: 'approved' });
      await store.claim('r1', 'runner-a', '2025-05-01T10:01:00.000Z', '2025-05-01T10:00:00.000Z');
      const step = { at: 'a', requestId: 'r1', type: 'step' };
      assert.equal(
        await store.saveStep('r1', { step: 'verify', status: 'done' }, 'runner-a', [step]),
        undefined,
      );
      assert.equal(transactions, 1, 'the transaction was refused (412), then the lease re-checked');
      assert.deepEqual((await store.get('r1'))?.steps, []);
      assert.deepEqual(
        (await rawRows('requests')).map((row) => row.rowKey),
        ['request'],
      );
      assert.deepEqual(await store.listAudit(), []);
    });

    it('keeps steps as rows of the request partition, over those an older version stored', async () => {
      const store = new AzureTableStore(clients(prefix));
      await store.create({ ...minimalRequest('r1'), state: 'approved' });
      // Written by the previous version: the `steps` table, RowKey = step id.
      const legacy = clients(prefix)('steps');
      await legacy.createTable();
      for (const outcome of [
        { step: 'disable-account', status: 'done', detail: 'old' },
        { step: 'verify', status: 'failed', detail: 'old' },
      ]) {
        await legacy.createEntity({
          partitionKey: 'r1',
          rowKey: outcome.step,
          outcome: JSON.stringify(outcome),
        });
      }
      assert.deepEqual(
        (await store.get('r1'))?.steps.map((outcome) => outcome.detail),
        ['old', 'old'],
      );
      await store.claim('r1', 'runner-a', '2025-05-01T10:01:00.000Z', '2025-05-01T10:00:00.000Z');
      const verified = { step: 'verify', status: 'done', detail: 'new' } as const;
      const saved = await store.saveStep('r1', verified, 'runner-a');
      assert.deepEqual(saved?.steps, [
        { step: 'disable-account', status: 'done', detail: 'old' },
        verified,
      ]);
      assert.deepEqual(
        (await rawRows('requests')).map((row) => row.rowKey),
        ['request', 'step:verify'],
      );
      // Step rows share the table but are never listed as requests.
      assert.deepEqual(
        (await store.listInStates(['running'])).map((request) => request.id),
        ['r1'],
      );
      assert.deepEqual(
        (await store.listRecent({ limit: 10 })).map((request) => request.steps.length),
        [2],
      );
    });

    it('keys remembered messages by the SHA-256 of the message key', async () => {
      const store = new AzureTableStore(clients(prefix));
      const key = '19:abc@thread.tacv2;messageid=1/x#y?z';
      assert.equal(await store.rememberMessage(key, '2025-05-01T10:01:00.000Z', 'now'), true);
      const rows = await rawRows('messages');
      assert.deepEqual(
        rows.map((row) => row.partitionKey),
        [createHash('sha256').update(key).digest('hex')],
      );
      assert.equal(rows[0]?.expires_at, '2025-05-01T10:01:00.000Z');
    });

    it('keys keyed records by the SHA-256 of the key, keeping the key and expiry beside', async () => {
      const store = new AzureTableStore(clients(prefix));
      const key = 'alert:inc/1#2?3\\4 ü';
      await store.claimKey(key, '{"id":"r1"}', '2025-05-01T10:01:00.000Z', 'now');
      await store.putKey('conversation', '{}');
      const rows = await rawRows('keyed');
      const claimed = rows.find((row) => row.key === key);
      assert.equal(claimed?.partitionKey, createHash('sha256').update(key).digest('hex'));
      assert.equal(claimed?.expires_at, '2025-05-01T10:01:00.000Z');
      assert.equal(rows.find((row) => row.key === 'conversation')?.expires_at, undefined);
      assert.deepEqual(await rawRows('messages'), [], 'apart from remembered messages');
    });

    it('re-reads and still wins when only the card id changed under it (412)', async () => {
      let interferences = 0;
      const store = new AzureTableStore(
        interfering(async (raw) => {
          // Only the first attempt is disturbed: a write that leaves the state as it was.
          if (interferences++ > 0) return;
          await raw.updateEntity(
            { partitionKey: 'r1', rowKey: 'request', card_activity_id: 'posted-meanwhile' },
            'Merge',
          );
        }),
      );
      await store.create(minimalRequest('r1'));
      const moved = await store.transition('r1', ['pending'], { state: 'approved' });
      assert.equal(interferences, 2, 'one lost attempt, one winning attempt');
      assert.equal(moved?.state, 'approved');
      assert.equal(moved?.origin.cardActivityId, 'posted-meanwhile');
      assert.deepEqual(await store.get('r1'), moved);
    });

    it('returns undefined when the state changed under it (412, then re-check)', async () => {
      const store = new AzureTableStore(
        interfering(async (raw) => {
          await raw.updateEntity(
            { partitionKey: 'r1', rowKey: 'request', state: 'cancelled' },
            'Merge',
          );
        }),
      );
      await store.create(minimalRequest('r1'));
      assert.equal(await store.transition('r1', ['pending'], { state: 'approved' }), undefined);
      assert.equal((await store.get('r1'))?.state, 'cancelled');
    });

    it('gives up with an explicit error when the row keeps changing', async () => {
      const store = new AzureTableStore(
        interfering(async (raw) => {
          await raw.updateEntity(
            { partitionKey: 'r1', rowKey: 'request', card_activity_id: String(Math.random()) },
            'Merge',
          );
        }),
        { maxTransitionAttempts: 3 },
      );
      await store.create(minimalRequest('r1'));
      await assert.rejects(store.transition('r1', ['pending'], { state: 'approved' }), {
        message: /kept changing.*3 attempts/,
      });
      assert.equal((await store.get('r1'))?.state, 'pending');
    });

    it('keeps every property of a 2,000-device request under the 64 KiB limit', async () => {
      const store = new AzureTableStore(clients(prefix));
      const request = {
        ...fullRequest('r-big'),
        target: {
          ...fullRequest('r-big').target,
          devices: Array.from({ length: 2_000 }, (_, index) => ({
            id: `${index}-7f3a2c1e-9b8d-4e6f-a5b4-c3d2e1f0a9b8`,
            displayName: `LAPTOP-${index}`,
            operatingSystem: 'Windows',
            accountEnabled: true,
          })),
        },
      };
      await store.create(request);
      const raw = await clients(prefix)('requests').getEntity<Record<string, unknown>>(
        'r-big',
        'request',
      );
      assert.equal(raw.state, 'partial');
      assert.equal(raw.target_upn, 'jane.doe@contoso.com');
      assert.equal(raw.conversation_id, '19:abc@thread.tacv2');
      assert.equal(raw.card_activity_id, '1714557600000');
      assert.ok(Number(raw.body_gz_parts) >= 1, 'the body is split into compressed parts');
      for (const [name, value] of Object.entries(raw)) {
        const bytes = typeof value === 'string' ? value.length * 2 : (value as Uint8Array).length;
        if (value instanceof Uint8Array || typeof value === 'string') {
          assert.ok(bytes <= 65_536, `${name} holds ${bytes} bytes`);
        }
      }
      assert.deepEqual(await store.get('r-big'), request);
    });

    it('creates its tables on first use, from two instances at once', async () => {
      const one = new AzureTableStore(clients(prefix));
      const two = new AzureTableStore(clients(prefix));
      await Promise.all([
        one.get('r1'),
        two.get('r1'),
        one.listAudit(),
        two.listInStates(['pending']),
      ]);
      await one.create(minimalRequest('r1'));
      assert.equal((await two.get('r1'))?.id, 'r1');
    });

    it('refuses ids that Azure cannot use as keys, saying why', async () => {
      const store = new AzureTableStore(clients(prefix));
      await assert.rejects(
        store.create(minimalRequest('a/b')),
        /"a\/b" cannot be stored.*contains/,
      );
      await assert.rejects(
        store.appendAudit({ at: 'now', requestId: 'x#y', type: 'requested' }),
        /"x#y" cannot be stored/,
      );
    });

    it('opens through openStore with a connection string, allowing HTTP only on loopback', async () => {
      const config = {
        kind: 'azure-tables' as const,
        connectionString: azurite.connectionString,
        tablePrefix: prefix,
      };
      const store = openStore(config);
      await store.create(minimalRequest('r1'));
      assert.equal((await store.get('r1'))?.id, 'r1');
      await store.close();

      const description = describeStore(config);
      assert.deepEqual(description, {
        kind: 'azure-tables',
        endpoint: `${azurite.endpoint}`,
        auth: 'connection string',
        tablePrefix: prefix,
      });
      assert.doesNotMatch(JSON.stringify(description), /AccountKey|Eby8/);

      assert.throws(
        () =>
          openStore({
            kind: 'azure-tables',
            connectionString: azurite.connectionString.replace('127.0.0.1', '192.0.2.1'),
          }),
        { message: /http:\/\/192\.0\.2\.1:\d+\/devstoreaccount1 is plain HTTP: use HTTPS/ },
      );
      assert.throws(
        () =>
          openStore({
            kind: 'azure-tables',
            endpoint: azurite.endpoint,
            credential: new FakeEntraCredential(),
          }),
        { message: /is plain HTTP: a token credential needs HTTPS/ },
      );
    });

    it('refuses a request too large for one entity, saying so and storing nothing', async () => {
      const store = new AzureTableStore(clients(prefix));
      const request = minimalRequest('r-huge');
      // Random data does not compress: about 1.3 MB of JSON stays about 1 MB gzipped.
      const reply = randomBytes(1_000_000).toString('base64');
      await assert.rejects(store.create({ ...request, origin: { ...request.origin, reply } }), {
        message: /request r-huge is too large for Azure Table Storage: \d+ characters of JSON/,
      });
      assert.equal(await store.get('r-huge'), undefined);
    });
  });
});

/** Stands in for a managed identity: unsigned tokens, which Azurite's `--oauth basic` accepts. */
class FakeEntraCredential implements TokenCredential {
  readonly scopes: string[] = [];

  constructor(private readonly audience = 'https://storage.azure.com') {}

  async getToken(scopes: string | string[]): Promise<AccessToken> {
    this.scopes.push(...[scopes].flat());
    const now = Math.floor(Date.now() / 1000);
    const part = (value: object): string =>
      Buffer.from(JSON.stringify(value)).toString('base64url');
    const claims = {
      aud: this.audience,
      iss: 'https://sts.windows.net/00000000-0000-0000-0000-00000000000a/',
      iat: now,
      nbf: now - 60,
      exp: now + 3600,
      oid: '00000000-0000-0000-0000-0000000000b0',
    };
    return {
      token: `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`,
      expiresOnTimestamp: (now + 3600) * 1000,
    };
  }
}

describe('AzureTableStore with an endpoint and a token credential (HTTPS Azurite, OAuth)', function () {
  this.timeout(20_000);
  let secure: RunningAzurite;

  before(async function () {
    this.timeout(15_000);
    secure = await startAzurite({ oauth: true });
  });

  after(async () => {
    await secure?.stop();
  });

  it('asks for the storage scope and works with the bearer token', async () => {
    const credential = new FakeEntraCredential();
    const store = openStore({
      kind: 'azure-tables',
      endpoint: secure.endpoint,
      credential,
      tablePrefix: freshPrefix(),
      clientOptions: { tlsOptions: { ca: secure.certificatePem } },
    });
    await store.create(minimalRequest('r1'));
    const moved = await store.transition('r1', ['pending'], { state: 'approved' });
    assert.equal(moved?.state, 'approved');
    assert.deepEqual(await store.get('r1'), moved);
    assert.deepEqual([...new Set(credential.scopes)], ['https://storage.azure.com/.default']);
    await store.close();
  });

  it('fails with an explicit error when the token is refused', async () => {
    const store = openStore({
      kind: 'azure-tables',
      endpoint: secure.endpoint,
      credential: new FakeEntraCredential('https://vault.azure.net'),
      tablePrefix: freshPrefix(),
      clientOptions: { tlsOptions: { ca: secure.certificatePem } },
    });
    await assert.rejects(
      store.get('r1'),
      /Azure Table Storage could not create table .* \(HTTP 403\)/,
    );
  });
});
