/**
 * The dry-run card of a lockdown in each mode, with the app's grants missing, granted and
 * unreadable.
 */
import type { AppGrants } from '../../../src/lockdown/directory';
import { preflight } from '../../../src/lockdown/preflight';
import { plannedSteps, type LockdownMode } from '../../../src/lockdown/request';
import { buildDryRunCard } from '../../../src/teams/cards';
import type { CardVariant, VariantInputs } from './card-variants';
import { MISSING_GRANTS } from './fixtures';

/** The dry-run card in each mode, with grants missing, granted and unreadable. */
export function dryRunViews(inputs: VariantInputs): CardVariant[] {
  const { target } = inputs.pending;
  const view = (mode: LockdownMode, grants: AppGrants | undefined) =>
    buildDryRunCard({
      target,
      mode,
      requiredApprovals: 2,
      preflight: preflight(plannedSteps({ mode }), target, grants),
    });
  return [
    ['dry run (full, grants missing)', view('full', MISSING_GRANTS)],
    [
      'dry run (keep-enabled, granted)',
      view('keep-enabled', {
        permissions: ['User.ReadWrite.All', 'Device.ReadWrite.All'],
        directoryRoleTemplateIds: ['62e90394-69f5-4237-9190-012177145e10'],
      }),
    ],
    ['dry run (grants unreadable)', view('full', undefined)],
  ];
}
