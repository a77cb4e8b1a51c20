/**
 * The lockdown use cases as the bot wires them, for unit tests: the service and the real runner
 * on a SQLite store in a temporary folder, over a fake directory, with a listener that records
 * every change.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { LockdownService, type LockdownServiceOptions } from '../../src/lockdown/lockdown-service';
import { generatePassword } from '../../src/lockdown/password';
import { AccessPolicy, type AccessRules, OPEN_ACCESS_RULES } from '../../src/lockdown/policy';
import type { GroupView } from '../../src/lockdown/group';
import type { LockdownRequest } from '../../src/lockdown/request';
import { LockdownRunner } from '../../src/lockdown/runner';
import { SqliteStore } from '../../src/store';
import type { Directory } from '../../src/lockdown/directory';

/** A service, its runner and store, and what the listener saw. */
export interface ServiceHarness {
  readonly store: SqliteStore;
  readonly runner: LockdownRunner;
  readonly svc: LockdownService;
  /** Every request the listener was told about (changes and ends), in order. */
  readonly changes: LockdownRequest[];
  /** Every group the listener was told finished. */
  readonly groupsFinished: GroupView[];
  /** Closes the store and removes its folder. */
  close(): Promise<void>;
}

/** Wires a service over `directory` with `rules` (default: open access). */
export function serviceHarness(
  directory: Directory,
  rules: Partial<AccessRules> = {},
  extra: Pick<LockdownServiceOptions, 'onPremises'> = {},
): ServiceHarness {
  const dir = mkdtempSync(join(tmpdir(), 'lockdown-harness-'));
  const store = new SqliteStore(join(dir, 'test.db'));
  const changes: LockdownRequest[] = [];
  const groupsFinished: GroupView[] = [];
  const listener = {
    onChange: (request: LockdownRequest) => changes.push(request),
    onFinished: (request: LockdownRequest) => changes.push(request),
    onGroupFinished: (view: GroupView) => groupsFinished.push(view),
  };
  const logger = pino({ level: 'silent' });
  const runner = new LockdownRunner({
    store,
    logger,
    owner: 'runner-1',
    leaseMs: 30_000,
    sweepMs: 15_000,
    pipeline: {
      directory,
      listener,
      generatePassword: () => generatePassword(),
      now: () => new Date(),
    },
  });
  const svc = new LockdownService({
    directory,
    store,
    listener,
    logger,
    approvalTtlMinutes: 15,
    policy: new AccessPolicy({ ...OPEN_ACCESS_RULES, ...rules }, directory),
    runner,
    ...extra,
  });
  return {
    store,
    runner,
    svc,
    changes,
    groupsFinished,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
