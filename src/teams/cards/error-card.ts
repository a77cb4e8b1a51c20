import { adaptiveCard, cardHeader, textBlock, type AdaptiveCard } from './adaptive-card';
import { MAX_TEXT_BYTES, clipMiddle, plain } from './text-budget';
import { UNLOCK_USAGE_LINE, USAGE_LINE } from './usage-card';

/** Cuts anything that looks like a stack trace: a card shows a sentence, never internals. */
function withoutStack(message: string): string {
  const at = message.search(/\n\s+at\s/);
  return (at === -1 ? message : message.slice(0, at)).trim();
}

/** How much of a long message's end an error card keeps ("… request-id …. Nothing was changed."). */
const MESSAGE_TAIL_BYTES = 160;

/**
 * A clear sentence about what went wrong (e.g. "No user jane@contoso.com in this tenant."),
 * with the usage line underneath. A message too long for the card is cut in the middle, so
 * that its end (a request id, "Nothing was changed.") stays.
 */
export function buildErrorCard(title: string, message: string): AdaptiveCard {
  const shown = clipMiddle(
    plain(withoutStack(message), Infinity),
    MAX_TEXT_BYTES,
    MESSAGE_TAIL_BYTES,
  );
  return adaptiveCard([
    cardHeader(title, shown, 'attention'),
    textBlock(`Usage: ${USAGE_LINE} · ${UNLOCK_USAGE_LINE} · /lockdown help`, {
      isSubtle: true,
      size: 'small',
      spacing: 'medium',
    }),
  ]);
}
