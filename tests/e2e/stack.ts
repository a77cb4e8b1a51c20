/**
 * The whole system under test: the Graph simulator over TLS, a fake Teams connector and the
 * real bot process configured against both, with a Teams client for one security channel.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createTestCertificateAuthority,
  startSimulator,
  type RecordedRequest,
  type RunningSimulator,
  type TenantSeed,
} from '../../src/simulator';
import { startAzurite } from '../store/azurite';
import { type BotProcess, startBotProcess } from './bot-process';
import { type FakeConnector, startFakeConnector } from './fake-connector';
import { TeamsClient } from './teams-client';
import { APP, buildSeed, TENANT_ID } from './tenant-fixture';

/** The security channel the tests talk in. */
export const CHANNEL = {
  tenantId: TENANT_ID,
  teamId: '19:team-security@thread.tacv2',
  channelId: '19:security-incidents@thread.tacv2',
} as const;

/** A running stack. */
export interface Stack {
  readonly dir: string;
  readonly simulator: RunningSimulator;
  readonly connector: FakeConnector;
  /** The current bot process (replaced by {@link restartBot}). */
  readonly bot: BotProcess;
  readonly teams: TeamsClient;
  /** The bot's environment (for running the project's other commands against the same store). */
  readonly env: Readonly<Record<string, string>>;
  /** Stops the bot with `signal` and starts a new process on the same store. */
  restartBot(signal?: NodeJS.Signals, beforeStart?: () => Promise<void>): Promise<void>;
  /** Starts a second bot process with the same configuration (for two-instance tests). */
  startAnotherBot(): Promise<{ readonly bot: BotProcess; readonly teams: TeamsClient }>;
  /** Stops every bot, the connector and the simulator and removes the temporary folder. */
  stop(): Promise<void>;
}

/** Starts a stack; `env` adds to or overrides the bot's environment. */
export async function startStack(
  env: Readonly<Record<string, string>> = {},
  seed: TenantSeed = buildSeed(),
  /** Runs last in {@link Stack.stop} (e.g. stops the Azurite the bots used). */
  afterStop: () => Promise<void> = async () => undefined,
): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), 'lockdown-e2e-'));
  const certificates = createTestCertificateAuthority();
  writeFileSync(join(dir, 'ca.pem'), certificates.caPem);
  const simulator = await startSimulator({ seed, tls: certificates, pageSize: 10 });
  const connector = await startFakeConnector();
  const botEnv = {
    AZURE_TENANT_ID: TENANT_ID,
    AZURE_CLIENT_ID: APP.clientId,
    AZURE_CLIENT_SECRET: APP.clientSecret,
    AZURE_AUTHORITY_HOST: simulator.origin,
    GRAPH_ENDPOINT: simulator.origin,
    NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem'),
    LOCKDOWN_STORE: `sqlite:${join(dir, 'lockdown.db')}`,
    LOCKDOWN_CHANNEL_IDS: CHANNEL.channelId,
    // Short leases, so a killed runner's lockdown is taken over in seconds, not 30 to 45.
    LOCKDOWN_LEASE_SECONDS: '2',
    LOCKDOWN_SWEEP_SECONDS: '0.5',
    ...env,
  };
  const client = (process: BotProcess) =>
    new TeamsClient(process.url, connector.serviceUrl, CHANNEL);
  const others: BotProcess[] = [];
  let bot = await startBotProcess(botEnv);
  let teams = client(bot);
  return {
    dir,
    simulator,
    connector,
    get bot() {
      return bot;
    },
    get teams() {
      return teams;
    },
    env: botEnv,
    async restartBot(signal = 'SIGTERM', beforeStart) {
      await bot.stop(signal);
      await beforeStart?.();
      bot = await startBotProcess(botEnv);
      teams = client(bot);
    },
    async startAnotherBot() {
      const other = await startBotProcess(botEnv);
      others.push(other);
      return { bot: other, teams: client(other) };
    },
    async stop() {
      await Promise.all([bot, ...others].map((process) => process.stop()));
      await connector.close();
      await simulator.close();
      rmSync(dir, { recursive: true, force: true });
      await afterStop();
    },
  };
}

/**
 * Graph calls that changed something. Look-ups and membership checks are reads; a `$batch` is
 * only an envelope (the simulator records each of its requests on its own); a 424 is a request
 * Graph skipped because one it depended on failed (the bot sends it again).
 */
export function graphWrites(simulator: RunningSimulator): readonly RecordedRequest[] {
  return simulator.requests.filter(
    (r) =>
      r.status !== 424 &&
      r.path !== '/$batch' &&
      (r.method === 'PATCH' ||
        r.method === 'DELETE' ||
        (r.method === 'POST' && !r.path.endsWith('/checkMemberGroups'))),
  );
}

/** A stack whose bots share an Azure Table store on an Azurite of its own (stopped with it). */
export async function startStackOnAzurite(
  env: Readonly<Record<string, string>> = {},
): Promise<Stack> {
  const azurite = await startAzurite();
  return startStack(
    {
      ...env,
      LOCKDOWN_STORE: 'azure-tables',
      AZURE_TABLES_CONNECTION_STRING: azurite.connectionString,
    },
    buildSeed(),
    () => azurite.stop(),
  );
}
