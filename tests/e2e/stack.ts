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
  type RunningSimulator,
  type TenantSeed,
} from '../../src/simulator';
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
  readonly bot: BotProcess;
  readonly teams: TeamsClient;
  /** Stops the bot, the connector and the simulator and removes the temporary folder. */
  stop(): Promise<void>;
}

/** Starts a stack; `env` adds to or overrides the bot's environment. */
export async function startStack(
  env: Readonly<Record<string, string>> = {},
  seed: TenantSeed = buildSeed(),
): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), 'lockdown-e2e-'));
  const certificates = createTestCertificateAuthority();
  writeFileSync(join(dir, 'ca.pem'), certificates.caPem);
  const simulator = await startSimulator({ seed, tls: certificates, pageSize: 10 });
  const connector = await startFakeConnector();
  const bot = await startBotProcess({
    AZURE_TENANT_ID: TENANT_ID,
    AZURE_CLIENT_ID: APP.clientId,
    AZURE_CLIENT_SECRET: APP.clientSecret,
    AZURE_AUTHORITY_HOST: simulator.origin,
    GRAPH_ENDPOINT: simulator.origin,
    NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem'),
    LOCKDOWN_STORE: `sqlite:${join(dir, 'lockdown.db')}`,
    LOCKDOWN_CHANNEL_IDS: CHANNEL.channelId,
    ...env,
  });
  const teams = new TeamsClient(bot.url, connector.serviceUrl, CHANNEL);
  return {
    dir,
    simulator,
    connector,
    bot,
    teams,
    async stop() {
      await bot.stop();
      await connector.close();
      await simulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Graph calls that change something (look-ups and membership checks are reads). */
export function graphWrites(
  simulator: RunningSimulator,
): readonly { method: string; path: string }[] {
  return simulator.requests.filter(
    (r) => r.method === 'PATCH' || (r.method === 'POST' && !r.path.endsWith('/checkMemberGroups')),
  );
}
