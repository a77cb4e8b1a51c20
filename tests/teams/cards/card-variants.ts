/**
 * Every Adaptive Card the bot can send, one row per variant, built from one set of inputs: the
 * ordinary fixtures, or the largest inputs the bot accepts. The views mirror how
 * src/teams/render-card.ts, card-actions.ts, command-handler.ts, channel-gate.ts and app.ts
 * call the builders.
 */
import type { Foothold } from '../../../src/lockdown/foothold';
import { preflight } from '../../../src/lockdown/preflight';
import {
  plannedSteps,
  type AlertOrigin,
  type LockdownMode,
  type LockdownRequest,
  type StepOutcome,
} from '../../../src/lockdown/request';
import { MAX_TARGETS } from '../../../src/lockdown/target-names';
import {
  buildConfirmationCard,
  buildErrorCard,
  buildHistoryCard,
  buildStatusCard,
  buildUsageCard,
  type AdaptiveCard,
} from '../../../src/teams/cards';
import { buildLookingUpCard } from '../../../src/teams/cards/looking-up-card';
import { renderCard } from '../../../src/teams/render-card';
import { alertVariants } from './alert-card-variants';
import { confirmationViews } from './confirmation-variants';
import { dryRunViews } from './dry-run-card-variants';
import { DENIED, MISSING_GRANTS, NOW, deniedDevice, done, request } from './fixtures';
import { footholdVariants } from './foothold-card-variants';
import { groupVariants } from './group-card-variants';
import { SENTINEL_ALERT, largestAlert, longestUpn } from './group-fixtures';
import { STAYS_REMOVED, largestOptionSteps, optionSteps } from './option-fixtures';
import { optionVariants } from './option-card-variants';
import { FULL_FOOTHOLD, largestFoothold } from './foothold-fixtures';
import { FAILED_ENABLE_DEVICES, unlockRequest } from './unlock-fixtures';
import { unlockVariants } from './unlock-card-variants';
import {
  LONGEST_UPN,
  WIDE_CHARACTERS,
  largestInputs,
  longPerson,
  teamsUserId,
  type WideKind,
} from './largest-inputs';

/** One card variant: a name for the test title and the card. */
export type CardVariant = readonly [name: string, card: AdaptiveCard];

/** What the variants are built from. */
export interface VariantInputs {
  readonly pending: LockdownRequest;
  /** The steps of a finished request that went wrong (failed, unconfirmed, device failures). */
  readonly failedSteps: readonly StepOutcome[];
  readonly decider: { readonly id: string; readonly name: string };
  readonly graphMessage: string;
  /** The listed approvers' Teams ids (the shared card's refresh audience). */
  readonly audience: readonly string[];
  /** A pending unlock of the same target. */
  readonly pendingUnlock: LockdownRequest;
  /** The steps of a finished unlock that went wrong. */
  readonly failedUnlockSteps: readonly StepOutcome[];
  /** The people who approved an unlock (named on the lockdown it undid). */
  readonly approvers: readonly { readonly id: string; readonly name: string }[];
  /** What the attacker may have left, every section read. */
  readonly foothold: Foothold;
  /** The option steps of a `--all` lockdown that went wrong (failed items). */
  readonly optionSteps: readonly StepOutcome[];
  /** What an unlock of that lockdown keeps as the lockdown left it. */
  readonly staysRemoved: readonly string[];
  /** How many accounts a group of the variants has (the most one request may name: 50). */
  readonly groupSize: number;
  /** The UPN of a group's member `i`. */
  readonly groupUpn: (i: number) => string;
  /** The alert a request may come from. */
  readonly alert: AlertOrigin;
}

