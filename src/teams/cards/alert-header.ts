/**
 * The band on top of a card whose request was opened from an alert: the alert's title, its
 * severity, source and incident, and a button to the alert itself. Everything in it comes from
 * the caller of `POST /api/alerts`: the text is made plain and cut to budgets like any other
 * outside text, and the link is shown only when it is a well-formed https URL.
 */
import type { AlertOrigin } from '../../lockdown/request';
import { container, linkButtons, textBlock, type CardElement } from './adaptive-card';
import { CODE_BYTES, plain } from './text-budget';

/** What the alert's title may take on a card (the alert endpoint takes 200 characters). */
export const ALERT_TITLE_BYTES = 200;
/** What the incident id may take (the alert endpoint takes 100 ASCII characters). */
export const INCIDENT_ID_BYTES = 104;
/**
 * The longest link a card shows: a Sentinel incident's portal link takes at most about 430
 * characters, a Defender XDR one about 90. The alert endpoint accepts up to 2048; a longer link
 * than this would push the largest card over Teams' 28 KB, so the card says it is not shown.
 */
export const MAX_ALERT_URL_LENGTH = 768;
/** C0 and C1 controls, DEL, and the bidirectional marks and overrides that can disguise text. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Said when the alert has a link the card does not show. */
export const LINK_NOT_SHOWN = `link not shown: not an https URL of at most ${MAX_ALERT_URL_LENGTH} characters`;

/** The button that opens the alert. */
export const OPEN_ALERT = 'Open the alert';

/**
 * `url` as a card may link it: an absolute https URL without credentials, whitespace or control
 * characters, at most {@link MAX_ALERT_URL_LENGTH} characters once normalised; else `undefined`.
 * The URL is checked upstream too: this is the card's own line of defence.
 */
export function safeAlertUrl(url: string | undefined): string | undefined {
  if (url === undefined || url.length > MAX_ALERT_URL_LENGTH) return undefined;
  if (/\s/.test(url) || CONTROL.test(url)) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' || parsed.hostname === '') return undefined;
  // "https://portal.azure.com@evil.example" reads as one host and opens another.
  if (parsed.username !== '' || parsed.password !== '') return undefined;
  return parsed.href.length > MAX_ALERT_URL_LENGTH ? undefined : parsed.href;
}

/**
 * "Severity high · from sentinel · incident 4711" (and why its link is not shown, if it is
 * not), or `undefined` when the alert says none of them.
 */
function alertDetails(alert: AlertOrigin): string | undefined {
  const part = (value: string | undefined, prefix: string, bytes = CODE_BYTES): string[] => {
    const text = plain(value ?? '', bytes);
    return text === '' ? [] : [`${prefix}${text}`];
  };
  const linkHidden = alert.url !== undefined && safeAlertUrl(alert.url) === undefined;
  const parts = [
    ...part(alert.severity, 'Severity '),
    ...part(alert.source, 'from '),
    ...part(alert.incidentId, 'incident ', INCIDENT_ID_BYTES),
    ...(linkHidden ? [LINK_NOT_SHOWN] : []),
  ];
  return parts.length === 0 ? undefined : parts.join(' · ');
}

/** The alert's title as the header shows it: "🚨 Alert: Impossible travel …". */
export function alertTitle(alert: AlertOrigin): string {
  const title = plain(alert.title, ALERT_TITLE_BYTES);
  return `🚨 Alert: ${title === '' ? 'untitled' : title}`;
}

/**
 * The alert band for the top of a card: nothing without an alert; else its title, severity,
 * source and incident, and a button to it when its link is safe (see {@link safeAlertUrl}).
 */
export function alertHeader(alert: AlertOrigin | undefined): CardElement[] {
  if (alert === undefined) return [];
  const details = alertDetails(alert);
  const url = safeAlertUrl(alert.url);
  const items: CardElement[] = [
    textBlock(alertTitle(alert), { weight: 'bolder' }),
    ...(details === undefined ? [] : [textBlock(details, { size: 'small', spacing: 'none' })]),
    ...(url === undefined ? [] : [linkButtons([[OPEN_ALERT, url]], { spacing: 'small' })]),
  ];
  return [container(items, { style: 'emphasis', bleed: true })];
}
