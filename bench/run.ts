/**
 * The time-to-contain benchmark, run by bench/main.ts in a process that trusts the test CA.
 *
 * In this process: the Graph simulator (latency per request), the Graph SDK client and
 * credential the bot uses, and per scenario (0, 10 and 50 devices; 10 devices with `--all`
 * against 5 sign-in methods, 3 inbox rules and 3 consents) side by side
 *   (a) the article's order: one request at a time with the same client;
 *   (b) the bot: LockdownService + LockdownRunner + GraphDirectory + a SQLite store.
 * Then both against a token bucket (bucket.ts), many accounts at once (fleet.ts), and the
 * Confirm click against the real bot process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@microsoft/microsoft-graph-client';
import { createCredential } from '../src/directory';
import { createGraphClient } from '../src/directory/graph-client';
import { createLogger } from '../src/logger';
import type { RequestStore } from '../src/lockdown/request-store';
import { readTestCertificates, startSimulator, type RunningSimulator } from '../src/simulator';
import { openStore } from '../src/store';
import { runBaseline } from './baseline';
import { BotPipeline } from './bot-pipeline';
import { describeBucket } from './bucket';
import { bucketTable, type FleetLine, fleetTable } from './bucket-report';
import { measureConfirm } from './confirm';
import { runFleetBot, runFleetScript } from './fleet';
import type { Measurement } from './measure';
import { type BenchOptions, parseOptions, USAGE } from './options';
import { confirmTable, lockdownTable, type Row, targetLines } from './report';
import { benchTargets, type FleetResult } from './targets';
import {
  ALL_OPTIONS_SCENARIO,
  BENCH_APP,
  BENCH_TENANT_ID,
  benchSeed,
  type BenchTarget,
  type Scenario,
  scenarioLabel,
  TargetFactory,
} from './tenant';

/** The targets of one scenario, per order. */
interface ScenarioTargets {
  readonly scenario: Scenario;
  readonly baseline: readonly BenchTarget[];
  readonly bot: readonly BenchTarget[];
}

/** The accounts of the many-accounts runs of one size, per run. */
interface FleetTargets {
  readonly accounts: number;
  readonly script: readonly BenchTarget[];
  readonly bot: readonly BenchTarget[];
  readonly bucketBot: readonly BenchTarget[];
}

/** The targets of the in-process part, made before the simulator starts (they are its seed). */
interface Plan {
  readonly warmUp: BenchTarget;
  readonly normal: readonly ScenarioTargets[];
  readonly bucket: readonly ScenarioTargets[];
  readonly fleets: readonly FleetTargets[];
}

/** What every pass works with. */
interface Context {
  readonly options: BenchOptions;
  readonly simulator: RunningSimulator;
  readonly client: Client;
  readonly store: RequestStore;
  /** A fresh bot over its own GraphDirectory. */
  readonly newBot: () => BotPipeline;
  readonly log: (line: string) => void;
}

function plan(options: BenchOptions, factory: TargetFactory): Plan {
  const scenarios: Scenario[] = [
    ...options.deviceCounts.map((devices) => ({ devices })),
    ALL_OPTIONS_SCENARIO,
  ];
  const targets = (pass: string, runs: number): ScenarioTargets[] =>
    scenarios.map((scenario) => {
      const name = `${scenario.devices}${scenario.foothold ? '-all' : ''}`;
      const add = (order: string, run: number) =>
        factory.add(`${pass}-${order}-${name}-${run}`, scenario.devices, scenario.foothold);
      return {
        scenario,
        baseline: range(runs).map((run) => add('article', run)),
        bot: range(runs).map((run) => add('bot', run)),
      };
    });
  const fleet = (accounts: number, order: string) =>
    range(accounts).map((i) => factory.add(`fleet${accounts}-${order}-${i}`, options.fleetDevices));
  return {
    warmUp: factory.add('warm-up', 0),
    normal: targets('plain', options.runs),
    bucket: targets('bucket', options.bucketRuns),
    fleets: options.fleetSizes.map((accounts) => ({
      accounts,
      script: fleet(accounts, 'script'),
      bot: fleet(accounts, 'bot'),
      bucketBot: fleet(accounts, 'bucket'),
    })),
  };
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i + 1);
}

/** Runs both orders for every scenario, interleaved so that noise hits both alike. */
async function measureOrders(
  simulator: RunningSimulator,
  targets: readonly ScenarioTargets[],
  baseline: (target: BenchTarget) => Promise<Measurement>,
  bot: (target: BenchTarget) => Promise<Measurement>,
): Promise<Row[]> {
  const rows: Row[] = [];
  for (const { scenario, baseline: forBaseline, bot: forBot } of targets) {
    const row = { scenario, baseline: [] as Measurement[], bot: [] as Measurement[] };
    for (let i = 0; i < forBaseline.length; i++) {
      // Each measurement keeps its own part of the log; the simulator need not keep it all.
      simulator.resetRecording();
      row.baseline.push(await baseline(forBaseline[i] as BenchTarget));
      simulator.resetRecording();
      row.bot.push(await bot(forBot[i] as BenchTarget));
    }
    rows.push(row);
  }
  return rows;
}

