/**
 * Independent writes (devices, sign-in methods, inbox rules, grants, a risk confirmation) as
 * parallel `$batch`es of 20, a few batches in flight at once (enough to hide latency, few enough
 * to stay clear of Graph's throttling), with the retries, timeouts and failure mapping of
 * runBatch; one result per request, in input order.
 *
 * The writes of calls made at the same time (the pipeline runs the device stage and the option
 * stages at once) share their batches: {@link WriteCoalescer} gathers what is asked in one turn
 * of the event loop and sends it together, so a lockdown with every option writes in
 * ceil(items / 20) requests, not one request per step.
 */
import type { Logger } from 'pino';
import type { OperationResult } from '../lockdown/directory';
import { chunk, mapWithConcurrency } from '../lockdown/concurrency';
import { type BatchOutcome, MAX_BATCH_SIZE, runBatch } from './graph-batch';
import type { GraphRequest } from './graph-requests';
import type { GraphTransport } from './graph-transport';
import { receiptOf, toOperationResult } from './operation-result';
import type { RetryBudget } from './retry-policy';

/** Sends the writes; nothing is sent for none. */
export async function parallelWrites(
  transport: GraphTransport,
  logger: Logger,
  writes: readonly GraphRequest[],
  concurrency: number,
  budget: RetryBudget,
): Promise<OperationResult[]> {
  const batches = await mapWithConcurrency(
    chunk(writes, MAX_BATCH_SIZE),
    concurrency,
    async (requests) => {
      const items = requests.map((request, index) => ({ id: String(index + 1), request }));
      const outcomes = await runBatch(transport, logger, items, 'parallel', budget);
      return items.map((item) => writeResult(item.request, outcomes.get(item.id)));
    },
  );
  return batches.flat();
}

/**
 * A DELETE sent again after no answer came back may find its target gone, deleted by the try
 * whose answer was lost: that 404 is the goal reached, not a refusal.
 */
function writeResult(request: GraphRequest, outcome: BatchOutcome | undefined): OperationResult {
  if (
    request.method === 'DELETE' &&
    outcome &&
    !outcome.ok &&
    outcome.failure.status === 404 &&
    (outcome.failure.networkRetries ?? 0) > 0
  ) {
    return { ok: true, receipt: receiptOf(outcome.failure) };
  }
  return toOperationResult(outcome);
}

interface Pending {
  readonly request: GraphRequest;
  readonly resolve: (result: OperationResult) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Gathers the writes asked for in one turn of the event loop (calls made together, and what
 * their awaited, already-answered reads led to) and sends them as one set of parallel batches,
 * under one retry budget. Each caller gets its own results, in its own order.
 */
export class WriteCoalescer {
  private queue: Pending[] = [];
  private scheduled = false;

  constructor(
    private readonly transport: GraphTransport,
    private readonly logger: Logger,
    private readonly concurrency: number,
    private readonly budget: () => RetryBudget,
  ) {}

  /** One result per request, same order; nothing is sent for none. */
  send(requests: readonly GraphRequest[]): Promise<OperationResult[]> {
    if (requests.length === 0) return Promise.resolve([]);
    const results = requests.map(
      (request) =>
        new Promise<OperationResult>((resolve, reject) =>
          this.queue.push({ request, resolve, reject }),
        ),
    );
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => void this.flush());
    }
    return Promise.all(results);
  }

  private async flush(): Promise<void> {
    const queue = this.queue;
    this.queue = [];
    this.scheduled = false;
    try {
      const requests = queue.map((pending) => pending.request);
      const results = await parallelWrites(
        this.transport,
        this.logger,
        requests,
        this.concurrency,
        this.budget(),
      );
      queue.forEach((pending, index) => pending.resolve(results[index] as OperationResult));
    } catch (error) {
      for (const pending of queue) pending.reject(error);
    }
  }
}
