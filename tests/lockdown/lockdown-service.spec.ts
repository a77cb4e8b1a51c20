import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { LockdownService } from '../../src/lockdown/lockdown-service';
import { generatePassword } from '../../src/lockdown/password';
import { AccessPolicy, type AccessRules, OPEN_ACCESS_RULES } from '../../src/lockdown/policy';
import { LockdownRunner, type RunnerOptions } from '../../src/lockdown/runner';
import type { ProgressListener } from '../../src/lockdown/progress-listener';
import type { LockdownMode, LockdownRequest, StepOutcome } from '../../src/lockdown/request';
import type { AuditEvent, RequestStore } from '../../src/lockdown/request-store';
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
  let runner: LockdownRunner;

  function newRunner(
    owner = 'runner-1',
    overrides: Partial<Pick<RunnerOptions, 'store' | 'logger' | 'maxAttempts'>> = {},
  ): LockdownRunner {
    return new LockdownRunner({
      store,
      logger: pino({ level: 'silent' }),
      owner,
      leaseMs: 30_000,
      sweepMs: 15_000,
      ...overrides,
      pipeline: {
        directory,
        listener,
        generatePassword: () => generatePassword(),
        now: () => clock,
      },
    });
  }

  function service(
    options: Partial<AccessRules> = {},
    extra: { maxPendingPerPerson?: number } = {},
  ): LockdownService & { drain(): Promise<void> } {
    const rules: AccessRules = { ...OPEN_ACCESS_RULES, ...options };
    const svc = new LockdownService({
      directory,
      store,
      listener,
      logger: pino({ level: 'silent' }),
      approvalTtlMinutes: 15,
      policy: new AccessPolicy(rules, directory),
      runner,
      now: () => clock,
      ...extra,
    });
    return Object.assign(svc, { drain: () => runner.drain() });
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
    runner = newRunner();
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

  it('resumes a request left running by a dead runner once its lease lapses, from the last recorded stage', async () => {
    const request = await pending(service());
    await store.transition(request.id, ['pending'], {
      state: 'approved',
      decidedBy: ALEX,
      decidedAt: clock.toISOString(),
    });
    const dead = new Date(clock.getTime() + 10_000).toISOString();
    assert.ok(await store.claim(request.id, 'dead-runner', dead, clock.toISOString()));
    // The dead runner had finished the account stage, and the directory shows it.
    for (const step of ['disable-account', 'reset-password', 'revoke-sessions'] as const) {
      await store.saveStep(request.id, { step, status: 'done', detail: 'earlier' }, 'dead-runner');
    }
    directory.accountEnabled = false;
    directory.validFrom = new Date(Math.floor(clock.getTime() / 1000) * 1000).toISOString();
    const resumer = newRunner('runner-2');
    assert.equal(await resumer.sweep(), 0, 'the lease is still live');
    clock = new Date(clock.getTime() + 11_000);
    assert.equal(await resumer.sweep(), 1);
    await resumer.drain();
    const finished = (await store.get(request.id))!;
    assert.equal(finished.state, 'completed');
    assert.equal(finished.lease, undefined);
    assert.deepEqual(
      directory.calls.filter((c) => /disableAccount|resetPassword|revokeSessions/.test(c)),
      [],
      'the recorded stage was not run again',
    );
    assert.ok(directory.calls.includes('disableDevice d1'));
  });

  it('gives up on a request whose runs keep crashing, after maxAttempts claims', async () => {
    // The store cannot record the devices' outcome (too large to encode, say): every run that
    // reaches the device stage crashes there, leaving its lease to lapse.
    const failing = new Proxy<RequestStore>(store, {
      get(target, property) {
        if (property === 'saveStep') {
          return async (
            id: string,
            outcome: StepOutcome,
            owner: string,
            audit?: readonly AuditEvent[],
          ) => {
            if (outcome.step === 'disable-devices' && outcome.devices !== undefined) {
              throw new Error('The outcome of step disable-devices is too large to encode.');
            }
            return target.saveStep(id, outcome, owner, audit);
          };
        }
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
      },
    });
    const logged: { level: number; msg: string; attempt?: number }[] = [];
    const crashing = newRunner('runner-1', {
      store: failing,
      logger: pino({ level: 'warn' }, { write: (line: string) => logged.push(JSON.parse(line)) }),
    });
    const request = await pending(service());
    await store.transition(request.id, ['pending'], { state: 'approved', decidedBy: ALEX });
    for (let attempt = 1; attempt <= 5; attempt++) {
      assert.equal(await crashing.sweep(), 1, `attempt ${attempt} claims it`);
      await crashing.drain();
      const crashed = (await store.get(request.id))!;
      assert.equal(crashed.state, 'running', `attempt ${attempt} crashed`);
      assert.equal(crashed.claims, attempt);
      assert.equal(crashed.lease?.owner, 'runner-1', 'a crash does not give up the lease');
      assert.equal(await crashing.sweep(), 0, 'not claimed again while the lease is live');
      clock = new Date(clock.getTime() + 31_000);
    }
    assert.equal(listener.finished.length, 0);
    assert.equal(await crashing.sweep(), 1, 'the sixth claim');
    await crashing.drain();

    const ended = (await store.get(request.id))!;
    assert.equal(ended.state, 'partial');
    assert.equal(ended.lease, undefined);
    assert.equal(ended.claims, 6);
    const detail =
      'Gave up after 5 attempts to run this lockdown (the last one stopped with an error; see the log)';
    for (const step of ['disable-devices', 'verify'] as const) {
      const outcome = ended.steps.find((s) => s.step === step);
      assert.equal(outcome?.status, 'failed', step);
      assert.equal(outcome?.detail, detail, step);
    }
    assert.deepEqual(
      ended.steps.filter((s) => s.status === 'done').map((s) => s.step),
      ['disable-account', 'reset-password', 'revoke-sessions'],
    );
    const disables = directory.calls.filter((c) => c.startsWith('disableAccount')).length;
    assert.ok(disables >= 1 && disables <= 5, `disableAccount called ${disables} times`);
    assert.equal(directory.calls.filter((c) => c.startsWith('listDevices')).length, 5);
    assert.equal(directory.calls.filter((c) => c.startsWith('readBack')).length, 0);
    assert.deepEqual(
      listener.finished.map((r) => [r.id, r.state]),
      [[request.id, 'partial']],
    );
    const finished = (await store.listAudit(request.id)).filter((e) => e.type === 'finished');
    assert.deepEqual(
      finished.map((e) => e.data),
      [{ state: 'partial', gaveUpAfterAttempts: 5 }],
    );
    assert.deepEqual(
      logged.filter((l) => l.level === 50 && /crashed/.test(l.msg)).map((l) => l.attempt),
      [1, 2, 3, 4, 5],
      'each crash is logged at error level with its attempt',
    );
    assert.equal(await crashing.sweep(), 0, 'nothing left to run');
  });

  it('runs a request again after a crash while under maxAttempts, and finishes it', async () => {
    let failures = 2;
    const flaky = new Proxy<RequestStore>(store, {
      get(target, property) {
        if (property === 'saveStep') {
          return async (
            id: string,
            outcome: StepOutcome,
            owner: string,
            audit?: readonly AuditEvent[],
          ) => {
            if (outcome.step === 'verify' && failures > 0) {
              failures--;
              throw new Error('store unavailable');
            }
            return target.saveStep(id, outcome, owner, audit);
          };
        }
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
      },
    });
    const retrying = newRunner('runner-1', { store: flaky, maxAttempts: 3 });
    const request = await pending(service());
    await store.transition(request.id, ['pending'], { state: 'approved', decidedBy: ALEX });
    for (let attempt = 1; attempt <= 3; attempt++) {
      assert.equal(await retrying.sweep(), 1);
      await retrying.drain();
      clock = new Date(clock.getTime() + 31_000);
    }
    const ended = (await store.get(request.id))!;
    assert.equal(ended.state, 'completed');
    assert.equal(ended.claims, 3);
    const finished = (await store.listAudit(request.id)).filter((e) => e.type === 'finished');
    assert.deepEqual(
      finished.map((e) => e.data),
      [{ state: 'completed' }],
    );
  });

  it('refuses a maxAttempts that is not a positive integer', () => {
    for (const maxAttempts of [0, -1, 1.5, Number.NaN]) {
      assert.throws(() => newRunner('r', { maxAttempts }), /maxAttempts/);
    }
  });

  it('picks up an approved request that no runner started', async () => {
    const request = await pending(service());
    await store.transition(request.id, ['pending'], { state: 'approved', decidedBy: ALEX });
    assert.equal(await runner.sweep(), 1);
    await runner.drain();
    assert.equal((await store.get(request.id))?.state, 'completed');
  });

  it('stops writing when another runner has taken the lease', async () => {
    const request = await pending(service());
    await store.transition(request.id, ['pending'], { state: 'approved', decidedBy: ALEX });
    directory.onCall = async (call) => {
      if (!call.startsWith('listDevices')) return;
      // While this runner lists devices, its lease lapses and another runner steals it.
      const later = new Date(clock.getTime() + 60_000);
      await store.claim(
        request.id,
        'thief',
        new Date(later.getTime() + 30_000).toISOString(),
        later.toISOString(),
      );
    };
    assert.equal(await runner.sweep(), 1);
    await runner.drain();
    const after = (await store.get(request.id))!;
    assert.equal(after.state, 'running');
    assert.equal(after.lease?.owner, 'thief');
    assert.equal(
      after.steps.some((s) => s.step === 'disable-devices'),
      false,
      'no write after the steal',
    );
  });

  it('lets only the requester or an approver cancel, and records a refused attempt', async () => {
    const svc = service({ approverIds: ['alex'] });
    const request = await pending(svc);
    const mallory = { id: 'mallory', name: 'Mallory' };
    const refused = await svc.cancel(request.id, mallory, SOURCE);
    assert.equal(refused.kind, 'refused');
    assert.match((refused as { reason: string }).reason, /Only the requester or an approver/);
    assert.equal((await store.get(request.id))?.state, 'pending');
    assert.equal((await svc.approve(request.id, ALEX, SOURCE)).kind, 'approved');
    await svc.drain();
    const types = (await store.listAudit(request.id)).map((e) => e.type);
    assert.ok(types.includes('cancel-refused'));
  });

  it('counts a second approver of a privileged target who lost a race, instead of saying "already approved"', async () => {
    directory.user = {
      ...directory.user,
      roles: [
        {
          displayName: 'Global Administrator',
          roleTemplateId: '62e90394-69f5-4237-9190-012177145e10',
        },
      ],
    };
    const svc = service();
    const request = await pending(svc);
    assert.equal(request.requiredApprovals, 2);
    const dana = { id: 'dana', name: 'Dana' };
    const [first, second] = await Promise.all([
      svc.approve(request.id, ALEX, SOURCE),
      svc.approve(request.id, dana, SOURCE),
    ]);
    assert.deepEqual([first.kind, second.kind].sort(), ['approved', 'awaiting-approval']);
    await svc.drain();
    assert.equal((await store.get(request.id))?.state, 'completed');
  });

  it('refuses the eleventh pending request of one person', async () => {
    const svc = service({}, { maxPendingPerPerson: 10 });
    for (let i = 0; i < 10; i++) await pending(svc);
    const eleventh = await svc.request({
      userPrincipalName: 'jane@contoso.com',
      mode: 'full',
      requestedBy: RILEY,
      origin: ORIGIN,
    });
    assert.equal(eleventh.kind, 'refused');
    assert.match((eleventh as { reason: string }).reason, /limit is 10/);
    assert.equal((await store.listInStates(['pending'])).length, 10);
  });

  it('marks a step unconfirmed when the read-back contradicts it twice, and ends partial', async () => {
    directory.ignoreDisable = true;
    const svc = service();
    const request = await pending(svc);
    await svc.approve(request.id, ALEX, SOURCE);
    await svc.drain();
    const finished = (await store.get(request.id))!;
    assert.equal(finished.state, 'partial');
    const byStep = Object.fromEntries(finished.steps.map((s) => [s.step, s]));
    assert.equal(byStep['disable-account']?.status, 'unconfirmed');
    assert.equal(byStep.verify?.status, 'failed');
    assert.equal(directory.calls.filter((c) => c.startsWith('readBack')).length, 2);
  });

  it('says on the device step when the devices were found through Intune', async () => {
    directory.devices.splice(0, directory.devices.length, {
      id: 'd9',
      displayName: 'Laptop',
      operatingSystem: 'Windows',
      accountEnabled: true,
      foundThrough: 'intune',
    });
    const svc = service();
    const request = await pending(svc);
    await svc.approve(request.id, ALEX, SOURCE);
    await svc.drain();
    const devices = (await store.get(request.id))!.steps.find((s) => s.step === 'disable-devices');
    assert.match(
      devices?.detail ?? '',
      /^1 of 1 devices disabled \(found through Intune managed devices/,
    );
  });

  it('does not report "not revoked" when the bot clock runs ahead of Graph', async () => {
    directory.serverClockOffsetMs = -90_000;
    const svc = service();
    const request = await pending(svc);
    await svc.approve(request.id, ALEX, SOURCE);
    await svc.drain();
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
