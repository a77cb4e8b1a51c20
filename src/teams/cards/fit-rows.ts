/**
 * Rows that share a byte budget: a group's card has one row per member (up to fifty), and the
 * card must stay under Teams' 28 KB whatever the directory holds. The rows are built at the
 * richest level of detail at which they fit together, the same for all so that they read as one
 * table. No row is ever dropped: the leanest level is taken when nothing else fits.
 */
import type { AdaptiveCard, CardElement } from './adaptive-card';

/** The bytes a card's JSON takes, as Teams receives it. */
export function cardBytes(card: AdaptiveCard): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

/** The bytes `elements` add to a card's body (each with the comma before it). */
export function elementBytes(elements: readonly CardElement[]): number {
  return elements.reduce(
    (sum, element) => sum + Buffer.byteLength(JSON.stringify(element), 'utf8') + 1,
    0,
  );
}

/** One way to show an item, from the richest to the leanest. */
export type RowLevel<T> = (item: T) => CardElement[];

/**
 * One row per item, all at the same level: the richest of `levels` whose rows fit `budgetBytes`
 * together, else the leanest (no row is ever dropped).
 */
export function fitRows<T>(
  items: readonly T[],
  budgetBytes: number,
  levels: readonly RowLevel<T>[],
): CardElement[] {
  let rows: CardElement[] = [];
  for (const level of levels) {
    rows = items.flatMap((item) => level(item));
    if (elementBytes(rows) <= budgetBytes) break;
  }
  return rows;
}
