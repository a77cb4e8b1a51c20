/**
 * The tables of the token-bucket runs and of the many-accounts runs, as Markdown.
 */
import {
  type BucketSettings,
  floorMs,
  mostRefusals,
  throttledCount,
  tokensCharged,
} from './bucket';
import type { FleetRun } from './fleet';
import { type Measurement, median } from './measure';
import { ms, type Row, times } from './report';
import { scenarioLabel } from './tenant';

/** What the bucket made of a set of runs: medians of each figure. */
export function bucketSummary(measurements: readonly Measurement[], bucket: BucketSettings) {
  const of = (pick: (m: Measurement) => number) => median(measurements.map(pick));
  const tokens = (m: Measurement) => tokensCharged(m.requests, bucket);
  const floor = (m: Measurement) => floorMs(tokens(m), bucket);
  return {
    tokens: of(tokens),
    floorMs: of(floor),
    containMs: of((m) => m.containMs),
    completeMs: of((m) => m.completeMs),
    /** Each run's time over its own floor; NaN when every run fit in the bucket. */
    overFloor: of((m) => (floor(m) > 0 ? m.completeMs / floor(m) : Number.NaN)),
    throttled: of((m) => throttledCount(m.requests)),
    /** The most 429s one request got, over every run (not a median). */
    mostRefused: Math.max(0, ...measurements.map((m) => mostRefusals(m.requests))),
    completed: measurements.filter((m) => m.completed).length,
    runs: measurements.length,
  };
}

/** "1.3× the least time", or why there is no such figure. */
function closeness(overFloor: number): string {
  return Number.isNaN(overFloor) ? 'fits the bucket' : times(overFloor);
}

/** Both orders against the bucket, per scenario: medians, the least time and how close each came. */
export function bucketTable(rows: readonly Row[], bucket: BucketSettings): string {
  const lines = [
    '| target | order | runs | tokens charged | least time the bucket allows | time to contain | time to complete | complete ÷ least time | 429s (most for one request) | all steps done | baseline ÷ bot (complete) |',
    '| --- | --- | --: | --: | --: | --: | --: | --: | --: | --: | --: |',
  ];
  for (const row of rows) {
    const base = bucketSummary(row.baseline, bucket);
    const bot = bucketSummary(row.bot, bucket);
    const label = scenarioLabel(row.scenario);
    const line = (order: string, s: typeof base, ratio: string) =>
      `| ${label} | ${order} | ${s.runs} | ${s.tokens} | ${ms(s.floorMs)} | ${ms(s.containMs)} | ${ms(s.completeMs)} | ${closeness(s.overFloor)} | ${s.throttled} (${s.mostRefused}) | ${s.completed}/${s.runs} | ${ratio} |`;
    lines.push(
      line('article (one request at a time)', base, ''),
      line('bot (batched pipeline)', bot, times(base.completeMs / bot.completeMs)),
    );
  }
  return lines.join('\n');
}

/** One line of the many-accounts table. */
export interface FleetLine {
  readonly label: string;
  readonly order: string;
  readonly run: FleetRun;
  /** Set for a run against the bucket. */
  readonly bucket?: BucketSettings;
  /** The script's run over as many accounts, to compare with. */
  readonly script?: FleetRun;
}

/** Many accounts at once: waves, times, the bucket's least time, the comparison with the script. */
export function fleetTable(lines: readonly FleetLine[]): string {
  const out = [
    '| accounts | order | bucket | waves to contain | waves, all steps | round trips | time to contain | time to complete | least time the bucket allows | complete ÷ least time | 429s (most for one request) | accounts with every step done | script ÷ bot (contain / complete) |',
    '| --- | --- | --- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: |',
  ];
  for (const { label, order, run, bucket, script } of lines) {
    const least = bucket ? floorMs(tokensCharged(run.requests, bucket), bucket) : Number.NaN;
    const floor = bucket
      ? `${ms(least)} | ${closeness(least > 0 ? run.completeMs / least : Number.NaN)}`
      : ' | ';
    const ratio = script
      ? `${times(script.containMs / run.containMs)} / ${times(script.completeMs / run.completeMs)}`
      : '';
    out.push(
      `| ${label} | ${order} | ${bucket ? 'on' : 'off'} | ${run.containWaves ?? 'not contained'} | ${run.totalWaves} | ${run.roundTrips} | ${ms(run.containMs)} | ${ms(run.completeMs)} | ${floor} | ${throttledCount(run.requests)} (${mostRefusals(run.requests)}) | ${run.completed}/${run.accounts} | ${ratio} |`,
    );
  }
  return out.join('\n');
}
