/**
 * The benchmark's tables and targets, as Markdown (ready for the README).
 */
import type { ConfirmResult } from './confirm';
import { type Measurement, median } from './measure';
import { type Scenario, scenarioLabel } from './tenant';

/** The measurements of both orders (baseline and bot) for one scenario. */
export interface Row {
  readonly scenario: Scenario;
  readonly baseline: readonly Measurement[];
  readonly bot: readonly Measurement[];
}

/** A target and whether the run met it. */
export interface Target {
  readonly name: string;
  readonly measured: string;
  readonly pass: boolean;
}

/** Medians of a set of measurements. */
export function summarize(measurements: readonly Measurement[]) {
  const of = (pick: (m: Measurement) => number) => median(measurements.map(pick));
  return {
    lookUpRoundTrips: of((m) => m.lookUpRoundTrips),
    containRoundTrips: of((m) => m.containRoundTrips),
    totalRoundTrips: of((m) => m.totalRoundTrips),
    containMs: of((m) => m.containMs),
    completeMs: of((m) => m.completeMs),
    completed: measurements.filter((m) => m.completed).length,
    runs: measurements.length,
  };
}

/** A duration in ms as `178 ms` or `2.97 s`. */
export function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
}

/** A ratio as `2.8×`. */
export function times(value: number): string {
  return `${value.toFixed(1)}×`;
}

/** The side-by-side table of the two orders. */
export function lockdownTable(rows: readonly Row[]): string {
  const lines = [
    '| target | order | look-up round trips | round trips to contain | round trips, all steps | time to contain | time to complete | all steps done | baseline ÷ bot (contain / complete) |',
    '| --- | --- | --: | --: | --: | --: | --: | --: | --: |',
  ];
  for (const row of rows) {
    const base = summarize(row.baseline);
    const bot = summarize(row.bot);
    const label = scenarioLabel(row.scenario);
    lines.push(
      `| ${label} | article (one request at a time) | ${base.lookUpRoundTrips} | ${base.containRoundTrips} | ${base.totalRoundTrips} | ${ms(base.containMs)} | ${ms(base.completeMs)} | ${base.completed}/${base.runs} | |`,
      `| ${label} | bot (batched pipeline) | ${bot.lookUpRoundTrips} | ${bot.containRoundTrips} | ${bot.totalRoundTrips} | ${ms(bot.containMs)} | ${ms(bot.completeMs)} | ${bot.completed}/${bot.runs} | ${times(base.containMs / bot.containMs)} / ${times(base.completeMs / bot.completeMs)} |`,
    );
  }
  return lines.join('\n');
}

/** The Confirm click's answer times and the bot's memory. */
export function confirmTable(result: ConfirmResult): string {
  return [
    '| Confirm clicks | p50 | p99 | max | lockdowns finished | every step done | bot memory idle (VmRSS) | bot peak memory (VmHWM) |',
    '| --: | --: | --: | --: | --: | --: | --: | --: |',
    `| ${result.approvals} | ${ms(result.p50Ms)} | ${ms(result.p99Ms)} | ${ms(result.maxMs)} | ${result.finished}/${result.approvals} | ${result.completed}/${result.approvals} | ${result.idleMemoryMiB.toFixed(0)} MiB | ${result.peakMemoryMiB.toFixed(0)} MiB |`,
  ].join('\n');
}

/** The targets as a list of PASS/FAIL lines. */
export function targetLines(targets: readonly Target[]): string {
  return targets
    .map(
      (target) =>
        `- ${target.pass ? 'PASS' : 'FAIL'}: ${target.name} (measured: ${target.measured})`,
    )
    .join('\n');
}
