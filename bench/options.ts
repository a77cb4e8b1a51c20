/**
 * The benchmark's command-line flags.
 */
import type { BucketSettings } from './bucket';

/** What to measure, and how hard. */
export interface BenchOptions {
  /** Delay the simulator adds to every Graph HTTP request, in ms. */
  readonly latencyMs: number;
  /** Repetitions per scenario without the bucket (the table shows the median). */
  readonly runs: number;
  /** Repetitions per scenario against the bucket: at least 5. */
  readonly bucketRuns: number;
  /** Confirm clicks timed against the real bot process. */
  readonly approvals: number;
  /** The token bucket of the throttled runs (fractional Retry-After). */
  readonly bucket: BucketSettings;
  /** Device counts of the targets. */
  readonly deviceCounts: readonly number[];
  /** Accounts locked down at once in the many-accounts runs. */
  readonly fleetSizes: readonly number[];
  /** Devices of each account of the many-accounts runs. */
  readonly fleetDevices: number;
}

/** What `npm run bench -- --help` prints. */
export const USAGE = `Usage: npm run bench -- [--latency 50] [--runs 3] [--bucket-runs 5] [--approvals 100] [--bucket 20,200]

  --latency ms     delay the Graph simulator adds to every HTTP request (default 50)
  --runs n         repetitions per scenario; the table shows the median (default 3)
  --bucket-runs n  repetitions per scenario against the token bucket, at least 5 (default 5)
  --approvals n    Confirm clicks timed against the real bot process (default 100)
  --bucket c,r     the token bucket: c tokens, r back per second; a read takes 1, a write 2
                   (default 20,200)
`;

const FLAGS = ['latency', 'runs', 'bucket-runs', 'approvals', 'bucket'];

/** Parses `argv` (without node and the script). */
export function parseOptions(argv: readonly string[]): BenchOptions | 'help' {
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] ?? '';
    if (flag === '--help' || flag === '-h') return 'help';
    const value = argv[i + 1];
    if (!flag.startsWith('--') || value === undefined) {
      throw new Error(`Unexpected argument "${flag}".\n${USAGE}`);
    }
    values[flag.slice(2)] = value;
    i++;
  }
  const unknown = Object.keys(values).filter((name) => !FLAGS.includes(name));
  if (unknown.length > 0) throw new Error(`Unknown flag --${unknown[0]}.\n${USAGE}`);
  const [capacity, refill] = (values['bucket'] ?? '20,200').split(',');
  return {
    latencyMs: number(values['latency'], 50, 0, 5_000, 'latency'),
    runs: integer(values['runs'], 3, 1, 20, 'runs'),
    bucketRuns: integer(values['bucket-runs'], 5, 5, 20, 'bucket-runs'),
    approvals: integer(values['approvals'], 100, 1, 1_000, 'approvals'),
    bucket: {
      capacity: number(capacity, 20, 2, 100_000, 'bucket capacity'),
      refillPerSecond: number(refill, 200, 1, 100_000, 'bucket refill'),
      readCost: 1,
      writeCost: 2,
      batchCost: 0,
      // A 50 ms bench with whole seconds would measure Graph's rounding, not the clients.
      retryAfter: 'fractional',
    },
    deviceCounts: [0, 10, 50],
    fleetSizes: [10, 50],
    fleetDevices: 2,
  };
}

function number(raw: string | undefined, fallback: number, min: number, max: number, name: string) {
  const value = raw === undefined ? fallback : Number(raw);
  if (!(Number.isFinite(value) && value >= min && value <= max)) {
    throw new Error(`--${name} must be a number from ${min} to ${max}, got "${raw}".`);
  }
  return value;
}

function integer(
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
  name: string,
) {
  const value = number(raw, fallback, min, max, name);
  if (!Number.isInteger(value)) throw new Error(`--${name} must be an integer, got "${raw}".`);
  return value;
}