/** The ordinary fixtures: a plain member, a partial run with 14 failed devices. */
export function fixtureInputs(): VariantInputs {
  return {
    pending: request(),
    failedSteps: [
      {
        ...done('disable-account', 400),
        status: 'unconfirmed',
        detail: 'Graph accepted it, but reading the account back shows it still enabled',
      },
      { step: 'reset-password', status: 'failed', durationMs: 1200, failure: DENIED },
      done('revoke-sessions', 85),
      {
        step: 'disable-devices',
        status: 'failed',
        durationMs: 300,
        devices: Array.from({ length: 14 }, (_, i) => deniedDevice(i + 1)),
      },
      done('verify', 120),
    ],
    decider: { id: 'aad-bob', name: 'Bob Approver' },
    graphMessage: DENIED.message,
    audience: [teamsUserId(1), teamsUserId(2)],
    pendingUnlock: unlockRequest(),
    failedUnlockSteps: [
      { ...done('enable-account', 400), status: 'unconfirmed', detail: 'Graph accepted it' },
      FAILED_ENABLE_DEVICES,
      { ...done('verify', 120), status: 'failed', observed: { accountEnabled: false } },
    ],
    approvers: [
      { id: 'aad-bob', name: 'Bob Approver' },
      { id: 'aad-dana', name: 'Dana Lead' },
    ],
    foothold: FULL_FOOTHOLD,
    optionSteps: optionSteps(),
    staysRemoved: STAYS_REMOVED,
    groupSize: 12,
    groupUpn: (i) => `user${i}@contoso.com`,
    alert: SENTINEL_ALERT,
  };
}

/** The largest inputs the bot accepts, in one kind of wide character. */
export function largestVariantInputs(kind: WideKind): VariantInputs {
  const largest = largestInputs(kind);
  return {
    pending: largest.pending,
    failedSteps: largest.failedSteps,
    decider: longPerson(kind, 'Bob'),
    graphMessage: largest.graphMessage,
    audience: largest.refreshFor,
    pendingUnlock: largest.pendingUnlock,
    failedUnlockSteps: largest.failedUnlockSteps,
    approvers: largest.approvers,
    foothold: largestFoothold(WIDE_CHARACTERS[kind]),
    optionSteps: largestOptionSteps(WIDE_CHARACTERS[kind], largest.graphMessage),
    staysRemoved: Array.from({ length: 6 }, () => largest.graphMessage),
    groupSize: MAX_TARGETS,
    groupUpn: longestUpn,
    alert: largestAlert(largest.graphMessage),
  };
}

/** The request after approval, in `state`, with `steps` recorded. */
function decided(
  inputs: VariantInputs,
  state: LockdownRequest['state'],
  steps: readonly StepOutcome[],
  mode: LockdownMode = 'full',
): LockdownRequest {
  return {
    ...inputs.pending,
    mode,
    state,
    steps,
    decidedBy: inputs.decider,
    decidedAt: '2026-11-28T14:06:00.000Z',
    ...(['approved', 'running', 'cancelled', 'expired'].includes(state)
      ? {}
      : { finishedAt: '2026-11-28T14:08:00.000Z' }),
  };
}

/** The running and final cards. */
function progressViews(inputs: VariantInputs): CardVariant[] {
  const allDone = [
    done('disable-account', 400),
    done('reset-password', 300),
    done('revoke-sessions', 85),
    done('disable-devices', 450),
    { ...done('verify', 120), observed: { accountEnabled: false } },
  ];
  const keepEnabled = [allDone[1], allDone[2], allDone[4]] as StepOutcome[];
  const render = (r: LockdownRequest): AdaptiveCard =>
    renderCard(r, { now: NOW, selfApprovalAllowed: false });
  return [
    ['approved', render(decided(inputs, 'approved', []))],
    [
      'running',
      render(decided(inputs, 'running', [allDone[0] as StepOutcome, inputs.failedSteps[1]!])),
    ],
    ['completed (full)', render(decided(inputs, 'completed', allDone))],
    ['completed (keep-enabled)', render(decided(inputs, 'completed', keepEnabled, 'keep-enabled'))],
    ['partial', render(decided(inputs, 'partial', inputs.failedSteps))],
    ['failed', render(decided(inputs, 'failed', inputs.failedSteps))],
    [
      'failed (keep-enabled)',
      render(decided(inputs, 'failed', inputs.failedSteps, 'keep-enabled')),
    ],
    ['cancelled', render(decided(inputs, 'cancelled', []))],
    ['expired', render({ ...inputs.pending, state: 'expired' })],
    ['rejected', render(decided(inputs, 'rejected', []))],
  ];
}

