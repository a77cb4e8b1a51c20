/**
 * The bot's way, driven through the real domain: LockdownService (request, approve, pipeline)
 * with the real GraphDirectory and a real SQLite store. "Contained" is when the pipeline has
 * recorded disable, password and revoke as settled; "complete" is when it finished, the
 * target's options (`--all`) included.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import type { Logger } from 'pino';
import { GraphDirectory } from '../src/directory/graph-directory';
import { LockdownService } from '../src/lockdown/lockdown-service';
import { generatePassword } from '../src/lockdown/password';
import { LockdownRunner } from '../src/lockdown/runner';
import { AccessPolicy, OPEN_ACCESS_RULES } from '../src/lockdown/policy';
import type { LockdownRequest, Person, RequestOrigin } from '../src/lockdown/request';
import type { RequestStore } from '../src/lockdown/request-store';
import type { RunningSimulator } from '../src/simulator';
import type { Measurement } from './measure';
import type { BenchTarget } from './tenant';
import { Tracker } from './tracker';

/** Who asks for every lockdown of the bench. */
export const REQUESTER: Person = { id: 'a0000000-0000-4000-8000-00000000000a', name: 'Riley' };
/** Who approves them. */
export const APPROVER: Person = { id: 'a0000000-0000-4000-8000-00000000000b', name: 'Alex' };

/** What a run may do at the moment of approval (e.g. fill the simulator's token bucket). */
export interface RunHooks {
  /** Called after the look-up, just before the approval. */
  readonly onApproval?: () => void;
}

/**
 * The service wired as the bot wires it, minus Teams, over its own GraphDirectory (so its
 * shared throttle starts fresh) on the given Graph client.
 */
export class BotPipeline {
  /** Marks each request contained and finished. */
  readonly tracker: Tracker;
  /** The one directory every request of this bot goes through. */
  readonly directory: GraphDirectory;
  /** The domain service: look-ups, approvals. */
  readonly service: LockdownService;
  /** Runs approved requests, each under its own lease. */
  readonly runner: LockdownRunner;

  constructor(
    private readonly simulator: RunningSimulator,
    readonly client: Client,
    readonly store: RequestStore,
    logger: Logger,
    private readonly tenantId: string,
  ) {
    this.directory = new GraphDirectory(client, logger);
    const directory = this.directory;
    this.tracker = new Tracker(() => ({ at: performance.now(), roundTrips: simulator.roundTrips }));
    const policy = new AccessPolicy(OPEN_ACCESS_RULES, directory);
    this.runner = new LockdownRunner({
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
      runner: this.runner,
      // The benchmark asks for many lockdowns as one requester.
      maxPendingPerPerson: 1000,
    });
  }

  /** The origin of the request for `target`: a conversation of its own. */
  originOf(target: BenchTarget): RequestOrigin {
    return { tenantId: this.tenantId, conversationId: `bench-${target.upn}`, reply: '{}' };
  }

  /** Asks for a lockdown of `target` (the look-up: a pending request). */
  async ask(target: BenchTarget): Promise<LockdownRequest> {
    const asked = await this.service.request({
      userPrincipalName: target.upn,
      mode: 'full',
      options: target.options,
      requestedBy: REQUESTER,
      origin: this.originOf(target),
    });
    if (asked.kind !== 'created') throw new Error(`look-up of ${target.upn}: ${asked.kind}`);
    return asked.request;
  }

  /** Asks for a lockdown of `target` (the look-up), approves it, and measures the pipeline. */
  async run(target: BenchTarget, hooks: RunHooks = {}): Promise<Measurement> {
    const simulator = this.simulator;
    const lookUpStart = simulator.roundTrips;
    const asked = await this.ask(target);
    hooks.onApproval?.();
    const approvedAt = simulator.roundTrips;
    const logFrom = simulator.requests.length;
    const progress = this.tracker.watch(asked.id);
    const started = performance.now();
    const decision = await this.service.approve(asked.id, APPROVER, this.originOf(target));
    if (decision.kind !== 'approved') throw new Error(`approval: ${decision.kind}`);
    const contained = await progress.contained;
    const { mark, request: finished } = await progress.finished;
    return {
      lookUpRoundTrips: approvedAt - lookUpStart,
      containRoundTrips: contained.roundTrips - approvedAt,
      totalRoundTrips: mark.roundTrips - approvedAt,
      containMs: contained.at - started,
      completeMs: mark.at - started,
      completed: finished.state === 'completed',
      problems: problemsOf(finished),
      requests: simulator.requests.slice(logFrom),
    };
  }
}

/** The steps that did not end done, for the report. */
export function problemsOf(request: LockdownRequest): string[] {
  return request.steps
    .filter((step) => step.status !== 'done')
    .map((step) => `${step.step}: ${step.status} ${step.detail ?? ''}`);
}
