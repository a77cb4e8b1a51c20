import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { LockdownService } from '../../src/lockdown/lockdown-service';
import { generatePassword } from '../../src/lockdown/password';
import { AccessPolicy, type AccessRules, OPEN_ACCESS_RULES } from '../../src/lockdown/policy';
import type { ProgressListener } from '../../src/lockdown/progress-listener';
import type { LockdownMode, LockdownRequest } from '../../src/lockdown/request';
import { SqliteStore } from '../../src/store';
import { FakeDirectory, JANE } from './fake-directory';

const RILEY = { id: 'riley', name: 'Riley' };
const ALEX = { id: 'alex', name: 'Alex' };
const SOURCE = { tenantId: 't1', conversationId: 'c1' };
const ORIGIN = { ...SOURCE, reply: '{}' };

class RecordingListener implements ProgressListener {
  readonly changes: LockdownRequest[] = [];
  readonly finished: LockdownRequest[] = [];
  onChange(request: LockdownRequest): void {
    this.changes.push(request);
  }
  onFinished(request: LockdownRequest): void {
    this.finished.push(request);
  }
}

describe('LockdownService with the SQLite store', () => {
  let dir: string;
  let store: SqliteStore;
  let directory: FakeDirectory;
  let listener: RecordingListener;
  let clock: Date;

  function service(options: Partial<AccessRules> = {}): LockdownService {
    const rules: AccessRules = { ...OPEN_ACCESS_RULES, ...options };
    return new LockdownService({
      directory,
      store,
      listener,
      logger: pino({ level: 'silent' }),
      generatePassword: () => generatePassword(),
      approvalTtlMinutes: 15,
      policy: new AccessPolicy(rules, directory),
      now: () => clock,
    });
  }

  async function pending(
    svc: LockdownService,
    mode: LockdownMode = 'full',
  ): Promise<LockdownRequest> {
    const result = await svc.request({
      userPrincipalName: 'jane@contoso.com',
      mode,
      requestedBy: RILEY,
      origin: ORIGIN,
    });
    assert.equal(result.kind, 'created');
    return (result as { request: LockdownRequest }).request;
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lockdown-service-'));
    store = new SqliteStore(join(dir, 'test.db'));
    directory = new FakeDirectory(JANE, [
      { id: 'd1', displayName: 'Laptop', operatingSystem: 'Windows', accountEnabled: true },
      { id: 'd2', displayName: 'iPhone', operatingSystem: 'iOS', accountEnabled: true },
    ]);
    listener = new RecordingListener();
    clock = new Date();
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the steps in order and ends completed', async () => {
    const svc = service();
    const request = await pending(svc);
    assert.equal((await svc.approve(request.id, ALEX, SOURCE)).kind, 'approved');
    await svc.drain();
    assert.deepEqual(directory.calls.slice(1), [
      'disableAccount u-jane',
      'resetPassword u-jane',
      'revokeSessions u-jane',
      'listDevices u-jane',
      'disableDevice d1',
      'disableDevice d2',
      'readBack u-jane',
    ]);
    const finished = await store.get(request.id);
    assert.equal(finished?.state, 'completed');
    assert.deepEqual(
      finished?.steps.map((s) => s.status),
      ['done', 'done', 'done', 'done', 'done'],
    );
    assert.equal(listener.finished.length, 1);
  });

  it('keeps going after a failed step and ends partial', async () => {
    directory.failOn('resetPassword');
    directory.failOn('disableDevice d2');
    const svc = service();
    const request = await pending(svc);
    await svc.approve(request.id, ALEX, SOURCE);
    await svc.drain();
    const finished = (await store.get(request.id))!;
    assert.equal(finished.state, 'partial');
    const byStep = Object.fromEntries(finished.steps.map((s) => [s.step, s]));
    assert.equal(byStep['reset-password']?.status, 'failed');
    assert.equal(byStep['reset-password']?.failure?.code, 'Authorization_RequestDenied');
    assert.equal(byStep['revoke-sessions']?.status, 'done');
    assert.equal(byStep['disable-devices']?.status, 'failed');
    assert.equal(byStep['disable-devices']?.detail, '1 of 2 devices disabled');
    assert.match(byStep['disable-devices']?.devices?.[1]?.note ?? '', /Intune/);
  });

  it('ends failed when nothing could be done', async () => {
    for (const prefix of [
      'disableAccount',
      'resetPassword',
      'revokeSessions',
      'listDevices',
      'readBack',
    ])
      directory.failOn(prefix);
    const svc = service();
    const request = await pending(svc);
    await svc.approve(request.id, ALEX, SOURCE);
    await svc.drain();
    assert.equal((await store.get(request.id))?.state, 'failed');
  });

  it('keep-enabled mode skips the disables', async () => {
    const svc = service();
    const request = await pending(svc, 'keep-enabled');
    await svc.approve(request.id, ALEX, SOURCE);
    await svc.drain();
    assert.deepEqual(directory.calls.slice(1), [
      'resetPassword u-jane',
      'revokeSessions u-jane',
      'readBack u-jane',
    ]);
    const finished = (await store.get(request.id))!;
    assert.equal(finished.state, 'completed');
    assert.deepEqual(
      finished.steps.map((s) => s.status),
      ['skipped', 'done', 'done', 'skipped', 'done'],
    );
  });

  it('hands each password to the directory once and never stores it', async () => {
    const svc = service();
    const request = await pending(svc);
    await svc.approve(request.id, ALEX, SOURCE);
    await svc.drain();
    assert.equal(directory.passwords.length, 1);
    const everything = JSON.stringify([
      await store.get(request.id),
      await store.listAudit(),
      listener.changes,
    ]);
    assert.equal(everything.includes(directory.passwords[0]!), false);
  });

  it('runs the pipeline once when Confirm is clicked many times at once', async () => {
    const svc = service();
    const request = await pending(svc);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => svc.approve(request.id, ALEX, SOURCE)),
    );
    await svc.drain();
    assert.equal(results.filter((r) => r.kind === 'approved').length, 1);
    assert.equal(results.filter((r) => r.kind === 'not-pending').length, 9);
    assert.equal(directory.calls.filter((c) => c.startsWith('disableAccount')).length, 1);
  });

  it('refuses self-approval unless allowed', async () => {
    const strict = service();
    const request = await pending(strict);
    assert.equal((await strict.approve(request.id, RILEY, SOURCE)).kind, 'refused');
    assert.equal(
      (await service({ allowSelfApproval: true }).approve(request.id, RILEY, SOURCE)).kind,
      'approved',
    );
  });

  it('refuses actions from another conversation or tenant, unknown ids and expired requests', async () => {
    const svc = service();
    const request = await pending(svc);
    assert.equal(
      (await svc.approve(request.id, ALEX, { ...SOURCE, conversationId: 'other' })).kind,
      'foreign',
    );
    assert.equal(
      (await svc.approve(request.id, ALEX, { ...SOURCE, tenantId: 'evil' })).kind,
      'foreign',
    );
    assert.equal(
      (await svc.approve('00000000-0000-4000-8000-000000000000', ALEX, SOURCE)).kind,
      'unknown',
    );
    clock = new Date(clock.getTime() + 16 * 60_000);
    assert.equal((await svc.approve(request.id, ALEX, SOURCE)).kind, 'expired');
    assert.equal((await store.get(request.id))?.state, 'expired');
    assert.equal(directory.calls.length, 1, 'only the look-up');
  });

  it('cancel wins over a later confirm', async () => {
    const svc = service();
    const request = await pending(svc);
    assert.equal((await svc.cancel(request.id, ALEX, SOURCE)).kind, 'cancelled');
    const late = await svc.approve(request.id, ALEX, SOURCE);
    assert.equal(late.kind, 'not-pending');
    assert.equal(directory.calls.length, 1);
  });

  it('resumes a request left running by a dead process', async () => {
    const request = await pending(service());
    await store.transition(request.id, ['pending'], {
      state: 'approved',
      decidedBy: ALEX,
      decidedAt: clock.toISOString(),
    });
    await store.transition(request.id, ['approved'], { state: 'running' });
    const resumer = service();
    assert.equal(await resumer.resumeInterrupted(), 1);
    await resumer.drain();
    assert.equal((await store.get(request.id))?.state, 'completed');
  });

  it('records an audit trail of the request, the approval, each step and the end', async () => {
    const svc = service();
    const request = await pending(svc);
    await svc.approve(request.id, ALEX, SOURCE);
    await svc.drain();
    const types = (await store.listAudit(request.id)).map((e) => e.type);
    assert.deepEqual(types, [
      'requested',
      'approved',
      'step',
      'step',
      'step',
      'step',
      'step',
      'finished',
    ]);
  });
});