/** Every error card the bot sends (command-handler.ts, channel-gate.ts, app.ts). */
function errorViews(inputs: VariantInputs): CardVariant[] {
  const upn = inputs.pending.target.userPrincipalName;
  const crashed =
    'The bot hit an unexpected error; nothing was changed. Try again, and tell your Teams admin if it persists.';
  return (
    [
      ['No lockdown yet', `No lockdown has been requested for ${upn}.`],
      [
        'Who are you?',
        'Teams did not say who sent this message, so I cannot take a lockdown request from it.',
      ],
      ['Something went wrong', crashed],
      ['Unknown user', `No user ${upn} in this tenant. Nothing was changed.`],
      [
        'Not allowed',
        `${upn} is a protected account (LOCKDOWN_PROTECTED), e.g. a break-glass account: the bot never locks it down. Nothing was changed.`,
      ],
      [
        `Could not look up ${upn}`,
        `${inputs.graphMessage} (${DENIED.code}, ${DENIED.status}, request-id ${DENIED.requestId}). Nothing was changed.`,
      ],
      [
        'Lockdown is not enabled in any channel yet',
        "To allow lockdowns here, a Teams admin sets LOCKDOWN_CHANNEL_IDS=19:0123456789abcdef0123456789abcdef@thread.tacv2 (this channel's id) in the bot's configuration and restarts it. Nothing was done.",
      ],
      [
        'Not in this conversation',
        'Lockdown commands are accepted only in the security channel your admins configured. Please ask there. Nothing was done.',
      ],
    ] as const
  ).map(([title, message]) => [`error: ${title.slice(0, 40)}`, buildErrorCard(title, message)]);
}

/** Twenty requests in every state, for the history card. */
function historyRows(inputs: VariantInputs): LockdownRequest[] {
  const states = ['completed', 'partial', 'failed', 'cancelled', 'expired', 'pending'] as const;
  return Array.from({ length: 20 }, (_, i) =>
    decided(inputs, states[i % states.length] ?? 'completed', [], i % 2 ? 'keep-enabled' : 'full'),
  );
}

/** Every card variant the bot can send, built from `inputs`. */
export function cardVariants(inputs: VariantInputs): CardVariant[] {
  const partial = decided(inputs, 'partial', inputs.failedSteps);
  return [
    ...confirmationViews(inputs, { ...inputs.pending, mode: 'full' }, 'full'),
    ...confirmationViews(inputs, { ...inputs.pending, mode: 'keep-enabled' }, 'keep-enabled'),
    [
      'looking up (full)',
      buildLookingUpCard(inputs.pending.target.userPrincipalName, {
        kind: 'lockdown',
        mode: 'full',
      }),
    ],
    [
      'looking up (keep-enabled)',
      buildLookingUpCard(LONGEST_UPN, { kind: 'lockdown', mode: 'keep-enabled' }),
    ],
    ...progressViews(inputs),
    ['help', buildUsageCard()],
    ['usage with a problem', buildUsageCard(`Unknown option "${'-'.repeat(57)}...".`)],
    ...errorViews(inputs),
    ['status (pending)', buildStatusCard(inputs.pending, NOW)],
    ['status (partial)', buildStatusCard(partial, NOW)],
    ['history (20 rows)', buildHistoryCard(historyRows(inputs))],
    ...dryRunViews(inputs),
    ...footholdVariants(inputs),
    [
      'confirmation with preflight warnings',
      buildConfirmationCard(
        {
          ...inputs.pending,
          preflight: preflight(
            plannedSteps({ mode: 'full' }),
            inputs.pending.target,
            MISSING_GRANTS,
          ),
        },
        { now: NOW },
      ),
    ],
    ['history (empty)', buildHistoryCard([])],
    ...unlockVariants(inputs),
    ...optionVariants(inputs),
    ...alertVariants(inputs),
    ...groupVariants(inputs),
  ];
}

/** The input sets every variant is built from, by name. */
export function inputSets(): readonly (readonly [name: string, inputs: VariantInputs])[] {
  return [
    ['fixtures', fixtureInputs()],
    ['largest inputs, emoji', largestVariantInputs('emoji')],
    ['largest inputs, CJK', largestVariantInputs('cjk')],
  ];
}
