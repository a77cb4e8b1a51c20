/**
 * What every {@link RequestStore} promises, as one suite that each implementation runs against
 * its own backing store (see sqlite-store.spec.ts and azure-table-store.spec.ts).
 */
import assert from 'node:assert/strict';
import type { RequestStore } from '../../src/lockdown/request-store';
import type {
  DeviceOutcome,
  DeviceSummary,
  LockdownRequest,
  StepOutcome,
} from '../../src/lockdown/request';
import { STEP_ORDER } from '../../src/lockdown/request';

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
        const request: LockdownRequest = {
          ...fullRequest('r-big'),
          target,
          steps: [{ step: 'disable-devices', status: 'done', devices: deviceOutcomes(2_000) }],
        };
        await store.create(request);
        assert.deepEqual(await store.get('r-big'), request);
        const replaced: StepOutcome = {
          step: 'disable-devices',
          status: 'failed',
          devices: deviceOutcomes(1_999),
        };
        const after = await store.saveStep('r-big', replaced);
        assert.deepEqual(after.steps, [replaced]);
        assert.deepEqual(await store.get('r-big'), { ...request, steps: [replaced] });
        // Large to small and back: no part of an earlier outcome may survive a replacement.
        const small: StepOutcome = { step: 'disable-devices', status: 'running' };
        assert.deepEqual((await store.saveStep('r-big', small)).steps, [small]);
        assert.deepEqual((await store.saveStep('r-big', replaced)).steps, [replaced]);
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
        await store.create(minimalRequest('r1'));
        const running: StepOutcome = { step: 'reset-password', status: 'running', startedAt: 'a' };
        const first = await store.saveStep('r1', running);
        assert.deepEqual(first, { ...minimalRequest('r1'), steps: [running] });
        const done: StepOutcome = { step: 'reset-password', status: 'done', detail: 'reset' };
        const second = await store.saveStep('r1', done);
        assert.deepEqual(second.steps, [done]);
        assert.deepEqual((await store.get('r1'))?.steps, [done]);
      });

      it('returns steps in STEP_ORDER whatever order they were saved in', async () => {
        await store.create(minimalRequest('r1'));
        for (const step of [...STEP_ORDER].reverse()) {
          await store.saveStep('r1', { step, status: 'done' });
        }
        assert.deepEqual(
          (await store.get('r1'))?.steps.map((outcome) => outcome.step),
          [...STEP_ORDER],
        );
      });

      it('refuses a step for an unknown request', async () => {
        await assert.rejects(store.saveStep('nope', { step: 'verify', status: 'done' }));
        assert.equal(await store.get('nope'), undefined);
      });
    });

    describe('listInStates', () => {
      it('returns the requests in the given states, oldest first', async () => {
        await store.create(minimalRequest('late', '2025-05-01T12:00:00.000Z'));
        await store.create(minimalRequest('early', '2025-05-01T08:00:00.000Z'));
        await store.create(minimalRequest('middle', '2025-05-01T10:00:00.000Z'));
        await store.create(minimalRequest('other', '2025-05-01T09:00:00.000Z'));
        await store.transition('middle', ['pending'], { state: 'approved', decidedBy: ALEX });
        await store.transition('other', ['pending'], { state: 'cancelled' });
        await store.saveStep('late', { step: 'verify', status: 'done' });

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
        await store.saveStep('r1', { step: 'verify', status: 'running' });
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
            (await reopened.listInStates(['approved'])).map((request) => request.id),
            ['r1'],
          );
          await reopened.appendAudit({ at: 'c', requestId: 'r1', type: 'after' });
          assert.deepEqual(
            (await reopened.listAudit('r1')).map((event) => event.type),
            ['requested', 'approved', 'after'],
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
