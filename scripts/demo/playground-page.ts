/**
 * Drives the Agents Playground's web UI with playwright-core and the machine's Chromium (never
 * a downloaded browser): open a channel, @mention the bot, find a card, read its step rows.
 * Shared by the browser test and `npm run screenshots`.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Locator, type Page, type Route } from 'playwright-core';
import { STEP_TITLES, type StepId } from '../../src/lockdown/request';

/** Debian's Chromium, unless `CHROMIUM_PATH` names another. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH?.trim() || '/usr/bin/chromium';

/** Flags that work as root, offline, in a container. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** True when the browser is installed. */
export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/** Headless Chromium with a fresh profile. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/**
 * The little of the DOM the in-page functions use (the project compiles without the DOM
 * library). Those functions are sent to the page as source: they must not call helpers.
 */
interface DomNode {
  readonly textContent: string | null;
  readonly parentElement: DomNode | null;
  querySelector(selector: string): DomNode | null;
  querySelectorAll(selector: string): Iterable<DomNode>;
  closest(selector: string): DomNode | null;
}

/** What a step row shows, by step. */
export type StepSymbols = Partial<Record<StepId, string>>;

/** The Playground page, one browser tab. */
export class PlaygroundPage {
  private constructor(readonly page: Page) {}

  /**
   * Opens the Playground. Requests that leave the machine (the Segoe UI web fonts on Microsoft's
   * CDN) are refused at once, so nothing waits on the network.
   */
  static async open(
    browser: Browser,
    url: string,
    options: { deviceScaleFactor?: number } = {},
  ): Promise<PlaygroundPage> {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 1000 },
      deviceScaleFactor: options.deviceScaleFactor ?? 1,
      locale: 'en-US',
      timezoneId: 'UTC',
    });
    const page = await context.newPage();
    const local = new URL(url);
    await page.route(
      (target) => target.hostname !== local.hostname && target.hostname !== '127.0.0.1',
      (route) => route.abort('internetdisconnected'),
    );
    await page.goto(url);
    return new PlaygroundPage(page);
  }

  /** Opens a channel from the left rail ("Contoso Security - Security incidents"). */
  async openChannel(teamName: string, channelName: string): Promise<void> {
    await this.page.getByRole('treeitem', { name: `${teamName} - ${channelName}` }).click();
    await this.page.getByRole('textbox').first().waitFor();
  }

  /** Waits for a chat message (not a card, not the log panel) matching `text`. */
  async waitForMessage(text: RegExp, timeoutMs = 30_000): Promise<void> {
    await this.page
      .getByRole('paragraph')
      .filter({ hasText: text })
      .last()
      .waitFor({ state: 'visible', timeout: timeoutMs });
  }

  /**
   * Posts `@<bot> <text>` in the open channel: type `@`, pick the bot in the mention picker
   * (Enter would send the half-typed text), type the rest, press Post.
   */
  async mention(botName: string, text: string): Promise<void> {
    // In a channel, the "Start a new post" box comes first, then each thread's reply box.
    await this.page.getByRole('textbox').first().click();
    await this.page.keyboard.type('@');
    await this.page.getByRole('menuitem', { name: botName }).click();
    await this.page.keyboard.type(` ${text}`);
    const sent = this.page.waitForResponse(
      (response) =>
        response.request().method() === 'POST' &&
        /\/_conversation\/v1\/conversations\/[^/]+\/messages$/.test(
          new URL(response.url()).pathname,
        ),
    );
    await this.page.getByRole('button', { name: 'Post', exact: true }).click();
    const response = await sent;
    if (!response.ok()) throw new Error(`The Playground refused the message: ${response.status()}`);
  }

  /** The (last) Adaptive Card whose text contains `text`. */
  card(text: string): Locator {
    return this.page.locator('.ac-adaptiveCard').filter({ hasText: text }).last();
  }

  /** Waits for a card containing `text` and returns it. */
  async waitForCard(text: string, timeoutMs = 30_000): Promise<Locator> {
    const card = this.card(text);
    await card.waitFor({ state: 'visible', timeout: timeoutMs });
    return card;
  }

  /**
   * Clicks a card button and waits for the Playground to relay the bot's answer to the
   * `adaptiveCard/action` invoke; returns the answer's body. With `asTeamsUserId`, the click
   * comes from that person of the mock tenant: the Playground has no user switcher, so the
   * page's own invoke request gets its `from` rewritten on the way out.
   */
  async clickAction(card: Locator, title: string, asTeamsUserId?: string): Promise<unknown> {
    const invoke = '**/_conversation/v1/invoke';
    const rewrite = async (route: Route): Promise<void> => {
      const body = route.request().postDataJSON() as Record<string, unknown>;
      await route.continue({ postData: JSON.stringify({ ...body, from: { id: asTeamsUserId } }) });
    };
    if (asTeamsUserId !== undefined) await this.page.route(invoke, rewrite);
    try {
      const answered = this.page.waitForResponse(
        (response) =>
          response.request().method() === 'POST' &&
          new URL(response.url()).pathname === '/_conversation/v1/invoke',
      );
      await card.getByRole('button', { name: title, exact: true }).click();
      const response = await answered;
      if (!response.ok()) throw new Error(`The card action failed: ${response.status()}`);
      return await response.json();
    } finally {
      if (asTeamsUserId !== undefined) await this.page.unroute(invoke, rewrite);
    }
  }

  /**
   * Waits until the last card containing `cardText` shows `symbol` on the row of `step`. The
   * Playground may re-render a card at each edit, so the card is looked up afresh each time.
   */
  async waitForStep(cardText: string, step: StepId, symbol: string, timeoutMs = 30_000) {
    await this.page.waitForFunction(
      ([text, title, wanted]) => {
        const page = (globalThis as unknown as { document: DomNode }).document;
        const cards = [...page.querySelectorAll('.ac-adaptiveCard')].filter((c) =>
          c.textContent?.includes(text),
        );
        const blocks = [...(cards.at(-1)?.querySelectorAll('.ac-textBlock') ?? [])];
        const block = blocks.find((b) => b.textContent?.trim() === title);
        const row = block?.closest('.ac-container')?.parentElement;
        return row?.querySelector(':scope > .ac-container')?.textContent?.trim() === wanted;
      },
      [cardText, STEP_TITLES[step], symbol] as const,
      { timeout: timeoutMs },
    );
  }

  /**
   * The status symbol of each step row of a progress card: the row is a column set whose first
   * column holds the symbol and whose second starts with the step's title.
   */
  async stepSymbols(card: Locator): Promise<StepSymbols> {
    const titles = Object.entries(STEP_TITLES) as [StepId, string][];
    const found = await card.evaluate((root, titleList) => {
      const result: Record<string, string> = {};
      const blocks = [...(root as unknown as DomNode).querySelectorAll('.ac-textBlock')];
      for (const [step, title] of titleList) {
        const block = blocks.find((b) => b.textContent?.trim() === title);
        // title block -> its column -> the row -> the row's first column
        const row = block?.closest('.ac-container')?.parentElement;
        const first = row?.querySelector(':scope > .ac-container');
        if (first) result[step] = first.textContent?.trim() ?? '';
      }
      return result;
    }, titles);
    return found as StepSymbols;
  }
}
