/**
 * The card variants that show what the attacker may have left: the lockdown's confirmation in
 * each view and its dry run, with every section read, with every section unreadable, and with
 * the consented apps' names unreadable.
 */
import type { Foothold } from '../../../src/lockdown/foothold';
import { preflight } from '../../../src/lockdown/preflight';
import { plannedSteps, type LockdownRequest } from '../../../src/lockdown/request';
import { buildDryRunCard, type AdaptiveCard } from '../../../src/teams/cards';
import { renderCard } from '../../../src/teams/render-card';
import type { CardVariant, VariantInputs } from './card-variants';
import { confirmationViews } from './confirmation-variants';
import { MISSING_GRANTS, NOW } from './fixtures';
import { APPS_UNNAMED_FOOTHOLD, UNREADABLE_FOOTHOLD } from './foothold-fixtures';

/** The pending lockdown of `inputs` with `foothold` read on its target. */
function withFoothold(inputs: VariantInputs, foothold: Foothold): LockdownRequest {
  const { pending } = inputs;
  return { ...pending, mode: 'full', target: { ...pending.target, foothold } };
}

/** The dry run of a full lockdown of `request`'s target, with the app's grants missing. */
function dryRun(request: LockdownRequest): AdaptiveCard {
  return buildDryRunCard({
    target: request.target,
    mode: 'full',
    requiredApprovals: 2,
    preflight: preflight(plannedSteps({ mode: 'full' }), request.target, MISSING_GRANTS),
    now: NOW,
  });
}

/** Every variant with a foothold: read in full (each view), unreadable, apps unnamed. */
export function footholdVariants(inputs: VariantInputs): CardVariant[] {
  const full = withFoothold(inputs, inputs.foothold);
  const unreadable = withFoothold(inputs, UNREADABLE_FOOTHOLD);
  const unnamed = withFoothold(inputs, APPS_UNNAMED_FOOTHOLD);
  return [
    [
      'confirmation (full, the consented apps’ names not readable)',
      renderCard(unnamed, { now: NOW, selfApprovalAllowed: false }),
    ],
    ['dry run (full, the consented apps’ names not readable)', dryRun(unnamed)],
    ...confirmationViews(inputs, full, 'full, with a foothold'),
    [
      'confirmation (full, every foothold section unreadable)',
      renderCard(unreadable, { now: NOW, selfApprovalAllowed: false }),
    ],
    ['dry run (full, with a foothold)', dryRun(full)],
    ['dry run (full, every foothold section unreadable)', dryRun(unreadable)],
  ];
}
