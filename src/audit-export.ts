/**
 * Exports the audit trail for a SIEM: `npm run audit -- --since 2026-01-01 --format jsonl`.
 * Reads the same configuration as the bot (run it where the bot's settings are), writes to stdout.
 */
import { parseArgs } from 'node:util';
import { openConfiguredStore } from './open-store';
import { ConfigError, loadConfig } from './config';
import type { AuditEvent } from './lockdown/request-store';

const USAGE = 'Usage: npm run audit -- [--since <date>] [--until <date>] [--format jsonl|json]';

/** The export's options. */
export interface ExportOptions {
  readonly since?: Date;
  readonly until?: Date;
  readonly format: 'jsonl' | 'json';
}

/** Parses the command line; throws with the usage on a mistake. */
export function parseExportArguments(args: readonly string[]): ExportOptions {
  const { values } = parseArgs({
    args: [...args],
    options: {
      since: { type: 'string' },
      until: { type: 'string' },
      format: { type: 'string', default: 'jsonl' },
    },
    strict: true,
  });
  const date = (name: string, value: string | undefined): Date | undefined => {
    if (value === undefined) return undefined;
    const parsed = new Date(value);
    if (Number.isNaN(parsed.getTime()))
      throw new Error(`--${name} is not a date: ${value}\n${USAGE}`);
    return parsed;
  };
  if (values.format !== 'jsonl' && values.format !== 'json') {
    throw new Error(`--format must be jsonl or json, not ${values.format}\n${USAGE}`);
  }
  return {
    since: date('since', values.since),
    until: date('until', values.until),
    format: values.format,
  };
}

/** The events within the window, oldest first, formatted. */
export function formatEvents(events: readonly AuditEvent[], options: ExportOptions): string {
  const inWindow = events.filter((event) => {
    const at = Date.parse(event.at);
    return (
      (!options.since || at >= options.since.getTime()) &&
      (!options.until || at < options.until.getTime())
    );
  });
  if (options.format === 'json') return `${JSON.stringify(inWindow, null, 2)}\n`;
  return inWindow.map((event) => `${JSON.stringify(event)}\n`).join('');
}

async function main(): Promise<void> {
  const options = parseExportArguments(process.argv.slice(2));
  const store = openConfiguredStore(loadConfig());
  try {
    process.stdout.write(formatEvents(await store.listAudit(), options));
  } finally {
    await store.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    const message =
      error instanceof ConfigError || error instanceof Error ? error.message : String(error);
    process.stderr.write(`Audit export failed: ${message}\n`);
    process.exit(1);
  });
}
