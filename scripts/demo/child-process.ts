/**
 * Child processes the demo owns. Each runs in its own process group (so a Ctrl-C in the
 * terminal reaches only the demo, which then stops them in order, and stopping one also stops
 * whatever it spawned), writes its output to a log file, and counts as started once a line of
 * its output matches.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** How to start a child. */
export interface ChildSpec {
  /** Short name for messages ("bot"). */
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  /** The complete environment (nothing is inherited). */
  readonly env: Readonly<Record<string, string>>;
  /** Every line of stdout and stderr is appended here. */
  readonly logFile: string;
  /** The line that says it is ready; its match is returned. */
  readonly ready: RegExp;
  /** How long to wait for that line. */
  readonly timeoutMs?: number;
}

/** A started child. */
export interface OwnedChild {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** The match of `ready`. */
  readonly readyMatch: RegExpMatchArray;
  /** Resolves with the exit code (or signal) when the child exits, however that happens. */
  readonly exited: Promise<string>;
  /** The last lines of output, for error messages. */
  tail(lines?: number): string;
  /** SIGTERM to the whole group, then SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL to the whole group, synchronously (for process exit handlers). */
  kill(): void;
}

/** Process groups of children started here and not yet known to have exited. */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

/**
 * SIGKILL to every child started here that may still run, synchronously: for exit handlers
 * and for an interruption while the stack is still starting.
 */
export function killOwnedChildren(): void {
  for (const pid of liveGroups) signalGroup(pid, 'SIGKILL');
  liveGroups.clear();
}

/** Sends a signal to a process group; false when the group no longer exists. */
function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal !== null ? `signal ${signal}` : `exit code ${code ?? 'unknown'}`;
}

/** Starts a child and resolves once its output matches `ready`. */
export async function startChild(spec: ChildSpec): Promise<OwnedChild> {
  const log = createWriteStream(spec.logFile, { flags: 'a' });
  const child: ChildProcess = spawn(spec.command, [...spec.args], {
    cwd: spec.cwd,
    env: { ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  if (child.pid !== undefined) liveGroups.add(child.pid);
  if (!exitHookInstalled) {
    // However this process ends (error, process.exit, a test runner's Ctrl-C), no child outlives it.
    process.on('exit', killOwnedChildren);
    exitHookInstalled = true;
  }
  const recent: string[] = [];
  let onLine: (line: string) => void = () => undefined;
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream! }).on('line', (line) => {
      log.write(`${line}\n`);
      recent.push(line);
      if (recent.length > 40) recent.shift();
      onLine(line);
    });
  }
  const tail = (lines = 15): string => recent.slice(-lines).join('\n');
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(describeExit(code, signal)));
    child.once('error', (error) => resolve(`could not start: ${error.message}`));
  });
  void exited.then(() => log.end());

  const timeoutMs = spec.timeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  const readyMatch = await Promise.race([
    new Promise<RegExpMatchArray>((resolve) => {
      onLine = (line) => {
        const match = line.match(spec.ready);
        if (match) {
          onLine = () => undefined;
          resolve(match);
        }
      };
    }),
    exited.then((how) => {
      throw new Error(`The ${spec.name} stopped before it was ready (${how}):\n${tail()}`);
    }),
    new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `The ${spec.name} was not ready after ${timeoutMs / 1000} s; see ${spec.logFile}:\n${tail()}`,
            ),
          ),
        timeoutMs,
      );
    }),
  ]).catch((error: unknown) => {
    if (child.pid !== undefined) {
      signalGroup(child.pid, 'SIGKILL');
      liveGroups.delete(child.pid);
    }
    throw error;
  });
  clearTimeout(timer);

  const pid = child.pid!;
  let stopping: Promise<void> | undefined;
  return {
    name: spec.name,
    pid,
    logFile: spec.logFile,
    readyMatch,
    exited,
    tail,
    kill() {
      signalGroup(pid, 'SIGKILL');
      liveGroups.delete(pid);
    },
    stop(graceMs = 10_000) {
      stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          signalGroup(pid, 'SIGTERM');
          let timer: NodeJS.Timeout | undefined;
          const inTime = await Promise.race([
            exited.then(() => true),
            new Promise<boolean>((resolve) => {
              timer = setTimeout(resolve, graceMs, false);
            }),
          ]);
          clearTimeout(timer);
          if (!inTime) signalGroup(pid, 'SIGKILL');
          await exited;
        }
        // Whatever the child spawned and left behind in its group goes too.
        signalGroup(pid, 'SIGKILL');
        liveGroups.delete(pid);
      })();
      return stopping;
    },
  };
}
