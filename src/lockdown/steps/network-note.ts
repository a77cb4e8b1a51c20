/**
 * The note a step's detail carries when its calls had to be sent again after a network error,
 * so a responder knows the network was unreliable while it ran.
 */

/** " (retried after a network error)" when `retries` > 0, else "". */
export function networkNote(retries: number | undefined): string {
  if (!retries) return '';
  return retries === 1
    ? ' (retried after a network error)'
    : ` (retried ${retries} times after network errors)`;
}
