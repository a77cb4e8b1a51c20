/**
 * Groups for the card tests: several accounts asked for together, made from one pending request
 * (each member a copy with its own id, UPN and name), in every state a group goes through, with
 * accounts left out and the alert it may come from.
 */
import type { GroupView } from '../../../src/lockdown/group';
import type {
  AlertOrigin,
  LeftOut,
  LockdownRequest,
  RequestState,
  StepOutcome,
} from '../../../src/lockdown/request';
import { done } from './fixtures';

/** When the fixtures' groups were approved, and when their members finished. */
export const APPROVED_AT = '2026-11-28T14:06:00.000Z';

/** The id of member `i` of group `group`. */
export function memberId(i: number, group = 0): string {
  return `${String(group).padStart(8, '0')}-0000-4000-8000-${String(i).padStart(12, '0')}`;
}

/** Entra's longest UPN (64 + @ + 48 characters), distinct for member `i`. */
export function longestUpn(i: number): string {
  return `${'u'.repeat(60)}${String(i).padStart(4, '0')}@${'d'.repeat(44)}.com`;
}

/** How a member differs from the request it is made from. */
export type MemberChange = (member: LockdownRequest, i: number) => Partial<LockdownRequest>;

/**
 * A group of `size` members made from `base`: member `i` has its own id, a UPN `upn(i)` and a
 * display name starting with its number; `change` alters each one; `leftOut` are on all.
 */
export function groupOf(
  base: LockdownRequest,
  size: number,
  options: {
    readonly upn?: (i: number) => string;
    readonly change?: MemberChange;
    readonly leftOut?: readonly LeftOut[];
    /** Which group of a test it is, for distinct ids. */
    readonly groupNo?: number;
  } = {},
): GroupView {
  const upn = options.upn ?? ((i: number) => `user${i}@contoso.com`);
  const ids = Array.from({ length: size }, (_, i) => memberId(i, options.groupNo));
  const leftOut = options.leftOut ?? [];
  const group = { leaderId: ids[0] as string, memberIds: ids, leftOut };
  const members = ids.map((id, i): LockdownRequest => {
    const member: LockdownRequest = {
      ...base,
      id,
      group,
      target: {
        ...base.target,
        id: `11111111-2222-4333-8444-${String(i).padStart(12, '0')}`,
        userPrincipalName: upn(i),
        displayName: `${i} ${base.target.displayName}`,
      },
    };
    return { ...member, ...options.change?.(member, i) };
  });
  return { leader: members[0] as LockdownRequest, members, leftOut };
}

/** The group with every member (and the leader) changed by `change`. */
export function changed(view: GroupView, change: MemberChange): GroupView {
  const members = view.members.map((m, i) => ({ ...m, ...change(m, i) }));
  return { ...view, leader: members[0] as LockdownRequest, members };
}

/** A member decided with its leader: approved by `decider` at {@link APPROVED_AT}. */
export function decidedAs(
  state: RequestState,
  steps: readonly StepOutcome[],
  decider: { readonly id: string; readonly name: string },
): Partial<LockdownRequest> {
  const final = ['completed', 'partial', 'failed'].includes(state);
  return {
    state,
    steps,
    decidedBy: decider,
    decidedAt: APPROVED_AT,
    approvals: [{ by: decider, at: APPROVED_AT }],
    ...(final ? { finishedAt: '2026-11-28T14:06:02.100Z' } : {}),
  };
}

/** Every step of a full lockdown done. */
export const ALL_DONE: readonly StepOutcome[] = [
  done('disable-account', 400),
  done('reset-password', 300),
  done('revoke-sessions', 85),
  done('disable-devices', 450),
  { ...done('verify', 120), observed: { accountEnabled: false } },
];

/** A member halfway: the account disabled, the password being reset. */
export const HALFWAY: readonly StepOutcome[] = [
  done('disable-account', 400),
  { step: 'reset-password', status: 'running', startedAt: APPROVED_AT },
];

/** Accounts left out: one unknown, one protected with `reason`. */
export function leftOutOf(count: number, reason: string): LeftOut[] {
  return Array.from({ length: count }, (_, i) =>
    i % 2 === 0
      ? {
          userPrincipalName: `nobody${i}@contoso.com`,
          kind: 'unknown-user',
          reason: 'No such user.',
        }
      : { userPrincipalName: `breakglass${i}@contoso.com`, kind: 'refused', reason },
  );
}

/** The alert a request typically comes from. */
export const SENTINEL_ALERT: AlertOrigin = {
  title: 'Impossible travel activity involving several users',
  severity: 'high',
  source: 'sentinel',
  incidentId: '4711',
  url: 'https://security.microsoft.com/incidents/4711?tid=tenant-1',
};

/** The largest alert: every text `text`, the longest link a card shows. */
export function largestAlert(text: string): AlertOrigin {
  const base = 'https://portal.azure.com/#asset/Microsoft_Azure_Security_Insights/Incident/';
  return {
    title: text,
    severity: text,
    source: text,
    incidentId: text,
    url: `${base}${'a'.repeat(768 - base.length)}`,
  };
}
