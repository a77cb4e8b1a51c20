/**
 * The confirmation card of a pending request in each view the bot sends (shared, per person,
 * privileged, self-approval), as src/teams/render-card.ts and card-actions.ts build them.
 */
import type { LockdownRequest } from '../../../src/lockdown/request';
import { cardForRequest, type AdaptiveCard } from '../../../src/teams/cards';
import { renderCard } from '../../../src/teams/render-card';
import type { CardVariant, VariantInputs } from './card-variants';
import { NOW } from './fixtures';
import { teamsUserId } from './largest-inputs';

/** The requester's conversation reference, as the command handler stores it. */
const REPLY = JSON.stringify({ user: { id: teamsUserId(0) } });
const REQUESTER_REFUSAL =
  'You asked for this lockdown, so someone else must approve it (four-eyes rule).';
const AWAITING_NOTE =
  'You approved. A second, different approver must confirm before anything runs.';

/** The confirmation card of `pending` in each view, named after `label`. */
export function confirmationViews(
  inputs: VariantInputs,
  pending: LockdownRequest,
  label: string,
): CardVariant[] {
  const r: LockdownRequest = { ...pending, origin: { ...pending.origin, reply: REPLY } };
  const shared = { now: NOW, selfApprovalAllowed: false };
  const privileged: LockdownRequest = {
    ...r,
    requiredApprovals: 2,
    approvals: [{ by: inputs.decider, at: '2026-11-28T14:06:00.000Z' }],
  };
  return [
    ['shared, with Confirm', renderCard(r, shared)],
    [
      'shared, Confirm for listed approvers only',
      renderCard({ ...r, origin: { ...r.origin, audience: inputs.audience } }, shared),
    ],
    [
      "the requester's own view",
      cardForRequest(r, { ...shared, viewer: { canApprove: false, note: REQUESTER_REFUSAL } }),
    ],
    ["an approver's own view", cardForRequest(r, { ...shared, viewer: { canApprove: true } })],
    [
      'privileged, awaiting a second approval',
      cardForRequest(privileged, { ...shared, viewer: { canApprove: false, note: AWAITING_NOTE } }),
    ],
    ['self-approval allowed', renderCard(r, { now: NOW, selfApprovalAllowed: true })],
  ].map(([name, card]) => [`confirmation (${label}): ${String(name)}`, card as AdaptiveCard]);
}
