/**
 * Network failures (a reset, a body that cannot be read, an answer that never comes) on any
 * request the directory makes are retried with backoff inside the budget and counted; every
 * exchange and every token request has a timeout.
 */
import assert from 'node:assert/strict';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { withTimeout } from '../../src/directory';
import { DirectoryError } from '../../src/lockdown/directory';
import {
  FAST_POLICY,
  json,
  okBatch,
  resetError,
  type SeenRequest,
  scriptedDirectory,
  ACCOUNT_OPERATIONS as OPERATIONS,
  READ_BACK,
  USER,
} from './fixtures/scripted-graph';

/** Answers `failing` times with `failure`, then as `then` does. */
function failFirst(
  failing: number,
  failure: (request: SeenRequest) => Response | Promise<Response>,
  then: (request: SeenRequest) => Response,
): (request: SeenRequest) => Response | Promise<Response> {
  let calls = 0;
  return (request) => (++calls <= failing ? failure(request) : then(request));
}

/** A response whose headers arrive and whose body then fails or never ends. */
function brokenBody(mode: 'error' | 'never'): Response {
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"responses":['));
      if (mode === 'error') controller.error(new TypeError('terminated'));
    },
  });
  return new Response(stream, { status: 200, headers: { 'content-type': 'application/json' } });
}

/** Never answers, but gives up (as fetch does) when the request's signal aborts. */
function hang(request: SeenRequest): Promise<Response> {
  return new Promise((_, reject) => {
    request.signal?.addEventListener('abort', () => reject(request.signal?.reason));
  });
}

async function rejection(promise: Promise<unknown>): Promise<DirectoryError> {
  const error = await promise.then(
    (value) => assert.fail(`expected a DirectoryError, got ${JSON.stringify(value)}`),
    (error: unknown) => error,
  );
  assert.ok(error instanceof DirectoryError, `expected a DirectoryError, got ${String(error)}`);
  return error;
}

describe('network failures are retried and counted', () => {
  it('a reset $batch is sent again; the receipts say it was retried once', async () => {
    const { directory, requests } = scriptedDirectory(
      failFirst(
        1,
        () => Promise.reject(resetError()),
        (request) => okBatch(request),
      ),
    );
    const results = await directory.runAccountOperations(USER, OPERATIONS);
    assert.equal(requests.length, 2);
    for (const result of results) {
      assert.ok(result.ok, JSON.stringify(result));
      assert.equal(result.receipt.networkRetries, 1);
    }
  });

  it('a reset top-level request is sent again, and the read-back says so', async () => {
    const { directory, requests } = scriptedDirectory(
      failFirst(
        2,
        () => Promise.reject(resetError()),
        () => json(200, READ_BACK),
      ),
    );
    const observed = await directory.readBack(USER);
    assert.equal(observed.accountEnabled, false);
    assert.equal(observed.networkRetries, 2);
    assert.equal(requests.length, 3);
  });

  it('device batches are retried after a reset too', async () => {
    const { directory } = scriptedDirectory(
      failFirst(
        1,
        () => Promise.reject(resetError()),
        (request) => okBatch(request),
      ),
    );
    const results = await directory.disableDevices(['d1', 'd2']);
    assert.ok(results.every((result) => result.ok && result.receipt.networkRetries === 1));
  });

  it('a body that cannot be read is a network error, retried', async () => {
    const { directory } = scriptedDirectory(
      failFirst(
        1,
        () => brokenBody('error'),
        (request) => okBatch(request),
      ),
    );
    const results = await directory.runAccountOperations(USER, OPERATIONS);
    assert.ok(results.every((result) => result.ok && result.receipt.networkRetries === 1));
  });

  it('keeps failing: a NetworkError with status 0 that says how often it was retried', async () => {
    const { directory, requests, logs } = scriptedDirectory(() => Promise.reject(resetError()));
    const results = await directory.runAccountOperations(USER, OPERATIONS);
    for (const result of results) {
      assert.ok(!result.ok);
      assert.equal(result.failure.status, 0);
      assert.equal(result.failure.code, 'NetworkError');
      assert.equal(result.failure.networkRetries, FAST_POLICY.maxAttempts - 1);
      assert.match(result.failure.message, /gave up after 3 attempts/);
    }
    assert.equal(requests.length, FAST_POLICY.maxAttempts);
    assert.doesNotMatch(logs(), /Pa55-word-never-logged!/);
  });

  it('a top-level read that keeps failing throws with networkRetries', async () => {
    const { directory } = scriptedDirectory(() => Promise.reject(resetError()));
    const error = await rejection(directory.listDevices(USER));
    assert.equal(error.failure.code, 'NetworkError');
    assert.equal(error.failure.networkRetries, FAST_POLICY.maxAttempts - 1);
  });
});

