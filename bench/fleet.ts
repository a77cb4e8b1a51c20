/**
 * Many accounts at once. The bot runs N single-target lockdowns concurrently, as a lockdown of
 * several accounts runs once approved: N `approved` requests in one store, each handed to one
 * LockdownRunner (each under its own lease) over one GraphDirectory. The baseline is the
 * article's script run once per account, one account after the other.
 *
 * Before the approval, the Graph client opens as many connections as there are accounts: the
 * simulator runs in this process, so its side of every TLS handshake would run on the bot's
 * event loop, which a real Graph's never does, and stagger the bot's first requests by tens of
 * milliseconds. Times and waves count Graph requests, not connection set-up.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import type { LockdownRequest } from '../src/lockdown/request';
import type { RecordedRequest, RunningSimulator } from '../src/simulator';
import { runBaseline } from './baseline';
import { APPROVER, type BotPipeline, problemsOf, type RunHooks } from './bot-pipeline';
import type { Measurement } from './measure';
import type { BenchTarget } from './tenant';
import { totalWaves, wavesToContain } from './waves';

/** One run over many accounts. */
export interface FleetRun {
  /** Accounts locked down. */
  readonly accounts: number;
  /** Waves until every account was contained; `undefined` when one never was. */
  readonly containWaves: number | undefined;
  /** Waves until everything was done. */
  readonly totalWaves: number;
  /** Top-level Graph requests from the approval on. */
  readonly roundTrips: number;
  /** From the approval until the last account was contained, in ms. */
  readonly containMs: number;
  /** From the approval until the last account's every step was done, in ms. */
  readonly completeMs: number;
  /** Accounts whose every step was done. */
  readonly completed: number;
  /** What the simulator saw from the approval on. */
  readonly requests: readonly RecordedRequest[];
  /** The steps that did not end done, by account. */
  readonly problems: readonly string[];
}

/** Look-ups at once while the requests are made (as a lockdown of several accounts does). */
const LOOK_UP_CONCURRENCY = 10;

/** The bot: N pending requests, approved together, run together; see the file's comment. */
export async function runFleetBot(
  bot: BotPipeline,
  simulator: RunningSimulator,
  targets: readonly BenchTarget[],
  hooks: RunHooks = {},
): Promise<FleetRun> {
  const asked: LockdownRequest[] = [];
  for (let i = 0; i < targets.length; i += LOOK_UP_CONCURRENCY) {
    const slice = targets.slice(i, i + LOOK_UP_CONCURRENCY);
    asked.push(...(await Promise.all(slice.map((target) => bot.ask(target)))));
  }
  // The approval, as each member of a group follows its approved leader.
  const decidedAt = new Date().toISOString();
  for (const request of asked) {
    const approved = await bot.store.transition(
      request.id,
      ['pending'],
      {
        state: 'approved',
        decidedBy: APPROVER,
        decidedAt,
        approvals: [{ by: APPROVER, at: decidedAt }],
      },
      { approvalCount: 0 },
      [{ at: decidedAt, requestId: request.id, type: 'approved', actor: APPROVER }],
    );
    if (!approved) throw new Error(`could not approve ${request.target.userPrincipalName}`);
  }
  await openConnections(bot.client, asked);
  hooks.onApproval?.();
  const approvedAt = simulator.roundTrips;
  const logFrom = simulator.requests.length;
  const watches = asked.map((request) => bot.tracker.watch(request.id));
  const started = performance.now();
  for (const request of asked) bot.runner.run(request.id);
  const contained = await Promise.all(watches.map((watch) => watch.contained));
  const finished = await Promise.all(watches.map((watch) => watch.finished));
  await bot.runner.drain();
  const requests = simulator.requests.slice(logFrom);
  return {
    accounts: targets.length,
    containWaves: wavesToContain(
      requests,
      asked.map((request) => request.target.id),
    ),
    totalWaves: totalWaves(requests),
    roundTrips: simulator.roundTrips - approvedAt,
    containMs: Math.max(...contained.map((mark) => mark.at)) - started,
    completeMs: Math.max(...finished.map(({ mark }) => mark.at)) - started,
    completed: finished.filter(({ request }) => request.state === 'completed').length,
    requests,
    problems: finished.flatMap(({ request }) =>
      problemsOf(request).map((problem) => `${request.target.userPrincipalName}: ${problem}`),
    ),
  };
}

/** One read per account, all at once, so that the connection pool holds that many. */
async function openConnections(client: Client, requests: readonly LockdownRequest[]) {
  await Promise.all(
    requests.map((request) => client.api(`/users/${request.target.id}`).select(['id']).get()),
  );
}

/**
 * The script once per account, one after the other. Its times add up each account's time from
 * its look-up's answer on (look-ups are not counted, as for the bot); as every request waits
 * for the one before, each is a wave of its own.
 */
export async function runFleetScript(
  client: Client,
  simulator: RunningSimulator,
  targets: readonly BenchTarget[],
): Promise<FleetRun> {
  const runs: Measurement[] = [];
  for (const target of targets) runs.push(await runBaseline(client, simulator, target));
  const requests = runs.flatMap((run) => run.requests);
  const before = runs.slice(0, -1);
  const last = runs.at(-1);
  const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
  return {
    accounts: targets.length,
    containWaves: wavesToContain(
      requests,
      targets.map((target) => target.id),
    ),
    totalWaves: totalWaves(requests),
    roundTrips: sum(runs.map((run) => run.totalRoundTrips)),
    containMs: sum(before.map((run) => run.completeMs)) + (last?.containMs ?? 0),
    completeMs: sum(runs.map((run) => run.completeMs)),
    completed: runs.filter((run) => run.completed).length,
    requests,
    problems: runs.flatMap((run) => run.problems),
  };
}
