import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { LockdownRequest, StepOutcome } from '../../src/lockdown/request';
import type { RequestStore } from '../../src/lockdown/request-store';
import { SqliteStore } from '../../src/store';
import { describeRequestStoreContract, minimalRequest } from './request-store.contract';

describeRequestStoreContract('SqliteStore', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lockdown-sqlite-'));
  const path = join(dir, 'lockdown.db');
  const opened: RequestStore[] = [];
  const open = async (): Promise<RequestStore> => {
    const store = new SqliteStore(path);
    opened.push(store);
    return store;
  };
  return {
    store: await open(),
    open,
    async cleanup() {
      // Closing twice is harmless for better-sqlite3; the tests close some stores themselves.
      for (const store of opened) await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('SqliteStore specifics', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lockdown-sqlite-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** The schema an earlier version left behind: no lease columns, no `messages` nor `keyed` table. */
  const PREVIOUS_SCHEMA = `
    CREATE TABLE requests (
      id TEXT PRIMARY KEY, state TEXT NOT NULL, body TEXT NOT NULL, card_activity_id TEXT,
      decided_by TEXT, decided_at TEXT, finished_at TEXT, requested_at TEXT NOT NULL,
      conversation_id TEXT NOT NULL, target_upn TEXT NOT NULL, approvals TEXT, channel_id TEXT
    );
    CREATE INDEX requests_state ON requests (state, requested_at);
    CREATE TABLE steps (
      request_id TEXT NOT NULL REFERENCES requests (id), step TEXT NOT NULL,
      outcome TEXT NOT NULL, PRIMARY KEY (request_id, step)
    );
    CREATE TABLE audit (
      seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, request_id TEXT NOT NULL,
      type TEXT NOT NULL, actor TEXT, data TEXT
    );
  `;

  it('opens a database made before leases, message dedupe and keyed records, and works with it', async () => {
    const path = join(dir, 'lockdown.db');
    const alex = { id: 'alex', name: 'Alex Approver' };
    const step: StepOutcome = { step: 'disable-account', status: 'done' };
    // A run interrupted by the upgrade: running, one step done, no lease (none existed).
    const request: LockdownRequest = {
      ...minimalRequest('r1'),
      state: 'running',
      decidedBy: alex,
      steps: [step],
    };
    const { state, steps, decidedBy, ...body } = request;
    const old = new Database(path);
    old.exec(PREVIOUS_SCHEMA);
    old
      .prepare(
        `INSERT INTO requests (id, state, body, decided_by, requested_at, conversation_id, target_upn)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        'r1',
        state,
        JSON.stringify(body),
        JSON.stringify(decidedBy),
        body.requestedAt,
        'c1',
        'jane@contoso.com',
      );
    old
      .prepare('INSERT INTO steps VALUES (?, ?, ?)')
      .run('r1', step.step, JSON.stringify(steps[0]));
    old
      .prepare('INSERT INTO audit (at, request_id, type) VALUES (?, ?, ?)')
      .run('a', 'r1', 'requested');
    old.close();

    const store = new SqliteStore(path);
    try {
      assert.deepEqual(await store.get('r1'), request);
      const lease = { owner: 'runner-a', expiresAt: '2025-05-01T10:01:00.000Z' };
      assert.deepEqual(await store.claim('r1', lease.owner, lease.expiresAt, 'now'), {
        ...request,
        lease,
        claims: 1,
      });
      const verify: StepOutcome = { step: 'verify', status: 'done' };
      const saved = await store.saveStep('r1', verify, lease.owner, [
        { at: 'b', requestId: 'r1', type: 'step' },
      ]);
      assert.deepEqual(saved?.steps, [step, verify]);
      assert.equal(await store.rememberMessage('m1', '2025-05-01T10:01:00.000Z', 'now'), true);
      assert.deepEqual(await store.claimKey('k1', 'v1', '2025-05-01T10:01:00.000Z', 'now'), {
        value: 'v1',
        created: true,
      });
      await store.putKey('k2', 'v2');
      assert.deepEqual(
        (await store.listAudit('r1')).map((event) => event.type),
        ['requested', 'step'],
      );
    } finally {
      await store.close();
    }
    // Migrating is done once: a second opening finds every column and keeps the lease.
    const again = new SqliteStore(path);
    try {
      assert.equal((await again.get('r1'))?.lease?.owner, 'runner-a');
      assert.equal(await again.readKey('k1', '2025-05-01T10:00:00.000Z'), 'v1');
      assert.equal(await again.readKey('k2', '2025-05-01T10:00:00.000Z'), 'v2');
    } finally {
      await again.close();
    }
  });
});
