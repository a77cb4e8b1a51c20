/**
 * Every card variant a group adds (several accounts asked for together): its confirmation in
 * each view (full, keep-enabled, `--all` with the preflight's warnings, with an alert and accounts
 * left out), its running and final cards, its closed cards, an unlock of several accounts, a
 * member's status card and the history with groups. With the largest inputs every group has
 * fifty members holding fifty roles, 1,000 devices and the largest foothold.
 */
import type { GroupView } from '../../../src/lockdown/group';
import { preflight } from '../../../src/lockdown/preflight';
import {
  plannedSteps,
  type LockdownRequest,
  type RoleSummary,
  type StepOutcome,
} from '../../../src/lockdown/request';
import {
  buildGroupCard,
  buildHistoryCard,
  buildStatusCard,
  type AdaptiveCard,
} from '../../../src/teams/cards';
import { renderGroupCard } from '../../../src/teams/render-card';
import type { CardVariant, VariantInputs } from './card-variants';
import { DENIED, MISSING_GRANTS, NOW, done } from './fixtures';
import {
  ALL_DONE,
  HALFWAY,
  changed,
  decidedAs,
  groupOf,
  leftOutOf,
  type MemberChange,
} from './group-fixtures';
import { teamsUserId } from './largest-inputs';
import { ALL_OPTIONS } from './option-fixtures';

/** The requester's conversation reference, as the command handler stores it. */
const REPLY = JSON.stringify({ user: { id: teamsUserId(0) } });

/** A privileged role every third member holds (on top of its own). */
const GLOBAL_ADMIN: RoleSummary = {
  displayName: 'Global Administrator',
  roleTemplateId: '62e90394-69f5-4237-9190-012177145e10',
  privileged: true,
};

/** A realistic mix: every third member privileged, every fifth synced, every seventh a guest. */
function mixOf(inputs: VariantInputs): MemberChange {
  return (member, i) => ({
    origin: { ...member.origin, reply: REPLY },
    requiredApprovals: 2,
    target: {
      ...member.target,
      roles: i % 3 === 0 ? [GLOBAL_ADMIN, ...member.target.roles] : member.target.roles,
      onPremisesSyncEnabled: i % 5 === 0 || member.target.onPremisesSyncEnabled,
      userType: i % 7 === 3 ? 'Guest' : member.target.userType,
      foothold: inputs.foothold,
    },
  });
}

/** A pending group of `inputs.groupSize` members made from `base`, with `leftOut` accounts. */
function pendingGroup(
  inputs: VariantInputs,
  base: LockdownRequest,
  leftOut = 0,
  groupNo = 0,
): GroupView {
  return groupOf(base, inputs.groupSize - leftOut, {
    groupNo,
    upn: inputs.groupUpn,
    change: mixOf(inputs),
    leftOut: leftOutOf(leftOut, inputs.graphMessage),
  });
}

/** The group's confirmation card in each view, named after `label`. */
function confirmationViews(inputs: VariantInputs, view: GroupView, label: string): CardVariant[] {
  const shared = { now: NOW, selfApprovalAllowed: false };
  const audience = changed(view, (m) => ({
    origin: { ...m.origin, audience: inputs.audience },
  }));
  const approvedOnce = changed(view, () => ({
    approvals: [{ by: inputs.decider, at: '2026-11-28T14:06:00.000Z' }],
  }));
  return (
    [
      ['shared, with Confirm', renderGroupCard(view, shared)],
      ['shared, Confirm for listed approvers only', renderGroupCard(audience, shared)],
      [
        "the requester's own view",
        buildGroupCard(view, {
          ...shared,
          viewer: { canApprove: false, note: 'You asked for this lockdown (four-eyes rule).' },
        }),
      ],
      ["an approver's own view", buildGroupCard(view, { ...shared, viewer: { canApprove: true } })],
      [
        'awaiting a second approval',
        buildGroupCard(approvedOnce, {
          ...shared,
          viewer: { canApprove: false, note: 'You approved. A second approver must confirm.' },
        }),
      ],
      ['self-approval allowed', renderGroupCard(view, { now: NOW, selfApprovalAllowed: true })],
    ] as const
  ).map(([name, card]) => [`group confirmation (${label}): ${name}`, card]);
}

/** The pending groups: full with an alert and accounts left out, keep-enabled, `--all`. */
function pendingViews(inputs: VariantInputs): CardVariant[] {
  const alert = inputs.alert;
  const full = { ...inputs.pending, mode: 'full' as const, alert };
  const all = { ...inputs.pending, mode: 'full' as const, options: ALL_OPTIONS, alert };
  const withWarnings = {
    ...all,
    preflight: preflight(plannedSteps(all), all.target, MISSING_GRANTS),
  };
  const fewer = Math.max(1, Math.floor(inputs.groupSize / 5));
  return [
    ...confirmationViews(inputs, pendingGroup(inputs, full), 'full, alert'),
    ...confirmationViews(inputs, pendingGroup(inputs, withWarnings), '--all, preflight warnings'),
    ...confirmationViews(
      inputs,
      pendingGroup(inputs, { ...inputs.pending, mode: 'keep-enabled' }, fewer),
      'keep-enabled, accounts left out',
    ),
  ];
}

