/**
 * What every {@link RequestStore} promises, as one suite that each implementation runs against
 * its own backing store (see sqlite-store.spec.ts and azure-table-store.spec.ts).
 */
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import type { Foothold } from '../../src/lockdown/foothold';
import type { AuditEvent, RequestStore } from '../../src/lockdown/request-store';
import type {
  DeviceOutcome,
  DeviceSummary,
  LockdownRequest,
  StepOutcome,
} from '../../src/lockdown/request';
import { STEP_ORDER } from '../../src/lockdown/request';
import { describeKeyedContract } from './keyed.contract';

/** A store under test, on fresh, empty backing storage. */
export interface StoreUnderTest {
  readonly store: RequestStore;
  /** Opens another instance on the same data, as a restart or a second bot process would. */
  open(): Promise<RequestStore>;
  /** Closes what is still open and deletes the backing data. */
  cleanup(): Promise<void>;
}

const RILEY = { id: 'riley', name: 'Riley Responder' };
const ALEX = { id: 'alex', name: 'Alex Approver' };
const SAM = { id: 'sam', name: 'Sam Zoë 🚀' };

/** Two bot processes, as runners. */
const RUNNER_A = 'runner-a';
const RUNNER_B = 'runner-b';
const T0 = '2025-05-01T10:00:00.000Z';

/** The ISO time `seconds` after {@link T0}, as the bot writes times (`toISOString()`). */
function at(seconds: number): string {
  return new Date(Date.parse(T0) + seconds * 1000).toISOString();
}

/** `request` as its runner holds it: running, leased to `owner` until `expiresAt`. */
export function leased(
  request: LockdownRequest,
  owner = RUNNER_A,
  expiresAt = at(60),
): LockdownRequest {
  return { ...request, state: 'running', lease: { owner, expiresAt } };
}

/** A pending request with only the required fields. */
export function minimalRequest(
  id: string,
  requestedAt = '2025-05-01T10:00:00.000Z',
): LockdownRequest {
  return {
    id,
    state: 'pending',
    mode: 'keep-enabled',
    target: {
      id: 'u-jane',
      userPrincipalName: 'jane@contoso.com',
      displayName: 'Jane Doe',
      accountEnabled: true,
      onPremisesSyncEnabled: false,
      userType: 'Member',
      roles: [],
      devices: [],
    },
    requestedBy: RILEY,
    requestedAt,
    expiresAt: '2025-05-01T10:15:00.000Z',
    origin: { tenantId: 't1', conversationId: 'c1', reply: '{}' },
    steps: [],
  };
}

/** A request with every optional field set, steps included. */
export function fullRequest(id: string): LockdownRequest {
  return {
    id,
    state: 'partial',
    mode: 'full',
    target: {
      id: 'u-jane',
      userPrincipalName: 'Jane.Doe@Contoso.com',
      displayName: "Jane Doe (Finance) — “quoted” 'single'",
      jobTitle: 'Accountant',
      department: 'Finance',
      accountEnabled: true,
      onPremisesSyncEnabled: true,
      userType: 'Guest',
      roles: [
        {
          displayName: 'Global Administrator',
          roleTemplateId: '62e90394-69f5-4237-9190-012177145e10',
          privileged: true,
        },
      ],
      devices: devices(2),
    },
    requestedBy: RILEY,
    requestedAt: '2025-05-01T10:00:00.000Z',
    expiresAt: '2025-05-01T10:15:00.000Z',
    origin: {
      tenantId: 't1',
      conversationId: '19:abc@thread.tacv2',
      channelId: '19:channel@thread.tacv2',
      reply: JSON.stringify({ serviceUrl: 'https://smba.example/', conversation: { id: 'x' } }),
      cardActivityId: '1714557600000',
    },
    decidedBy: SAM,
    decidedAt: '2025-05-01T10:01:00.000Z',
    steps: [
      {
        step: 'disable-account',
        status: 'done',
        startedAt: '2025-05-01T10:01:01.000Z',
        finishedAt: '2025-05-01T10:01:02.000Z',
        durationMs: 1000,
        detail: 'Account disabled',
      },
      {
        step: 'reset-password',
        status: 'failed',
        failure: {
          status: 403,
          code: 'Authorization_RequestDenied',
          message: 'Insufficient privileges to complete the operation.',
          requestId: 'req-1',
        },
      },
      {
        step: 'disable-devices',
        status: 'done',
        devices: deviceOutcomes(2),
        detail: '1 of 2 devices disabled',
      },
      {
        step: 'verify',
        status: 'done',
        observed: {
          accountEnabled: false,
          signInSessionsValidFromDateTime: '2025-05-01T10:01:03Z',
        },
      },
    ],
    finishedAt: '2025-05-01T10:02:00.000Z',
    undoneBy: {
      requestId: 'r-unlock',
      finishedAt: '2025-05-02T09:00:00.000Z',
      requestedBy: RILEY,
      approvedBy: [SAM, ALEX],
      state: 'partial',
    },
  };
}

/** A finished unlock of {@link fullRequest}'s lockdown, with its plan. */
export function unlockRequest(id: string, lockdownId: string): LockdownRequest {
  const lockdown = fullRequest(lockdownId);
  return {
    ...minimalRequest(id, '2025-05-02T08:00:00.000Z'),
    kind: 'unlock',
    mode: 'full',
    target: lockdown.target,
    state: 'completed',
    approvals: [{ by: ALEX, at: '2025-05-02T08:01:00.000Z' }],
    undo: {
      lockdownId,
      lockdownFinishedAt: '2025-05-01T10:02:00.000Z',
      lockdownRequestedBy: RILEY,
      enableAccount: true,
      devices: devices(1).map((device) => ({ ...device, accountEnabled: false })),
      leftAlone: [
        { deviceId: 'd-2', displayName: 'iPhone', operatingSystem: 'iOS', reason: 'refused' },
      ],
    },
    steps: [
      { step: 'enable-account', status: 'done', detail: 'Account enabled' },
      { step: 'enable-devices', status: 'done', devices: deviceOutcomes(1) },
      { step: 'verify', status: 'done', observed: { accountEnabled: true } },
    ],
    finishedAt: '2025-05-02T08:02:00.000Z',
  };
}

