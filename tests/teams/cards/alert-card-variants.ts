/**
 * The card variants of a single request opened from an alert: its confirmation in each view
 * (with `--all` and the preflight's warnings too: the largest single card), its running, final
 * and closed cards, and an alert whose link is not shown (not https, or none).
 */
import { preflight } from '../../../src/lockdown/preflight';
import {
  plannedSteps,
  type AlertOrigin,
  type LockdownRequest,
} from '../../../src/lockdown/request';
import type { AdaptiveCard } from '../../../src/teams/cards';
import { renderCard } from '../../../src/teams/render-card';
import type { CardVariant, VariantInputs } from './card-variants';
import { confirmationViews } from './confirmation-variants';
import { MISSING_GRANTS, NOW } from './fixtures';
import { APPROVED_AT } from './group-fixtures';
import { ALL_OPTIONS } from './option-fixtures';

/** The calling application, as the alert endpoint records the requester. */
const APP = { id: 'app-sentinel', name: 'Microsoft Sentinel playbook' };

/** Every variant of a single request opened from an alert. */
export function alertVariants(inputs: VariantInputs): CardVariant[] {
  const alert = inputs.alert;
  const base: LockdownRequest = { ...inputs.pending, mode: 'full', alert, requestedBy: APP };
  const all = { ...base, options: ALL_OPTIONS };
  const withWarnings = {
    ...all,
    preflight: preflight(plannedSteps(all), all.target, MISSING_GRANTS),
  };
  const render = (r: LockdownRequest): AdaptiveCard =>
    renderCard(r, { now: NOW, selfApprovalAllowed: false });
  const decided = (state: LockdownRequest['state']): LockdownRequest => ({
    ...base,
    state,
    steps: inputs.failedSteps,
    decidedBy: inputs.decider,
    decidedAt: APPROVED_AT,
    ...(state === 'partial' || state === 'failed'
      ? { finishedAt: '2026-11-28T14:08:00.000Z' }
      : {}),
  });
  const linkless = (link: Partial<AlertOrigin>): LockdownRequest => ({
    ...base,
    alert: { ...alert, ...link },
  });
  return [
    ...confirmationViews(inputs, base, 'alert'),
    ...confirmationViews(inputs, withWarnings, 'alert, --all, preflight warnings'),
    ['alert: running', render({ ...decided('running'), steps: inputs.failedSteps.slice(0, 2) })],
    ['alert: partial', render(decided('partial'))],
    ['alert: failed', render(decided('failed'))],
    ['alert: cancelled', render({ ...decided('cancelled'), steps: [] })],
    ['alert: expired', render({ ...base, state: 'expired' })],
    ['alert with an http link (not shown)', render(linkless({ url: 'http://example.com/alert' }))],
    [
      'alert without a link or details',
      render(
        linkless({ url: undefined, severity: undefined, source: undefined, incidentId: undefined }),
      ),
    ],
  ];
}
