/**
 * `npm run screenshots`: regenerates the README's pictures from the demo stack, in the Agents
 * Playground rendered by the machine's Chromium:
 *
 *   docs/images/confirmation-card.png   the card `/lockdown diego@contoso.com` gets
 *   docs/images/final-card.png          the same card once Confirm has run every step
 *
 * Each is cropped to the card and its frame, at twice the pixel density. Needs Chromium (CHROMIUM_PATH,
 * default /usr/bin/chromium) and, for the status symbols, a colour emoji font
 * (Debian: fonts-noto-color-emoji).
 */
import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Locator } from 'playwright-core';
import { buildOrExit } from './demo/build';
import { DEMO_BOT, SECURITY_CHANNEL, SECURITY_TEAM } from './demo/playground-config';
import {
  CHROMIUM_PATH,
  PlaygroundPage,
  chromiumAvailable,
  launchChromium,
} from './demo/playground-page';
import { PROJECT_ROOT, startDemoStack } from './demo/stack';

const IMAGES = join(PROJECT_ROOT, 'docs', 'images');
const TARGET = { upn: 'diego@contoso.com', name: 'Diego Siciliani' };

/**
 * Screenshots a card with the thin frame of its message bubble (the card's grandparent, 2 px
 * wider and taller), so it does not melt into a white page.
 */
async function shoot(card: Locator, file: string): Promise<void> {
  const path = join(IMAGES, file);
  const framed = card.locator('xpath=../..');
  const [inner, outer] = await Promise.all([card.boundingBox(), framed.boundingBox()]);
  const hugs =
    inner !== null &&
    outer !== null &&
    outer.width - inner.width <= 8 &&
    outer.height - inner.height <= 8;
  await (hugs ? framed : card).screenshot({ path, animations: 'disabled' });
  console.log(`  wrote ${relative(process.cwd(), path)}`);
}

async function main(): Promise<void> {
  if (!chromiumAvailable()) {
    console.error(`No Chromium at ${CHROMIUM_PATH}: install it (apt-get install chromium).`);
    process.exit(1);
  }
  buildOrExit('the screenshots');
  mkdirSync(IMAGES, { recursive: true });

  const stack = await startDemoStack({
    workDir: join(PROJECT_ROOT, 'tmp', 'screenshots-stack'),
    ports: { playground: 0, bot: 0, graph: 0 },
    graphInProcess: true,
    // Graph-like timings on the final card.
    graphLatencyMs: 150,
  });
  const browser = await launchChromium();
  try {
    const teams = await PlaygroundPage.open(browser, stack.playgroundUrl, { deviceScaleFactor: 2 });
    await teams.openChannel(SECURITY_TEAM.name, SECURITY_CHANNEL.name);
    await teams.mention(DEMO_BOT.name, `/lockdown ${TARGET.upn}`);
    const confirmation = await teams.waitForCard(`Lock down ${TARGET.name}?`);
    await shoot(confirmation, 'confirmation-card.png');
    await teams.clickAction(confirmation, 'Confirm');
    await teams.waitForMessage(new RegExp(`Locked down ${TARGET.upn.replace('.', '\\.')}:`));
    await shoot(await teams.waitForCard(`${TARGET.name} is locked down`), 'final-card.png');
  } finally {
    await browser.close();
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`Screenshots failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