/** Both orders against the bucket, full at each approval; a fresh bot (and throttle) per run. */
async function bucketPass(context: Context, targets: Plan['bucket']): Promise<Row[]> {
  const { simulator, client, options, log } = context;
  simulator.setThrottling(options.bucket);
  const onApproval = () => simulator.resetThrottling();
  try {
    const rows = await measureOrders(
      simulator,
      targets,
      (target) => runBaseline(client, simulator, target, { onApproval, honourRetryAfter: true }),
      (target) => context.newBot().run(target, { onApproval }),
    );
    log('');
    log(
      `Against a token bucket (${describeBucket(options.bucket)}; Retry-After in fractions of a second), median of ${options.bucketRuns} runs, the bucket full at each approval:`,
    );
    log('');
    log(bucketTable(rows, options.bucket));
    for (const row of rows) {
      for (const [order, runs] of [
        ['article', row.baseline],
        ['bot', row.bot],
      ] as const) {
        for (const problem of runs.flatMap((m) => m.problems)) {
          log(`  ${order}, ${scenarioLabel(row.scenario)}: ${problem}`);
        }
      }
    }
    return rows;
  } finally {
    simulator.setThrottling(undefined);
  }
}

/** Many accounts at once: the script, the bot, then the bot against the bucket. */
async function fleetPass(context: Context, fleets: Plan['fleets']): Promise<FleetResult[]> {
  const { simulator, client, options, log } = context;
  const results: FleetResult[] = [];
  const lines: FleetLine[] = [];
  for (const fleet of fleets) {
    simulator.resetRecording();
    const script = await runFleetScript(client, simulator, fleet.script);
    simulator.resetRecording();
    const bot = await runFleetBot(context.newBot(), simulator, fleet.bot);
    simulator.resetRecording();
    // On, with a full bucket, from the approval on: the look-ups before it are not throttled.
    const bucketBot = await runFleetBot(context.newBot(), simulator, fleet.bucketBot, {
      onApproval: () => simulator.setThrottling(options.bucket),
    }).finally(() => simulator.setThrottling(undefined));
    simulator.resetRecording();
    results.push({ accounts: fleet.accounts, script, bot, bucketBot });
    const label = `${fleet.accounts} × ${options.fleetDevices} devices`;
    lines.push(
      { label, order: 'script, one account after another', run: script },
      { label, order: 'bot, all at once', run: bot, script },
      { label, order: 'bot, all at once', run: bucketBot, bucket: options.bucket, script },
    );
    for (const problem of [...bot.problems, ...bucketBot.problems]) log(`  bot: ${problem}`);
  }
  log('');
  log(
    `Many accounts at once (${options.fleetDevices} devices each): the bot runs them as a lockdown of several accounts does once approved (one store, one runner, one GraphDirectory, a lease each); the script runs once per account, one after the other. A wave is one step of the longest chain of Graph requests each sent after the previous one was answered:`,
  );
  log('');
  log(fleetTable(lines));
  return results;
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (options === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const certsDir = process.env['LOCKDOWN_BENCH_CERTS'];
  const certificates = certsDir ? readTestCertificates(certsDir) : undefined;
  if (!certificates || !process.env['NODE_EXTRA_CA_CERTS']) {
    throw new Error('Run the benchmark with `npm run bench` (bench/main.ts sets up its CA).');
  }
  const started = performance.now();
  const factory = new TargetFactory('b2000000');
  const targetsPlan = plan(options, factory);
  const simulator = await startSimulator({
    seed: benchSeed(factory),
    tls: certificates,
    latencyMs: options.latencyMs,
  });
  const dir = mkdtempSync(join(tmpdir(), 'lockdown-bench-store-'));
  const store = openStore({ kind: 'sqlite', path: join(dir, 'bench.db') });
  try {
    const credential = createCredential({
      tenantId: BENCH_TENANT_ID,
      authorityHost: simulator.origin,
      disableInstanceDiscovery: true,
      credential: { kind: 'secret', ...BENCH_APP },
    });
    // One client for both orders: same auth, same token cache, same connection pool.
    const client = createGraphClient(simulator.origin, credential);
    const logger = createLogger('silent');
    const newBot = () => new BotPipeline(simulator, client, store, logger, BENCH_TENANT_ID);
    const log = (line: string) => process.stdout.write(`${line}\n`);
    const context: Context = { options, simulator, client, store, newBot, log };
    const bot = newBot();
    await bot.directory.findUser(targetsPlan.warmUp.upn); // acquires and caches the token

    log(`# Lockdown time-to-contain benchmark`);
    log('');
    log(
      `Graph simulator latency ${options.latencyMs} ms per request (loopback, TLS); median of ${options.runs} runs; ` +
        `${cpus().length} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}); Node ${process.version}.`,
    );
    const rows = await measureOrders(
      simulator,
      targetsPlan.normal,
      (target) => runBaseline(client, simulator, target),
      (target) => bot.run(target),
    );
    log('');
    log(lockdownTable(rows));
    const bucketRows = await bucketPass(context, targetsPlan.bucket);
    const fleets = await fleetPass(context, targetsPlan.fleets);
    // ru_maxrss is in KiB on Linux: the high-water mark of this whole process so far.
    const peakRssMiB = process.resourceUsage().maxRSS / 1024;
    log('');
    log(`Bench process peak memory (RSS, the simulator included): ${peakRssMiB.toFixed(0)} MiB.`);

    const confirm = await measureConfirm(options.approvals, options.latencyMs);
    log('');
    log(
      `Confirm click against the real bot process (${options.approvals} pending requests, Graph latency ${options.latencyMs} ms, pipelines running behind):`,
    );
    log('');
    log(confirmTable(confirm));
    const results = benchTargets(options, { rows, bucketRows, fleets, peakRssMiB, confirm });
    log('');
    log('Targets:');
    log(targetLines(results));
    log('');
    log(`Bench took ${((performance.now() - started) / 1000).toFixed(1)} s.`);
    return results.every((target) => target.pass) ? 0 : 1;
  } finally {
    await store.close();
    await simulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(2);
  },
);
