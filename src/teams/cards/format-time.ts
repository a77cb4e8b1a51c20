/**
 * Times on cards: shown in UTC to the minute (see the domain's `formatUtc`), and elapsed times.
 */
export { formatUtc } from '../../lockdown/format-utc';

/** Milliseconds from `from` to `to` (ISO strings), or `undefined` when either is missing or unparseable. */
export function elapsedMs(from: string | undefined, to: string | undefined): number | undefined {
  if (from === undefined || to === undefined) return undefined;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isNaN(ms) ? undefined : ms;
}
