/**
 * One line per item of the "What the attacker may have left" section: a sign-in method, a mail
 * rule, a consented app, an eligible role, the risk state, a sign-in. Each part of a line has
 * its own byte budget, so that a long name never pushes off what makes the line stand out
 * ("outside the organisation", "unverified publisher", "PRIVILEGED").
 */
import {
  RECENT_METHOD_DAYS,
  type AuthMethod,
  type AuthMethodType,
  type ConsentGrant,
  type EligibleRole,
  type MailDestination,
  type MailRule,
  type MailRuleAction,
  type RiskState,
  type SignInSummary,
} from '../../lockdown/foothold';
import { formatUtc } from './format-time';
import { CODE_BYTES, jsonByteLength, plain } from './text-budget';

/** How a line looks: plain, subtle, or standing out in warning or attention colour. */
export type Tone = 'plain' | 'subtle' | 'warning' | 'attention';

/** A line of the foothold section, before it becomes a TextBlock. */
export interface FootholdLine {
  readonly text: string;
  readonly tone: Tone;
}

/** A name in a foothold list: a method's display, a rule, an app, a publisher, a role, a group. */
export const ITEM_NAME_BYTES = 64;
/** A mail address a rule sends to. */
export const ADDRESS_BYTES = 64;
/** All the scopes of a consented app shown on one line. */
export const SCOPES_BYTES = 96;
/** A sign-in's time (when unparseable), IP address, location or result. */
export const SIGN_IN_DETAIL_BYTES = 48;
/** How many destinations a rule's line names before "and N more". */
export const MAX_DESTINATIONS = 2;
/** Said after an address outside the tenant's verified domains. */
export const OUTSIDE = 'outside the organisation';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Each method type in words. */
export const METHOD_WORDS: Readonly<Record<AuthMethodType, string>> = {
  password: 'Password',
  microsoftAuthenticator: 'Microsoft Authenticator',
  phone: 'Phone',
  fido2: 'FIDO2 security key',
  email: 'Email',
  softwareOath: 'Software OATH token',
  windowsHelloForBusiness: 'Windows Hello for Business',
  temporaryAccessPass: 'Temporary Access Pass',
  platformCredential: 'Platform credential',
  other: 'Other method',
};

/** What each rule action does in words, and whether it sends mail somewhere. */
const ACTION_WORDS: Readonly<Record<MailRuleAction, { words: string; sends: boolean }>> = {
  forward: { words: 'forwards', sends: true },
  'forward-as-attachment': { words: 'forwards as attachment', sends: true },
  redirect: { words: 'redirects', sends: true },
  delete: { words: 'deletes', sends: false },
  'move-and-mark-read': { words: 'moves and marks read', sends: false },
};

/** "a", "a and b", "a, b and c". */
function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** Whether a method registered at `registeredAt` is recent at `now` (or registered after it). */
export function isRecentMethod(method: AuthMethod, now: Date | undefined): boolean {
  if (now === undefined || method.registeredAt === undefined) return false;
  const age = now.getTime() - Date.parse(method.registeredAt);
  return !Number.isNaN(age) && age <= RECENT_METHOD_DAYS * DAY_MS;
}

/**
 * "Microsoft Authenticator: Pixel 8 (registered 2026-11-20 09:00 UTC)"; one registered within
 * {@link RECENT_METHOD_DAYS} of `now` stands out: "⚠️ … (new: registered …)".
 */
export function methodLine(method: AuthMethod, now: Date | undefined): FootholdLine {
  const display = plain(method.display, ITEM_NAME_BYTES);
  const what =
    display === '' ? METHOD_WORDS[method.type] : `${METHOD_WORDS[method.type]}: ${display}`;
  const when =
    method.registeredAt === undefined
      ? undefined
      : `registered ${plain(formatUtc(method.registeredAt), CODE_BYTES)}`;
  if (isRecentMethod(method, now)) return { text: `⚠️ ${what} (new: ${when})`, tone: 'warning' };
  return { text: when === undefined ? what : `${what} (${when})`, tone: 'plain' };
}

/** "evil@example.net (outside the organisation)". */
function destinationText(destination: MailDestination): string {
  const address = plain(destination.address, ADDRESS_BYTES);
  return destination.external === true ? `${address} (${OUTSIDE})` : address;
}

/** At most {@link MAX_DESTINATIONS} addresses, those outside the organisation first. */
function destinationList(destinations: readonly MailDestination[]): string {
  const ordered = [
    ...destinations.filter((d) => d.external === true),
    ...destinations.filter((d) => d.external !== true),
  ];
  const named = ordered.slice(0, MAX_DESTINATIONS).map(destinationText).join(', ');
  const rest = ordered.slice(MAX_DESTINATIONS);
  if (rest.length === 0) return named;
  const outside = rest.filter((d) => d.external === true).length;
  return `${named} and ${rest.length} more${outside === 0 ? '' : ` (${outside} ${OUTSIDE})`}`;
}

