/**
 * The demo stack: the Graph simulator with the Contoso tenant, the bot (`dist/index.js`,
 * anonymous, on 127.0.0.1) pointed at it, and Microsoft 365 Agents Playground pointed at the
 * bot, with a mock Teams tenant made of people from the same seed. Used by `npm run demo`,
 * `npm run screenshots` and the browser test.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadTenantSeed, type TenantSeed } from '../../src/simulator';
import { startChild, type OwnedChild } from './child-process';
import { startGraphChild, startGraphInProcess, type DemoGraph } from './graph';
import {
  breakGlassAccounts,
  buildPlaygroundConfig,
  securityGroupId,
  SECURITY_CHANNEL,
  toYaml,
  type PlaygroundConfig,
} from './playground-config';
import { claimPorts, type PortWish } from './ports';
import { writeFreshSeed } from './seed-times';

/** The project root. */
export const PROJECT_ROOT = resolve(__dirname, '..', '..');

/** The demo tenant. */
export const DEMO_SEED_PATH = join(PROJECT_ROOT, 'src', 'simulator', 'seeds', 'contoso.json');

/** The ports the stack needs; 0 picks a free one. */
export interface DemoPorts {
  readonly playground: number;
  readonly bot: number;
  readonly graph: number;
}

/** Defaults of `npm run demo`: the Playground's usual port; the others are free ports. */
export const DEFAULT_PORTS: DemoPorts = { playground: 56150, bot: 0, graph: 0 };

/** Environment variables that override {@link DEFAULT_PORTS}. */
export const PORT_VARIABLES: Readonly<Record<keyof DemoPorts, string>> = {
  playground: 'DEMO_PLAYGROUND_PORT',
  bot: 'DEMO_BOT_PORT',
  graph: 'DEMO_GRAPH_PORT',
};

const PORT_LABELS: Readonly<Record<keyof DemoPorts, string>> = {
  playground: 'Agents Playground',
  bot: 'the bot',
  graph: 'Graph simulator',
};

/**
 * Checks fixed ports and picks free ones for zeros; throws a PortInUseError naming every
 * fixed port that is taken and the variable to set.
 */
export async function claimDemoPorts(wanted: DemoPorts): Promise<DemoPorts> {
  const wishes = Object.fromEntries(
    (Object.keys(wanted) as (keyof DemoPorts)[]).map((key) => [
      key,
      { label: PORT_LABELS[key], variable: PORT_VARIABLES[key], port: wanted[key] },
    ]),
  ) as Record<keyof DemoPorts, PortWish>;
  return claimPorts(wishes);
}

/** How to start the stack. */
export interface DemoStackOptions {
  /** Where the store, logs, certificates and Playground files go; wiped of old state first. */
  readonly workDir: string;
  readonly ports?: Partial<DemoPorts>;
  /** Run the simulator in this process (tests) instead of as a child (the demo). */
  readonly graphInProcess?: boolean;
  /** Delay added to every Graph request; default 150 ms, so the steps visibly take turns. */
  readonly graphLatencyMs?: number;
  /** Called when a child stops on its own while the stack runs. */
  readonly onUnexpectedExit?: (name: string, how: string, logFile: string) => void;
}

/** A running stack. */
export interface DemoStack {
  /** The Agents Playground's web UI. */
  readonly playgroundUrl: string;
  readonly botUrl: string;
  readonly graph: DemoGraph;
  readonly seed: TenantSeed;
  /** The Playground's mock Teams tenant. */
  readonly teams: PlaygroundConfig;
  readonly workDir: string;
  readonly logFiles: { readonly bot: string; readonly playground: string; readonly graph: string };
  /** Stops the Playground, then the bot (letting running lockdowns finish), then Graph. */
  stop(): Promise<void>;
  /** Kills every child at once, synchronously (for exit handlers and a second Ctrl-C). */
  kill(): void;
}

