/**
 * The Azure SDK sends a write again when its response was lost on the way back (a reset
 * connection, a timeout). The first send may have landed: the resend then meets 412 (a
 * conditional write whose ETag it changed itself) or 409 (a create). The store must recognise
 * its own write instead of reporting a lost race. Driven on Azurite with a pipeline policy that
 * lets one write reach the service and then drops its response.
 */
import assert from 'node:assert/strict';
import type {
  PipelinePolicy,
  PipelineRequest,
  PipelineResponse,
  SendRequest,
} from '@azure/core-rest-pipeline';
import { RestError } from '@azure/core-rest-pipeline';
import type { RequestStore } from '../../src/lockdown/request-store';
import { AzureTableStore, createTableClientFactory } from '../../src/store';
import { startAzurite, type RunningAzurite } from './azurite';
import { leased, minimalRequest } from './request-store.contract';

/** Drops the response of the next write that `matches`, once, after the service applied it. */
class LostResponse implements PipelinePolicy {
  readonly name = 'lost-response';
  private armed?: (request: PipelineRequest) => boolean;
  dropped = 0;

  arm(matches: (request: PipelineRequest) => boolean): void {
    this.armed = matches;
  }

  async sendRequest(request: PipelineRequest, next: SendRequest): Promise<PipelineResponse> {
    const response = await next(request);
    if (this.armed?.(request)) {
      this.armed = undefined;
      this.dropped += 1;
      throw new RestError('socket hang up', { code: 'ECONNRESET', request });
    }
    return response;
  }
}

/** A write of an entity (not the creation of a table, which the store does on first use). */
const isWrite = (request: PipelineRequest) =>
  request.method !== 'GET' && !new URL(request.url).pathname.endsWith('/Tables');
const isBatch = (request: PipelineRequest) => request.url.includes('$batch');
const NOW = '2025-01-01T00:00:00.000Z';
const FAR = '2999-01-01T00:00:00.000Z';

describe('AzureTableStore when a write response is lost and the SDK sends it again', function () {
  this.timeout(30_000);
  let azurite: RunningAzurite;
  let lost: LostResponse;
  let store: RequestStore;
  let runs = 0;

  before(async function () {
    this.timeout(15_000);
    azurite = await startAzurite();
  });
  after(async () => azurite?.stop());

  beforeEach(() => {
    runs += 1;
    lost = new LostResponse();
    store = new AzureTableStore(
      createTableClientFactory(
        { connectionString: azurite.connectionString },
        {
          tablePrefix: `lost${process.pid}x${runs}`,
          clientOptions: {
            allowInsecureConnection: true,
            retryOptions: { retryDelayInMs: 10, maxRetryDelayInMs: 50 },
            additionalPolicies: [{ policy: lost, position: 'perRetry' }],
          },
        },
      ),
    );
  });
  afterEach(async () => store.close());

  it('creates a request once, without calling it a duplicate', async () => {
    lost.arm(isWrite);
    await store.create(minimalRequest('r1'), [{ at: 't', requestId: 'r1', type: 'requested' }]);
    assert.equal(lost.dropped, 1);
    assert.equal((await store.get('r1'))?.state, 'pending');
    assert.deepEqual(
      (await store.listAudit('r1')).map((e) => e.type),
      ['requested'],
    );
  });

  it('answers a transition as applied, with its audit event once', async () => {
    await store.create(minimalRequest('r1'));
    lost.arm(isWrite);
    const moved = await store.transition('r1', ['pending'], { state: 'cancelled' }, {}, [
      { at: 't', requestId: 'r1', type: 'cancelled' },
    ]);
    assert.equal(lost.dropped, 1);
    assert.equal(moved?.state, 'cancelled');
    assert.deepEqual(
      (await store.listAudit('r1')).map((e) => e.type),
      ['cancelled'],
    );
  });

  it('answers a claim as taken, counted once', async () => {
    await store.create({ ...minimalRequest('r1'), state: 'approved' });
    lost.arm(isWrite);
    const claimed = await store.claim(
      'r1',
      'runner-a',
      '2999-01-01T00:00:00.000Z',
      '2025-01-01T00:00:00.000Z',
    );
    assert.equal(lost.dropped, 1);
    assert.equal(claimed?.lease?.owner, 'runner-a');
    assert.equal(claimed?.claims, 1);
  });

  it('saves a step once, with one audit event, still answering for the lease holder', async () => {
    await store.create(leased(minimalRequest('r1')));
    lost.arm(isBatch);
    const saved = await store.saveStep('r1', { step: 'verify', status: 'done' }, 'runner-a', [
      { at: 't', requestId: 'r1', type: 'step' },
    ]);
    assert.equal(lost.dropped, 1);
    assert.deepEqual(
      saved?.steps.map((s) => s.step),
      ['verify'],
    );
    assert.deepEqual(
      (await store.listAudit('r1')).map((e) => e.type),
      ['step'],
    );
  });

  it('answers a first claim of a key as created by us, not as a lost race', async () => {
    lost.arm(isWrite);
    assert.deepEqual(await store.claimKey('alert:i#1', 'ours', FAR, NOW), {
      value: 'ours',
      created: true,
    });
    assert.equal(lost.dropped, 1);
    assert.deepEqual(await store.claimKey('alert:i#1', 'theirs', FAR, NOW), {
      value: 'ours',
      created: false,
    });
  });

  it('answers a takeover of a key (Replace with its ETag) as written by us', async () => {
    await store.claimKey('alert:i#1', 'crashed', FAR, NOW);
    lost.arm((request) => isWrite(request) && request.headers.has('If-Match'));
    assert.deepEqual(await store.claimKey('alert:i#1', 'ours', FAR, NOW, 'crashed'), {
      value: 'ours',
      created: true,
    });
    assert.equal(lost.dropped, 1);
    assert.equal(await store.readKey('alert:i#1', NOW), 'ours');
  });

  it('remembers a first message as first, not as a redelivery', async () => {
    lost.arm(isWrite);
    assert.equal(
      await store.rememberMessage('c|1', '2999-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z'),
      true,
    );
    assert.equal(lost.dropped, 1);
    assert.equal(
      await store.rememberMessage('c|1', '2999-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z'),
      false,
    );
  });
});
