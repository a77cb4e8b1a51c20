/**
 * The rows of a group's card: one per member (pending: who it is and what stands out; later:
 * where it stands) and one per account left out, each at several levels of detail so that
 * fifty of them fit on one card (see `fit-rows.ts`).
 */
import type { LeftOut, LockdownRequest } from '../../lockdown/request';
import { textBlock, type CardElement, type TextOptions } from './adaptive-card';
import { memberSummary } from './group-member-summary';
import { memberStatus } from './member-outcome';
import type { RowLevel } from './fit-rows';
import { SHORT_NAME_BYTES, plain } from './text-budget';

/** A member's UPN on a row: Entra allows 113 characters, the budget leaves room for that. */
const UPN_BYTES = SHORT_NAME_BYTES;

/** "Jane Doe · jane@contoso.com", or the UPN alone when `nameBytes` is 0. */
function identity(member: LockdownRequest, nameBytes: number): string {
  const upn = plain(member.target.userPrincipalName, UPN_BYTES);
  return nameBytes === 0 ? upn : `${plain(member.target.displayName, nameBytes)} · ${upn}`;
}

/** Small and close to the line above. */
const DETAIL: TextOptions = { size: 'small', spacing: 'none' };

/** How a pending member's detail line looks: privileged stands out most, then any warning. */
function detailLook(privileged: boolean, flagged: boolean): TextOptions {
  if (privileged) return { color: 'attention', weight: 'bolder' };
  return flagged ? { color: 'warning' } : { isSubtle: true };
}

/** How much of a pending member a level shows, and in how many lines. */
interface PendingLevel {
  readonly nameBytes: number;
  readonly roleBytes: number;
  readonly factBytes: number;
  /** 3: name, roles, facts; 2: name, then roles and facts; 1: all on one line; 0: the UPN. */
  readonly lines: 0 | 1 | 2 | 3;
}

/** The levels of a pending member's row, richest first. */
const PENDING_LEVELS: readonly PendingLevel[] = [
  { nameBytes: 128, roleBytes: 64, factBytes: 320, lines: 3 },
  { nameBytes: 64, roleBytes: 48, factBytes: 200, lines: 3 },
  { nameBytes: 48, roleBytes: 32, factBytes: 160, lines: 2 },
  { nameBytes: 32, roleBytes: 32, factBytes: 160, lines: 1 },
  { nameBytes: 0, roleBytes: 24, factBytes: 128, lines: 1 },
  { nameBytes: 0, roleBytes: 0, factBytes: 96, lines: 1 },
  { nameBytes: 0, roleBytes: 0, factBytes: 48, lines: 1 },
  { nameBytes: 0, roleBytes: 0, factBytes: 0, lines: 1 },
  { nameBytes: 0, roleBytes: 0, factBytes: 0, lines: 0 },
];

/** A pending member's row at `level`. */
function pendingRow(member: LockdownRequest, now: Date, level: PendingLevel): CardElement[] {
  const summary = memberSummary(member, now, Math.max(level.roleBytes, 1));
  const roles = summary.privilegedRoles;
  const privileged = roles !== undefined;
  const look = detailLook(privileged, summary.flagged);
  const facts = level.factBytes === 0 ? '' : plain(summary.facts, level.factBytes);
  if (level.lines === 0) {
    // The leanest: the UPN, a privileged one marked and in attention colour.
    const upn = identity(member, 0);
    return [textBlock(privileged ? `⚠️ ${upn}` : upn, privileged ? { color: 'attention' } : {})];
  }
  if (level.lines === 1) {
    const named = level.roleBytes > 0 ? `: ${roles}` : '';
    const marker = privileged ? ` — ⚠️ PRIVILEGED${named}` : '';
    const rest = facts === '' ? '' : ` · ${facts}`;
    return [textBlock(`${identity(member, level.nameBytes)}${marker}${rest}`, look)];
  }
  const head = textBlock(identity(member, level.nameBytes), { spacing: 'small' });
  if (level.lines === 2) {
    const rolesPart = privileged ? `⚠️ PRIVILEGED: ${roles} · ` : '';
    return [head, textBlock(`${rolesPart}${facts}`, { ...DETAIL, ...look })];
  }
  return [
    head,
    ...(privileged
      ? [textBlock(`⚠️ ${roles} — PRIVILEGED`, { ...DETAIL, ...detailLook(true, false) })]
      : []),
    textBlock(facts, { ...DETAIL, ...detailLook(false, summary.flagged) }),
  ];
}

/**
 * A pending member's row at each level, richest first: name and UPN, its privileged roles
 * standing out, then its warnings, device count and foothold tallies.
 */
export function pendingRowLevels(now: Date): RowLevel<LockdownRequest>[] {
  return PENDING_LEVELS.map((level) => (member) => pendingRow(member, now, level));
}

/** How much of a member's status a level shows. */
const STATUS_LEVELS: readonly { readonly nameBytes: number; readonly textBytes: number }[] = [
  { nameBytes: 96, textBytes: 256 },
  { nameBytes: 48, textBytes: 160 },
  { nameBytes: 0, textBytes: 96 },
  { nameBytes: 0, textBytes: 48 },
  { nameBytes: 0, textBytes: 0 },
];

/**
 * A member's row once the group is approved, at each level, richest first:
 * "✅ Jane Doe · jane@contoso.com — locked down in 1.4 s".
 */
export function statusRowLevels(): RowLevel<LockdownRequest>[] {
  return STATUS_LEVELS.map((level) => (member) => {
    const status = memberStatus(member);
    const text = level.textBytes === 0 ? '' : ` — ${plain(status.text, level.textBytes)}`;
    const options =
      level.textBytes === 0 ? status.look : { spacing: 'small' as const, ...status.look };
    return [textBlock(`${status.symbol} ${identity(member, level.nameBytes)}${text}`, options)];
  });
}

/** How much of a left-out account's reason a level shows. */
const LEFT_OUT_REASON_BYTES = [160, 96, 48, 0] as const;

/** An account left out, at each level, richest first: "• nobody@contoso.com: No such user.". */
export function leftOutRowLevels(): RowLevel<LeftOut>[] {
  return LEFT_OUT_REASON_BYTES.map((bytes) => (left) => {
    const upn = plain(left.userPrincipalName, UPN_BYTES);
    const reason = bytes === 0 ? '' : `: ${plain(left.reason, bytes)}`;
    return [textBlock(`• ${upn}${reason}`, { size: 'small', spacing: 'none' })];
  });
}
