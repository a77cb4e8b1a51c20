/**
 * The bot's way, driven through the real domain: LockdownService (request, approve, pipeline)
 * with the real GraphDirectory and a real SQLite store. "Contained" is when the pipeline has
 * recorded disable, password and revoke as settled; "complete" is when it finished, the
 * target's options (`--all`) included.
 */
import type { Logger } from 'pino';
import type { Directory } from '../src/lockdown/directory';
import { LockdownService } from '../src/lockdown/lockdown-service';
import { generatePassword } from '../src/lockdown/password';
import { LockdownRunner } from '../src/lockdown/runner';
import { AccessPolicy, OPEN_ACCESS_RULES } from '../src/lockdown/policy';
import type { ProgressListener } from '../src/lockdown/progress-listener';
import type { LockdownRequest, StepId } from '../src/lockdown/request';
import type { RequestStore } from '../src/lockdown/request-store';
import type { RunningSimulator } from '../src/simulator';
import type { Measurement } from './measure';
import type { BenchTarget } from './tenant';

const ACCOUNT_STEPS: readonly StepId[] = ['disable-account', 'reset-password', 'revoke-sessions'];
const REQUESTER = { id: 'a0000000-0000-4000-8000-00000000000a', name: 'Riley Responder' };
const APPROVER = { id: 'a0000000-0000-4000-8000-00000000000b', name: 'Alex Approver' };

/** When something happened: the clock and the simulator's round-trip counter, read together. */
interface Mark {
  readonly at: number;
  readonly roundTrips: number;
}

interface Watch {
  readonly contained: Promise<Mark>;
  readonly finished: Promise<{ readonly mark: Mark; readonly request: LockdownRequest }>;
}

/**
 * Marks the moment a request's account steps are recorded as settled, and the moment it
 * finishes. It marks synchronously inside the listener call, before the pipeline goes on.
 */
class Tracker implements ProgressListener {
  private readonly waiting = new Map<
    string,
    {
      contained?: (mark: Mark) => void;
      finished: (result: { mark: Mark; request: LockdownRequest }) => void;
    }
  >();

  constructor(private readonly mark: () => Mark) {}

  watch(requestId: string): Watch {
    let contained!: (mark: Mark) => void;
    let finished!: (result: { mark: Mark; request: LockdownRequest }) => void;
    const watch: Watch = {
      contained: new Promise((resolve) => (contained = resolve)),
      finished: new Promise((resolve) => (finished = resolve)),
    };
    this.waiting.set(requestId, { contained, finished });
    return watch;
  }

  onChange(request: LockdownRequest): void {
    const waiter = this.waiting.get(request.id);
    if (!waiter?.contained) return;
    const settled = ACCOUNT_STEPS.every((step) =>
      request.steps.some((s) => s.step === step && (s.status === 'done' || s.status === 'failed')),
    );
    if (!settled) return;
    waiter.contained(this.mark());
    delete waiter.contained;
  }

  onFinished(request: LockdownRequest): void {
    this.waiting.get(request.id)?.finished({ mark: this.mark(), request });
    this.waiting.delete(request.id);
  }
}

/** The service wired as the bot wires it, minus Teams. */
export class BotPipeline {
  private readonly tracker: Tracker;
  private readonly service: LockdownService;

  constructor(
    private readonly simulator: RunningSimulator,
    directory: Directory,
    store: RequestStore,
    logger: Logger,
    private readonly tenantId: string,
  ) {
    this.tracker = new Tracker(() => ({ at: performance.now(), roundTrips: simulator.roundTrips }));
    const policy = new AccessPolicy(OPEN_ACCESS_RULES, directory);
    const runner = new LockdownRunner({
      store,
      logger,
      owner: 'bench',
      leaseMs: 30_000,
      sweepMs: 15_000,
      pipeline: {
        directory,
        listener: this.tracker,
        generatePassword: () => generatePassword(),
        now: () => new Date(),
      },
    });
    this.service = new LockdownService({
      directory,
      store,
      listener: this.tracker,
      logger,
      approvalTtlMinutes: 15,
      policy,
      runner,
      // The benchmark asks for many lockdowns as one requester.
      maxPendingPerPerson: 1000,
    });
  }

  /** Asks for a lockdown of `target` (the look-up), approves it, and measures the pipeline. */
  async run(target: BenchTarget): Promise<Measurement> {
    const simulator = this.simulator;
    const origin = { tenantId: this.tenantId, conversationId: `bench-${target.upn}`, reply: '{}' };
    const lookUpStart = simulator.roundTrips;
    const asked = await this.service.request({
      userPrincipalName: target.upn,
      mode: 'full',
      options: target.options,
      requestedBy: REQUESTER,
      origin,
    });
    if (asked.kind !== 'created') throw new Error(`look-up of ${target.upn}: ${asked.kind}`);
    const approvedAt = simulator.roundTrips;
    const progress = this.tracker.watch(asked.request.id);
    const started = performance.now();
    const decision = await this.service.approve(asked.request.id, APPROVER, origin);
    if (decision.kind !== 'approved') throw new Error(`approval: ${decision.kind}`);
    const contained = await progress.contained;
    const { mark, request: finished } = await progress.finished;
    const problems = finished.steps
      .filter((step) => step.status !== 'done')
      .map((step) => `${step.step}: ${step.status} ${step.detail ?? ''}`);
    return {
      lookUpRoundTrips: approvedAt - lookUpStart,
      containRoundTrips: contained.roundTrips - approvedAt,
      totalRoundTrips: mark.roundTrips - approvedAt,
      containMs: contained.at - started,
      completeMs: mark.at - started,
      completed: finished.state === 'completed',
      problems,
    };
  }
}