/** Resolves once `url` answers at all; fails early if `exited` settles first. */
async function waitForHttp(url: string, exited: Promise<string>, timeoutMs = 20_000) {
  let gone: string | undefined;
  void exited.then((how) => (gone = how));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (gone !== undefined) throw new Error(`stopped (${gone})`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`${url} did not answer in ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function readIfPresent(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Starts the stack; on any failure, stops what had started and rethrows. */
export async function startDemoStack(options: DemoStackOptions): Promise<DemoStack> {
  const workDir = resolve(options.workDir);
  const playgroundDir = join(workDir, 'playground');
  const logFiles = {
    graph: join(workDir, 'graph.log'),
    bot: join(workDir, 'bot.log'),
    playground: join(workDir, 'playground.log'),
  };
  // Fresh state: the Playground forgets its conversations at every start, so the store must too.
  for (const stale of [
    'lockdown.db',
    'lockdown.db-wal',
    'lockdown.db-shm',
    ...Object.values(logFiles),
  ]) {
    rmSync(join(workDir, stale), { force: true });
  }
  rmSync(playgroundDir, { recursive: true, force: true });
  mkdirSync(playgroundDir, { recursive: true });

  const ports = await claimDemoPorts({ ...DEFAULT_PORTS, ...options.ports });

  // A copy whose foothold times are moved to today, so the attacker's Authenticator stays new.
  const seedPath = writeFreshSeed(DEMO_SEED_PATH, workDir, new Date());
  const seed = loadTenantSeed(seedPath);
  const app = seed.apps[0];
  if (app?.clientSecret === undefined) throw new Error('The demo seed needs an app with a secret.');
  const teams = buildPlaygroundConfig(seed);

  const started: { stop(): Promise<void>; kill(): void }[] = [];
  let stopping = false;
  const watch = (child: OwnedChild): void => {
    void child.exited.then((how) => {
      if (!stopping) options.onUnexpectedExit?.(child.name, how, child.logFile);
    });
  };
  const stop = async (): Promise<void> => {
    stopping = true;
    for (const part of [...started].reverse()) await part.stop();
  };
  const kill = (): void => {
    stopping = true;
    for (const part of started) part.kill();
  };

  try {
    const graphOptions = {
      root: PROJECT_ROOT,
      seed,
      seedPath,
      certsDir: join(workDir, 'certs'),
      port: ports.graph,
      latencyMs: options.graphLatencyMs ?? 150,
      logFile: logFiles.graph,
    };
    const graph = options.graphInProcess
      ? await startGraphInProcess(graphOptions)
      : await startGraphChild(graphOptions);
    started.push({
      stop: () => graph.stop(),
      kill: () => graph.child?.kill() ?? void graph.simulator?.close(),
    });
    if (graph.child) watch(graph.child);

    const bot = await startChild({
      name: 'bot',
      command: process.execPath,
      args: ['--disable-warning=DEP0111', join(PROJECT_ROOT, 'dist', 'index.js')],
      cwd: PROJECT_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        PORT: String(ports.bot),
        LOG_LEVEL: 'info',
        AZURE_TENANT_ID: seed.tenantId,
        AZURE_CLIENT_ID: app.clientId,
        AZURE_CLIENT_SECRET: app.clientSecret,
        AZURE_AUTHORITY_HOST: graph.origin,
        GRAPH_ENDPOINT: graph.origin,
        NODE_EXTRA_CA_CERTS: graph.caPath,
        LOCKDOWN_STORE: `sqlite:${join(workDir, 'lockdown.db')}`,
        // The Playground has no user switcher: let the one person there approve their request.
        LOCKDOWN_ALLOW_SELF_APPROVAL: 'true',
        // The Playground does not refresh cards, so it cannot show per-person views.
        LOCKDOWN_PER_PERSON_VIEWS: 'false',
        // Commands only in the security channel, from and approved by the security team;
        // break-glass accounts are never locked down.
        LOCKDOWN_CHANNEL_IDS: SECURITY_CHANNEL.id,
        LOCKDOWN_REQUESTER_GROUP_IDS: securityGroupId(seed),
        LOCKDOWN_APPROVER_GROUP_IDS: securityGroupId(seed),
        LOCKDOWN_PROTECTED: breakGlassAccounts(seed).join(','),
      },
      logFile: logFiles.bot,
      ready: /"msg":"listening"/,
    });
    started.push(bot);
    watch(bot);
    const botUrl = `http://127.0.0.1:${ports.bot}`;

    const configPath = join(playgroundDir, '.m365agentsplayground.yml');
    writeFileSync(configPath, toYaml(teams));
    const playgroundLog = join(playgroundDir, 'devTools', 'm365agentsplayground.log');
    const cli = join(
      dirname(require.resolve('@microsoft/m365agentsplayground/package.json')),
      'cli.js',
    );
    const playground = await startChild({
      name: 'Agents Playground',
      command: process.execPath,
      args: [
        '--import',
        pathToFileURL(join(__dirname, 'loopback-only.mjs')).href,
        cli,
        '--app-endpoint',
        `${botUrl}/api/messages`,
        '--channel-id',
        'msteams',
        '--port',
        String(ports.playground),
        '--service-url',
        `http://127.0.0.1:${ports.playground}/_connector`,
        '--disable-telemetry',
      ],
      cwd: playgroundDir,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? playgroundDir,
        TEAMSAPPTESTER_BROWSER: 'none',
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
        M365_AGENTS_PLAYGROUND_LOGFILE: playgroundLog,
      },
      logFile: logFiles.playground,
      ready: /Listening on (\d+)/,
    });
    started.push(playground);
    const playgroundPort = Number(playground.readyMatch[1]);
    try {
      // A bad mock tenant makes it exit right after "Listening on"; its reason is in its log.
      await waitForHttp(
        `http://127.0.0.1:${playgroundPort}/_internal/v1/config`,
        playground.exited,
      );
    } catch (error) {
      throw new Error(
        `The Agents Playground did not come up (${(error as Error).message}).\n` +
          `${playground.tail()}\n${readIfPresent(playgroundLog).split('\n').slice(-10).join('\n')}`,
      );
    }
    watch(playground);

    return {
      playgroundUrl: `http://localhost:${playgroundPort}`,
      botUrl,
      graph,
      seed,
      teams,
      workDir,
      logFiles,
      stop,
      kill,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
