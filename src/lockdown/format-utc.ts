/**
 * Times shown to people (cards, replies, refusals) are in UTC, to the minute, the same for every
 * reader and every test: `2026-11-28 14:05 UTC`. Responders in different time zones then quote
 * the same string.
 */

/** Formats an instant (ISO string or Date) as `YYYY-MM-DD HH:MM UTC`; unparseable input is returned as is. */
export function formatUtc(time: string | Date): string {
  const date = typeof time === 'string' ? new Date(time) : time;
  if (Number.isNaN(date.getTime())) return String(time);
  // toISOString is always UTC: `2026-11-28T14:05:09.123Z`.
  const iso = date.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
