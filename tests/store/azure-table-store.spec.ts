import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { TableClient } from '@azure/data-tables';
import type { RequestStore } from '../../src/lockdown/request-store';
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
    (['requests', 'steps', 'audit'] as const).map((table) => factory(table).deleteTable()),
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
