import type { AdaptiveCard } from '../../../src/teams/cards';

/** Every string a reader can see on a card (text, fact titles and values, button titles), in order. */
export function cardTexts(card: AdaptiveCard): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'text' || key === 'title' || key === 'value') && typeof value === 'string') {
        out.push(value);
      } else if (key !== 'data') {
        walk(value);
      }
    }
  };
  walk(card.body);
  walk(card.actions ?? []);
  return out;
}

/** All visible text of a card as one string, one element per line. */
export function cardText(card: AdaptiveCard): string {
  return cardTexts(card).join('\n');
}

/** Every object in the card JSON, for structural assertions. */
export function cardNodes(card: AdaptiveCard): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
    } else if (node !== null && typeof node === 'object') {
      out.push(node as Record<string, unknown>);
      Object.values(node).forEach(walk);
    }
  };
  walk(card);
  return out;
}

/** The TextBlocks whose text contains `needle`. */
export function textBlocksWith(card: AdaptiveCard, needle: string): Record<string, unknown>[] {
  return cardNodes(card).filter(
    (n) => n['type'] === 'TextBlock' && typeof n['text'] === 'string' && n['text'].includes(needle),
  );
}
