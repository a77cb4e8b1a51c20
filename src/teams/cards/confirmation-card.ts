import { kindOf, type LockdownRequest } from '../../lockdown/request';
import {
  callout,
  cardHeader,
  factSet,
  heading,
  type AdaptiveCard,
  type CardElement,
} from './adaptive-card';
import { alertHeader } from './alert-header';
import {
  approvalsSoFar,
  decisionFooter,
  withDecisionActions,
  type ConfirmationCardOptions,
} from './decision-footer';
import { describeDevices } from './device-summary';
import { footholdSection } from './foothold-section';
import { KIND_WORDS } from './kind-words';
import { modeDescription } from './mode-text';
import { optionPlanNotes } from './option-lines';
import { optionsOf } from './option-text';
import { planRows } from './plan-rows';
import { roleLines } from './role-lines';
import { FIELD_BYTES, NAME_BYTES, plain } from './text-budget';
import { undoSection } from './undo-devices';
import { UNLOCK_SYNCED_WARNING, undoSentence } from './unlock-text';

export {
  CANCEL_VERB,
  CONFIRM_VERB,
  REFRESH_VERB,
  SELF_APPROVAL_NOTE,
  type ConfirmationCardOptions,
} from './decision-footer';

/** Warning shown for accounts synced from on-premises AD. */
export const SYNCED_WARNING =
  'Synced from on-premises AD: the next directory sync undoes a cloud-only disable; disable the account on-premises too';
/** Note shown for synced accounts when the deployment reaches on-premises AD. */
export const SYNCED_CONTAINED_NOTE =
  'Synced from on-premises AD: the on-premises account is contained too, through Microsoft Defender for Identity';
/** Note shown for B2B guests. */
export const GUEST_NOTE =
  "Guest account: revoking here does not end sessions in the guest's home tenant";

/** A field of the target's profile on its budget; `undefined` stays undefined (no fact). */
function field(value: string | undefined): string | undefined {
  return value === undefined ? undefined : plain(value, FIELD_BYTES);
}

/** The header and the callouts under it: what the request does and what to watch out for. */
function headerRows(request: LockdownRequest, name: string): CardElement[] {
  const { target } = request;
  if (kindOf(request) === 'unlock') {
    // Enabling a possibly compromised account again deserves a second look, not an alarm.
    return [
      cardHeader(`${KIND_WORDS.unlock.verb} ${name}?`, undoSentence(request.undo), 'warning'),
      ...(target.onPremisesSyncEnabled ? [callout(`⚠️ ${UNLOCK_SYNCED_WARNING}`, 'warning')] : []),
    ];
  }
  return [
    cardHeader(
      `${KIND_WORDS.lockdown.verb} ${name}?`,
      modeDescription(request.mode, optionsOf(request)),
      // A full lockdown is destructive; keep-enabled is milder but still irreversible.
      request.mode === 'full' ? 'attention' : 'warning',
    ),
    ...(target.onPremisesSyncEnabled
      ? [
          request.onPremises
            ? callout(`ℹ️ ${SYNCED_CONTAINED_NOTE}`, 'emphasis')
            : callout(`⚠️ ${SYNCED_WARNING}`, 'warning'),
        ]
      : []),
    ...(target.userType === 'Guest' ? [callout(`ℹ️ ${GUEST_NOTE}`, 'emphasis')] : []),
  ];
}

/**
 * The card a responder's `/lockdown` or `/unlock` command gets: who the target is, what will be
 * done (for an unlock: what it undoes, and that the password stays as the lockdown left it), who
 * asked and until when the request stands, with Confirm and Cancel.
 * Both buttons carry only the request id: the card's data comes back untrusted, so the bot
 * reloads everything else from its store.
 */
export function buildConfirmationCard(
  request: LockdownRequest,
  options: ConfirmationCardOptions,
): AdaptiveCard {
  const { target } = request;
  const name = plain(target.displayName, NAME_BYTES);
  const body: CardElement[] = [...alertHeader(request.alert), ...headerRows(request, name)];

  body.push(
    factSet(
      [
        ['Name', name],
        ['UPN', target.userPrincipalName],
        ['Object id', target.id],
        ['Job title', field(target.jobTitle)],
        ['Department', field(target.department)],
        ['Account', target.accountEnabled ? 'Enabled' : 'Disabled'],
        ['Type', target.userType],
        ['Devices', describeDevices(target.devices)],
      ],
      { spacing: 'medium' },
    ),
    heading('Directory roles'),
    ...roleLines(target.roles),
    // What the attacker may have left, seen before anyone approves (not on an unlock's card).
    ...(kindOf(request) === 'lockdown' ? footholdSection(target.foothold, options.now) : []),
    heading('Plan'),
    ...planRows(request),
    // Self-service password reset in keep-enabled mode; what an unlock leaves as it is.
    ...(kindOf(request) === 'lockdown' ? optionPlanNotes(request.mode, optionsOf(request)) : []),
    // An unlock: which devices it enables or leaves alone, how the person gets back in.
    ...(kindOf(request) === 'unlock' && request.undo ? undoSection(request.undo) : []),
  );

  const required = request.requiredApprovals ?? 1;
  const approvals = request.approvals ?? [];
  const approvalsCallout =
    required > 1
      ? callout(
          `🔐 Privileged target: needs ${required} different approvers. Approved so far: ${approvalsSoFar(approvals)} (${approvals.length} of ${required}).`,
          'attention',
        )
      : undefined;
  body.push(...decisionFooter(request, options, approvalsCallout));
  return withDecisionActions(body, request.id, options);
}