/** The group after approval: member `i` in the state and with the steps `states(i)` says. */
function decidedGroup(
  inputs: VariantInputs,
  base: LockdownRequest,
  states: (i: number) => readonly [LockdownRequest['state'], readonly StepOutcome[]],
  leftOut = 0,
): GroupView {
  return changed(pendingGroup(inputs, base, leftOut), (_, i) => {
    const [state, steps] = states(i);
    return decidedAs(state, steps, inputs.decider);
  });
}

/** The running, final and closed cards of a group, and of an unlock of several accounts. */
function progressViews(inputs: VariantInputs): CardVariant[] {
  const render = (view: GroupView): AdaptiveCard =>
    renderGroupCard(view, { now: NOW, selfApprovalAllowed: false });
  const full = {
    ...inputs.pending,
    mode: 'full' as const,
    alert: inputs.alert,
  };
  const keepEnabled = { ...inputs.pending, mode: 'keep-enabled' as const };
  const all = { ...inputs.pending, options: ALL_OPTIONS };
  const failed = inputs.failedSteps;
  const withOptions = [...failed, ...inputs.optionSteps];
  const keepDone = [ALL_DONE[1], ALL_DONE[2], ALL_DONE[4]] as StepOutcome[];
  const mixed = (i: number) =>
    (
      [
        ['completed', ALL_DONE],
        ['running', HALFWAY],
        ['approved', []],
        ['failed', failed],
      ] as const
    )[i % 4] ?? ['approved', []];
  const ended = (i: number) =>
    (
      [
        ['completed', ALL_DONE],
        ['partial', failed],
        ['failed', failed],
      ] as const
    )[i % 3] ?? ['completed', ALL_DONE];
  const unlockSteps = inputs.failedUnlockSteps;
  const unlocked: StepOutcome[] = [done('enable-account', 400), done('verify', 300)];
  return [
    ['group approved', render(decidedGroup(inputs, full, () => ['approved', []]))],
    ['group running', render(decidedGroup(inputs, full, mixed))],
    ['group completed', render(decidedGroup(inputs, full, () => ['completed', ALL_DONE]))],
    [
      'group completed (keep-enabled)',
      render(decidedGroup(inputs, keepEnabled, () => ['completed', keepDone])),
    ],
    ['group partial', render(decidedGroup(inputs, full, ended, 2))],
    [
      'group partial (--all)',
      render(decidedGroup(inputs, all, (i) => [i % 2 ? 'partial' : 'failed', withOptions])),
    ],
    ['group failed', render(decidedGroup(inputs, full, () => ['failed', failed]))],
    [
      'group completed (incident comment added)',
      render({
        ...decidedGroup(inputs, full, () => ['completed', ALL_DONE]),
        incidentComment: { status: 'done', at: '2026-11-28T14:08:01.000Z' },
      }),
    ],
    [
      'group partial (incident comment failed)',
      render({
        ...decidedGroup(inputs, full, ended, 2),
        incidentComment: {
          status: 'failed',
          at: '2026-11-28T14:08:01.000Z',
          failure: { ...DENIED, message: inputs.graphMessage },
        },
      }),
    ],
    ['group cancelled', render(decidedGroup(inputs, full, () => ['cancelled', []], 2))],
    ['group expired', render(changed(pendingGroup(inputs, full), () => ({ state: 'expired' })))],
    ['group rejected', render(decidedGroup(inputs, full, () => ['rejected', []]))],
    ['unlock group pending', render(pendingGroup(inputs, inputs.pendingUnlock, 1))],
    [
      'unlock group partial',
      render(
        decidedGroup(inputs, inputs.pendingUnlock, (i) =>
          i % 2 ? ['partial', unlockSteps] : ['completed', unlocked],
        ),
      ),
    ],
  ];
}

/** A member's status card, and the history with groups among single requests. */
function lookUpViews(inputs: VariantInputs): CardVariant[] {
  const ended = decidedGroup(inputs, inputs.pending, (i) =>
    i % 2 ? ['partial', inputs.failedSteps] : ['completed', ALL_DONE],
  );
  const member = ended.members[1] ?? ended.leader;
  const pending = pendingGroup(inputs, { ...inputs.pending, alert: inputs.alert }, 0, 1);
  return [
    ['status of a group member (partial)', buildStatusCard(member, NOW)],
    [
      'status of a group member (pending)',
      buildStatusCard(pending.members.at(-1) ?? pending.leader, NOW),
    ],
    [
      'history with groups',
      buildHistoryCard([
        ...pending.members,
        inputs.pending,
        ...ended.members,
        ...Array.from({ length: 20 }, () => inputs.pending),
      ]),
    ],
  ];
}

/** Every card variant a group adds, built from `inputs`. */
export function groupVariants(inputs: VariantInputs): CardVariant[] {
  return [...pendingViews(inputs), ...progressViews(inputs), ...lookUpViews(inputs)];
}
