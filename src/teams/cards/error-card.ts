import { adaptiveCard, cardHeader, textBlock, type AdaptiveCard } from './adaptive-card';
import { USAGE_LINE } from './usage-card';

/** Cuts anything that looks like a stack trace: a card shows a sentence, never internals. */
function withoutStack(message: string): string {
  const at = message.search(/\n\s+at\s/);
  return (at === -1 ? message : message.slice(0, at)).trim();
}

/**
 * A clear sentence about what went wrong (e.g. "No user jane@contoso.com in this tenant."),
 * with the usage line underneath.
 */
export function buildErrorCard(title: string, message: string): AdaptiveCard {
  return adaptiveCard([
    cardHeader(title, withoutStack(message), 'attention'),
    textBlock(`Usage: ${USAGE_LINE} · /lockdown help`, {
      isSubtle: true,
      size: 'small',
      spacing: 'medium',
    }),
  ]);
}
