/**
 * The time-to-contain benchmark, run by bench/main.ts in a process that trusts the test CA.
 *
 * In this process: the Graph simulator (latency per request), the Graph SDK client and
 * credential the bot uses, and per scenario (0, 10 and 50 devices; 10 devices with `--all`
 * against 5 sign-in methods, 3 inbox rules and 3 consents) side by side
 *   (a) the article's order: one request at a time with the same client;
 *   (b) the bot: LockdownService + LockdownRunner + GraphDirectory + a SQLite store.
 * Then the same under throttling, and the Confirm click against the real bot process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCredential } from '../src/directory';
import { createGraphClient } from '../src/directory/graph-client';
import { GraphDirectory } from '../src/directory/graph-directory';
import { createLogger } from '../src/logger';
import { readTestCertificates, startSimulator, type RunningSimulator } from '../src/simulator';
import { openStore } from '../src/store';
import { runBaseline } from './baseline';
import { BotPipeline } from './bot-pipeline';
import { measureConfirm } from './confirm';
import type { Measurement } from './measure';
import { type BenchOptions, parseOptions, USAGE } from './options';
import {
  confirmTable,
  lockdownTable,
  type Row,
  summarize,
  type Target,
  targetLines,
} from './report';
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

/** The targets of the in-process part, made before the simulator starts (they are its seed). */
interface Plan {
  readonly warmUp: BenchTarget;
  readonly normal: readonly ScenarioTargets[];
  readonly throttled: readonly ScenarioTargets[];
}

/** The rows of the table: the device counts, then `--all` against an attacker's foothold. */
function scenarios(options: BenchOptions): Scenario[] {
  return [...options.deviceCounts.map((devices) => ({ devices })), ALL_OPTIONS_SCENARIO];
}

function plan(options: BenchOptions, factory: TargetFactory): Plan {
  const targets = (pass: string, runs: number): ScenarioTargets[] =>
    scenarios(options).map((scenario) => {
      const name = `${scenario.devices}${scenario.foothold ? '-all' : ''}`;
      const add = (order: string, run: number) =>
        factory.add(`${pass}-${order}-${name}-${run}`, scenario.devices, scenario.foothold);
      return {
        scenario,
        baseline: range(runs).map((run) => add('article', run)),
        bot: range(runs).map((run) => add('bot', run)),
      };
    });
  return {
    warmUp: factory.add('warm-up', 0),
    normal: targets('plain', options.runs),
    throttled: targets('throttled', 1),
  };
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i + 1);
}

/** Runs both orders for every scenario, interleaved so that noise hits both alike. */
async function measureOrders(
  targets: Plan['normal'],
  baseline: (target: BenchTarget) => Promise<Measurement>,
  bot: (target: BenchTarget) => Promise<Measurement>,
): Promise<Row[]> {
  const rows: Row[] = [];
  for (const { scenario, baseline: forBaseline, bot: forBot } of targets) {
    const row = { scenario, baseline: [] as Measurement[], bot: [] as Measurement[] };
    for (let i = 0; i < forBaseline.length; i++) {
      row.baseline.push(await baseline(forBaseline[i] as BenchTarget));
      row.bot.push(await bot(forBot[i] as BenchTarget));
    }
    rows.push(row);
  }
  return rows;
}

/** 429s on a share `p` of Graph requests (top-level and batch items): 2/3 with Retry-After 0, 1/3 with 1. */
function throttle(simulator: RunningSimulator, p: number): void {
  const immediate = (2 * p) / 3;
  simulator.inject({ status: 429, retryAfterSeconds: 0, probability: immediate });
  simulator.inject({
    status: 429,
    retryAfterSeconds: 1,
    probability: (p - immediate) / (1 - immediate),
  });
}

