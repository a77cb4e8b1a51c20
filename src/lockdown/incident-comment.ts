/**
 * The comment that tells an alert's incident (Microsoft Defender XDR) how its lockdown ended,
 * so the incident's own timeline shows what was done (pure).
 */
import { countStates, type GroupView } from './group';

/** How many names each state lists before "and N more". */
const MAX_NAMES = 10;

/**
 * E.g. "Lockdown (Teams bot): 12 of 13 accounts contained (full lockdown). Partial: a@x.
 * Failed: b@x. Approved by Alex Approver. Request 1234…".
 */
export function incidentCommentText(view: GroupView): string {
  const { leader, members } = view;
  const counts = countStates(members);
  const contained = counts.completed ?? 0;
  const mode =
    leader.mode === 'keep-enabled'
      ? 'password reset and sessions revoked, account left enabled'
      : 'full lockdown';
  const lines = [
    `Lockdown (Teams bot): ${contained} of ${members.length} account${members.length === 1 ? '' : 's'} contained (${mode}).`,
  ];
  for (const state of ['partial', 'failed'] as const) {
    const names = members
      .filter((member) => member.state === state)
      .map((member) => member.target.userPrincipalName);
    if (names.length === 0) continue;
    const shown = names.slice(0, MAX_NAMES).join(', ');
    const more = names.length > MAX_NAMES ? ` and ${names.length - MAX_NAMES} more` : '';
    lines.push(`${state === 'partial' ? 'Partial' : 'Failed'}: ${shown}${more}.`);
  }
  if (view.leftOut.length > 0) {
    lines.push(
      `Left out: ${view.leftOut
        .map((left) => left.userPrincipalName)
        .slice(0, MAX_NAMES)
        .join(
          ', ',
        )}${view.leftOut.length > MAX_NAMES ? ` and ${view.leftOut.length - MAX_NAMES} more` : ''}.`,
    );
  }
  const approvers = (leader.approvals ?? []).map((approval) => approval.by.name);
  if (approvers.length > 0) lines.push(`Approved by ${approvers.join(' and ')}.`);
  lines.push(`Request ${leader.id}.`);
  return lines.join(' ');
}
