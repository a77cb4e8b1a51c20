/**
 * The card of a pending group: several accounts, one decision. A compact row per member (who
 * it is, its privileged roles, what to watch out for, its foothold in counts), the accounts left
 * out and why, the plan every member runs, and the same Confirm and Cancel as a single request's
 * card, carrying the leader's id: the rest of the app handles them unchanged.
 */
import type { GroupView } from '../../lockdown/group';
import { kindOf, type LockdownRequest } from '../../lockdown/request';
import { callout, cardHeader, heading, type AdaptiveCard, type CardElement } from './adaptive-card';
import { alertHeader } from './alert-header';
import {
  approvalsSoFar,
  decisionFooter,
  withDecisionActions,
  type ConfirmationCardOptions,
} from './decision-footer';
import { fitGroupCard, type GroupRows } from './group-layout';
import { pendingRowLevels } from './group-rows';
import { accountsSection, groupDescription, leftOutSection } from './group-sections';
import { accounts, groupWords, isPrivilegedMember, nameList } from './group-text';
import { optionPlanNotes } from './option-lines';
import { optionsOf } from './option-text';
import { planRows } from './plan-rows';
import { UNLOCK_PASSWORD_NOTE } from './unlock-text';

/** How many privileged members the approvals callout names before "and N more". */
const MAX_NAMED_PRIVILEGED = 2;
/** A privileged member's name in the approvals callout. */
const PRIVILEGED_NAME_BYTES = 64;

/** "them" for several accounts, "it" for one. */
function them(count: number): string {
  return count === 1 ? 'it' : 'them';
}

/** The callouts under the headline: synced accounts and guests, counted. */
function headerCallouts(
  members: readonly LockdownRequest[],
  leader: LockdownRequest,
): CardElement[] {
  const synced = members.filter((m) => m.target.onPremisesSyncEnabled);
  if (kindOf(leader) === 'unlock') {
    const n = synced.length;
    return n === 0
      ? []
      : [
          callout(
            `⚠️ ${accounts(n)} synced from on-premises AD: if disabled on-premises too, enable ${them(n)} there as well, else the next directory sync disables ${them(n)} again`,
            'warning',
          ),
        ];
  }
  const uncontained = synced.filter((m) => !m.onPremises).length;
  const contained = synced.length - uncontained;
  const guests = members.filter((m) => m.target.userType === 'Guest').length;
  return [
    ...(uncontained > 0
      ? [
          callout(
            `⚠️ ${accounts(uncontained)} synced from on-premises AD: the next directory sync undoes a cloud-only disable; disable ${them(uncontained)} on-premises too`,
            'warning',
          ),
        ]
      : []),
    ...(contained > 0
      ? [
          callout(
            `ℹ️ ${accounts(contained)} synced from on-premises AD: contained on-premises too, through Microsoft Defender for Identity`,
            'emphasis',
          ),
        ]
      : []),
    ...(guests > 0
      ? [
          callout(
            `ℹ️ ${guests === 1 ? '1 guest account' : `${guests} guest accounts`}: revoking here does not end sessions in the guest's home tenant`,
            'emphasis',
          ),
        ]
      : []),
  ];
}

/**
 * "🔐 Needs 2 different approvers: Jane Doe holds a privileged role. Approved so far: none yet
 * (0 of 2)." when any member needs two approvers; `undefined` otherwise.
 */
function approvalsCallout(view: GroupView): CardElement | undefined {
  const { leader, members } = view;
  const required = Math.max(
    leader.requiredApprovals ?? 1,
    ...members.map((m) => m.requiredApprovals ?? 1),
  );
  if (required <= 1) return undefined;
  const privileged = members.filter(isPrivilegedMember).map((m) => m.target.displayName);
  const holds =
    privileged.length === 0
      ? 'an account holds a privileged role'
      : `${nameList(privileged, MAX_NAMED_PRIVILEGED, PRIVILEGED_NAME_BYTES)} ${privileged.length === 1 ? 'holds' : 'hold'} a privileged role`;
  const approvals = leader.approvals ?? [];
  return callout(
    `🔐 Needs ${required} different approvers: ${holds}. Approved so far: ${approvalsSoFar(approvals)} (${approvals.length} of ${required}).`,
    'attention',
  );
}

/** The plan every member runs (the leader's), with the notes a single card has under it. */
function planSection(leader: LockdownRequest): CardElement[] {
  return [
    heading('Plan (for each account)'),
    ...planRows(leader),
    ...(kindOf(leader) === 'lockdown'
      ? optionPlanNotes(leader.mode, optionsOf(leader))
      : [callout(`🔑 ${UNLOCK_PASSWORD_NOTE}`, 'emphasis')]),
  ];
}

/**
 * The card of a pending group (see the file's comment), as `options` say one person sees it,
 * within Teams' size limit whatever the members hold.
 */
export function buildGroupConfirmationCard(
  view: GroupView,
  options: ConfirmationCardOptions,
): AdaptiveCard {
  const { leader, members } = view;
  const words = groupWords(view);
  const full = kindOf(leader) === 'lockdown' && leader.mode === 'full';
  const style = kindOf(leader) === 'unlock' ? 'warning' : full ? 'attention' : 'warning';
  const build = (rows: GroupRows): AdaptiveCard =>
    withDecisionActions(
      [
        ...alertHeader(leader.alert),
        cardHeader(`${words.verb} ${accounts(members.length)}?`, groupDescription(leader), style),
        ...headerCallouts(members, leader),
        ...accountsSection(view, rows),
        ...leftOutSection(view, rows),
        ...planSection(leader),
        ...decisionFooter(leader, options, approvalsCallout(view)),
      ],
      leader.id,
      options,
    );
  return fitGroupCard(view, pendingRowLevels(options.now), build);
}
