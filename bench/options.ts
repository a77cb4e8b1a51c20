/**
 * The benchmark's command-line flags.
 */

/** What to measure, and how hard. */
export interface BenchOptions {
  /** Delay the simulator adds to every Graph HTTP request, in ms. */
  readonly latencyMs: number;
  /** Repetitions per scenario (the table shows the median). */
  readonly runs: number;
  /** Confirm clicks timed against the real bot process. */
  readonly approvals: number;
  /** Share of Graph requests the throttled pass answers with 429. */
  readonly throttle: number;
  /** Device counts of the targets. */
  readonly deviceCounts: readonly number[];
}

export const USAGE = `Usage: npm run bench -- [--latency 50] [--runs 3] [--approvals 100] [--throttle 0.3]

  --latency ms     delay the Graph simulator adds to every HTTP request (default 50)
  --runs n         repetitions per scenario; the table shows the median (default 3)
  --approvals n    Confirm clicks timed against the real bot process (default 100)
  --throttle p     share of Graph requests answered 429 in the throttled pass (default 0.3)
`;

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
  const unknown = Object.keys(values).filter(
    (name) => !['latency', 'runs', 'approvals', 'throttle'].includes(name),
  );
  if (unknown.length > 0) throw new Error(`Unknown flag --${unknown[0]}.\n${USAGE}`);
  return {
    latencyMs: number(values['latency'], 50, 0, 5_000, 'latency'),
    runs: integer(values['runs'], 3, 1, 20, 'runs'),
    approvals: integer(values['approvals'], 100, 1, 1_000, 'approvals'),
    throttle: number(values['throttle'], 0.3, 0, 0.9, 'throttle'),
    deviceCounts: [0, 10, 50],
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
