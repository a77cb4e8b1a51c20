import { adaptiveCard, cardHeader, type AdaptiveCard } from './adaptive-card';
import { MODE_NAMES } from './mode-text';
import type { LockdownMode } from '../../lockdown/request';

/** What was asked for: a lockdown in a mode, or an unlock. */
export type LookingUpAsk =
  { readonly kind: 'lockdown'; readonly mode: LockdownMode } | { readonly kind: 'unlock' };

/** "Full lockdown", "Keep enabled", "Unlock". */
function askName(ask: LookingUpAsk): string {
  return ask.kind === 'unlock' ? 'Unlock' : MODE_NAMES[ask.mode];
}

/**
 * The first answer to `/lockdown <upn>` or `/unlock <upn>`, sent at once so Teams gets its
 * answer within seconds; the message is edited into the confirmation card (or an error) when
 * the look-up is done.
 */
export function buildLookingUpCard(
  userPrincipalName: string,
  ask: LookingUpAsk,
  dryRun = false,
): AdaptiveCard {
  const what = ask.kind === 'unlock' ? 'what it would undo' : 'what it would do';
  return adaptiveCard([
    cardHeader(
      `Looking up ${userPrincipalName}…`,
      dryRun
        ? `Dry run (${askName(ask)}): ${what} appears here in a moment; nothing will be changed.`
        : `${askName(ask)} requested. The confirmation card appears here in a moment; nothing has been changed.`,
      'emphasis',
    ),
  ]);
}
