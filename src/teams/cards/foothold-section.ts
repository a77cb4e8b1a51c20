/**
 * The "What the attacker may have left" section of the lockdown's confirmation and dry-run
 * cards: per section of the target's foothold a heading line with a count and then at most
 * {@link MAX_FOOTHOLD_LINES} compact lines, what stands out first; a section that could not be
 * read is one subtle line saying why; a section that was not read is not shown.
 */
import type {
  AuthMethod,
  ConsentSection,
  Foothold,
  RiskState,
  Section,
} from '../../lockdown/foothold';
import { heading, textBlock, type CardElement, type TextOptions } from './adaptive-card';
import {
  consentLine,
  eligibleRoleLine,
  mailRuleLine,
  methodLine,
  riskLine,
  signInLine,
  OUTSIDE,
  type FootholdLine,
  type Tone,
} from './foothold-lines';
import { MESSAGE_BYTES, plain } from './text-budget';

/** How many lines a list of the section shows before "and N more" (a card must stay small). */
export const MAX_FOOTHOLD_LINES = 5;
/**
 * What the lines of one list may add to the card's JSON: five ordinary lines fit; long names
 * and many scopes or addresses show fewer (at least one) before "and N more", so that the
 * section stays within about 7 KB whatever the directory holds.
 */
export const FOOTHOLD_LIST_BYTES = 1024;
/** The section's heading. */
export const FOOTHOLD_HEADING = 'What the attacker may have left';
/** Said under the mail rules, however they were read. */
export const EXCHANGE_FORWARDING_NOTE =
  'Mailbox-level forwarding set in Exchange is not visible to Graph.';
/** Said when eligible roles could not be read: they then do not count for approval. */
export const ACTIVE_ROLES_ONLY_NOTE = 'the approval rule is decided by active roles alone';

/** Each section's name, as its heading and its unreadable line begin. */
export const SECTION_TITLES = {
  methods: 'Sign-in methods',
  mailRules: 'Mail rules',
  consents: 'Consented apps',
  eligibleRoles: 'Roles eligible through PIM',
  risk: 'Risk',
  signIns: 'Last sign-ins',
} as const satisfies Readonly<Record<keyof Foothold, string>>;

/** How a list of lines is shown. */
interface ListView {
  readonly title: string;
  /** Said when the section was read and holds nothing. */
  readonly none: string;
  /** What "and N more (K …)" calls the hidden lines that stand out. */
  readonly flagged: string;
  /** Show lines that stand out first (sign-ins stay newest first). */
  readonly standOutFirst: boolean;
  /** After the count in the heading, e.g. " besides the password". */
  readonly countSuffix?: string;
}

const TONE_OPTIONS: Readonly<Record<Tone, TextOptions>> = {
  plain: {},
  subtle: { isSubtle: true },
  warning: { color: 'warning', weight: 'bolder' },
  attention: { color: 'attention', weight: 'bolder' },
};

const TONE_RANK: Readonly<Record<Tone, number>> = { attention: 0, warning: 1, plain: 2, subtle: 3 };

/** Whether a line stands out (warning or attention colour). */
const standsOut = (line: FootholdLine): boolean =>
  line.tone === 'warning' || line.tone === 'attention';

/** An item line: small and close to the one above. */
function itemBlock(line: FootholdLine): CardElement {
  return textBlock(line.text, { size: 'small', spacing: 'none', ...TONE_OPTIONS[line.tone] });
}

/** A subtle line that stands for a whole section (unreadable, empty) or notes something. */
function noteBlock(text: string, spacing: 'none' | 'small' = 'small'): CardElement {
  return textBlock(text, { isSubtle: true, size: 'small', spacing });
}

/** "and 3 more (1 new)", as strong as the strongest line it hides. */
function moreLine(hidden: readonly FootholdLine[], flagged: string): FootholdLine {
  const strongest = [...hidden].sort((a, b) => TONE_RANK[a.tone] - TONE_RANK[b.tone])[0];
  const flaggedCount = hidden.filter(standsOut).length;
  const note = flaggedCount === 0 ? '' : ` (${flaggedCount} ${flagged})`;
  const tone = strongest && standsOut(strongest) ? strongest.tone : 'subtle';
  return { text: `and ${hidden.length} more${note}`, tone };
}

/**
 * The first blocks of `blocks`, at most {@link MAX_FOOTHOLD_LINES} and
 * {@link FOOTHOLD_LIST_BYTES} of JSON, and always the first.
 */
function withinBudget(blocks: readonly CardElement[]): CardElement[] {
  const kept: CardElement[] = [];
  let used = 0;
  for (const block of blocks.slice(0, MAX_FOOTHOLD_LINES)) {
    used += Buffer.byteLength(JSON.stringify(block), 'utf8');
    if (kept.length > 0 && used > FOOTHOLD_LIST_BYTES) break;
    kept.push(block);
  }
  return kept;
}

/**
 * A heading with the count, then the lines that fit (see {@link withinBudget}), those that
 * stand out first unless the order matters, and "and N more".
 */
