/**
 * The directory under test in a child process that trusts the simulator's CA through
 * NODE_EXTRA_CA_CERTS (the way the bot runs), driven from the test process over IPC, with the
 * simulator in the test process so the tests can inject faults and read what arrived.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type {
  DeviceListing,
  GraphDirectoryOptions,
  GrantsReaderOptions,
} from '../../src/directory';
import { type AppGrants, type Directory, DirectoryError } from '../../src/lockdown/directory';
import type { StepId } from '../../src/lockdown/request';
import type { StepResult } from '../../src/lockdown/steps';
import {
  createTestCertificateAuthority,
  startSimulator,
  writeTestCertificates,
  type RunningSimulator,
  type TenantSeed,
} from '../../src/simulator';
import type { CallMessage, InitMessage, ReplyMessage } from './fixtures/directory-host';
import { APP, directoryTestSeed, TENANT_ID } from './fixtures/tenant';

/** Methods of the port, as the child runs them. */
type Call = <K extends keyof Directory>(
  method: K,
  ...args: Parameters<Directory[K]>
) => Promise<Awaited<ReturnType<Directory[K]>>>;

/** A running harness. */
export interface Harness {
  readonly simulator: RunningSimulator;
  /** Calls a Directory method in the child; a DirectoryError there is one here. */
  readonly call: Call;
  /** `appGrants()` of the child's grants reader; a DirectoryError there is one here. */
  readonly appGrants: () => Promise<AppGrants>;
  /** `deviceListingOf(directory, userId)` in the child: how the user's devices were listed. */
  readonly deviceListing: (userId: string) => Promise<DeviceListing | undefined>;
  /**
   * Runs the lockdown stage (src/lockdown/steps) holding `steps` in the child, as the pipeline
   * does: its concurrent directory calls reach the directory together. Its results by step.
   */
  readonly runStage: (
    steps: readonly StepId[],
    userId: string,
  ) => Promise<Readonly<Record<string, StepResult>>>;
  /** Every log line the child wrote. */
  readonly logs: () => string;
  stop(): Promise<void>;
}

/** What the child's credential is built with, where a test wants it different. */
export interface CredentialOverrides {
  /** Defaults to the lockdown app's (APP); another app of the tenant needs its secret too. */
  readonly clientId?: string;
  /** Defaults to the app's real secret. */
  readonly clientSecret?: string;
  /** The token request timeout given to `createCredential`. */
  readonly timeoutMs?: number;
}

/** Starts the simulator and the child directory. */
export async function startHarness(
  options: GraphDirectoryOptions,
  pageSize = 20,
  credential: CredentialOverrides = {},
  grantsOptions: GrantsReaderOptions = {},
  seed: TenantSeed = directoryTestSeed(),
): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'lockdown-directory-'));
  const certificates = createTestCertificateAuthority();
  const { caPath } = writeTestCertificates(dir, certificates);
  const simulator = await startSimulator({
    seed,
    tls: certificates,
    pageSize,
  });
  const child = fork(resolve(__dirname, 'fixtures/directory-host.ts'), [], {
    execArgv: ['--require', 'tsx/cjs'],
    env: { ...process.env, NODE_EXTRA_CA_CERTS: caPath },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let logs = '';
  child.stdout?.on('data', (chunk: Buffer) => (logs += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (logs += chunk.toString()));
  const calls = new Map<number, (reply: ReplyMessage) => void>();
  child.on('message', (message: ReplyMessage | { ready: true }) => {
    if ('id' in message) calls.get(message.id)?.(message);
  });
  const ready = once(child, 'message');
  const init: InitMessage = {
    type: 'init',
    origin: simulator.origin,
    tenantId: TENANT_ID,
    clientId: credential.clientId ?? APP.clientId,
    clientSecret: credential.clientSecret ?? APP.clientSecret,
    ...(credential.timeoutMs === undefined ? {} : { credentialTimeoutMs: credential.timeoutMs }),
    options,
    grantsOptions,
  };
  child.send(init);
  await ready;
  let nextId = 0;
  const send = (method: CallMessage['method'], args: readonly unknown[]): Promise<unknown> => {
    const id = ++nextId;
    const message: CallMessage = { type: 'call', id, method, args };
    return new Promise((resolvePromise, reject) => {
      calls.set(id, (reply) => {
        calls.delete(id);
        // IPC carries no `undefined`: the host sends null for it.
        if ('result' in reply) resolvePromise((reply.result ?? undefined) as never);
        else if ('failure' in reply) reject(new DirectoryError(reply.failure));
        else reject(new Error(`directory host: ${reply.error}`));
      });
      child.send(message);
    });
  };
  const call: Call = (method, ...args) => send(method, args) as never;
  return {
    simulator,
    call,
    appGrants: () => send('appGrants', []) as Promise<AppGrants>,
    deviceListing: (userId) =>
      send('deviceListing', [userId]) as Promise<DeviceListing | undefined>,
    runStage: (steps, userId) =>
      send('runStage', [steps, userId]) as Promise<Record<string, StepResult>>,
    logs: () => logs,
    async stop() {
      await stopChild(child);
      await simulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.disconnect();
  await exited;
}
