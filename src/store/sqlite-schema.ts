/**
 * The SQLite store's tables, and the columns later versions added, so that a database file made
 * by an earlier version still opens. A table a later version added (`messages`, `keyed`) is
 * simply created if missing: `CREATE TABLE IF NOT EXISTS` leaves an existing one untouched.
 */
import type Database from 'better-sqlite3';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS requests (
  id TEXT PRIMARY KEY,
  state TEXT NOT NULL,
  body TEXT NOT NULL,
  card_activity_id TEXT,
  decided_by TEXT,
  decided_at TEXT,
  finished_at TEXT,
  requested_at TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  target_upn TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS requests_state ON requests (state, requested_at);
CREATE TABLE IF NOT EXISTS steps (
  request_id TEXT NOT NULL REFERENCES requests (id),
  step TEXT NOT NULL,
  outcome TEXT NOT NULL,
  PRIMARY KEY (request_id, step)
);
CREATE TABLE IF NOT EXISTS audit (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  request_id TEXT NOT NULL,
  type TEXT NOT NULL,
  actor TEXT,
  data TEXT
);
CREATE INDEX IF NOT EXISTS audit_request ON audit (request_id, seq);
CREATE TABLE IF NOT EXISTS messages (
  key TEXT PRIMARY KEY,
  expires_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_expiry ON messages (expires_at);
CREATE TABLE IF NOT EXISTS keyed (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  expires_at TEXT
);
`;

/** Creates what is missing: tables, indexes, columns. */
export function prepareSchema(db: Database.Database): void {
  db.exec(SCHEMA);
  migrate(db);
}

/** Adds columns that later versions introduced to a database made by an earlier one. */
function migrate(db: Database.Database): void {
  const columns = new Set(
    (db.prepare('PRAGMA table_info(requests)').all() as { name: string }[]).map((c) => c.name),
  );
  const added: Readonly<Record<string, string>> = {
    approvals: 'TEXT',
    channel_id: 'TEXT',
    lease_owner: 'TEXT',
    lease_expires_at: 'TEXT',
    claims: 'INTEGER NOT NULL DEFAULT 0',
    undone_by: 'TEXT',
  };
  for (const [column, type] of Object.entries(added)) {
    if (!columns.has(column)) db.exec(`ALTER TABLE requests ADD COLUMN ${column} ${type}`);
  }
  db.exec(
    'CREATE INDEX IF NOT EXISTS requests_target ON requests (target_upn, requested_at);' +
      'CREATE INDEX IF NOT EXISTS requests_channel ON requests (channel_id, requested_at);',
  );
}
