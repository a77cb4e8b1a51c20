/** `npm run build`, with its output on this terminal; exits the process when it fails. */
import { spawnSync } from 'node:child_process';
import { PROJECT_ROOT } from './stack';

export function buildOrExit(what: string): void {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', '--silent', 'build'], {
    cwd: PROJECT_ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error(`The build failed (see above); ${what} did not start.`);
    process.exit(result.status ?? 1);
  }
}
