/** An alert is acted on once per incident and users, on the real SQLite store. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alertKey, claimAlert } from '../../src/lockdown/alert-claim';
import { minimalRequest } from '../store/request-store.contract';
import { SqliteStore } from '../../src/store';

describe('claimAlert', () => {
  let dir: string;
  let store: SqliteStore;
  let now: Date;
  let ids: number;
  const deps = () => ({
    store,
    approvalTtlMinutes: 60,
    now: () => now,
    newId: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
  });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'alert-claim-'));
    store = new SqliteStore(join(dir, 'test.db'));
    now = new Date('2026-12-02T10:00:00Z');
    ids = 0;
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keys an alert by incident and users, in any order and case', () => {
    assert.equal(alertKey('42', ['a@x.com', 'B@x.com']), alertKey('42', ['b@x.com', 'A@X.COM']));
    assert.notEqual(alertKey('42', ['a@x.com']), alertKey('42', ['a@x.com', 'b@x.com']));
    assert.notEqual(alertKey('42', ['a@x.com']), alertKey('43', ['a@x.com']));
  });

  it('claims the first call and answers the same request to a retry', async () => {
    const key = alertKey('42', ['a@x.com']);
    const first = await claimAlert(deps(), key);
    assert.equal(first.kind, 'new');
    await store.create(minimalRequest(first.requestId));
    const retry = await claimAlert(deps(), key);
    assert.equal(retry.kind, 'existing');
    assert.equal(retry.requestId, first.requestId);
    assert.equal(retry.kind === 'existing' ? retry.request?.id : '', first.requestId);
  });

  it('answers a claim still being acted on, and takes over one abandoned for 2 minutes', async () => {
    const key = alertKey('42', ['a@x.com']);
    const first = await claimAlert(deps(), key);
    const soon = await claimAlert(deps(), key);
    assert.deepEqual(soon, { kind: 'existing', requestId: first.requestId });
    now = new Date(now.getTime() + 2 * 60_000);
    const later = await claimAlert(deps(), key);
    assert.equal(later.kind, 'new');
    assert.notEqual(later.requestId, first.requestId);
  });

  it('acts again once the approval time to live is over', async () => {
    const key = alertKey('42', ['a@x.com']);
    const first = await claimAlert(deps(), key);
    await store.create(minimalRequest(first.requestId));
    now = new Date(now.getTime() + 60 * 60_000);
    assert.equal((await claimAlert(deps(), key)).kind, 'new');
  });

  it('lets exactly one of ten simultaneous calls act', async () => {
    const key = alertKey('42', ['a@x.com']);
    const claims = await Promise.all(Array.from({ length: 10 }, () => claimAlert(deps(), key)));
    assert.equal(claims.filter((claim) => claim.kind === 'new').length, 1);
    assert.equal(new Set(claims.map((claim) => claim.requestId)).size, 1);
  });
});
