/**
 * How the production entry point (`node dist/index.js`, what `npm start` runs) starts and stops.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBotToExit, startBotProcess } from './bot-process';

describe('bot process start-up and shutdown', function () {
  this.timeout(30_000);
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lockdown-startup-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses to start on bad configuration, listing every problem in one message', async () => {
    const { code, output } = await runBotToExit({
      PORT: 'not-a-port',
      GRAPH_ENDPOINT: 'http://graph.example.com',
      AZURE_CLIENT_SECRET: 'shh-do-not-print',
      BOT_ID: 'bot-app-id',
    });
    assert.equal(code, 1);
    for (const name of [
      'PORT',
      'AZURE_TENANT_ID',
      'GRAPH_ENDPOINT',
      'AZURE_CLIENT_ID',
      'BOT_PASSWORD',
    ]) {
      assert.match(output, new RegExp(name));
    }
    assert.match(output, /docs\/configuration\.md/);
    assert.doesNotMatch(output, /shh-do-not-print/);
    assert.doesNotMatch(output, /\n\s+at /, 'no stack trace');
  });

  it('without BOT_ID listens on 127.0.0.1 only, warns, answers /healthz and stops cleanly on SIGTERM', async () => {
    const bot = await startBotProcess({
      AZURE_TENANT_ID: 'tenant',
      AZURE_CLIENT_ID: 'client',
      AZURE_CLIENT_SECRET: 'secret-value-never-logged',
      LOCKDOWN_STORE: `sqlite:${join(dir, 'db', 'lockdown.db')}`,
    });
    const lines = bot.output.map(
      (line) => JSON.parse(line) as { msg: string; host?: string; level: number },
    );
    const listening = lines.find((line) => line.msg === 'listening');
    assert.equal(listening?.host, '127.0.0.1');
    assert.ok(lines.some((line) => line.level === 40 && /BOT_ID is not set/.test(line.msg)));
    const health = await fetch(`${bot.url}/healthz`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });
    assert.equal(await bot.stop('SIGTERM'), 0);
    assert.doesNotMatch(bot.output.join('\n'), /secret-value-never-logged/);
  });
});
