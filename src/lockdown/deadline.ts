/**
 * A time limit on work whose answer is only useful soon (a check inside a card click, a roster
 * look-up before a card is posted). The work itself is not cancelled: its late answer is ignored.
 */

/** What {@link withinDeadline} answers when the work took too long. */
export const TIMED_OUT = Symbol('timed out');

/** `work`'s result, or {@link TIMED_OUT} after `ms`. */
export async function withinDeadline<T>(
  work: Promise<T>,
  ms: number,
): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