function listBlocks(lines: readonly FootholdLine[], view: ListView): CardElement[] {
  if (lines.length === 0) return [noteBlock(`${view.title}: ${view.none}`)];
  const ordered = view.standOutFirst
    ? [...lines].sort((a, b) => TONE_RANK[a.tone] - TONE_RANK[b.tone])
    : lines;
  const shown = withinBudget(ordered.map(itemBlock));
  const hidden = ordered.slice(shown.length);
  return [
    textBlock(`${view.title} (${lines.length}${view.countSuffix ?? ''})`, {
      weight: 'bolder',
      spacing: 'small',
    }),
    ...shown,
    ...(hidden.length === 0 ? [] : [itemBlock(moreLine(hidden, view.flagged))]),
  ];
}

/**
 * The blocks of one section: none when it was not read, one subtle line when it could not be
 * (`unreadableNote` appended), else what `readable` makes of its items.
 */
function sectionBlocks<T>(
  section: Section<T> | undefined,
  title: string,
  readable: (items: readonly T[]) => CardElement[],
  unreadableNote?: string,
): CardElement[] {
  if (section === undefined) return [];
  if ('unreadable' in section) {
    const why = plain(section.unreadable, MESSAGE_BYTES);
    return [
      noteBlock(`${title}: ${why}${unreadableNote === undefined ? '' : ` — ${unreadableNote}`}`),
    ];
  }
  return readable(section.items);
}

/**
 * Sign-in methods, new ones first. The password is not listed (every account has one and the
 * lockdown resets it): the heading says "N besides the password" instead.
 */
function methodBlocks(methods: readonly AuthMethod[], now: Date | undefined): CardElement[] {
  const others = methods.filter((m) => m.type !== 'password');
  const hasPassword = others.length < methods.length;
  const title = SECTION_TITLES.methods;
  if (others.length === 0 && hasPassword) return [noteBlock(`${title}: only the password`)];
  const lines = others.map((m) => methodLine(m, now));
  return listBlocks(lines, {
    title,
    none: 'none',
    flagged: 'new',
    standOutFirst: true,
    ...(hasPassword ? { countSuffix: ' besides the password' } : {}),
  });
}

/** The risk state: one line, or that Identity Protection has no record of the user. */
function riskBlocks(risks: readonly RiskState[]): CardElement[] {
  const risk = risks[0];
  if (risk === undefined)
    return [noteBlock(`${SECTION_TITLES.risk}: no record in Identity Protection`)];
  const line = riskLine(risk);
  return [textBlock(line.text, { spacing: 'small', ...TONE_OPTIONS[line.tone] })];
}

/**
 * Why the consented apps are shown by client id (their names' read failed): one subtle line
 * under them; nothing when their names were read or not asked for.
 */
function appNamesNote(consents: ConsentSection | undefined): CardElement[] {
  if (consents === undefined || !('namesUnreadable' in consents)) return [];
  const why = plain(consents.namesUnreadable ?? '', MESSAGE_BYTES);
  return why === '' ? [] : [noteBlock(`${SECTION_TITLES.consents}: ${why}`, 'none')];
}

/** Whether anything of the foothold was read (or tried). */
export function hasFootholdSection(foothold: Foothold | undefined): foothold is Foothold {
  return (
    foothold !== undefined &&
    (Object.keys(SECTION_TITLES) as (keyof Foothold)[]).some((key) => foothold[key] !== undefined)
  );
}

/**
 * The "What the attacker may have left" section, or nothing when no section of `foothold` was
 * read. `now` decides which methods are new; without it none is marked new.
 */
export function footholdSection(foothold: Foothold | undefined, now?: Date): CardElement[] {
  if (!hasFootholdSection(foothold)) return [];
  const t = SECTION_TITLES;
  return [
    heading(FOOTHOLD_HEADING),
    ...sectionBlocks(foothold.methods, t.methods, (items) => methodBlocks(items, now)),
    ...sectionBlocks(foothold.mailRules, t.mailRules, (items) =>
      listBlocks(items.map(mailRuleLine), {
        title: t.mailRules,
        none: 'none that forward, redirect, delete or hide mail',
        flagged: `sending ${OUTSIDE}`,
        standOutFirst: true,
      }),
    ),
    ...(foothold.mailRules === undefined ? [] : [noteBlock(EXCHANGE_FORWARDING_NOTE, 'none')]),
    ...sectionBlocks(foothold.consents, t.consents, (items) => [
      ...listBlocks(items.map(consentLine), {
        title: t.consents,
        none: 'none',
        flagged: 'unverified',
        standOutFirst: true,
      }),
      ...appNamesNote(foothold.consents),
    ]),
    ...sectionBlocks(
      foothold.eligibleRoles,
      t.eligibleRoles,
      (items) =>
        listBlocks(items.map(eligibleRoleLine), {
          title: t.eligibleRoles,
          none: 'none',
          flagged: 'privileged',
          standOutFirst: true,
        }),
      ACTIVE_ROLES_ONLY_NOTE,
    ),
    ...sectionBlocks(foothold.risk, t.risk, riskBlocks),
    ...sectionBlocks(foothold.signIns, t.signIns, (items) =>
      listBlocks(items.map(signInLine), {
        title: t.signIns,
        none: 'none',
        flagged: 'standing out',
        standOutFirst: false,
      }),
    ),
  ];
}
