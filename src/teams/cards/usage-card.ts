import type { LockdownOption } from '../../lockdown/options';
import {
  adaptiveCard,
  cardHeader,
  container,
  heading,
  textBlock,
  type AdaptiveCard,
  type CardElement,
} from './adaptive-card';
import { OPTIONS_USAGE } from './option-text';

/** The usage line, shared with error cards. */
export const USAGE_LINE = '/lockdown user@domain [--keep-enabled] [--dry-run]';
/** The usage line of `/unlock`. */
export const UNLOCK_USAGE_LINE = '/unlock user@domain [--dry-run]';

/** Each command and what it does. */
const COMMANDS: readonly (readonly [command: string, effect: string])[] = [
  [
    '/lockdown user@domain',
    'Disable the account, reset its password, revoke its sign-in sessions and disable its devices, once an approver confirms.',
  ],
  [
    '/lockdown user@domain --keep-enabled',
    'Only reset the password and revoke sessions; the account and its devices stay enabled.',
  ],
  OPTIONS_USAGE,
  [
    '/lockdown a@domain b@domain …',
    'Up to 50 accounts (spaces or commas) on one card and one approval; unknown and protected ones are left out with the reason. /unlock takes a list too.',
  ],
  [
    '/lockdown user@domain --dry-run',
    'Show what a lockdown would do, the Graph request of each step and whether this app has the permission and role it needs. Nothing is recorded or changed.',
  ],
  [
    '/unlock user@domain',
    "Undo what the user's latest finished lockdown did, and only that, once an approver confirms: enable the account and the devices it disabled. The password is not restored or shown: an administrator resets it or issues a Temporary Access Pass.",
  ],
  [
    '/unlock user@domain --dry-run',
    'Show what an unlock would undo and which devices it would leave alone, with the Graph request, permission and role of each step. Nothing is recorded or changed.',
  ],
  [
    '/lockdown status user@domain',
    'Show the latest lockdown or unlock request for that user and how it ended.',
  ],
  ['/lockdown history', 'List the last 20 lockdown and unlock requests made in this channel.'],
  ['/lockdown help', 'Show this help.'],
];

/** Which options this deployment turns on for every lockdown, and how to turn one off. */
function defaultsLine(defaults: readonly LockdownOption[]): string {
  const flags = defaults.map((option) => `--${option}`).join(' ');
  return `On for every lockdown here: ${flags}. Turn one off for one lockdown with --no-<option>, e.g. --no-${defaults[0] ?? 'remove-mfa'}.`;
}

/**
 * How to use the bot, optionally after a sentence saying what was wrong with the last
 * command (e.g. "Unknown option --force."), with the options this deployment turns on for
 * every lockdown (`defaults`).
 */
export function buildUsageCard(
  problem?: string,
  defaults: readonly LockdownOption[] = [],
): AdaptiveCard {
  const body: CardElement[] = [];
  if (problem !== undefined && problem.trim() !== '') {
    body.push(cardHeader(problem, `Usage: ${USAGE_LINE} · ${UNLOCK_USAGE_LINE}`, 'attention'));
  } else {
    body.push(cardHeader('Lockdown: usage', `${USAGE_LINE} · ${UNLOCK_USAGE_LINE}`, 'emphasis'));
  }
  for (const [command, effect] of COMMANDS) {
    const items = [
      textBlock(command, { fontType: 'monospace', weight: 'bolder' }),
      textBlock(effect, { isSubtle: true, spacing: 'none' }),
    ];
    if (command === OPTIONS_USAGE[0] && defaults.length > 0) {
      items.push(textBlock(defaultsLine(defaults), { size: 'small', spacing: 'none' }));
    }
    body.push(container(items, { spacing: 'medium' }));
  }
  body.push(
    heading('Example'),
    textBlock('/lockdown adele@contoso.com', { fontType: 'monospace', spacing: 'small' }),
  );
  return adaptiveCard(body);
}
