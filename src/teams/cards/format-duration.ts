/**
 * Durations as a responder reads them: `85 ms` for the very short, `0.4 s` / `1.2 s` for
 * the usual Graph call, `2 min 5 s` for the slow.
 */

/** Formats a duration in milliseconds; negative or non-finite input reads as `0 ms`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '0 ms';
  if (ms < 100) return `${Math.round(ms)} ms`;
  // Round to tenths first so 59 960 ms becomes "1 min 0 s", not "60.0 s".
  const tenths = Math.round(ms / 100);
  if (tenths < 600) return `${(tenths / 10).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${seconds % 60} s`;
}
