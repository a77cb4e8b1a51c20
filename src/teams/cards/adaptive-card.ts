/**
 * A small, typed subset of the Adaptive Card 1.5 schema: just what the Lockdown cards use,
 * plus helpers that keep the builders short.
 *
 * All text on a Lockdown card is plain: styling comes from element properties (weight, colour,
 * container style), never from markdown. Most strings come from elsewhere (directory profiles,
 * device names a user chose, Graph error messages, what someone typed), so the helpers defuse
 * markdown links, flatten line breaks and cut to a byte budget before anything reaches a card.
 */
import { plain } from './text-budget';

/** The schema URL every card declares. */
export const ADAPTIVE_CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

/** Spacing between an element and the one before it. */
export type Spacing = 'none' | 'small' | 'default' | 'medium' | 'large' | 'extraLarge';

/** Text colours (Teams maps them onto its theme). */
export type TextColor = 'default' | 'dark' | 'light' | 'accent' | 'good' | 'warning' | 'attention';

/** Container background styles. */
export type ContainerStyle = 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';

/** A run of text. */
export interface TextBlock {
  readonly type: 'TextBlock';
  readonly text: string;
  readonly wrap?: boolean;
  readonly weight?: 'lighter' | 'default' | 'bolder';
  readonly size?: 'small' | 'default' | 'medium' | 'large' | 'extraLarge';
  readonly color?: TextColor;
  readonly isSubtle?: boolean;
  readonly fontType?: 'default' | 'monospace';
  readonly horizontalAlignment?: 'left' | 'center' | 'right';
  readonly spacing?: Spacing;
  readonly separator?: boolean;
}

/** One title/value pair of a {@link FactSet}. */
export interface Fact {
  readonly title: string;
  readonly value: string;
}

/** Title/value pairs laid out as a two-column table. */
export interface FactSet {
  readonly type: 'FactSet';
  readonly facts: readonly Fact[];
  readonly spacing?: Spacing;
  readonly separator?: boolean;
}

/** A column of a {@link ColumnSet}. */
export interface Column {
  readonly type: 'Column';
  /** `auto` fits the content, `stretch` takes what is left, or a weight / pixel width. */
  readonly width?: string;
  readonly items: readonly CardElement[];
  readonly verticalContentAlignment?: 'top' | 'center' | 'bottom';
  readonly spacing?: Spacing;
}

/** A row of columns. */
export interface ColumnSet {
  readonly type: 'ColumnSet';
  readonly columns: readonly Column[];
  readonly spacing?: Spacing;
  readonly separator?: boolean;
}

/** A group of elements, optionally on a coloured background. */
export interface Container {
  readonly type: 'Container';
  readonly items: readonly CardElement[];
  readonly style?: ContainerStyle;
  /** Let the background run to the card's edges. */
  readonly bleed?: boolean;
  readonly spacing?: Spacing;
  readonly separator?: boolean;
}

/** A button that opens a web page (https only: see the alert header). */
export interface OpenUrlAction {
  readonly type: 'Action.OpenUrl';
  readonly title: string;
  readonly url: string;
}

/** Buttons inside the body, e.g. a link next to what it is about. */
export interface ActionSet {
  readonly type: 'ActionSet';
  readonly actions: readonly OpenUrlAction[];
  readonly spacing?: Spacing;
}

/** The elements a Lockdown card's body is made of. */
export type CardElement = TextBlock | FactSet | ColumnSet | Container | ActionSet;

/** A Universal Action: Teams sends an `adaptiveCard/action` invoke with `verb` and `data`. */
export interface ExecuteAction {
  readonly type: 'Action.Execute';
  readonly title: string;
  readonly verb: string;
  /** Comes back from the client untrusted: carry identifiers only. */
  readonly data: Readonly<Record<string, string>>;
  readonly style?: 'default' | 'positive' | 'destructive';
}

