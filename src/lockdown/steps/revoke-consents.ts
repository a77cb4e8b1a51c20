import type { StepId } from '../request';
import { itemOutcomes, itemsResult, listingFailed } from './item-results';
import type { Stage, StepResult } from './step';

/**
 * `--revoke-consents`: deletes the user's delegated permission grants, as listed now, so apps
 * the attacker consented to lose their delegated access.
 */
export const revokeConsents: Stage = {
  steps: ['revoke-consents'],
  async run(context) {
    let result: StepResult;
    try {
      const grants = await context.directory.listConsents(context.target.id);
      const results = await context.directory.revokeConsents(grants.map((grant) => grant.id));
      result = itemsResult(
        itemOutcomes(
          'revoke-consents',
          grants.map((grant) => ({
            id: grant.id,
            label: grant.appName ?? `app ${grant.clientId}`,
          })),
          results,
        ),
        results,
        {
          what: 'app consents',
          done: 'revoked; the person consents again when they next use an app',
          none: 'No apps with delegated consent',
        },
      );
    } catch (error) {
      result = listingFailed('revoke-consents', error);
    }
    return new Map<StepId, StepResult>([['revoke-consents', result]]);
  },
};
