import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestStore } from '../../src/lockdown/request-store';
import { SqliteStore } from '../../src/store';
import { describeRequestStoreContract } from './request-store.contract';

describeRequestStoreContract('SqliteStore', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lockdown-sqlite-'));
  const path = join(dir, 'lockdown.db');
  const opened: RequestStore[] = [];
  const open = async (): Promise<RequestStore> => {
    const store = new SqliteStore(path);
    opened.push(store);
    return store;
  };
  return {
    store: await open(),
    open,
    async cleanup() {
      // Closing twice is harmless for better-sqlite3; the tests close some stores themselves.
      for (const store of opened) await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
