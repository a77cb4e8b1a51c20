import { adaptiveCard, cardHeader, type AdaptiveCard } from './adaptive-card';
import { MODE_NAMES } from './mode-text';
import type { LockdownMode } from '../../lockdown/request';

/**
 * The first answer to `/lockdown <upn>`, sent at once so Teams gets its answer within seconds;
 * the message is edited into the confirmation card (or an error) when the look-up is done.
 */
export function buildLookingUpCard(
  userPrincipalName: string,
  mode: LockdownMode,
  dryRun = false,
): AdaptiveCard {
  return adaptiveCard([
    cardHeader(
      `Looking up ${userPrincipalName}…`,
      dryRun
        ? `Dry run (${MODE_NAMES[mode]}): what it would do appears here in a moment; nothing will be changed.`
        : `${MODE_NAMES[mode]} requested. The confirmation card appears here in a moment; nothing has been changed.`,
      'emphasis',
    ),
  ]);
}
