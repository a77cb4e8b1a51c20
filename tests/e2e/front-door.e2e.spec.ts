/**
 * The front door, end to end: hostile HTTP (encodings, sizes, bodies that are not activities,
 * unknown routes, a flood of junk) against the real bot process, anonymous and with BOT_ID.
 * Every refusal is a short generic answer, the process stays up with bounded memory, and the
 * log gets at most one short line per refusal, rate limited, never a stack trace.
 */
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import {
  gzipBomb,
  postJson,
  residentMegabytes,
  send,
  streamedBody,
  type RawAnswer,
} from './http-probe';
import { startStack, type Stack } from './stack';
import { RILEY, USERS } from './tenant-fixture';
import { startTokenAuthority, type TokenAuthority } from './token-authority';

const BAD_REQUEST = JSON.stringify({ error: 'Bad request' });
const TOO_LARGE = JSON.stringify({ error: 'Payload too large' });
const UNSUPPORTED = JSON.stringify({ error: 'Unsupported media type' });
const UNAUTHORIZED = JSON.stringify('Unauthorized');
const BOT_APP_ID = '7e57b0a7-0000-4000-8000-00000000b07a';

/** Bodies that are not an activity object, each sent as JSON. */
const NOT_ACTIVITIES: readonly [string, string][] = [
  ['{}', '{}'],
  ['an XML body', '<?xml version="1.0"?><activity type="message"/>'],
  ['[]', '[]'],
  ['null', 'null'],
  ['a number', '42'],
  ['a string', '"message"'],
  ['truncated JSON', '{"type":"message","text":'],
  ['an empty body', ''],
  ['arrays nested 100 000 deep', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
];

describe('front door: hostile HTTP against the bot process', function () {
  this.timeout(120_000);

  describe('anonymous (no BOT_ID)', () => {
    let stack: Stack;
    before(async () => {
      stack = await startStack();
    });
    after(async () => stack?.stop());

    async function assertAlive(): Promise<void> {
      assert.equal(stack.bot.child.exitCode, null, 'the bot process is still running');
      assert.equal((await send(stack.bot.url, { method: 'GET', path: '/healthz' })).status, 200);
    }

    /** Runs `act` and checks that it caused no connector call and no Graph request. */
    async function withoutEffects(act: () => Promise<RawAnswer>): Promise<RawAnswer> {
      const calls = stack.connector.calls.length;
      const graph = stack.simulator.requests.length;
      const answer = await act();
      assert.equal(stack.connector.calls.length, calls, 'no connector call');
      assert.equal(stack.simulator.requests.length, graph, 'no Graph request');
      return answer;
    }

    it('logs each refusal as exactly one warning line, and no stack trace', async () => {
      const from = stack.bot.output.length;
      await postJson(stack.bot.url, '{}', { 'content-encoding': 'gzip' });
      await postJson(stack.bot.url, 'not json');
      await postJson(stack.bot.url, '{}');
      await send(stack.bot.url, { method: 'GET', path: '/nowhere' });
      await assertRefusalLines(stack, from, 4);
    });

    it('refuses a body that claims gzip but is not, with 415, and stays up', async () => {
      const body = JSON.stringify({ type: 'message', text: 'not gzip at all' });
      const answer = await postJson(stack.bot.url, body, { 'content-encoding': 'gzip' });
      assert.equal(answer.status, 415);
      assert.equal(answer.body, UNSUPPORTED);
      await assertAlive();
    });

    it('refuses a gzip bomb unread: alive, and its memory stays bounded', async () => {
      const bomb = await gzipBomb(600);
      assert.ok(bomb.length < 1024 * 1024, `the bomb is ${bomb.length} bytes`);
      const answer = await postJson(stack.bot.url, bomb, { 'content-encoding': 'gzip' });
      assert.equal(answer.status, 415);
      await assertAlive();
      const rss = residentMegabytes(stack.bot.child.pid!);
      assert.ok(rss < 300, `resident memory ${rss.toFixed(0)} MB`);
    });

    for (const encoding of ['deflate', 'br', 'x-gzip', 'gzip, identity', 'compress']) {
      it(`refuses Content-Encoding: ${encoding} with 415`, async () => {
        const answer = await postJson(stack.bot.url, gzipSync('{}'), {
          'content-encoding': encoding,
        });
        assert.deepEqual(answer, { status: 415, body: UNSUPPORTED });
      });
    }

    it('refuses a 2 MB body with 413, with or without a Content-Length', async () => {
      const big = JSON.stringify({ type: 'message', text: 'x'.repeat(2 * 1024 * 1024) });
      assert.deepEqual(await postJson(stack.bot.url, big), { status: 413, body: TOO_LARGE });
      const streamed = await send(stack.bot.url, {
        headers: { 'content-type': 'application/json' },
        body: streamedBody(2 * 1024 * 1024),
      });
      assert.deepEqual(streamed, { status: 413, body: TOO_LARGE });
      await assertAlive();
    });

    it('refuses a body that is not JSON by its content type with 415', async () => {
      for (const type of [undefined, 'text/plain', 'application/xml', 'multipart/form-data']) {
        const answer = await send(stack.bot.url, {
          headers: type ? { 'content-type': type } : {},
          body: '{"type":"message"}',
        });
        assert.deepEqual(answer, { status: 415, body: UNSUPPORTED }, String(type));
      }
    });

    for (const [name, body] of NOT_ACTIVITIES) {
      it(`answers ${name} with a generic 400 and does nothing`, async () => {
        const answer = await withoutEffects(() => postJson(stack.bot.url, body));
        assert.deepEqual(answer, { status: 400, body: BAD_REQUEST });
      });
    }

    it('answers unknown routes and methods generically', async () => {
      const unknown = await send(stack.bot.url, { method: 'GET', path: '/admin/../etc/passwd' });
      assert.deepEqual(unknown, { status: 404, body: JSON.stringify({ error: 'Not found' }) });
      const method = await send(stack.bot.url, { method: 'GET', path: '/api/messages' });
      assert.equal(method.status, 405);
      assert.equal(method.body, JSON.stringify({ error: 'Method not allowed' }));
    });
  });

  describe('a flood of junk (a fresh process, with the whole minute of log lines to spend)', () => {
    let stack: Stack;
    before(async () => {
      stack = await startStack();
    });
    after(async () => stack?.stop());

    it('300 junk requests: alive, at most ~25 warning lines, no stack trace at any level', async () => {
      const from = stack.bot.output.length;
      const junk: (() => Promise<RawAnswer>)[] = [
        () => postJson(stack.bot.url, '{}'),
        () => postJson(stack.bot.url, 'not json'),
        () => postJson(stack.bot.url, '[]'),
        () => postJson(stack.bot.url, '{"type":"message","channelId":"directline"}'),
        () => postJson(stack.bot.url, '{"type":7}'),
        () => postJson(stack.bot.url, '{"type":"invoke","from":{"aadObjectId":1}}'),
        () => postJson(stack.bot.url, '{}', { 'content-encoding': 'gzip' }),
        () => send(stack.bot.url, { headers: { 'content-type': 'text/xml' }, body: '<a/>' }),
        () => send(stack.bot.url, { method: 'PUT', path: '/healthz' }),
        () => send(stack.bot.url, { method: 'GET', path: `/${'x'.repeat(2000)}` }),
      ];
      for (let i = 0; i < 300; i += 10) {
        const answers = await Promise.all(junk.map((request) => request()));
        for (const answer of answers) assert.ok(answer.status >= 400 && answer.status < 500);
      }
      assert.equal(stack.bot.child.exitCode, null, 'the bot process is still running');
      await new Promise((resolve) => setTimeout(resolve, 300)); // the last lines through the pipe
      const lines = stack.bot.output.slice(from);
      const warnings = lines.filter((line) => line.includes('"level":40'));
      assert.ok(warnings.length <= 25, `${warnings.length} warning lines`);
      assert.ok(warnings.length >= 1, 'the refusals are logged');
      assert.deepEqual(
        stack.bot.output.filter((line) => line.includes('    at ')),
        [],
        'no stack trace',
      );
    });
  });

  describe('with BOT_ID and its own token authority', () => {
    let stack: Stack;
    let authority: TokenAuthority;
    before(async () => {
      authority = await startTokenAuthority();
      stack = await startStack({
        BOT_ID: BOT_APP_ID,
        BOT_PASSWORD: 'e2e-bot-password-never-used',
        BOT_TYPE: 'MultiTenant',
        BOT_OPENID_METADATA_URL: authority.openIdMetadataUrl,
        BOT_TOKEN_ISSUER: authority.issuer,
      });
    });
    after(async () => {
      await stack?.stop();
      await authority?.close();
    });

    const bearer = (): string =>
      `Bearer ${authority.sign(authority.claims(BOT_APP_ID, stack.connector.serviceUrl))}`;

    it('logs each refusal as exactly one warning line, and no stack trace', async () => {
      const from = stack.bot.output.length;
      await postJson(stack.bot.url, '{}');
      await postJson(stack.bot.url, '{}', { authorization: 'Bearer a.b.c' });
      await stack.teams.say(RILEY, '/lockdown help', {
        authorization: bearer(),
        mutate: (a) => (a.channelId = 'directline'),
      });
      await assertRefusalLines(stack, from, 3);
    });

    it('a body that claims gzip but is not: 415, and the process stays up', async () => {
      const answer = await postJson(stack.bot.url, '{"type":"message"}', {
        'content-encoding': 'gzip',
        authorization: bearer(),
      });
      assert.deepEqual(answer, { status: 415, body: UNSUPPORTED });
      assert.equal(stack.bot.child.exitCode, null);
      assert.equal((await send(stack.bot.url, { method: 'GET', path: '/healthz' })).status, 200);
    });

    it('an unauthenticated {} gets a bare 401; malformed JSON a generic 400', async () => {
      assert.deepEqual(await postJson(stack.bot.url, '{}'), {
        status: 401,
        body: UNAUTHORIZED,
      });
      assert.deepEqual(await postJson(stack.bot.url, '<activity/>'), {
        status: 400,
        body: BAD_REQUEST,
      });
    });

    it('an authenticated activity of the wrong shape gets a generic 400 and runs nothing', async () => {
      const calls = stack.connector.calls.length;
      const graph = stack.simulator.requests.length;
      const { status, body } = await stack.teams.say(RILEY, `/lockdown ${USERS.windowsOnly.upn}`, {
        authorization: bearer(),
        mutate: (a) => ((a.from as Record<string, unknown>).aadObjectId = 42),
      });
      assert.deepEqual({ status, body }, { status: 400, body: BAD_REQUEST });
      assert.equal(stack.connector.calls.length, calls, 'no connector call');
      assert.equal(stack.simulator.requests.length, graph, 'no Graph request');
    });

    it('wrote nothing but JSON lines, none with a stack trace', () => {
      assert.deepEqual(
        stack.bot.output.filter((line) => !line.startsWith('{') || line.includes('    at ')),
        [],
      );
    });
  });
});

/**
 * Waits until the bot has written `count` refusal lines since line `from`, checks there are no
 * more, that each is a warning, and that no line since `from` carries a stack trace.
 */
async function assertRefusalLines(stack: Stack, from: number, count: number): Promise<void> {
  const refusals = () =>
    stack.bot.output.slice(from).filter((line) => line.includes('"msg":"request refused: '));
  const deadline = Date.now() + 2000;
  while (refusals().length < count && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(refusals().length, count, refusals().join('\n'));
  assert.ok(refusals().every((line) => line.includes('"level":40')));
  const stacks = stack.bot.output.slice(from).filter((line) => line.includes('    at '));
  assert.deepEqual(stacks, [], 'no stack trace');
}
