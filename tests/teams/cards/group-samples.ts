/**
 * A small group for the group card tests: three members that each stand out in their own way,
 * and one account left out.
 */
import type { GroupView } from '../../../src/lockdown/group';
import type { LockdownRequest, RoleSummary } from '../../../src/lockdown/request';
import type { AdaptiveCard } from '../../../src/teams/cards';
import { DENIED, deniedDevice, done, request } from './fixtures';
import { FULL_FOOTHOLD } from './foothold-fixtures';
import { changed, decidedAs, groupOf, leftOutOf } from './group-fixtures';
import { teamsUserId } from './largest-inputs';

/** Who approves the samples. */
export const BOB = { id: 'aad-bob', name: 'Bob Approver' };
/** A privileged role. */
export const GLOBAL_ADMIN: RoleSummary = {
  displayName: 'Global Administrator',
  roleTemplateId: '62e90394-69f5-4237-9190-012177145e10',
  privileged: true,
};
/** The requester's conversation reference, as the command handler stores it. */
export const REPLY = JSON.stringify({ user: { id: teamsUserId(0) } });

/**
 * Three pending members made from `base`: 0 a Global Administrator with the foothold of issue 11,
 * 1 synced and already disabled, 2 a guest without devices; one account left out.
 */
export function threeAccounts(base: LockdownRequest = request()): GroupView {
  return groupOf(base, 3, {
    leftOut: leftOutOf(1, 'protected'),
    change: (member, i) => ({
      origin: { ...member.origin, reply: REPLY },
      requiredApprovals: 2,
      target: {
        ...member.target,
        ...(i === 0 ? { roles: [GLOBAL_ADMIN], foothold: FULL_FOOTHOLD } : {}),
        ...(i === 1 ? { onPremisesSyncEnabled: true, accountEnabled: false } : {}),
        ...(i === 2 ? { userType: 'Guest' as const, devices: [] } : {}),
      },
    }),
  });
}

/** The group with member `i` as `states(i)` says. */
export function decided(
  view: GroupView,
  states: (i: number) => Partial<LockdownRequest>,
): GroupView {
  return changed(view, (_, i) => states(i));
}

/** A member whose device could not be disabled. */
export const PARTIAL_DEVICES = decidedAs(
  'partial',
  [
    done('disable-account', 400),
    { step: 'disable-devices', status: 'failed', devices: [deniedDevice(1)] },
  ],
  BOB,
);
/** A member whose account could not be disabled. */
export const FAILED_ACCOUNT = decidedAs(
  'failed',
  [{ step: 'disable-account', status: 'failed', failure: DENIED }],
  BOB,
);

/** The header band's title and style (the first element: a card without an alert). */
export function header(card: AdaptiveCard): { title: string; style: unknown } {
  const band = card.body[0] as unknown as { style?: unknown; items: { text: string }[] };
  return { title: band.items[0]?.text ?? '', style: band.style };
}
