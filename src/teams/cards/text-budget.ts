/**
 * Byte budgets for card text. Teams refuses a card over 28 KB of JSON, and what fills a card
 * mostly comes from elsewhere (directory names up to 256 characters of up to 4 bytes each, Graph
 * error messages of any length), so every text is cut to a budget in bytes, not characters.
 *
 * A budget counts the UTF-8 bytes a text adds to the card's JSON (a quote or backslash costs
 * two, a control character six), and text is cut between graphemes, so that an emoji or a
 * letter with its accents is never split, with an ellipsis where it was cut.
 */

/** What any single text on a card (a TextBlock, a fact title or value) may take. */
export const MAX_TEXT_BYTES = 512;
/** A name: a person, the target account, a role or a device (256 ASCII characters fit). */
export const NAME_BYTES = 256;
/** A name in a list that repeats it, such as approvers on one line or a history row. */
export const SHORT_NAME_BYTES = 128;
/** A free-text profile field such as a job title or department. */
export const FIELD_BYTES = 256;
/** A Graph error message or a device note. */
export const MESSAGE_BYTES = 200;
/** A Graph error code or an operating system's name. */
export const CODE_BYTES = 48;

const ELLIPSIS = '…';
const ELLIPSIS_BYTES = 3;
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The bytes `text` adds to a card's JSON: UTF-8, plus what JSON escaping adds. */
export function jsonByteLength(text: string): number {
  // Two quotes surround the string; lone surrogates come out escaped, as on the wire.
  return Buffer.byteLength(JSON.stringify(text), 'utf8') - 2;
}

/** The longest run of whole graphemes from the start of `text` that fits `maxBytes`. */
function headWithin(text: string, maxBytes: number): string {
  // No character costs less than one byte per UTF-16 unit, so nothing past maxBytes units fits.
  let kept = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text.slice(0, maxBytes + 1))) {
    const cost = jsonByteLength(segment);
    if (used + cost > maxBytes) break;
    kept += segment;
    used += cost;
  }
  return kept;
}

/** The longest run of whole graphemes from the end of `text` that fits `maxBytes`. */
function tailWithin(text: string, maxBytes: number): string {
  const window = text.slice(-(maxBytes + 1));
  const segments = [...graphemes.segment(window)].map((s) => s.segment);
  let kept = '';
  let used = 0;
  // The first segment of the window may be half a grapheme: it is never kept whole.
  for (let i = segments.length - 1; i > 0; i -= 1) {
    const segment = segments[i] as string;
    const cost = jsonByteLength(segment);
    if (used + cost > maxBytes) break;
    kept = segment + kept;
    used += cost;
  }
  return kept;
}

/**
 * `text` cut to at most `maxBytes` (see {@link jsonByteLength}) between graphemes, ending in
 * an ellipsis when it was cut.
 */
export function clipBytes(text: string, maxBytes: number): string {
  if (jsonByteLength(text) <= maxBytes) return text;
  return `${headWithin(text, maxBytes - ELLIPSIS_BYTES).trimEnd()}${ELLIPSIS}`;
}

/**
 * `text` cut in the middle to at most `maxBytes`, keeping its last `tailBytes`: for messages
 * whose end matters as much as their start ("… request-id …. Nothing was changed.").
 */
export function clipMiddle(text: string, maxBytes: number, tailBytes: number): string {
  if (jsonByteLength(text) <= maxBytes) return text;
  const tail = tailWithin(text, Math.min(tailBytes, maxBytes - ELLIPSIS_BYTES));
  const head = headWithin(text, maxBytes - ELLIPSIS_BYTES - jsonByteLength(tail));
  return `${head.trimEnd()}${ELLIPSIS}${tail.trimStart()}`;
}

/**
 * Makes text safe to show as plain text on a card: collapses line breaks and runs of
 * whitespace (every line of a card is its own element), defuses markdown links so that a
 * device name such as `[Undo](https://evil.example)` cannot become a link, and cuts it to
 * `maxBytes` (see {@link clipBytes}).
 */
export function plain(text: string, maxBytes: number = MAX_TEXT_BYTES): string {
  const flat = text
    .replace(/\s+/g, ' ')
    .trim()
    // `](` opens a link target; a space between the brackets and the parenthesis is enough.
    .replace(/\]\s*\(/g, '] (');
  return clipBytes(flat, maxBytes);
}
