/**
 * The Confirm click against the real bot process (tests/e2e/stack.ts: the bot's build output, a
 * fake Teams connector, the Graph simulator over TLS): `approvals` pending requests, then one
 * `lockdown.confirm` invoke each, timed from sending it to its answer; then the bot's peak memory
 * once every pipeline has finished.
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TenantSeed } from '../src/simulator';
import type { ConnectorCall } from '../tests/e2e/fake-connector';
import { startStack } from '../tests/e2e/stack';
import { attachedCard } from '../tests/e2e/teams-client';
import { ALEX, buildSeed, RILEY } from '../tests/e2e/tenant-fixture';
import { median, percentile } from './measure';
import { TargetFactory } from './tenant';

/** What the Confirm run measured. */
export interface ConfirmResult {
  readonly approvals: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Lockdowns whose verdict was posted within the wait. */
  readonly finished: number;
  /** Of those, the ones with every step done ("Locked down ..."). */
  readonly completed: number;
  /** VmRSS of the bot process once it listens, before any request, in MiB. */
  readonly idleMemoryMiB: number;
  /** VmHWM (peak resident set) of the bot process at the end, in MiB. */
  readonly peakMemoryMiB: number;
}

/** Devices per Confirm target: enough for every stage to do real work. */
const DEVICES_PER_TARGET = 2;
/** How long to wait for the background pipelines after the last click. */
const FINISH_TIMEOUT_MS = 60_000;

/** Runs the Confirm measurement. */
export async function measureConfirm(approvals: number, latencyMs: number): Promise<ConfirmResult> {
  const targets = new TargetFactory('b3000000');
  const upns = Array.from(
    { length: approvals },
    (_, i) => targets.add(`confirm-${i + 1}`, DEVICES_PER_TARGET).upn,
  );
  const base = buildSeed();
  const seed: TenantSeed = {
    ...base,
    users: [...base.users, ...targets.seedUsers],
    devices: [...base.devices, ...targets.seedDevices],
  };
  // One requester asks for them all before any is approved: lift the per-person pending limit.
  const stack = await startStack(
    { LOG_LEVEL: 'info', LOCKDOWN_MAX_PENDING_PER_PERSON: String(Math.max(10, approvals)) },
    seed,
  );
  try {
    stack.simulator.setLatency(latencyMs);
    const idleMemoryMiB = memoryMiB(stack.bot.child.pid, 'VmRSS');
    const pending = [];
    for (const upn of upns) {
      const { status, conversationId } = await stack.teams.say(RILEY, `/lockdown ${upn}`);
      if (status !== 200) throw new Error(`/lockdown ${upn} answered ${status}`);
      const call = await stack.connector.waitFor(
        (c) => c.method === 'POST' && c.conversationId === conversationId,
      );
      // The answer is "Looking up …" at first; that message becomes the card.
      const settled = await stack.connector.settled(call);
      const card = attachedCard(settled.activity) as {
        actions?: { data?: { requestId?: string } }[];
      };
      const requestId = card?.actions?.[0]?.data?.requestId;
      if (!requestId) {
        throw new Error(`no confirmation card for ${upn}: ${JSON.stringify(settled.activity)}`);
      }
      pending.push({ conversationId, cardActivityId: call.assignedId, requestId });
    }
    const timings: number[] = [];
    for (const request of pending) {
      const started = performance.now();
      const answer = await stack.teams.click(
        ALEX,
        request.conversationId,
        request.cardActivityId,
        'lockdown.confirm',
        { requestId: request.requestId },
      );
      timings.push(performance.now() - started);
      if (
        answer.status !== 200 ||
        answer.body?.type !== 'application/vnd.microsoft.card.adaptive'
      ) {
        throw new Error(`Confirm answered ${answer.status} ${JSON.stringify(answer.body)}`);
      }
    }
    const conversations = new Set(pending.map((request) => request.conversationId));
    const verdicts = await waitForVerdicts(stack.connector.calls, conversations);
    return {
      approvals,
      p50Ms: median(timings),
      p99Ms: percentile(timings, 99),
      maxMs: Math.max(...timings),
      finished: verdicts.length,
      completed: verdicts.filter((text) => /^Locked down /.test(text)).length,
      idleMemoryMiB,
      peakMemoryMiB: memoryMiB(stack.bot.child.pid, 'VmHWM'),
    };
  } finally {
    await stack.stop();
  }
}

/**
 * Waits (bounded) until each conversation has its verdict (the post after the card); answers
 * the verdicts posted.
 */
async function waitForVerdicts(
  calls: readonly ConnectorCall[],
  conversations: ReadonlySet<string>,
): Promise<string[]> {
  const deadline = Date.now() + FINISH_TIMEOUT_MS;
  for (;;) {
    const posts = new Map<string, ConnectorCall[]>();
    for (const call of calls) {
      if (call.method === 'POST' && conversations.has(call.conversationId)) {
        posts.set(call.conversationId, [...(posts.get(call.conversationId) ?? []), call]);
      }
    }
    const verdicts = [...posts.values()]
      .filter((thread) => thread.length >= 2)
      .map((thread) => String(thread[1]?.activity.text ?? ''));
    if (verdicts.length === conversations.size || Date.now() >= deadline) return verdicts;
    await sleep(100);
  }
}

/** A memory figure of /proc/<pid>/status, in MiB; NaN where /proc is not available. */
function memoryMiB(pid: number | undefined, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = Number(new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status)?.[1]);
    return kib / 1024;
  } catch {
    return Number.NaN;
  }
}
