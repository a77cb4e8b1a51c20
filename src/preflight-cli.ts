/**
 * `npm run preflight`: what this deployment's app may do in the configured tenant, step by step
 * (permission and directory role, granted or not), for an ordinary target. Exits 1 when a step of
 * the default (full) plan cannot work, so it can end a deployment checklist or a pipeline.
 */
import { ConfigError, loadConfig } from './config';
import { createCredential, createGrantsReader } from './directory';
import { type Preflight, preflight, preflightBlocks } from './lockdown/preflight';
import { STEP_TITLES, plannedSteps } from './lockdown/request';
import { createLogger } from './logger';

/** The table printed for a preflight, one line per step. */
export function preflightTable(result: Preflight): string {
  const mark = { granted: 'granted', missing: 'MISSING', unknown: 'unknown' } as const;
  const lines = result.checks.map((check) => {
    const role = check.role && check.roleState ? `${check.role}: ${mark[check.roleState]}` : '-';
    return [STEP_TITLES[check.step], `${check.permission}: ${mark[check.permissionState]}`, role]
      .map((cell, i) => cell.padEnd([52, 48, 0][i] ?? 0))
      .join('  ')
      .trimEnd();
  });
  const header = ['step'.padEnd(52), 'application permission'.padEnd(48), 'directory role'].join(
    '  ',
  );
  const asOf = result.grantsAsOf
    ? `Grants as of the app's token issued ${result.grantsAsOf} (changes take up to an hour to show).`
    : "The app's grants could not be read.";
  return [header, ...lines, '', asOf].join('\n');
}

async function main(): Promise<number> {
  const config = loadConfig();
  // Only warnings (a role read refused) reach the console; the table is the output.
  const logger = createLogger('warn');
  const credential = createCredential(config.graph, config.graph.timeoutMs);
  const grants = await createGrantsReader(config.graph, credential, logger, {
    timeoutMs: config.graph.timeoutMs,
  }).appGrants();
  const full = preflight(plannedSteps({ mode: 'full' }), { roles: [] }, grants);
  process.stdout.write(`${preflightTable(full)}\n`);
  if (preflightBlocks(full)) {
    process.stdout.write('\nA step of the lockdown cannot work: grant what is marked MISSING.\n');
    return 1;
  }
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(
        error instanceof ConfigError
          ? `${message}\nSee docs/configuration.md.\n`
          : `Preflight failed: ${message}\n`,
      );
      process.exit(2);
    },
  );
}
