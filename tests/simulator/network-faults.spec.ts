import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultRule, RecordedRequest, RunningSimulator } from '../../src/simulator';
import { APPS, startTestSimulator, TestClient, USERS } from './helpers';

const BATCH = /^\/\$batch$/;

/** A `$batch` that disables one user: what a garbled or reset batch must not do. */
const disablingBatch = (id: string) => ({
  requests: [
    {
      id: '1',
      method: 'PATCH',
      url: `/users/${id}`,
      headers: { 'Content-Type': 'application/json' },
      body: { accountEnabled: false },
    },
  ],
});

async function until(condition: () => boolean, what: string, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      assert.fail(`timed out waiting for ${what}`);
    }
    await sleep(10);
  }
}

describe('simulator network faults', () => {
  let sim: RunningSimulator;
  let client: TestClient;
  let token: string;

  // A fresh tenant per test, since the follow-up requests change it.
  beforeEach(async () => {
    sim = await startTestSimulator();
    client = new TestClient(sim.origin);
    token = await client.token(APPS.bot);
  });
  afterEach(async () => {
    client.close();
    await sim.close();
  });

  const enabled = (id: string) => sim.tenant.user(id)?.accountEnabled;
  const topLevel = (): RecordedRequest[] => sim.requests.filter((r) => r.batchId === undefined);
  const lastTopLevel = (): RecordedRequest | undefined => topLevel().at(-1);
  const itemsOf = (batch: RecordedRequest | undefined) =>
    sim.requests.filter((r) => r.batchId !== undefined && r.batchId === batch?.requestId);
  const postBatch = (id: string) =>
    client.send('POST', '/v1.0/$batch', { token, body: disablingBatch(id) });

  it('resets the connection without answering or processing, `times` times', async () => {
    sim.inject({ method: 'POST', path: BATCH, effect: 'reset', times: 1 });
    await assert.rejects(postBatch(USERS.adele.id), (error: NodeJS.ErrnoException) => {
      assert.equal(error.code, 'ECONNRESET');
      return true;
    });
    const reset = lastTopLevel();
    assert.deepEqual([reset?.path, reset?.status, reset?.network], ['/$batch', 0, 'reset']);
    assert.deepEqual(itemsOf(reset), [], 'no batch item ran');
    assert.equal(enabled(USERS.adele.id), true);

    const { status, body } = await postBatch(USERS.adele.id);
    assert.equal(status, 200, 'the rule is used up');
    assert.equal(body.responses[0].status, 204);
    assert.equal(enabled(USERS.adele.id), false);
    assert.equal(lastTopLevel()?.network, undefined);
  });

  it('holds a request, then answers it normally', async () => {
    sim.inject({ method: 'PATCH', path: /^\/users\//, effect: 'hold', holdMs: 300, times: 1 });
    const started = Date.now();
    const disable = () =>
      client.send('PATCH', `/v1.0/users/${USERS.adele.id}`, {
        token,
        body: { accountEnabled: false },
      });
    const held = await disable();
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 290, `answered after ${elapsed} ms`);
    assert.equal(held.status, 204);
    assert.ok(held.headers.date);
    assert.equal(enabled(USERS.adele.id), false);
    assert.deepEqual([lastTopLevel()?.status, lastTopLevel()?.network], [204, 'held']);

    assert.equal((await disable()).status, 204);
    assert.equal(lastTopLevel()?.network, undefined, 'the rule is used up');
  });

  it('drops a held request whose client gave up, leaving the tenant unchanged', async () => {
    sim.inject({ method: 'POST', path: BATCH, effect: 'hold', holdMs: 300 });
    const controller = new AbortController();
    const pending = client.send('POST', '/v1.0/$batch', {
      token,
      body: disablingBatch(USERS.adele.id),
      signal: controller.signal,
    });
    await until(() => lastTopLevel()?.network === 'held', 'the hold');
    controller.abort();
    await assert.rejects(pending, { name: 'AbortError' });
    await sleep(400); // past the end of the hold
    const dropped = lastTopLevel();
    assert.deepEqual([dropped?.status, dropped?.network], [0, 'dropped']);
    assert.deepEqual(itemsOf(dropped), [], 'no batch item ran');
    assert.equal(enabled(USERS.adele.id), true);
  });

  const GARBLED = [
    { garble: 'html', type: 'text/html', text: '<html><body>Proxy error</body></html>' },
    { garble: 'empty-json', type: 'application/json', text: '{}' },
    { garble: 'no-responses', type: 'application/json', text: '{"responses": "nope"}' },
    { garble: 'truncated', type: 'application/json', text: '{"responses":[{"id":"1","status":2' },
  ] as const;
  for (const { garble, type, text } of GARBLED) {
    it(`garbles a $batch as '${garble}': 200 with that body, nothing processed`, async () => {
      sim.inject({ method: 'POST', path: BATCH, effect: 'garble', garble, times: 1 });
      const answer = await client.sendRaw('POST', '/v1.0/$batch', {
        token,
        body: disablingBatch(USERS.adele.id),
      });
      assert.deepEqual([answer.status, answer.text], [200, text]);
      assert.equal(answer.headers['content-type'], type);
      assert.ok(answer.headers.date);
      const garbled = lastTopLevel();
      assert.deepEqual([garbled?.status, garbled?.network], [200, 'garbled']);
      assert.deepEqual(itemsOf(garbled), [], 'no batch item ran');
      assert.equal(enabled(USERS.adele.id), true);

      const { status, body } = await postBatch(USERS.adele.id);
      assert.equal(status, 200, 'the rule is used up');
      assert.equal(body.responses[0].status, 204);
      assert.equal(enabled(USERS.adele.id), false);
    });
  }

  it('applies network effects to top-level requests only, even with scope any', async () => {
    sim.inject({ path: /^\/users\//, effect: 'garble', garble: 'html', scope: 'any' });
    const { status, body } = await postBatch(USERS.adele.id);
    assert.equal(status, 200);
    assert.equal(body.responses[0].status, 204, 'the batch item was not garbled');
    assert.equal(enabled(USERS.adele.id), false);
    const direct = await client.sendRaw('GET', `/v1.0/users/${USERS.helpdesk.id}`, { token });
    assert.equal(direct.text, '<html><body>Proxy error</body></html>');
  });

  it('acts before authentication, as the network comes before Graph', async () => {
    sim.inject({ effect: 'garble', garble: 'empty-json', times: 1 });
    const { status, text } = await client.sendRaw('GET', `/v1.0/users/${USERS.adele.id}`);
    assert.deepEqual([status, text], [200, '{}']);
    assert.equal((await client.send('GET', `/v1.0/users/${USERS.adele.id}`)).status, 401);
  });

  const INVALID: readonly {
    readonly name: string;
    readonly rule: unknown;
    readonly error: RegExp;
  }[] = [
    {
      name: 'a reset of batch items',
      rule: { effect: 'reset', scope: 'batch-item' },
      error: /'reset' .* top-level requests only; scope 'batch-item' is not supported/,
    },
    {
      name: 'a hold of batch items',
      rule: { effect: 'hold', holdMs: 100, scope: 'batch-item' },
      error: /top-level requests only/,
    },
    {
      name: 'a garble of batch items',
      rule: { effect: 'garble', garble: 'html', scope: 'batch-item' },
      error: /top-level requests only/,
    },
    { name: 'a hold of 0 ms', rule: { effect: 'hold', holdMs: 0 }, error: /holdMs must be/ },
    { name: 'a negative hold', rule: { effect: 'hold', holdMs: -5 }, error: /holdMs must be/ },
    { name: 'a hold of NaN', rule: { effect: 'hold', holdMs: NaN }, error: /holdMs must be/ },
    { name: 'a hold without holdMs', rule: { effect: 'hold' }, error: /holdMs must be/ },
    {
      name: 'an unknown garble',
      rule: { effect: 'garble', garble: 'xml' },
      error: /garble must be one of html, empty-json, no-responses, truncated/,
    },
    { name: 'an unknown effect', rule: { effect: 'drop' }, error: /Unknown fault effect 'drop'/ },
    { name: 'neither status nor effect', rule: { times: 1 }, error: /needs an error status/ },
  ];
  for (const { name, rule, error } of INVALID) {
    it(`refuses ${name}`, async () => {
      assert.throws(() => sim.inject(rule as FaultRule), error);
      const { status } = await client.send('GET', `/v1.0/users/${USERS.adele.id}`, { token });
      assert.equal(status, 200, 'the refused rule was not added');
    });
  }

  it('lets the compiler refuse what inject() refuses', () => {
    // @ts-expect-error: network effects have no batch-item scope
    assert.throws(() => sim.inject({ effect: 'reset', scope: 'batch-item' }), /top-level/);
    // @ts-expect-error: a hold needs holdMs
    assert.throws(() => sim.inject({ effect: 'hold' }), /holdMs/);
    // @ts-expect-error: a status fault carries no effect, and a network effect no status
    assert.throws(() => sim.inject({ status: 503, effect: 'garble' }), /garble must be/);
  });
});

describe('simulator close with a held request', () => {
  it('resolves promptly and drops the request', async () => {
    const sim = await startTestSimulator();
    const client = new TestClient(sim.origin);
    try {
      const token = await client.token(APPS.bot);
      sim.inject({ method: 'PATCH', effect: 'hold', holdMs: 60_000 });
      const pending = client
        .send('PATCH', `/v1.0/users/${USERS.adele.id}`, { token, body: { accountEnabled: false } })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      await until(() => sim.requests.at(-1)?.network === 'held', 'the hold');
      const started = Date.now();
      await sim.close();
      const elapsed = Date.now() - started;
      assert.ok(elapsed < 1000, `close took ${elapsed} ms`);
      assert.ok((await pending) instanceof Error, 'the client saw the connection close');
      assert.deepEqual([sim.requests.at(-1)?.status, sim.requests.at(-1)?.network], [0, 'dropped']);
      assert.equal(sim.tenant.user(USERS.adele.id)?.accountEnabled, true);
    } finally {
      client.close();
      await sim.close().catch(() => undefined); // already closed unless an assertion failed early
    }
  });
});
