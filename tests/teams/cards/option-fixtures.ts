/**
 * Containment options for the card tests: a lockdown with `--all` whose option steps handled
 * some items and failed on others, the lines an unlock of it keeps, and the same at the largest
 * inputs (50 items a step, 256-character labels, long Graph messages on every item).
 */
import { LOCKDOWN_OPTIONS, type LockdownOption } from '../../../src/lockdown/options';
import type { ItemOutcome, StepOutcome } from '../../../src/lockdown/request';
import { DENIED } from './fixtures';

/** Every option, as `--all` asks. */
export const ALL_OPTIONS: readonly LockdownOption[] = LOCKDOWN_OPTIONS;

/** Graph's refusal to delete the default method while others remain. */
export const DEFAULT_METHOD_REFUSED = {
  status: 400,
  code: 'invalidRequest',
  message: 'Cannot delete the default authentication method while other methods remain.',
  requestId: 'c0ffee00-0000-4000-8000-000000000002',
} as const;

/** An item handled. */
export function doneItem(id: string, label: string): ItemOutcome {
  return { id, label, status: 'done' };
}

/** An item refused with `failure`, with a note a responder can act on. */
export function failedItem(
  id: string,
  label: string,
  failure: ItemOutcome['failure'] = DENIED,
  note = `refused: ${failure?.message ?? ''}`,
): ItemOutcome {
  return { id, label, status: 'failed', ...(failure ? { failure } : {}), note };
}

/** The option steps of a `--all` lockdown: 5 methods (2 refused), 3 rules, 3 consents (1 refused). */
export function optionSteps(): StepOutcome[] {
  const methods: ItemOutcome[] = [
    failedItem(
      'm1',
      'Microsoft Authenticator: Pixel 8',
      DEFAULT_METHOD_REFUSED,
      'the default method: Graph deletes it only once the others are gone; run the lockdown again',
    ),
    doneItem('m2', 'Microsoft Authenticator: iPhone 15 (registered an hour ago)'),
    doneItem('m3', 'Phone: +1 ••• •• 42'),
    failedItem(
      'm4',
      'Security key (FIDO2): YubiKey 5',
      DENIED,
      'refused (the app needs UserAuthenticationMethod.ReadWrite.All): Insufficient privileges',
    ),
    doneItem('m5', 'Email: j•••@fabrikam.example'),
  ];
  const rules = ['Forward to gmail', 'Delete security alerts', 'Mark read'].map((name, i) =>
    doneItem(`r${i}`, name),
  );
  const consents: ItemOutcome[] = [
    doneItem('g1', 'Mail Helper Pro (unverified publisher)'),
    doneItem('g2', 'PDF Tools'),
    failedItem('g3', 'Calendar Sync', { ...DENIED, requestId: 'grant-3' }),
  ];
  return [
    {
      step: 'remove-methods',
      status: 'failed',
      durationMs: 640,
      detail:
        '3 of 5 sign-in methods removed; the person registers again (e.g. with a Temporary Access Pass)',
      items: methods,
    },
    {
      step: 'disable-mail-rules',
      status: 'done',
      durationMs: 310,
      detail: '3 of 3 inbox rules disabled',
      items: rules,
    },
    {
      step: 'revoke-consents',
      status: 'failed',
      durationMs: 280,
      detail: '2 of 3 app consents revoked',
      items: consents,
    },
    {
      step: 'confirm-compromised',
      status: 'done',
      durationMs: 150,
      detail: 'Confirmed compromised in Identity Protection',
    },
  ];
}

/** What an unlock of that lockdown keeps as the lockdown left it (as the domain words it). */
export const STAYS_REMOVED: readonly string[] = [
  '3 sign-in methods removed: the person registers again (an administrator can issue a Temporary Access Pass)',
  "3 inbox rules disabled: turn back on in Outlook only those that are the person's own",
  '2 app consents revoked: the person consents again when they next use an app',
  'Confirmed compromised in Identity Protection: stays high-risk until an administrator dismisses the risk',
];

/** How many items each option step lists at the largest inputs. */
export const LARGEST_ITEMS = 50;

/** A 256-character label of `char` (a method, rule or app name as long as Entra allows). */
function longLabel(n: number, char: string): string {
  const prefix = `Item ${n} `;
  return prefix + char.repeat(256 - prefix.length);
}

/**
 * The option steps at the largest inputs: 50 items a step with 256-character labels of `char`,
 * every item failed with `message`, and a long detail on every step.
 */
export function largestOptionSteps(char: string, message: string): StepOutcome[] {
  const label = (n: number): string => longLabel(n, char);
  const items = (prefix: string): ItemOutcome[] =>
    Array.from({ length: LARGEST_ITEMS }, (_, i) =>
      failedItem(
        `${prefix}-${i}`,
        label(i),
        { ...DENIED, message, requestId: `22222222-3333-4444-8555-${String(i).padStart(12, '0')}` },
        message,
      ),
    );
  const step = (id: StepOutcome['step'], withItems: boolean): StepOutcome => ({
    step: id,
    status: 'failed',
    durationMs: 125_000,
    detail: message,
    ...(withItems ? { items: items(id) } : { failure: { ...DENIED, message } }),
  });
  return [
    step('remove-methods', true),
    step('disable-mail-rules', true),
    step('revoke-consents', true),
    step('confirm-compromised', false),
  ];
}
