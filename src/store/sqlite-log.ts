/**
 * The SQLite store's append-only tables: the audit trail, and the chat messages already handled
 * (so a redelivery by Teams is recognised by every process on the file).
 */
import type Database from 'better-sqlite3';
import type { AuditEvent, Person } from './ports';
import type { AuditRow } from './sqlite-rows';

/** Appends audit events (inside the caller's transaction, if any). */
export function writeAudit(db: Database.Database, events: readonly AuditEvent[]): void {
  const insert = db.prepare(
    'INSERT INTO audit (at, request_id, type, actor, data) VALUES (?, ?, ?, ?, ?)',
  );
  for (const event of events) {
    insert.run(
      event.at,
      event.requestId,
      event.type,
      event.actor ? JSON.stringify(event.actor) : null,
      event.data ? JSON.stringify(event.data) : null,
    );
  }
}

/** The audit trail in write order, optionally for one request. */
export function readAudit(db: Database.Database, requestId?: string): AuditEvent[] {
  const rows = (
    requestId
      ? db.prepare('SELECT * FROM audit WHERE request_id = ? ORDER BY seq').all(requestId)
      : db.prepare('SELECT * FROM audit ORDER BY seq').all()
  ) as AuditRow[];
  return rows.map((row) => ({
    at: row.at,
    requestId: row.request_id,
    type: row.type,
    ...(row.actor ? { actor: JSON.parse(row.actor) as Person } : {}),
    ...(row.data ? { data: JSON.parse(row.data) as Record<string, unknown> } : {}),
  }));
}

/** See `RequestStore.rememberMessage`. */
export function rememberMessage(
  db: Database.Database,
  key: string,
  expiresAt: string,
  now: string,
): boolean {
  // One statement, so two processes cannot both see the key as new: the upsert replaces a
  // record only once it has expired, and `changes` says whether this call wrote it.
  const result = db
    .prepare(
      `INSERT INTO messages (key, expires_at) VALUES (?, ?)
       ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at
       WHERE messages.expires_at <= ?`,
    )
    .run(key, expiresAt, now);
  return result.changes === 1;
}
