/**
 * Log fields built from what a caller controls: clipped, and errors reduced to a name and a
 * message, so a log line stays one short line and carries no stack.
 */

/** `value` cut to `max` characters; a value that is not a string is named by its type. */
export function clip(value: unknown, max = 200): string | undefined {
  if (value === undefined) return undefined;
  const text = typeof value === 'string' ? value : `(${typeof value})`;
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** An error's name and message, clipped: enough to find it, no stack to spray the log. */
export function errorSummary(error: unknown): string | undefined {
  if (error instanceof Error) return clip(`${error.name}: ${error.message}`, 300);
  return clip(String(error), 300);
}
