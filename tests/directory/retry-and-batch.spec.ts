/**
 * The pure parts of the Graph adapter: the retry policy, the batch payload, bounded parallelism
 * and the take-once prefetch store.
 */
import assert from 'node:assert/strict';
import { chunk, mapWithConcurrency } from '../../src/lockdown/concurrency';
import { batchPayload } from '../../src/directory/graph-batch';
import * as requests from '../../src/directory/graph-requests';
import { Prefetched } from '../../src/directory/prefetch';
import {
  backoffMs,
  checkRetryPolicy,
  DEFAULT_RETRY_POLICY,
  gaveUpMessage,
  isRetryableStatus,
  RetryBudget,
  retryAfterMs,
} from '../../src/directory/retry-policy';

const POLICY = { maxAttempts: 3, maxWaitMs: 10_000, baseDelayMs: 100, maxBackoffMs: 1_000 };

describe('retry policy', () => {
  it('retries 429, 502, 503 and 504 only', () => {
    assert.deepEqual(
      [400, 403, 404, 424, 429, 500, 502, 503, 504].filter(isRetryableStatus),
      [429, 502, 503, 504],
    );
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    assert.equal(retryAfterMs('0', now), 0);
    assert.equal(retryAfterMs('2.5', now), 2_500);
    assert.equal(retryAfterMs('Wed, 01 Jan 2025 00:00:07 GMT', now), 7_000);
    assert.equal(retryAfterMs('Tue, 31 Dec 2024 00:00:00 GMT', now), 0, 'a past date: now');
    assert.equal(retryAfterMs(undefined, now), undefined);
    assert.equal(retryAfterMs('soon', now), undefined);
  });

  it('backs off exponentially, capped, with at most 10% jitter', () => {
    assert.equal(
      backoffMs(1, POLICY, () => 0.5),
      100,
    );
    assert.equal(
      backoffMs(3, POLICY, () => 0.5),
      400,
    );
    assert.equal(
      backoffMs(10, POLICY, () => 0.5),
      1_000,
    );
    assert.equal(
      backoffMs(1, POLICY, () => 0),
      90,
    );
    assert.equal(
      backoffMs(1, POLICY, () => 0.999),
      110,
    );
  });

  it('allows retries until the attempts or the time spent sleeping run out', async () => {
    let now = 0;
    const slept: number[] = [];
    const budget = new RetryBudget(
      POLICY,
      () => now,
      async (ms) => {
        slept.push(ms);
      },
    );
    assert.deepEqual(budget.decide(1, '2'), { retry: true, delayMs: 2_000 });
    await budget.wait(2_000);
    const late = budget.decide(2, '9');
    assert.equal(late.retry, false);
    assert.equal(
      late.retry ? '' : late.reason,
      '2 attempts: Graph asked to wait 9.0 s more, beyond the 10.0 s retry budget for waiting between tries (8.0 s left)',
    );
    assert.deepEqual(
      budget.decide(2, '8'),
      { retry: true, delayMs: 8_000 },
      'exactly what is left',
    );
    // Time spent waiting for Graph's answers (the clock moves, nobody sleeps) is not counted.
    now = 3_600_000;
    assert.deepEqual(budget.decide(2, '1'), { retry: true, delayMs: 1_000 });
    assert.deepEqual(budget.decide(3, '0'), {
      retry: false,
      reason: '3 attempts (the limit is 3)',
    });
    assert.deepEqual(slept, [2_000]);
    assert.equal(budget.sleptMs, 2_000);
  });

  it('says when its own backoff, not Graph, would wait too long', () => {
    const budget = new RetryBudget({ ...POLICY, maxWaitMs: 0 });
    const decision = budget.decide(1, undefined);
    assert.equal(
      decision.retry ? '' : decision.reason,
      '1 attempt: the backoff would wait 0.1 s more, beyond the 0.0 s retry budget for waiting between tries (0.0 s left)',
    );
  });

  it('says what happened when it gives up', () => {
    assert.equal(
      gaveUpMessage(429, 'Too many requests.', '3 attempts (the limit is 3)'),
      'Graph kept throttling this request; gave up after 3 attempts (the limit is 3). Last answer: Too many requests.',
    );
    assert.match(gaveUpMessage(503, 'Unavailable.', 'x'), /^Graph kept answering 503/);
  });

  it('refuses a nonsensical policy at construction', () => {
    assert.throws(() => checkRetryPolicy({ ...POLICY, maxAttempts: 0 }), /maxAttempts/);
    assert.throws(() => checkRetryPolicy({ ...POLICY, maxWaitMs: -1 }), /maxWaitMs/);
    assert.equal(checkRetryPolicy(DEFAULT_RETRY_POLICY), DEFAULT_RETRY_POLICY);
  });
});

describe('batch payload', () => {
  it('chains a sequential batch, with a Content-Type on every body', () => {
    const payload = batchPayload(
      [
        { id: '1', request: requests.disableAccount('u') },
        { id: '2', request: requests.revokeSignInSessions('u') },
        { id: '3', request: requests.listDirectoryRoles('u') },
      ],
      'sequential',
    );
    assert.deepEqual(payload, {
      requests: [
        {
          id: '1',
          method: 'PATCH',
          url: '/users/u',
          headers: { 'Content-Type': 'application/json' },
          body: { accountEnabled: false },
        },
        { id: '2', method: 'POST', url: '/users/u/revokeSignInSessions', dependsOn: ['1'] },
        {
          id: '3',
          method: 'GET',
          url: '/users/u/transitiveMemberOf/microsoft.graph.directoryRole?$select=displayName,roleTemplateId&$count=true',
          headers: { ConsistencyLevel: 'eventual' },
          dependsOn: ['2'],
        },
      ],
    });
  });

  it('leaves a parallel batch without dependsOn', () => {
    const payload = batchPayload(
      [
        { id: '1', request: requests.disableDevice('a') },
        { id: '2', request: requests.disableDevice('b') },
      ],
      'parallel',
    ) as { requests: Record<string, unknown>[] };
    assert.ok(payload.requests.every((request) => !('dependsOn' in request)));
  });
});

describe('bounded parallelism', () => {
  it('keeps input order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapWithConcurrency([30, 10, 20, 5, 15, 1], 2, async (ms, index) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running--;
      return index;
    });
    assert.deepEqual(results, [0, 1, 2, 3, 4, 5]);
    assert.equal(peak, 2);
  });

  it('cuts into slices of at most the size', () => {
    assert.deepEqual(
      chunk([1, 2, 3, 4, 5], 2).map((c) => c.length),
      [2, 2, 1],
    );
    assert.deepEqual(chunk([], 20), []);
  });
});

describe('prefetch store', () => {
  it('hands a value out once, and only while fresh', () => {
    let now = 0;
    const store = new Prefetched<string>(1_000, () => now);
    store.put('u', 'a');
    assert.equal(store.take('u'), 'a');
    assert.equal(store.take('u'), undefined);
    store.put('u', 'b');
    now = 1_001;
    assert.equal(store.take('u'), undefined);
    store.put('u', 'c');
    store.forget('u');
    assert.equal(store.take('u'), undefined);
  });
});
