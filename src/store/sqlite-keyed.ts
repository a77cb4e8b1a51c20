/**
 * The SQLite store's keyed records (`keyed` table): a value under a key, with an expiry or none,
 * claimed by one conditional upsert so that two processes on the file cannot both write it.
 */
import type Database from 'better-sqlite3';
import type { KeyClaim } from './ports';

/** See `RequestStore.claimKey`. Times are ISO strings, compared as text. */
export function claimKey(
  db: Database.Database,
  key: string,
  value: string,
  expiresAt: string,
  now: string,
  replacing?: string,
): KeyClaim {
  // One statement decides: the upsert replaces a record only once it expired (a record without
  // expiry never does) or when it holds `replacing`; `changes` says whether this call wrote.
  // The read that follows shares the IMMEDIATE transaction, so it sees the record as decided.
  const claim = db.transaction((): KeyClaim => {
    const written = db
      .prepare(
        `INSERT INTO keyed (key, value, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
         WHERE (keyed.expires_at IS NOT NULL AND keyed.expires_at <= ?) OR keyed.value = ?`,
      )
      .run(key, value, expiresAt, now, replacing ?? null);
    if (written.changes === 1) return { value, created: true };
    const row = db.prepare('SELECT value FROM keyed WHERE key = ?').get(key) as
      { value: string } | undefined;
    if (!row) throw new Error(`The keyed record "${key}" vanished while being claimed.`);
    return { value: row.value, created: false };
  });
  return claim.immediate();
}

/** See `RequestStore.readKey`. */
export function readKey(db: Database.Database, key: string, now: string): string | undefined {
  const row = db
    .prepare('SELECT value FROM keyed WHERE key = ? AND (expires_at IS NULL OR expires_at > ?)')
    .get(key, now) as { value: string } | undefined;
  return row?.value;
}

/** See `RequestStore.putKey`. */
export function putKey(db: Database.Database, key: string, value: string): void {
  db.prepare(
    `INSERT INTO keyed (key, value, expires_at) VALUES (?, ?, NULL)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = NULL`,
  ).run(key, value);
}

/** See `RequestStore.forgetKeys`. */
export function forgetKeys(db: Database.Database, now: string): number {
  return db.prepare('DELETE FROM keyed WHERE expires_at IS NOT NULL AND expires_at <= ?').run(now)
    .changes;
}