function targets(
  options: BenchOptions,
  rows: readonly Row[],
  throttledRows: readonly Row[],
  confirm: Awaited<ReturnType<typeof measureConfirm>>,
): Target[] {
  /** The row of `devices` without options. */
  const plain = (devices: number) =>
    rows.find((row) => row.scenario.devices === devices && !row.scenario.foothold);
  const maxTotal = (measurements: readonly Measurement[] = []) =>
    Math.max(...measurements.map((m) => m.totalRoundTrips));
  const allBot = rows.flatMap((row) => row.bot);
  const allOptions = rows.find((row) => row.scenario === ALL_OPTIONS_SCENARIO)?.bot ?? [];
  const ten = plain(10);
  const speedUp = ten
    ? summarize(ten.baseline).completeMs / summarize(ten.bot).completeMs
    : Number.NaN;
  const throttledBot = throttledRows.flatMap((row) => row.bot);
  return [
    {
      name: 'time to contain = one Graph round trip after approval (token cached)',
      measured: `round trips to contain: ${[...new Set(allBot.map((m) => m.containRoundTrips))].join(', ')}`,
      pass: allBot.every((m) => m.containRoundTrips === 1),
    },
    {
      name: 'all steps for 10 devices in ≤ 3 round trips',
      measured: `${maxTotal(plain(10)?.bot)}`,
      pass: maxTotal(plain(10)?.bot) <= 3,
    },
    {
      name: 'all steps for 50 devices in ≤ 4 round trips',
      measured: `${maxTotal(plain(50)?.bot)}`,
      pass: maxTotal(plain(50)?.bot) <= 4,
    },
    {
      // Issue 11 asks for 3; Graph refuses the default method while others remain, and removing
      // it anyway costs the one DELETE sent again once the others are gone.
      name: `all steps for ${scenarioLabel(ALL_OPTIONS_SCENARIO)} in ≤ 3 round trips + 1 for the default method's second DELETE, every step done`,
      measured: `${maxTotal(allOptions)}; ${allOptions.filter((m) => m.completed).length}/${allOptions.length} complete`,
      pass: maxTotal(allOptions) <= 4 && allOptions.every((m) => m.completed),
    },
    {
      name: `≥ 5× faster than the article's order for 10 devices at ${options.latencyMs} ms (time to complete)`,
      measured: `${speedUp.toFixed(1)}×`,
      pass: speedUp >= 5,
    },
    {
      name: 'Confirm answered in < 300 ms at p99',
      measured: `p99 ${confirm.p99Ms.toFixed(0)} ms`,
      pass: confirm.p99Ms < 300,
    },
    {
      name: `every approved lockdown of the Confirm run finished with every step done`,
      measured: `${confirm.completed}/${confirm.approvals}`,
      pass: confirm.completed === confirm.approvals,
    },
    {
      name: `with ${Math.round(options.throttle * 100)}% of Graph requests throttled, the bot still completes every step`,
      measured: `${throttledBot.filter((m) => m.completed).length}/${throttledBot.length} lockdowns complete`,
      pass: throttledBot.every((m) => m.completed),
    },
  ];
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
    const directory = new GraphDirectory(client, logger);
    const bot = new BotPipeline(simulator, directory, store, logger, BENCH_TENANT_ID);
    await directory.findUser(targetsPlan.warmUp.upn); // acquires and caches the token

    const log = (line: string) => process.stdout.write(`${line}\n`);
    log(`# Lockdown time-to-contain benchmark`);
    log('');
    log(
      `Graph simulator latency ${options.latencyMs} ms per request (loopback, TLS); median of ${options.runs} runs; ` +
        `${cpus().length} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}); Node ${process.version}.`,
    );
    const rows = await measureOrders(
      targetsPlan.normal,
      (target) => runBaseline(client, simulator, target),
      (target) => bot.run(target),
    );
    log('');
    log(lockdownTable(rows));

    throttle(simulator, options.throttle);
    const throttledRows = await measureOrders(
      targetsPlan.throttled,
      (target) => runBaseline(client, simulator, target),
      (target) => bot.run(target),
    );
    simulator.clearFaults();
    log('');
    log(
      `With ${Math.round(options.throttle * 100)}% of Graph requests answered 429 (Retry-After 0 or 1 s, top-level and inside batches), one run each:`,
    );
    log('');
    log(lockdownTable(throttledRows));
    for (const row of throttledRows) {
      for (const [order, measurements] of [
        ['article', row.baseline],
        ['bot', row.bot],
      ] as const) {
        for (const problem of measurements.flatMap((m) => m.problems)) {
          log(`  ${order}, ${scenarioLabel(row.scenario)}: ${problem}`);
        }
      }
    }

    const confirm = await measureConfirm(options.approvals, options.latencyMs);
    log('');
    log(
      `Confirm click against the real bot process (${options.approvals} pending requests, Graph latency ${options.latencyMs} ms, pipelines running behind):`,
    );
    log('');
    log(confirmTable(confirm));
    const results = targets(options, rows, throttledRows, confirm);
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