function devices(count: number): DeviceSummary[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `0b7c${String(index).padStart(4, '0')}-5d6e-4f70-8a9b-${String(index * 7919).padStart(12, '0')}`,
    displayName: `DESKTOP-${(index * 2654435761).toString(36).toUpperCase().slice(0, 7)}`,
    operatingSystem: ['Windows', 'iOS', 'Android', 'MacMDM'][index % 4]!,
    accountEnabled: index % 3 !== 0,
  }));
}

function deviceOutcomes(count: number): DeviceOutcome[] {
  return devices(count).map((device, index) => ({
    deviceId: device.id,
    displayName: device.displayName,
    operatingSystem: device.operatingSystem,
    status: index % 2 === 0 ? 'done' : 'failed',
    wasEnabled: device.accountEnabled,
    ...(index % 2 === 0
      ? {}
      : {
          failure: {
            status: 403,
            code: 'Authorization_RequestDenied',
            message: 'Insufficient privileges to complete the operation.',
            requestId: `a1b2c3d4-0000-4000-8000-${String(index).padStart(12, '0')}`,
          },
          note: 'Intune-managed devices must be retired from Intune; ask the endpoint team.',
        }),
  }));
}

/** Runs the contract against stores made by `factory`, each on fresh backing storage. */
export function describeRequestStoreContract(
  name: string,
  factory: () => Promise<StoreUnderTest>,
): void {
  describe(`RequestStore contract: ${name}`, function () {
    this.timeout(20_000);
    let subject: StoreUnderTest;
    let store: RequestStore;

    beforeEach(async () => {
      subject = await factory();
      store = subject.store;
    });

    afterEach(async () => {
      await subject.cleanup();
    });

    describe('create and get', () => {
      it('round-trips a request with every optional field, steps and origin', async () => {
        const request = fullRequest('r-full');
        await store.create(request);
        assert.deepEqual(await store.get('r-full'), request);
      });

      it('round-trips a request with no optional field, adding none', async () => {
        const request = minimalRequest('r-min');
        await store.create(request);
        assert.deepEqual(await store.get('r-min'), request);
      });

      it('refuses a second request with the same id and keeps the first', async () => {
        const first = minimalRequest('r-dup');
        await store.create(first);
        await assert.rejects(store.create({ ...fullRequest('r-dup'), state: 'pending' }));
        assert.deepEqual(await store.get('r-dup'), first);
      });

      it('returns undefined for an unknown id, however odd', async () => {
        for (const id of ['nope', 'a/b', 'x#y', 'what?', "o'brien", 'tab\tid', 'ünïcødé']) {
          assert.equal(await store.get(id), undefined, id);
        }
      });

      it('round-trips an id with a quote in it', async () => {
        const request = minimalRequest("r-o'brien");
        await store.create(request);
        assert.deepEqual(await store.get("r-o'brien"), request);
      });

      it('round-trips a target with 2,000 devices and a step with 2,000 device outcomes', async () => {
        const target = { ...fullRequest('r-big').target, devices: devices(2_000) };
        const request = leased({
          ...fullRequest('r-big'),
          target,
          steps: [{ step: 'disable-devices', status: 'done', devices: deviceOutcomes(2_000) }],
        });
        await store.create(request);
        assert.deepEqual(await store.get('r-big'), request);
        const replaced: StepOutcome = {
          step: 'disable-devices',
          status: 'failed',
          devices: deviceOutcomes(1_999),
        };
        const after = await store.saveStep('r-big', replaced, RUNNER_A);
        assert.deepEqual(after?.steps, [replaced]);
        assert.deepEqual(await store.get('r-big'), { ...request, steps: [replaced] });
        // Large to small and back: no part of an earlier outcome may survive a replacement.
        const small: StepOutcome = { step: 'disable-devices', status: 'running' };
        assert.deepEqual((await store.saveStep('r-big', small, RUNNER_A))?.steps, [small]);
        assert.deepEqual((await store.saveStep('r-big', replaced, RUNNER_A))?.steps, [replaced]);
        assert.deepEqual((await store.get('r-big'))?.steps, [replaced]);
      });
    });

    describe('transition', () => {
      it('moves a request from an expected state and returns it as stored', async () => {
        await store.create(minimalRequest('r1'));
        const moved = await store.transition('r1', ['pending', 'approved'], {
          state: 'approved',
          decidedBy: ALEX,
          decidedAt: '2025-05-01T10:05:00.000Z',
        });
        assert.deepEqual(moved, {
          ...minimalRequest('r1'),
          state: 'approved',
          decidedBy: ALEX,
          decidedAt: '2025-05-01T10:05:00.000Z',
        });
        assert.deepEqual(await store.get('r1'), moved);
      });

      it('returns undefined and changes nothing from an unexpected state', async () => {
        await store.create(fullRequest('r1'));
        const before = await store.get('r1');
        const moved = await store.transition('r1', ['pending', 'approved'], {
          state: 'cancelled',
          decidedBy: ALEX,
          decidedAt: '2025-05-02T00:00:00.000Z',
          finishedAt: '2025-05-02T00:00:00.000Z',
        });
        assert.equal(moved, undefined);
        assert.deepEqual(await store.get('r1'), before);
      });

      it('returns undefined for an unknown id or no expected state', async () => {
        assert.equal(await store.transition('nope', ['pending'], { state: 'approved' }), undefined);
        await store.create(minimalRequest('r1'));
        assert.equal(await store.transition('r1', [], { state: 'approved' }), undefined);
        assert.equal((await store.get('r1'))?.state, 'pending');
      });

      it('sets decidedBy, decidedAt and finishedAt only when given', async () => {
        await store.create(minimalRequest('r1'));
        await store.transition('r1', ['pending'], {
          state: 'approved',
          decidedBy: ALEX,
          decidedAt: '2025-05-01T10:05:00.000Z',
        });
        const running = await store.transition('r1', ['approved'], { state: 'running' });
        assert.equal(running?.state, 'running');
        assert.deepEqual(running?.decidedBy, ALEX);
        assert.equal(running?.decidedAt, '2025-05-01T10:05:00.000Z');
        assert.equal('finishedAt' in running!, false);
        const done = await store.transition('r1', ['running'], {
          state: 'completed',
          finishedAt: '2025-05-01T10:06:00.000Z',
        });
        assert.deepEqual(done, {
          ...minimalRequest('r1'),
          state: 'completed',
          decidedBy: ALEX,
          decidedAt: '2025-05-01T10:05:00.000Z',
          finishedAt: '2025-05-01T10:06:00.000Z',
        });
        assert.deepEqual(await store.get('r1'), done);
      });

      it('lets exactly one of 20 concurrent transitions win', async () => {
        await store.create(minimalRequest('r1'));
        const deciders = Array.from({ length: 20 }, (_, index) => ({
          id: `p${index}`,
          name: `P${index}`,
        }));
        const results = await Promise.all(
          deciders.map((decidedBy) =>
            store.transition('r1', ['pending'], { state: 'approved', decidedBy }),
          ),
        );
        const winners = results.filter((result) => result !== undefined);
        assert.equal(winners.length, 1);
        const stored = await store.get('r1');
        assert.equal(stored?.state, 'approved');
        assert.deepEqual(stored?.decidedBy, winners[0]!.decidedBy);
      });

      it('records approvals, guarded by their count, so two first approvals cannot both land', async () => {
        await store.create({ ...minimalRequest('r1'), requiredApprovals: 2 });
        const first = (by: { id: string; name: string }) =>
          store.transition(
            'r1',
            ['pending'],
            { state: 'pending', approvals: [{ by, at: '2025-05-01T10:01:00.000Z' }] },
            { approvalCount: 0 },
          );
        const results = await Promise.all([first(ALEX), first(SAM)]);
        const winners = results.filter((result) => result !== undefined);
        assert.equal(winners.length, 1);
        const stored = await store.get('r1');
        assert.equal(stored?.state, 'pending');
        assert.equal(stored?.requiredApprovals, 2);
        assert.deepEqual(stored?.approvals, winners[0]!.approvals);
        const second = await store.transition(
          'r1',
          ['pending'],
          {
            state: 'approved',
            decidedBy: RILEY,
            approvals: [
              ...(stored?.approvals ?? []),
              { by: RILEY, at: '2025-05-01T10:02:00.000Z' },
            ],
          },
          { approvalCount: 1 },
        );
        assert.equal(second?.state, 'approved');
        assert.equal(second?.approvals?.length, 2);
        const stale = await store.transition(
          'r1',
          ['approved'],
          { state: 'running' },
          { approvalCount: 1 },
        );
        assert.equal(stale, undefined, 'the guard holds on any state');
      });

      it('lets exactly one of two instances win, 10 transitions each', async () => {
        await store.create(minimalRequest('r1'));
        const other = await subject.open();
        try {
          const results = await Promise.all(
            Array.from({ length: 20 }, (_, index) =>
              (index % 2 === 0 ? store : other).transition('r1', ['pending'], {
                state: index % 4 < 2 ? 'approved' : 'cancelled',
                decidedBy: { id: `p${index}`, name: `P${index}` },
              }),
            ),
          );
          const winners = results.filter((result) => result !== undefined);
          assert.equal(winners.length, 1);
          assert.deepEqual(await other.get('r1'), winners[0]);
          assert.deepEqual(await store.get('r1'), winners[0]);
        } finally {
          await other.close();
        }
      });
    });

    describe('unlocks', () => {
      it('round-trips an unlock with its plan, and lists it by its target', async () => {
        await store.create(minimalRequest('r-lockdown'));
        const unlock = unlockRequest('r-unlock', 'r-lockdown');
        await store.create(unlock);
        assert.deepEqual(await store.get('r-unlock'), unlock);
        const recent = await store.listRecent({ targetUpn: 'JANE.doe@contoso.com', limit: 5 });
        assert.deepEqual(
          recent.map((request) => [request.id, request.kind]),
          [['r-unlock', 'unlock']],
        );
      });

      it('marks a lockdown undone with its audit event; later transitions keep the mark', async () => {
        await store.create(minimalRequest('r1'));
        const undoneBy = fullRequest('x').undoneBy!;
        const event = { at: T0, requestId: 'r1', type: 'unlocked', data: { unlockId: 'u1' } };
        const marked = await store.markUndone('r1', undoneBy, [event]);
        assert.deepEqual(marked, { ...minimalRequest('r1'), undoneBy });
        assert.deepEqual(await store.listAudit('r1'), [event]);
        await store.transition('r1', ['pending'], { state: 'expired' });
        assert.deepEqual((await store.get('r1'))?.undoneBy, undoneBy);
        const reopened = await subject.open();
        assert.deepEqual((await reopened.get('r1'))?.undoneBy, undoneBy);
      });

      it('marks nothing, and records no event, for an unknown request', async () => {
        const event = { at: T0, requestId: 'nope', type: 'unlocked' };
        assert.equal(
          await store.markUndone('nope', fullRequest('x').undoneBy!, [event]),
          undefined,
        );
        assert.deepEqual(await store.listAudit('nope'), []);
      });
    });

    describe('foothold', () => {
      /** The target's foothold with `count` consents, their apps named when `named`. */
      const foothold = (count: number, named: boolean): Foothold => ({
        methods: { items: [{ id: 'pw', type: 'password', display: 'Password' }] },
        consents: {
          items: Array.from({ length: count }, (_, i) => ({
            id: `grant-${i}`,
            clientId: `c0000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
            scopes: ['Mail.Read', 'offline_access', `Scope.${'x'.repeat(40)}.${i}`],
            ...(named ? { appName: `App “${i}” Zoë 🚀`, verifiedPublisher: i % 2 === 0 } : {}),
            ...(named && i % 2 === 0 ? { publisher: 'Contoso Ltd' } : {}),
          })),
          ...(named ? {} : { namesUnreadable: 'names not readable: the app lacks X' }),
        },
        risk: { unreadable: 'not readable: the app lacks IdentityRiskyUser.Read.All' },
      });
      const withFoothold = (request: LockdownRequest, value: Foothold): LockdownRequest => ({
        ...request,
        target: { ...request.target, foothold: value },
      });

      it("replaces the target's foothold, last writer wins, kept by later changes", async () => {
        const request = fullRequest('r1');
        await store.create(request);
        const first = await store.setFoothold('r1', foothold(2, false));
        assert.deepEqual(first, withFoothold(request, foothold(2, false)));
        const second = await store.setFoothold('r1', foothold(3, true));
        assert.deepEqual(second, withFoothold(request, foothold(3, true)));
        await store.setCardActivityId('r1', 'activity-2');
        const reopened = await subject.open();
        assert.deepEqual(
          (await reopened.get('r1'))?.target,
          withFoothold(request, foothold(3, true)).target,
        );
        assert.equal((await reopened.get('r1'))?.origin.cardActivityId, 'activity-2');
      });

      it('writes a foothold on a request in any state; later transitions keep it', async () => {
        await store.create(leased(minimalRequest('r1')));
        await store.setFoothold('r1', foothold(1, true));
        await store.saveStep('r1', { step: 'verify', status: 'done' }, RUNNER_A);
        const finished = await store.transition('r1', ['running'], { state: 'completed' });
        assert.deepEqual(finished?.target.foothold, foothold(1, true));
      });

      it('keeps a foothold too large for one property, and a small one after it', async () => {
        await store.create(minimalRequest('r1'));
        // About 200 KB of JSON: more than an Azure Tables string property holds.
        const large = foothold(1500, true);
        assert.deepEqual((await store.setFoothold('r1', large))?.target.foothold, large);
        assert.deepEqual((await store.get('r1'))?.target.foothold, large);
        const small = foothold(1, false);
        assert.deepEqual((await store.setFoothold('r1', small))?.target.foothold, small);
        assert.deepEqual(
          await (await subject.open()).get('r1'),
          withFoothold(minimalRequest('r1'), small),
        );
      });

      it('lets the last of concurrent writers on two instances win, losing nothing else', async () => {
        await store.create(minimalRequest('r1'));
        const other = await subject.open();
        const values = [1, 2, 3, 4, 5, 6].map((count) => foothold(count, count % 2 === 0));
        await Promise.all(
          values.map((value, i) => (i % 2 === 0 ? store : other).setFoothold('r1', value)),
        );
        const stored = await store.get('r1');
        assert.ok(values.some((value) => isDeepStrictEqual(stored?.target.foothold, value)));
        assert.deepEqual(stored, withFoothold(minimalRequest('r1'), stored!.target.foothold!));
      });

      it('writes nothing, and answers undefined, for an unknown request', async () => {
        assert.equal(await store.setFoothold('nope', foothold(1, true)), undefined);
        assert.equal(await store.get('nope'), undefined);
      });
    });

    describe('card activity id', () => {
      it('is set, replaced, and kept by later transitions', async () => {
        await store.create(minimalRequest('r1'));
        await store.setCardActivityId('r1', 'activity-1');
        assert.deepEqual(await store.get('r1'), {
          ...minimalRequest('r1'),
          origin: { ...minimalRequest('r1').origin, cardActivityId: 'activity-1' },
        });
        await store.setCardActivityId('r1', 'activity-2');
        const moved = await store.transition('r1', ['pending'], { state: 'expired' });
        assert.equal(moved?.origin.cardActivityId, 'activity-2');
        assert.equal((await store.get('r1'))?.origin.cardActivityId, 'activity-2');
      });
    });

    describe('steps', () => {
      it('inserts, then replaces, a step and returns the request as it stands', async () => {
        await store.create(leased(minimalRequest('r1')));
        const running: StepOutcome = { step: 'reset-password', status: 'running', startedAt: 'a' };
        const first = await store.saveStep('r1', running, RUNNER_A);
        assert.deepEqual(first, { ...leased(minimalRequest('r1')), steps: [running] });
        const done: StepOutcome = { step: 'reset-password', status: 'done', detail: 'reset' };
        const second = await store.saveStep('r1', done, RUNNER_A);
        assert.deepEqual(second?.steps, [done]);
        assert.deepEqual((await store.get('r1'))?.steps, [done]);
      });

      it('returns steps in STEP_ORDER whatever order they were saved in', async () => {
        await store.create(leased(minimalRequest('r1')));
        for (const step of [...STEP_ORDER].reverse()) {
          await store.saveStep('r1', { step, status: 'done' }, RUNNER_A);
        }
        assert.deepEqual(
          (await store.get('r1'))?.steps.map((outcome) => outcome.step),
          [...STEP_ORDER],
        );
      });

      it('refuses a step for an unknown request', async () => {
        await assert.rejects(store.saveStep('nope', { step: 'verify', status: 'done' }, RUNNER_A), {
          message: /nope/,
        });
        assert.equal(await store.get('nope'), undefined);
      });
    });

    describe('listInStates', () => {
      it('returns the requests in the given states, oldest first', async () => {
        // Steps stored with the request, which must not show up as requests of their own.
        await store.create({
          ...minimalRequest('late', '2025-05-01T12:00:00.000Z'),
          steps: [{ step: 'verify', status: 'done' }],
        });
        await store.create(minimalRequest('early', '2025-05-01T08:00:00.000Z'));
        await store.create(minimalRequest('middle', '2025-05-01T10:00:00.000Z'));
        await store.create(minimalRequest('other', '2025-05-01T09:00:00.000Z'));
        await store.transition('middle', ['pending'], { state: 'approved', decidedBy: ALEX });
        await store.transition('other', ['pending'], { state: 'cancelled' });

        const open = await store.listInStates(['pending', 'approved']);
        assert.deepEqual(
          open.map((request) => request.id),
          ['early', 'middle', 'late'],
        );
        assert.deepEqual(open[1], await store.get('middle'));
        assert.deepEqual(open[2]?.steps, [{ step: 'verify', status: 'done' }]);
        assert.deepEqual(
          (await store.listInStates(['cancelled'])).map((request) => request.id),
          ['other'],
        );
        assert.deepEqual(await store.listInStates(['running']), []);
        assert.deepEqual(await store.listInStates([]), []);
      });
    });

    describe('listRecent', () => {
      it('lists newest first, by target (any case) and by channel, up to the limit', async () => {
        const at = (minute: number) => `2025-05-01T10:${String(minute).padStart(2, '0')}:00.000Z`;
        const make = (id: string, minute: number, upn: string, channelId: string) => ({
          ...minimalRequest(id, at(minute)),
          target: { ...minimalRequest(id).target, userPrincipalName: upn },
          origin: { ...minimalRequest(id).origin, channelId },
        });
        await store.create(make('r1', 1, 'Jane@Contoso.com', 'ch-a'));
        await store.create(make('r2', 3, 'joe@contoso.com', 'ch-a'));
        await store.create(make('r3', 2, 'jane@contoso.com', 'ch-b'));
        const ids = (list: readonly { id: string }[]) => list.map((r) => r.id);
        assert.deepEqual(ids(await store.listRecent({ targetUpn: 'JANE@contoso.com', limit: 5 })), [
          'r3',
          'r1',
        ]);
        assert.deepEqual(ids(await store.listRecent({ channelId: 'ch-a', limit: 5 })), [
          'r2',
          'r1',
        ]);
        assert.deepEqual(ids(await store.listRecent({ limit: 2 })), ['r2', 'r3']);
        assert.deepEqual(
          ids(
            await store.listRecent({ channelId: 'ch-a', targetUpn: 'joe@contoso.com', limit: 5 }),
          ),
          ['r2'],
        );
        assert.deepEqual(await store.listRecent({ channelId: 'none', limit: 5 }), []);
      });
    });

    describe('audit', () => {
      it('lists events oldest first, per request and all together', async () => {
        const events = [
          { at: '2025-05-01T10:00:00.000Z', requestId: 'r1', type: 'requested', actor: RILEY },
          { at: '2025-05-01T10:00:01.000Z', requestId: 'r2', type: 'requested', actor: SAM },
          {
            at: '2025-05-01T10:00:02.000Z',
            requestId: 'r1',
            type: 'step',
            data: { step: 'verify', status: 'done', nested: { count: 2, list: [1, 'a', null] } },
          },
          { at: '2025-05-01T10:00:03.000Z', requestId: 'r2', type: 'expired' },
          {
            at: '2025-05-01T10:00:04.000Z',
            requestId: 'r1',
            type: 'finished',
            actor: ALEX,
            data: {},
          },
        ];
        for (const event of events) await store.appendAudit(event);
        assert.deepEqual(await store.listAudit(), events);
        assert.deepEqual(
          await store.listAudit('r1'),
          events.filter((event) => event.requestId === 'r1'),
        );
        assert.deepEqual(
          await store.listAudit('r2'),
          events.filter((event) => event.requestId === 'r2'),
        );
        assert.deepEqual(await store.listAudit('nope'), []);
      });

      it('keeps write order, not the order of the `at` times', async () => {
        for (let index = 0; index < 30; index++) {
          await store.appendAudit({
            at: `2025-05-01T10:00:${String(59 - index).padStart(2, '0')}Z`,
            requestId: 'r1',
            type: `e${index}`,
          });
        }
        assert.deepEqual(
          (await store.listAudit('r1')).map((event) => event.type),
          Array.from({ length: 30 }, (_, index) => `e${index}`),
        );
      });
    });

    describe('leases', () => {
      /** An approved request with one step already recorded, ready to be claimed. */
      async function approved(id = 'r1'): Promise<LockdownRequest> {
        const request: LockdownRequest = {
          ...minimalRequest(id),
          state: 'approved',
          decidedBy: ALEX,
          steps: [{ step: 'disable-account', status: 'done' }],
        };
        await store.create(request);
        return request;
      }

      it('claims an approved request: running, leased, returned with its steps as stored', async () => {
        const request = await approved();
        const claimed = await store.claim('r1', RUNNER_A, at(60), at(0));
        assert.deepEqual(claimed, { ...leased(request, RUNNER_A, at(60)), claims: 1 });
        assert.deepEqual(await store.get('r1'), claimed);
      });

      it('counts claims: none for a new request, one per claim that takes the lease', async () => {
        const request = await approved();
        assert.equal((await store.get('r1'))?.claims ?? 0, 0, 'new request');
        assert.equal(request.claims, undefined);
        assert.equal((await store.claim('r1', RUNNER_A, at(60), at(0)))?.claims, 1, 'first claim');
        assert.equal(
          (await store.claim('r1', RUNNER_A, at(90), at(30)))?.claims,
          1,
          'the holder re-claiming its live lease does not count',
        );
        assert.equal(
          await store.claim('r1', RUNNER_B, at(120), at(60)),
          undefined,
          'the lease was extended to 90 s',
        );
        assert.equal((await store.get('r1'))?.claims, 1, 'a refused claim does not count');
        const taken = await store.claim('r1', RUNNER_B, at(200), at(90));
        assert.equal(taken?.claims, 2, 'a takeover after the lease lapsed');
        assert.equal((await store.get('r1'))?.claims, 2);
        assert.equal(
          (await store.claim('r1', RUNNER_B, at(600), at(300)))?.claims,
          3,
          'the holder taking back its own lapsed lease counts',
        );
        await store.releaseLease('r1', RUNNER_B);
        assert.equal(
          (await store.claim('r1', RUNNER_A, at(700), at(301)))?.claims,
          4,
          'a claim after a release counts',
        );
      });

      it('counts claims across instances, and keeps the count through a finish', async () => {
        await approved();
        await store.claim('r1', RUNNER_A, at(60), at(0));
        const other = await subject.open();
        try {
          assert.equal((await other.claim('r1', RUNNER_B, at(200), at(100)))?.claims, 2);
          const done = await other.transition(
            'r1',
            ['running'],
            { state: 'partial', finishedAt: at(110) },
            { leaseOwner: RUNNER_B },
          );
          assert.equal(done?.claims, 2);
          assert.equal((await store.get('r1'))?.claims, 2);
        } finally {
          await other.close();
        }
      });

      const claims: readonly {
        readonly name: string;
        readonly claimer: string;
        readonly now: string;
        readonly wins: boolean;
      }[] = [
        {
          name: 'a second owner cannot take a live lease',
          claimer: RUNNER_B,
          now: at(30),
          wins: false,
        },
        {
          name: 'a second owner cannot take it a millisecond before it lapses',
          claimer: RUNNER_B,
          now: at(59.999),
          wins: false,
        },
        { name: 'a lease lapses at its expiry time', claimer: RUNNER_B, now: at(60), wins: true },
        {
          name: 'a second owner takes a lapsed lease',
          claimer: RUNNER_B,
          now: at(3600),
          wins: true,
        },
        {
          name: 'the holder claims again, extending its lease',
          claimer: RUNNER_A,
          now: at(30),
          wins: true,
        },
        {
          name: 'the holder takes back its own lapsed lease',
          claimer: RUNNER_A,
          now: at(120),
          wins: true,
        },
      ];
      for (const { name, claimer, now, wins } of claims) {
        it(`claim of a running request: ${name}`, async () => {
          await approved();
          await store.claim('r1', RUNNER_A, at(60), at(0));
          const result = await store.claim('r1', claimer, at(600), now);
          const lease = wins
            ? { owner: claimer, expiresAt: at(600) }
            : { owner: RUNNER_A, expiresAt: at(60) };
          assert.equal(result !== undefined, wins);
          if (result) assert.deepEqual(result, await store.get('r1'));
          const stored = await store.get('r1');
          assert.equal(stored?.state, 'running');
          assert.deepEqual(stored?.lease, lease);
        });
      }

      it('claims nothing in any other state, nor an unknown id', async () => {
        const states = [
          'pending',
          'completed',
          'partial',
          'failed',
          'cancelled',
          'expired',
          'rejected',
        ] as const;
        for (const state of states) {
          const request: LockdownRequest = { ...minimalRequest(`r-${state}`), state };
          await store.create(request);
          assert.equal(await store.claim(request.id, RUNNER_A, at(60), at(0)), undefined, state);
          assert.deepEqual(await store.get(request.id), request, state);
        }
        assert.equal(await store.claim('nope', RUNNER_A, at(60), at(0)), undefined);
      });

      const renewals: readonly {
        readonly name: string;
        readonly renewer: string;
        readonly stolen: boolean;
        readonly renewed: boolean;
      }[] = [
        { name: 'the holder renews', renewer: RUNNER_A, stolen: false, renewed: true },
        { name: 'another owner cannot renew', renewer: RUNNER_B, stolen: false, renewed: false },
        {
          name: 'the old holder cannot renew once its lease was taken over',
          renewer: RUNNER_A,
          stolen: true,
          renewed: false,
        },
      ];
      for (const { name, renewer, stolen, renewed } of renewals) {
        it(`renewLease: ${name}`, async () => {
          await approved();
          await store.claim('r1', RUNNER_A, at(60), at(0));
          if (stolen) assert.ok(await store.claim('r1', RUNNER_B, at(200), at(100)));
          assert.equal(await store.renewLease('r1', renewer, at(300)), renewed);
          const lease = renewed
            ? { owner: renewer, expiresAt: at(300) }
            : stolen
              ? { owner: RUNNER_B, expiresAt: at(200) }
              : { owner: RUNNER_A, expiresAt: at(60) };
          assert.deepEqual((await store.get('r1'))?.lease, lease);
        });
      }

      it('renews nothing without a lease, and a lapsed lease nobody took', async () => {
        await approved();
        assert.equal(await store.renewLease('r1', RUNNER_A, at(60)), false, 'approved, no lease');
        assert.equal(await store.renewLease('nope', RUNNER_A, at(60)), false, 'unknown id');
        assert.equal((await store.get('r1'))?.lease, undefined);
        await store.claim('r1', RUNNER_A, at(60), at(0));
        // Renewing does not take "now": a lapsed lease nobody claimed is still its holder's.
        assert.equal(await store.renewLease('r1', RUNNER_A, at(500)), true);
        assert.deepEqual((await store.get('r1'))?.lease, { owner: RUNNER_A, expiresAt: at(500) });
      });

      it('releases only its own lease; then another owner claims at once', async () => {
        await approved();
        await store.claim('r1', RUNNER_A, at(60), at(0));
        await store.releaseLease('r1', RUNNER_B);
        assert.deepEqual((await store.get('r1'))?.lease, { owner: RUNNER_A, expiresAt: at(60) });
        await store.releaseLease('r1', RUNNER_A);
        const released = await store.get('r1');
        assert.equal(released?.state, 'running', 'a released request stays running');
        assert.equal(released && 'lease' in released, false);
        await store.releaseLease('nope', RUNNER_A);
        const taken = await store.claim('r1', RUNNER_B, at(61), at(1));
        assert.deepEqual(taken?.lease, { owner: RUNNER_B, expiresAt: at(61) });
      });

      it('lets exactly one of two owners win concurrent claims', async () => {
        await approved();
        const results = await Promise.all([
          store.claim('r1', RUNNER_A, at(60), at(0)),
          store.claim('r1', RUNNER_B, at(60), at(0)),
        ]);
        const winners = results.filter((result) => result !== undefined);
        assert.equal(winners.length, 1);
        assert.deepEqual((await store.get('r1'))?.lease, winners[0]!.lease);
      });

      it('lets exactly one of ten owners on two instances win concurrent claims', async () => {
        await approved();
        const other = await subject.open();
        try {
          const results = await Promise.all(
            Array.from({ length: 10 }, (_, index) =>
              (index % 2 === 0 ? store : other).claim('r1', `runner-${index}`, at(60), at(0)),
            ),
          );
          const winners = results.filter((result) => result !== undefined);
          assert.equal(winners.length, 1);
          assert.deepEqual(await other.get('r1'), winners[0]);
        } finally {
          await other.close();
        }
      });

      it('saves a step only for the holder; anyone else writes nothing', async () => {
        const request = await approved();
        await store.claim('r1', RUNNER_A, at(60), at(0));
        const mine: StepOutcome = { step: 'reset-password', status: 'done' };
        const saved = await store.saveStep('r1', mine, RUNNER_A);
        assert.deepEqual(saved, {
          ...leased(request),
          claims: 1,
          steps: [...request.steps, mine],
        });
        const theirs = { at: T0, requestId: 'r1', type: 'step' };
        for (const outcome of [
          { step: 'reset-password', status: 'failed' },
          { step: 'verify', status: 'done' },
        ] as const) {
          assert.equal(await store.saveStep('r1', outcome, RUNNER_B, [theirs]), undefined);
        }
        assert.deepEqual(await store.get('r1'), saved);
        assert.deepEqual(await store.listAudit('r1'), []);
      });

      it('saves no step for an old holder once its lease was taken over', async () => {
        await approved();
        await store.claim('r1', RUNNER_A, at(60), at(0));
        const first: StepOutcome = { step: 'reset-password', status: 'done', detail: 'by A' };
        await store.saveStep('r1', first, RUNNER_A);
        assert.ok(await store.claim('r1', RUNNER_B, at(600), at(120)), 'B takes the lapsed lease');
        const late: StepOutcome = { step: 'reset-password', status: 'failed', detail: 'late A' };
        assert.equal(await store.saveStep('r1', late, RUNNER_A), undefined);
        assert.deepEqual((await store.get('r1'))?.steps[1], first);
        const again: StepOutcome = { step: 'reset-password', status: 'done', detail: 'by B' };
        assert.deepEqual((await store.saveStep('r1', again, RUNNER_B))?.steps[1], again);
      });

      it('saves no step while nobody holds the lease', async () => {
        const request = await approved();
        const outcome: StepOutcome = { step: 'verify', status: 'done' };
        assert.equal(await store.saveStep('r1', outcome, RUNNER_A), undefined, 'never claimed');
        await store.claim('r1', RUNNER_A, at(60), at(0));
        await store.releaseLease('r1', RUNNER_A);
        assert.equal(await store.saveStep('r1', outcome, RUNNER_A), undefined, 'released');
        assert.deepEqual((await store.get('r1'))?.steps, request.steps);
      });

      it('applies a lease-guarded transition only for the holder, lapsed or not', async () => {
        await approved();
        await store.claim('r1', RUNNER_A, at(60), at(0));
        const finish = (owner: string) =>
          store.transition(
            'r1',
            ['running'],
            { state: 'partial', finishedAt: at(90) },
            { leaseOwner: owner },
          );
        assert.equal(await finish(RUNNER_B), undefined);
        assert.equal((await store.get('r1'))?.state, 'running');
        // At 90 s the lease has lapsed, but nobody took it over: A still finishes its work.
        const done = await finish(RUNNER_A);
        assert.equal(done?.state, 'partial');
        assert.equal(done?.finishedAt, at(90));
        assert.deepEqual(await store.get('r1'), done);
      });

      it('refuses a lease-guarded transition to the old holder once the lease was taken over', async () => {
        await approved();
        await store.claim('r1', RUNNER_A, at(60), at(0));
        await store.claim('r1', RUNNER_B, at(600), at(120));
        const change = { state: 'completed', finishedAt: at(130) } as const;
        assert.equal(
          await store.transition('r1', ['running'], change, { leaseOwner: RUNNER_A }),
          undefined,
        );
        const done = await store.transition('r1', ['running'], change, { leaseOwner: RUNNER_B });
        assert.equal(done?.state, 'completed');
      });

      it('clears the lease on any transition out of running, keeps it on one to running', async () => {
        for (const state of ['completed', 'partial', 'failed', 'cancelled'] as const) {
          const id = `r-${state}`;
          await approved(id);
          await store.claim(id, RUNNER_A, at(60), at(0));
          const kept = await store.transition(id, ['running'], { state: 'running' });
          assert.deepEqual(kept?.lease, { owner: RUNNER_A, expiresAt: at(60) }, state);
          const moved = await store.transition(id, ['running'], { state, finishedAt: at(5) });
          assert.equal(moved && 'lease' in moved, false, state);
          const stored = await store.get(id);
          assert.equal(stored && 'lease' in stored, false, state);
          assert.equal(await store.claim(id, RUNNER_A, at(60), at(0)), undefined, state);
          assert.equal(await store.renewLease(id, RUNNER_A, at(60)), false, state);
        }
      });
    });

    describe('audit written with the change', () => {
      const event = (type: string, extra: Partial<AuditEvent> = {}): AuditEvent => ({
        at: T0,
        requestId: 'r1',
        type,
        ...extra,
      });

      it('records the events of create, transition and saveStep, in order', async () => {
        const expected = [
          event('requested', { actor: RILEY }),
          event('note', { data: { nested: { list: [1, 'a', null] } } }),
          event('approved', { actor: ALEX }),
          event('appended'),
          event('step', { data: { step: 'verify', status: 'done' } }),
          event('finished', { data: { state: 'completed' } }),
        ];
        await store.create(minimalRequest('r1'), expected.slice(0, 2));
        await store.transition(
          'r1',
          ['pending'],
          { state: 'approved', decidedBy: ALEX },
          undefined,
          expected.slice(2, 3),
        );
        await store.appendAudit(expected[3]!);
        await store.claim('r1', RUNNER_A, at(60), at(0));
        await store.saveStep('r1', { step: 'verify', status: 'done' }, RUNNER_A, [expected[4]!]);
        await store.transition(
          'r1',
          ['running'],
          { state: 'completed', finishedAt: at(5) },
          { leaseOwner: RUNNER_A },
          [expected[5]!],
        );
        assert.deepEqual(await store.listAudit('r1'), expected);
        assert.deepEqual(await store.listAudit(), expected);
      });

      it('records nothing for a change that did not happen', async () => {
        await store.create(minimalRequest('r1'), [event('requested')]);
        await assert.rejects(store.create(minimalRequest('r1'), [event('duplicate')]));
        const refused = [
          store.transition('r1', ['approved'], { state: 'running' }, {}, [event('wrong state')]),
          store.transition('r1', ['pending'], { state: 'approved' }, { approvalCount: 1 }, [
            event('wrong count'),
          ]),
          store.transition('r1', ['pending'], { state: 'approved' }, { leaseOwner: RUNNER_A }, [
            event('no lease'),
          ]),
          store.transition('nope', ['pending'], { state: 'approved' }, {}, [
            event('unknown', { requestId: 'nope' }),
          ]),
          store.saveStep('r1', { step: 'verify', status: 'done' }, RUNNER_A, [event('step')]),
        ];
        for (const result of await Promise.all(refused)) assert.equal(result, undefined);
        assert.deepEqual(await store.listAudit(), [event('requested')]);
      });

      it('records the events of the one winner of 10 concurrent transitions only', async () => {
        await store.create(minimalRequest('r1'));
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, index) =>
            store.transition(
              'r1',
              ['pending'],
              { state: 'approved', decidedBy: { id: `p${index}`, name: `P${index}` } },
              {},
              [event('approved', { actor: { id: `p${index}`, name: `P${index}` } })],
            ),
          ),
        );
        const winners = results.filter((result) => result !== undefined);
        assert.equal(winners.length, 1);
        assert.deepEqual(await store.listAudit('r1'), [
          event('approved', { actor: winners[0]!.decidedBy }),
        ]);
      });
    });

    describe('message dedupe', () => {
      it('answers true the first time, false while remembered, true again once expired', async () => {
        const key = '19:abc@thread.tacv2;messageid=1714557600000';
        assert.equal(await store.rememberMessage(key, at(60), at(0)), true);
        assert.equal(await store.rememberMessage(key, at(90), at(30)), false);
        assert.equal(await store.rememberMessage(key, at(90), at(59.999)), false);
        assert.equal(await store.rememberMessage(key, at(120), at(60)), true, 'expired at expiry');
        // The new record holds until its own expiry, not the old one's.
        assert.equal(await store.rememberMessage(key, at(200), at(119)), false);
        assert.equal(await store.rememberMessage(key, at(200), at(120)), true);
      });

      it('forgets one message on request, so it is first again; an unknown key is no error', async () => {
        const key = '19:abc@thread.tacv2;messageid=7';
        assert.equal(await store.rememberMessage(key, at(60), at(0)), true);
        await store.forgetMessage(key);
        assert.equal(await store.rememberMessage(key, at(60), at(1)), true);
        assert.equal(await store.rememberMessage(key, at(60), at(2)), false);
        await store.forgetMessage('never remembered');
      });

      it('keeps keys apart, whatever characters they hold', async () => {
        const keys = [
          '19:abc@thread.tacv2;messageid=1',
          '19:abc@thread.tacv2;messageid=2',
          'a:b;c@d/e#f?g\\h',
          'tab\tid',
          "o'brien",
          'ünïcødé 🚀',
          'x'.repeat(5_000),
        ];
        for (const key of keys) assert.equal(await store.rememberMessage(key, at(60), at(0)), true);
        for (const key of keys) {
          assert.equal(await store.rememberMessage(key, at(60), at(1)), false);
        }
      });

      it('lets exactly one of concurrent calls on two instances answer true', async () => {
        const other = await subject.open();
        try {
          const race = (key: string, now: string) =>
            Promise.all(
              Array.from({ length: 10 }, (_, index) =>
                (index % 2 === 0 ? store : other).rememberMessage(key, at(100), now),
              ),
            );
          const fresh = await race('m1', at(0));
          assert.equal(fresh.filter(Boolean).length, 1, 'a new key');
          assert.equal(await store.rememberMessage('m2', at(10), at(0)), true);
          const expired = await race('m2', at(20));
          assert.equal(expired.filter(Boolean).length, 1, 'an expired key');
        } finally {
          await other.close();
        }
      });

      it('forgets only expired messages, and says how many', async () => {
        assert.equal(await store.forgetMessages(at(0)), 0, 'nothing to forget');
        await store.rememberMessage('m1', at(10), at(0));
        await store.rememberMessage('m2', at(20), at(0));
        await store.rememberMessage('m3', at(30), at(0));
        assert.equal(await store.forgetMessages(at(5)), 0);
        assert.equal(await store.forgetMessages(at(20)), 2, 'm1, and m2 expiring just then');
        assert.equal(await store.forgetMessages(at(20)), 0);
        assert.equal(await store.rememberMessage('m3', at(90), at(25)), false, 'm3 is kept');
        assert.equal(await store.rememberMessage('m1', at(90), at(25)), true);
        assert.equal(await store.forgetMessages(at(1_000)), 2, 'm1 again, and m3');
      });
    });

    describeKeyedContract(() => subject);

    describe('durability', () => {
      it('keeps everything across closing and reopening', async () => {
        await store.create(fullRequest('r-full'));
        await store.create(minimalRequest('r1'));
        await store.setCardActivityId('r1', 'activity-1');
        await store.transition('r1', ['pending'], {
          state: 'approved',
          decidedBy: ALEX,
          decidedAt: 'now',
        });
        await store.claim('r1', RUNNER_A, at(60), at(0));
        await store.saveStep('r1', { step: 'verify', status: 'running' }, RUNNER_A, [
          { at: 'a2', requestId: 'r1', type: 'step' },
        ]);
        assert.equal(await store.rememberMessage('m1', at(60), at(0)), true);
        await store.appendAudit({ at: 'a', requestId: 'r1', type: 'requested', actor: RILEY });
        await store.appendAudit({ at: 'b', requestId: 'r1', type: 'approved', data: { x: 1 } });
        const before = {
          full: await store.get('r-full'),
          r1: await store.get('r1'),
          audit: await store.listAudit(),
        };
        await store.close();

        const reopened = await subject.open();
        try {
          assert.deepEqual(await reopened.get('r-full'), before.full);
          assert.deepEqual(await reopened.get('r1'), before.r1);
          assert.deepEqual(await reopened.listAudit(), before.audit);
          assert.deepEqual(
            (await reopened.listInStates(['running'])).map((request) => request.id),
            ['r1'],
          );
          assert.deepEqual(before.r1?.lease, { owner: RUNNER_A, expiresAt: at(60) });
          assert.equal(await reopened.rememberMessage('m1', at(60), at(30)), false);
          await reopened.appendAudit({ at: 'c', requestId: 'r1', type: 'after' });
          assert.deepEqual(
            (await reopened.listAudit('r1')).map((event) => event.type),
            ['step', 'requested', 'approved', 'after'],
          );
        } finally {
          await reopened.close();
        }
      });

      it('refuses to work once closed', async () => {
        await store.close();
        await assert.rejects(store.get('r1'));
        await assert.rejects(store.create(minimalRequest('r1')));
      });
    });
  });
}