/** An Adaptive Card as Lockdown sends it to Teams. */
export interface AdaptiveCard {
  readonly type: 'AdaptiveCard';
  readonly $schema: typeof ADAPTIVE_CARD_SCHEMA;
  readonly version: '1.5';
  readonly body: readonly CardElement[];
  readonly actions?: readonly ExecuteAction[];
  /** Universal Actions refresh: Teams asks the bot for a per-user version for `userIds`. */
  readonly refresh?: {
    readonly action: ExecuteAction;
    readonly userIds: readonly string[];
  };
  /** Full width, so step rows and facts do not wrap in a narrow bubble. */
  readonly msteams: { readonly width: 'Full' };
}

/** Options of {@link textBlock}: any TextBlock property except its type and text. */
export type TextOptions = Omit<TextBlock, 'type' | 'text'>;

/** A wrapping TextBlock of plain text (see {@link plain}). */
export function textBlock(text: string, options: TextOptions = {}): TextBlock {
  return { type: 'TextBlock', text: plain(text), wrap: true, ...options };
}

/** A FactSet of plain text; facts whose value is `undefined` are left out. */
export function factSet(
  facts: readonly (readonly [title: string, value: string | undefined])[],
  options: Omit<FactSet, 'type' | 'facts'> = {},
): FactSet {
  const kept = facts.flatMap(([title, value]) =>
    value === undefined ? [] : [{ title: plain(title), value: plain(value) }],
  );
  return { type: 'FactSet', facts: kept, ...options };
}

/** A column of elements. */
export function column(
  width: string,
  items: readonly CardElement[],
  options: Omit<Column, 'type' | 'width' | 'items'> = {},
): Column {
  return { type: 'Column', width, items, ...options };
}

/** A row of columns. */
export function columnSet(
  columns: readonly Column[],
  options: Omit<ColumnSet, 'type' | 'columns'> = {},
): ColumnSet {
  return { type: 'ColumnSet', columns, ...options };
}

/** A group of elements. */
export function container(
  items: readonly CardElement[],
  options: Omit<Container, 'type' | 'items'> = {},
): Container {
  return { type: 'Container', items, ...options };
}

/** A section heading: small, bold, with room above it. */
export function heading(text: string): TextBlock {
  return textBlock(text, { weight: 'bolder', spacing: 'medium', separator: true });
}

/** The coloured band at the top of a card: a large bold title and an optional subtitle. */
export function cardHeader(
  title: string,
  subtitle: string | undefined,
  style: ContainerStyle,
): Container {
  const items: CardElement[] = [textBlock(title, { size: 'large', weight: 'bolder' })];
  if (subtitle !== undefined) items.push(textBlock(subtitle, { spacing: 'small' }));
  return container(items, { style, bleed: true });
}

/** A coloured callout: a bold line on a warning, attention or emphasis background. */
export function callout(
  text: string,
  style: 'warning' | 'attention' | 'emphasis' | 'good',
): Container {
  return container([textBlock(text, { weight: 'bolder', size: 'small' })], {
    style,
    spacing: 'small',
  });
}

/** A row of buttons in the body that open `url`s (checked by the caller). */
export function linkButtons(
  links: readonly (readonly [title: string, url: string])[],
  options: Omit<ActionSet, 'type' | 'actions'> = {},
): ActionSet {
  const actions = links.map(([title, url]): OpenUrlAction => ({
    type: 'Action.OpenUrl',
    title: plain(title),
    url,
  }));
  return { type: 'ActionSet', actions, ...options };
}

/** A Universal Action button. */
export function executeAction(
  title: string,
  verb: string,
  data: Readonly<Record<string, string>>,
  style?: ExecuteAction['style'],
): ExecuteAction {
  return style === undefined
    ? { type: 'Action.Execute', title, verb, data }
    : { type: 'Action.Execute', title, verb, data, style };
}

/** Wraps a body (and optional actions) into a full-width Adaptive Card 1.5. */
export function adaptiveCard(
  body: readonly CardElement[],
  actions?: readonly ExecuteAction[],
): AdaptiveCard {
  const card: AdaptiveCard = {
    type: 'AdaptiveCard',
    $schema: ADAPTIVE_CARD_SCHEMA,
    version: '1.5',
    body,
    msteams: { width: 'Full' },
  };
  return actions === undefined ? card : { ...card, actions };
}