describe('timeouts', () => {
  it('an answer that never comes times out, counts as a network error and is retried', async () => {
    const { directory, requests } = scriptedDirectory(
      failFirst(1, hang, () => json(200, READ_BACK)),
      {
        timeoutMs: 100,
      },
    );
    const started = Date.now();
    const observed = await directory.readBack(USER);
    assert.ok(Date.now() - started >= 100);
    assert.equal(observed.networkRetries, 1);
    assert.equal(requests.length, 2);
    assert.ok(requests[0]?.signal?.aborted, 'the timed-out request was aborted');
  });

  it('the timeout also covers reading the body', async () => {
    const { directory } = scriptedDirectory(
      failFirst(
        1,
        () => brokenBody('never'),
        (request) => okBatch(request),
      ),
      { timeoutMs: 100 },
    );
    const results = await directory.runAccountOperations(USER, OPERATIONS);
    assert.ok(results.every((result) => result.ok && result.receipt.networkRetries === 1));
  });

  it('a hang that ignores the abort still ends at the timeout', async () => {
    const { directory } = scriptedDirectory(() => new Promise<Response>(() => {}), {
      timeoutMs: 50,
    });
    const error = await rejection(directory.readBack(USER));
    assert.equal(error.failure.status, 0);
    assert.equal(error.failure.code, 'Timeout');
    assert.match(error.failure.message, /did not answer within 0\.05 s/);
    assert.equal(error.failure.networkRetries, FAST_POLICY.maxAttempts - 1);
  });

  it('the retry budget counts sleeping, not time spent waiting for answers', async () => {
    // Each try waits 150 ms for its answer; 3 tries take 450 ms, more than maxWaitMs.
    const { directory, requests } = scriptedDirectory(
      failFirst(2, hang, () => json(200, READ_BACK)),
      { timeoutMs: 150, retryPolicy: { ...FAST_POLICY, maxWaitMs: 100 } },
    );
    const observed = await directory.readBack(USER);
    assert.equal(observed.networkRetries, 2);
    assert.equal(requests.length, 3);
  });

  it('refuses a timeout that is not a positive number', () => {
    assert.throws(() => scriptedDirectory(() => json(200, {}), { timeoutMs: 0 }), /timeoutMs/);
  });
});

describe('withTimeout (token requests)', () => {
  const TOKEN: AccessToken = { token: 't', expiresOnTimestamp: Date.now() + 3_600_000 };

  it('passes an abort signal to getToken and answers its token', async () => {
    let seen: AbortSignal | undefined;
    const credential: TokenCredential = {
      getToken: async (_scopes, options) => {
        seen = options?.abortSignal as AbortSignal | undefined;
        return TOKEN;
      },
    };
    assert.equal(await withTimeout(credential, 1_000).getToken('scope'), TOKEN);
    assert.ok(seen && !seen.aborted);
  });

  it('aborts a token request that takes too long, and fails even if the credential ignores it', async () => {
    let seen: AbortSignal | undefined;
    const credential: TokenCredential = {
      getToken: (_scopes, options) => {
        seen = options?.abortSignal as AbortSignal | undefined;
        return new Promise(() => {});
      },
    };
    const started = Date.now();
    await assert.rejects(withTimeout(credential, 50).getToken('scope'), (error: Error) => {
      assert.equal(error.name, 'TokenRequestTimeoutError');
      assert.match(error.message, /0\.05 s/);
      return true;
    });
    assert.ok(Date.now() - started < 1_000);
    assert.ok(seen?.aborted, 'the credential was told to stop');
  });

  it("follows the caller's own abort signal", async () => {
    const caller = new AbortController();
    const credential: TokenCredential = {
      getToken: (_scopes, options) =>
        new Promise((_, reject) =>
          options?.abortSignal?.addEventListener('abort', () => reject(new Error('aborted'))),
        ),
    };
    const pending = withTimeout(credential, 10_000).getToken('scope', {
      abortSignal: caller.signal,
    });
    caller.abort();
    await assert.rejects(pending, /aborted/);
  });

  it('refuses a timeout that is not a positive number', () => {
    const credential: TokenCredential = { getToken: async () => TOKEN };
    assert.throws(() => withTimeout(credential, -1), /timeout/i);
    assert.throws(() => withTimeout(credential, Number.NaN), /timeout/i);
  });

  it('a token request that times out is a network error of the Graph call, retried', async () => {
    let calls = 0;
    const credential = withTimeout(
      {
        getToken: () => (++calls === 1 ? new Promise(() => {}) : Promise.resolve(TOKEN)),
      },
      50,
    );
    const { directory } = scriptedDirectory(() => json(200, READ_BACK), {}, credential);
    const observed = await directory.readBack(USER);
    assert.equal(observed.networkRetries, 1);
    assert.equal(calls, 2);
  });
});