/** "forwards and redirects to a@x, b@y; deletes": what a rule does, in words. */
export function ruleEffect(rule: MailRule): string {
  const actions = [...new Set(rule.actions)].map((action) => ACTION_WORDS[action]);
  const sends = actions.filter((a) => a.sends).map((a) => a.words);
  const to = rule.destinations.length === 0 ? '' : ` to ${destinationList(rule.destinations)}`;
  const parts = [
    ...(sends.length > 0 ? [`${joinWords(sends)}${to}`] : to === '' ? [] : [`sends${to}`]),
    ...actions.filter((a) => !a.sends).map((a) => a.words),
  ];
  return parts.length === 0 ? 'no action read' : parts.join('; ');
}

/**
 * "“.”: forwards to evil@example.net (outside the organisation)": a rule sending mail outside
 * the organisation stands out; a disabled rule says so.
 */
export function mailRuleLine(rule: MailRule): FootholdLine {
  const outside = rule.destinations.some((d) => d.external === true);
  const name = `“${plain(rule.name, ITEM_NAME_BYTES)}”${rule.enabled ? '' : ' (disabled)'}`;
  const text = `${outside ? '⚠️ ' : ''}${name}: ${ruleEffect(rule)}`;
  if (outside) return { text, tone: 'attention' };
  return { text, tone: rule.enabled ? 'plain' : 'subtle' };
}

/**
 * `parts` joined by ", " as far as `maxBytes` allows (at least one), then "and N more".
 */
export function joinWithin(parts: readonly string[], maxBytes: number): string {
  let joined = '';
  let count = 0;
  for (const part of parts) {
    const next = count === 0 ? part : `${joined}, ${part}`;
    if (count > 0 && jsonByteLength(next) > maxBytes) break;
    joined = next;
    count += 1;
  }
  const rest = parts.length - count;
  return rest === 0 ? joined : `${joined} and ${rest} more`;
}

/** The scopes of a grant, cut short to {@link SCOPES_BYTES}. */
function scopeList(scopes: readonly string[]): string {
  const shown = scopes.map((scope) => plain(scope, CODE_BYTES)).filter((s) => s !== '');
  return shown.length === 0 ? 'no scopes' : joinWithin(shown, SCOPES_BYTES);
}

/**
 * "Mail Helper by Shady LLC (unverified publisher): Mail.Read, Mail.Send and 2 more"; an app
 * whose name is not known yet is "app <clientId>"; an unverified publisher stands out.
 */
export function consentLine(grant: ConsentGrant): FootholdLine {
  const appName = plain(grant.appName ?? '', ITEM_NAME_BYTES);
  const name = appName === '' ? `app ${plain(grant.clientId, CODE_BYTES)}` : appName;
  const publisher = plain(grant.publisher ?? '', ITEM_NAME_BYTES);
  const by = publisher === '' ? '' : ` by ${publisher}`;
  const unverified = grant.verifiedPublisher === false;
  const flag = unverified ? ' (unverified publisher)' : '';
  const text = `${unverified ? '⚠️ ' : ''}${name}${by}${flag}: ${scopeList(grant.scopes)}`;
  return { text, tone: unverified ? 'attention' : 'plain' };
}

/** "⚠️ Global Administrator through group Tier 0 — PRIVILEGED"; privileged roles stand out. */
export function eligibleRoleLine(role: EligibleRole): FootholdLine {
  const group = plain(role.throughGroup ?? '', ITEM_NAME_BYTES);
  const name = `${plain(role.displayName, ITEM_NAME_BYTES)}${group === '' ? '' : ` through group ${group}`}`;
  return role.privileged === true
    ? { text: `⚠️ ${name} — PRIVILEGED`, tone: 'attention' }
    : { text: name, tone: 'plain' };
}

/** Risk levels that stand out. */
const RISKY_LEVELS: ReadonlySet<string> = new Set(['medium', 'high']);

/** "Risk: high (atRisk)", standing out for medium or high risk, or a confirmed compromise. */
export function riskLine(risk: RiskState): FootholdLine {
  const risky =
    RISKY_LEVELS.has(risk.level.toLowerCase()) ||
    risk.state.toLowerCase() === 'confirmedcompromised';
  const text = `Risk: ${plain(risk.level, CODE_BYTES)} (${plain(risk.state, CODE_BYTES)})`;
  return risky ? { text: `⚠️ ${text}`, tone: 'attention' } : { text, tone: 'plain' };
}

/** "2026-11-28 13:02 UTC · Exchange Online · 203.0.113.7 · Lagos, NG · success"; failures subtle. */
export function signInLine(signIn: SignInSummary): FootholdLine {
  const parts = [
    plain(formatUtc(signIn.at), SIGN_IN_DETAIL_BYTES),
    plain(signIn.app, ITEM_NAME_BYTES),
    plain(signIn.ipAddress, SIGN_IN_DETAIL_BYTES),
    plain(signIn.location ?? '', SIGN_IN_DETAIL_BYTES),
    plain(signIn.result, SIGN_IN_DETAIL_BYTES),
  ].filter((part) => part !== '');
  const success = signIn.result.trim().toLowerCase() === 'success';
  return { text: parts.join(' · '), tone: success ? 'plain' : 'subtle' };
}
