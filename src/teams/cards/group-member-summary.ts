/**
 * One member of a pending group in a few words, for its row on the group's card: its
 * privileged roles (active and eligible), what to watch out for (synced, guest, already
 * disabled), how many devices, and per section of its foothold a count with what stands out;
 * for an unlock, what it undoes instead of the foothold.
 * Never every device or every item: fifty members must fit on one card.
 */
import { itemsOf, type Foothold, type Section } from '../../lockdown/foothold';
import { kindOf, type LockdownRequest } from '../../lockdown/request';
import { isRecentMethod } from './foothold-lines';
import { nameList } from './group-text';
import { plain } from './text-budget';

/** How many privileged role names a row gives before "and N more". */
export const MAX_ROW_ROLES = 2;
/** What a risk level may take on a row. */
const RISK_BYTES = 16;

/** A pending member in a few words. */
export interface MemberSummary {
  /** "Global Administrator and 2 more; eligible: Security Administrator", when privileged. */
  readonly privilegedRoles?: string;
  /** "3 devices · synced from on-premises AD · 4 sign-in methods (2 new) · risk high". */
  readonly facts: string;
  /** Whether something in `facts` stands out (a warning, a new method, mail sent outside, …). */
  readonly flagged: boolean;
}

/** "1 consent", "3 consents". */
function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A foothold count with what stands out: "2 mail rules (1 outside)"; nothing when none. */
interface Tally {
  readonly text?: string;
  readonly flagged: boolean;
}

/** A section's tally: its items' count and flagged count, or that it could not be read. */
function tally<T>(
  section: Section<T> | undefined,
  word: string,
  flagged: (item: T) => boolean,
  flaggedWord: string,
): Tally {
  if (section === undefined) return { flagged: false };
  const items = itemsOf(section);
  if (items === undefined) return { text: `${word}s not readable`, flagged: false };
  if (items.length === 0) return { flagged: false };
  const standOut = items.filter(flagged).length;
  const note = standOut === 0 ? '' : ` (${standOut} ${flaggedWord})`;
  return { text: `${count(items.length, word)}${note}`, flagged: standOut > 0 };
}

/** The foothold's tallies: methods besides the password, risky mail rules, consents, risk. */
function footholdTallies(foothold: Foothold | undefined, now: Date | undefined): Tally[] {
  if (foothold === undefined) return [];
  const methods = foothold.methods;
  const others =
    methods && 'items' in methods
      ? { items: methods.items.filter((m) => m.type !== 'password') }
      : methods;
  const risk = itemsOf(foothold.risk)?.[0];
  const level = risk ? plain(risk.level, RISK_BYTES) : '';
  const risky =
    risk !== undefined &&
    (['medium', 'high'].includes(risk.level.toLowerCase()) ||
      risk.state.toLowerCase() === 'confirmedcompromised');
  return [
    tally(others, 'sign-in method', (m) => isRecentMethod(m, now), 'new'),
    tally(
      foothold.mailRules,
      'risky mail rule',
      (r) => r.destinations.some((d) => d.external === true),
      'sending outside',
    ),
    tally(foothold.consents, 'consent', (c) => c.verifiedPublisher === false, 'unverified'),
    ...(foothold.risk !== undefined && itemsOf(foothold.risk) === undefined
      ? [{ text: 'risk not readable', flagged: false }]
      : level === '' || level.toLowerCase() === 'none'
        ? []
        : [{ text: `risk ${level}`, flagged: risky }]),
  ];
}

/** What an unlock of the member undoes: the account, the devices, those it leaves alone. */
function undoTallies(member: LockdownRequest): Tally[] {
  const { undo } = member;
  if (undo === undefined) return [{ text: "undoes the account's latest lockdown", flagged: false }];
  const left = undo.leftAlone.length;
  return [
    ...(undo.enableAccount ? [{ text: 'enables the account', flagged: false }] : []),
    { text: `${count(undo.devices.length, 'device')} to enable again`, flagged: false },
    ...(left > 0
      ? [
          {
            text: `${count(left, 'device')} left as ${left === 1 ? 'it is' : 'they are'}`,
            flagged: false,
          },
        ]
      : []),
  ];
}

/** What to watch out for about the account itself. */
function warnings(member: LockdownRequest): Tally[] {
  const { target } = member;
  const unlock = kindOf(member) === 'unlock';
  return [
    ...(target.onPremisesSyncEnabled
      ? [
          member.onPremises
            ? { text: 'synced (contained on-premises too)', flagged: false }
            : { text: 'synced from on-premises AD', flagged: true },
        ]
      : []),
    ...(target.userType === 'Guest' ? [{ text: 'guest', flagged: true }] : []),
    // An unlock is for disabled accounts: only a lockdown's target being disabled is news.
    ...(target.accountEnabled || unlock ? [] : [{ text: 'already disabled', flagged: false }]),
  ];
}

/**
 * The member's privileged roles, active first, each name cut to `roleBytes`, then how many more;
 * `undefined` when it holds and may activate none.
 */
function privilegedRoles(member: LockdownRequest, roleBytes: number): string | undefined {
  const active = member.target.roles.filter((role) => role.privileged);
  const eligible = (itemsOf(member.target.foothold?.eligibleRoles) ?? []).filter(
    (role) => role.privileged === true,
  );
  const parts = [
    ...(active.length > 0
      ? [
          nameList(
            active.map((role) => role.displayName),
            MAX_ROW_ROLES,
            roleBytes,
          ),
        ]
      : []),
    ...(eligible.length > 0
      ? [
          `eligible: ${nameList(
            eligible.map((role) => role.displayName),
            MAX_ROW_ROLES,
            roleBytes,
          )}`,
        ]
      : []),
  ];
  return parts.length === 0 ? undefined : parts.join('; ');
}

/**
 * A pending member in a few words: its privileged roles (names cut to `roleBytes`), then its
 * warnings, device count and foothold tallies (an unlock: what it undoes). `now` decides which
 * sign-in methods are new.
 */
export function memberSummary(
  member: LockdownRequest,
  now: Date | undefined,
  roleBytes: number,
): MemberSummary {
  const devices = member.target.devices.length;
  const tallies =
    kindOf(member) === 'unlock'
      ? [...warnings(member), ...undoTallies(member)]
      : [
          ...warnings(member),
          { text: devices === 0 ? 'no devices' : count(devices, 'device'), flagged: false },
          ...footholdTallies(member.target.foothold, now),
        ];
  const roles = privilegedRoles(member, roleBytes);
  return {
    ...(roles === undefined ? {} : { privilegedRoles: roles }),
    facts: tallies.flatMap((t) => (t.text === undefined ? [] : [t.text])).join(' · '),
    flagged: tallies.some((t) => t.flagged),
  };
}
