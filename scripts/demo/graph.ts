/**
 * The demo's Graph tenant: the Graph simulator seeded with the Contoso demo tenant, either as a
 * child process (`npm run demo`) or inside the calling process (tests, which then read the
 * tenant's state directly).
 */
import { join } from 'node:path';
import {
  createTestCertificateAuthority,
  readTestCertificates,
  startSimulator,
  writeTestCertificates,
  type RunningSimulator,
  type TenantSeed,
} from '../../src/simulator';
import { startChild, type OwnedChild } from './child-process';

/** A running Graph tenant the bot can be pointed at. */
export interface DemoGraph {
  /** `https://localhost:<port>`: Graph endpoint and sign-in authority at once. */
  readonly origin: string;
  /** The CA the bot must trust (`NODE_EXTRA_CA_CERTS`). */
  readonly caPath: string;
  /** Present when the simulator runs in this process. */
  readonly simulator?: RunningSimulator;
  /** Present when it runs as a child process. */
  readonly child?: OwnedChild;
  stop(): Promise<void>;
}

/** Where and how to run it. */
export interface DemoGraphOptions {
  readonly root: string;
  readonly seed: TenantSeed;
  readonly seedPath: string;
  /** Certificates are kept here and reused while they fit. */
  readonly certsDir: string;
  readonly port: number;
  /** Added to every Graph request, so the card's steps visibly run one after another. */
  readonly latencyMs: number;
  readonly logFile: string;
}

const HOSTS = ['localhost', '127.0.0.1'];

/** The simulator's own CLI, run from source (the build holds the bot only), as a child process. */
export async function startGraphChild(options: DemoGraphOptions): Promise<DemoGraph> {
  const child = await startChild({
    name: 'Graph simulator',
    command: process.execPath,
    args: [
      '--import',
      'tsx',
      join(options.root, 'src', 'simulator', 'main.ts'),
      '--seed',
      options.seedPath,
      '--port',
      String(options.port),
      '--certs',
      options.certsDir,
      '--latency',
      String(options.latencyMs),
    ],
    cwd: options.root,
    env: { PATH: process.env.PATH ?? '' },
    logFile: options.logFile,
    ready: /Graph simulator listening on (https:\/\/\S+)/,
  });
  return {
    origin: child.readyMatch[1]!,
    caPath: join(options.certsDir, 'ca.pem'),
    child,
    stop: () => child.stop(),
  };
}

/** The simulator inside this process. */
export async function startGraphInProcess(options: DemoGraphOptions): Promise<DemoGraph> {
  const certificates =
    readTestCertificates(options.certsDir, HOSTS) ?? createTestCertificateAuthority(HOSTS);
  const { caPath } = writeTestCertificates(options.certsDir, certificates);
  const simulator = await startSimulator({
    seed: options.seed,
    tls: certificates,
    port: options.port,
    latencyMs: options.latencyMs,
  });
  return { origin: simulator.origin, caPath, simulator, stop: () => simulator.close() };
}
