/**
 * The answer to `/lockdown user@domain --dry-run` and `/unlock user@domain --dry-run`: what the
 * request would do, step by step, with the exact Graph request of each step and whether this
 * deployment has the permission and the directory role it needs; for an unlock, also what it
 * would undo and which devices it would leave alone. No buttons: nothing was recorded and
 * nothing can be approved here.
 */
import type { LockdownOption } from '../../lockdown/options';
import type { LockdownMode, RequestKind, TargetProfile, UndoPlan } from '../../lockdown/request';
import { STEP_TITLES } from '../../lockdown/request';
import type { GrantState, Preflight, StepCheck } from '../../lockdown/preflight';
import {
  adaptiveCard,
  type AdaptiveCard,
  type CardElement,
  cardHeader,
  column,
  columnSet,
  factSet,
  heading,
  textBlock,
} from './adaptive-card';
import { describeDevices } from './device-summary';
import { footholdSection } from './foothold-section';
import { formatUtc } from './format-time';
import { modeDescription } from './mode-text';
import { optionPlanNotes } from './option-lines';
import { optionsOf } from './option-text';
import { roleLines } from './role-lines';
import { FIELD_BYTES, MESSAGE_BYTES, NAME_BYTES, plain } from './text-budget';
import { undoSection } from './undo-devices';
import { undoSentence } from './unlock-text';

/** What a dry run shows. */
export interface DryRunView {
  /** What is previewed; absent: a lockdown. */
  readonly requestKind?: RequestKind;
  readonly target: TargetProfile;
  readonly mode: LockdownMode;
  /** A lockdown's containment options, defaults applied (absent: none). */
  readonly options?: readonly LockdownOption[];
  readonly requiredApprovals: number;
  readonly preflight: Preflight;
  /** An unlock's plan: what it would undo. */
  readonly undo?: UndoPlan;
  /** When the card is built: which sign-in methods are new. Without it none is marked new. */
  readonly now?: Date;
}

const GRANT_WORDS: Readonly<Record<GrantState, string>> = {
  granted: '✅ granted',
  missing: '❌ missing',
  unknown: '❔ could not be checked',
};

/** The header's title and what the request would do, by kind. */
function headerOf(view: DryRunView, name: string): { title: string; does: string } {
  return view.requestKind === 'unlock'
    ? { title: `Dry run: unlock ${name}`, does: undoSentence(view.undo) }
    : {
        title: `Dry run: lockdown of ${name}`,
        does: modeDescription(view.mode, optionsOf(view)),
      };
}

/** What to do on-premises for a synced account, by kind. */
function syncedFact(view: DryRunView): string {
  if (!view.target.onPremisesSyncEnabled) return 'No';
  return view.requestKind === 'unlock'
    ? 'Yes: enable it on-premises too if it was disabled there'
    : 'Yes: disable it on-premises too';
}

/** The dry-run card. */
export function buildDryRunCard(view: DryRunView): AdaptiveCard {
  const { target, preflight } = view;
  const name = plain(target.displayName, NAME_BYTES);
  const { title, does } = headerOf(view, name);
  const body: CardElement[] = [
    cardHeader(title, `${does}. Nothing was recorded and nothing was changed.`, 'emphasis'),
    factSet(
      [
        ['UPN', plain(target.userPrincipalName, NAME_BYTES)],
        ['Object id', target.id],
        ['Account', target.accountEnabled ? 'Enabled' : 'Disabled'],
        ['Synced from AD', syncedFact(view)],
        ['Devices', plain(describeDevices(target.devices), FIELD_BYTES)],
        ['Approvals needed', String(view.requiredApprovals)],
      ],
      { spacing: 'medium' },
    ),
    heading('Directory roles'),
    ...roleLines(target.roles),
    // What the attacker may have left, as on the lockdown's confirmation card.
    ...(view.requestKind === 'unlock' ? [] : footholdSection(target.foothold, view.now)),
    heading('Steps, Graph requests and grants'),
    ...preflight.checks.map(stepBlock),
    // As on the confirmation card: self-service password reset, what an unlock leaves as it is.
    ...(view.requestKind === 'unlock' ? [] : optionPlanNotes(view.mode, optionsOf(view))),
    // An unlock: which devices it would enable or leave alone, how the person would get back in.
    ...(view.requestKind === 'unlock' && view.undo ? undoSection(view.undo) : []),
    textBlock(
      preflight.grantsAsOf
        ? `Grants as of the app's token issued ${formatUtc(preflight.grantsAsOf)}; changes since may take up to an hour to show.`
        : "The app's grants could not be read.",
      { isSubtle: true, size: 'small', spacing: 'medium', separator: true },
    ),
  ];
  return adaptiveCard(body);
}

function stepBlock(check: StepCheck, index: number): CardElement {
  const lines: CardElement[] = [
    textBlock(STEP_TITLES[check.step], { weight: 'bolder' }),
    ...check.requests.map((request) =>
      textBlock(plain(request, MESSAGE_BYTES), {
        size: 'small',
        spacing: 'none',
        fontType: 'monospace',
      }),
    ),
    textBlock(`Permission ${check.permission}: ${GRANT_WORDS[check.permissionState]}`, {
      size: 'small',
      spacing: 'none',
    }),
  ];
  if (check.role && check.roleState) {
    lines.push(
      textBlock(`Directory role ${check.role}: ${GRANT_WORDS[check.roleState]}`, {
        size: 'small',
        spacing: 'none',
      }),
    );
  }
  for (const warning of check.warnings) {
    lines.push(
      textBlock(`⚠️ ${plain(warning, MESSAGE_BYTES)}`, {
        color: 'warning',
        size: 'small',
        spacing: 'none',
      }),
    );
  }
  if (check.note) {
    lines.push(
      textBlock(plain(check.note, MESSAGE_BYTES), {
        isSubtle: true,
        size: 'small',
        spacing: 'none',
      }),
    );
  }
  return columnSet([column('auto', [textBlock(`${index + 1}.`)]), column('stretch', lines)], {
    spacing: 'small',
  });
}
