/**
 * Runs the real bot (the build output, `node dist/index.js`) as a child process, the way
 * `npm start` does, and collects everything it logs.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** A running bot process. */
export interface BotProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Every line the process wrote, stdout and stderr. */
  readonly output: readonly string[];
  /**
   * Resolves with the first output line (from line `from` on) that matches, waiting for it to
   * come through the pipe.
   */
  waitForOutput(
    predicate: (line: string) => boolean,
    options?: { readonly from?: number; readonly timeoutMs?: number },
  ): Promise<string>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Node flags of `npm start`: restify's spdy dependency trips a harmless deprecation warning. */
const NODE_FLAGS = ['--disable-warning=DEP0111'];

/** Starts `dist/index.js` with `env` added to a minimal environment; resolves once it listens. */
export async function startBotProcess(env: Readonly<Record<string, string>>): Promise<BotProcess> {
  const entry = join(__dirname, '..', '..', 'dist', 'index.js');
  const child = spawn(process.execPath, [...NODE_FLAGS, entry], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'debug', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const port = new Promise<number>((resolve, reject) => {
    const onLine = (line: string): void => {
      output.push(line);
      try {
        const entry = JSON.parse(line) as { msg?: string; port?: number };
        if (entry.msg === 'listening' && entry.port) resolve(entry.port);
      } catch {
        // not JSON: a start-up error printed to stderr
      }
    };
    createInterface({ input: child.stdout! }).on('line', onLine);
    createInterface({ input: child.stderr! }).on('line', onLine);
    child.once('exit', (code) =>
      reject(new Error(`bot exited with ${code} before listening:\n${output.join('\n')}`)),
    );
  });
  const listeningPort = await port;
  return {
    url: `http://127.0.0.1:${listeningPort}`,
    child,
    output,
    async waitForOutput(predicate, { from = 0, timeoutMs = 5000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const line = output.slice(from).find(predicate);
        if (line !== undefined) return line;
        if (Date.now() > deadline) {
          throw new Error(`No matching line in the bot's output within ${timeoutMs} ms.`);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async stop(signal = 'SIGTERM') {
      // A process killed by a signal has no exit code, only a signal code.
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      const [code] = (await once(child, 'exit')) as [number | null];
      return code;
    },
  };
}

/** Runs the bot until it exits (for start-up failures); returns its exit code and output. */
export async function runBotToExit(
  env: Readonly<Record<string, string>>,
): Promise<{ code: number | null; output: string }> {
  const entry = join(__dirname, '..', '..', 'dist', 'index.js');
  const child = spawn(process.execPath, [...NODE_FLAGS, entry], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, output };
}
