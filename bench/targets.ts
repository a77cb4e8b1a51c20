/**
 * The benchmark's targets: each figure next to what it should be, PASS or FAIL.
 */
import type { ConfirmResult } from './confirm';
import type { FleetRun } from './fleet';
import type { Measurement } from './measure';
import type { BenchOptions } from './options';
import { type Row, summarize, type Target } from './report';
import { ALL_OPTIONS_SCENARIO, scenarioLabel } from './tenant';

/** The many-accounts runs of one size. */
export interface FleetResult {
  /** Accounts per run. */
  readonly accounts: number;
  /** The article's script, once per account, one after the other. */
  readonly script: FleetRun;
  /** The bot, every account at once. */
  readonly bot: FleetRun;
  /** The bot against the token bucket. */
  readonly bucketBot: FleetRun;
}

/** Everything the targets are checked against. */
export interface BenchResults {
  /** One account at a time, without the bucket. */
  readonly rows: readonly Row[];
  /** One account at a time, against the bucket. */
  readonly bucketRows: readonly Row[];
  /** Many accounts at once, per size. */
  readonly fleets: readonly FleetResult[];
  /** Peak resident set of the bench process after the many-accounts runs, in MiB. */
  readonly peakRssMiB: number;
  /** The Confirm clicks against the real bot process. */
  readonly confirm: ConfirmResult;
}

/** The single-account targets (round trips, speed, the Confirm click, the bucket). */
function singleTargets(options: BenchOptions, results: BenchResults): Target[] {
  const { rows, bucketRows, confirm } = results;
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
  const bucketBot = bucketRows.flatMap((row) => row.bot);
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
      name: 'against the token bucket, the bot completes every step of every lockdown',
      measured: `${bucketBot.filter((m) => m.completed).length}/${bucketBot.length} lockdowns complete`,
      pass: bucketBot.every((m) => m.completed),
    },
  ];
}

/** The many-accounts targets: waves, speed against the script, memory, the bucket. */
function fleetTargets(results: BenchResults): Target[] {
  const targets: Target[] = [];
  const largest = Math.max(...results.fleets.map((fleet) => fleet.accounts));
  for (const { accounts, script, bot, bucketBot } of results.fleets) {
    // The targets are for the largest run; the smaller one is shown for the trend.
    if (accounts === largest) {
      const speedUp = script.completeMs / bot.completeMs;
      targets.push(
        {
          name: `${accounts} accounts contained within 3 waves`,
          measured: `${bot.containWaves ?? 'not contained'}`,
          pass: bot.containWaves !== undefined && bot.containWaves <= 3,
        },
        {
          name: `${accounts} accounts finished within 6 waves`,
          measured: `${bot.totalWaves}`,
          pass: bot.totalWaves <= 6,
        },
        {
          name: `${accounts} accounts ≥ 20× faster than the script run once per account (time to complete)`,
          measured: `${speedUp.toFixed(1)}×`,
          pass: speedUp >= 20,
        },
      );
    }
    targets.push({
      name: `${accounts} accounts against the token bucket: every step of every account completes`,
      measured: `${bucketBot.completed}/${accounts}`,
      pass: bucketBot.completed === accounts,
    });
  }
  targets.push({
    name: 'bench process peak memory (RSS, simulator included) < 300 MiB',
    measured: `${results.peakRssMiB.toFixed(0)} MiB`,
    pass: results.peakRssMiB < 300,
  });
  return targets;
}

/** Every target, in the order printed. */
export function benchTargets(options: BenchOptions, results: BenchResults): Target[] {
  return [...singleTargets(options, results), ...fleetTargets(results)];
}
