/**
 * `npm run bench`: makes a throw-away test CA, then runs the benchmark (bench/run.ts) in a child
 * process that trusts it through NODE_EXTRA_CA_CERTS, the way the bot trusts a private authority.
 * The child's exit code is ours: non-zero when a target is missed.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestCertificateAuthority, writeTestCertificates } from '../src/simulator';

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'lockdown-bench-'));
  try {
    const { caPath } = writeTestCertificates(dir, createTestCertificateAuthority());
    const child = spawn(
      process.execPath,
      ['--require', 'tsx/cjs', join(__dirname, 'run.ts'), ...process.argv.slice(2)],
      {
        stdio: 'inherit',
        env: { ...process.env, NODE_EXTRA_CA_CERTS: caPath, LOCKDOWN_BENCH_CERTS: dir },
      },
    );
    return await new Promise<number>((resolve) => {
      child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
