/**
 * The embedded store: SQLite through better-sqlite3, in WAL mode. A state change is a single
 * conditional UPDATE, which SQLite applies atomically, so compare-and-set needs no lock of ours;
 * a change and its audit events share one transaction.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type {
  AuditEvent,
  Foothold,
  LockdownRequest,
  RecentFilter,
  RequestState,
  KeyClaim,
  RequestStore,
  StateChange,
  StepOutcome,
  TransitionGuard,
  UndoneBy,
} from './ports';
import { splitRequest } from './request-body';
import { prepareSchema } from './sqlite-schema';
import { claimKey, forgetKeys, putKey, readKey } from './sqlite-keyed';
import { readAudit, rememberMessage, writeAudit } from './sqlite-log';
import { type RequestRow, toRequest } from './sqlite-rows';

/** Where a lease may be taken: a request about to run, or one whose runner may have died. */
const CLAIMABLE_STATES: readonly RequestState[] = ['approved', 'running'];

/**
 * {@link RequestStore} on a SQLite file (`:memory:` is refused: the store must be durable).
 * Times (lease and message expiries) are ISO strings from `toISOString()`, compared as text.
 */
export class SqliteStore implements RequestStore {
  private readonly db: Database.Database;

  constructor(path: string) {
    if (path === ':memory:' || path.trim() === '') {
      throw new Error(
        'The SQLite store needs a file path; an in-memory database would lose requests.',
      );
    }
    mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('foreign_keys = ON');
    prepareSchema(this.db);
  }

  async create(request: LockdownRequest, audit: readonly AuditEvent[] = []): Promise<void> {
    const { body, changing } = splitRequest(request);
    const { state, steps, decidedBy, decidedAt, finishedAt, approvals, lease, claims, undoneBy } =
      changing;
    const insert = this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO requests (id, state, body, card_activity_id, decided_by, decided_at, finished_at, requested_at, conversation_id, target_upn, approvals, channel_id, lease_owner, lease_expires_at, claims, undone_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          request.id,
          state,
          JSON.stringify(body),
          request.origin.cardActivityId ?? null,
          decidedBy ? JSON.stringify(decidedBy) : null,
          decidedAt ?? null,
          finishedAt ?? null,
          request.requestedAt,
          request.origin.conversationId,
          request.target.userPrincipalName.toLowerCase(),
          approvals ? JSON.stringify(approvals) : null,
          request.origin.channelId ?? null,
          lease?.owner ?? null,
          lease?.expiresAt ?? null,
          claims ?? 0,
          undoneBy ? JSON.stringify(undoneBy) : null,
        );
      for (const outcome of steps) this.writeStep(request.id, outcome);
      this.writeAudit(audit);
    });
    insert();
  }

  async get(id: string): Promise<LockdownRequest | undefined> {
    return this.read(id);
  }

  async transition(
    id: string,
    expected: readonly RequestState[],
    change: StateChange,
    guard: TransitionGuard = {},
    audit: readonly AuditEvent[] = [],
  ): Promise<LockdownRequest | undefined> {
    if (expected.length === 0) return undefined;
    const placeholders = expected.map(() => '?').join(', ');
    const guards: string[] = [];
    const guardValues: (string | number)[] = [];
    if (guard.approvalCount !== undefined) {
      guards.push('COALESCE(json_array_length(approvals), 0) = ?');
      guardValues.push(guard.approvalCount);
    }
    if (guard.leaseOwner !== undefined) {
      guards.push('lease_owner = ?');
      guardValues.push(guard.leaseOwner);
    }
    // Only a running request has a runner: leaving `running` (or never entering it) frees it.
    const leaseUpdate =
      change.state === 'running' ? '' : ', lease_owner = NULL, lease_expires_at = NULL';
    const statement = this.db.prepare(
      `UPDATE requests SET state = ?,
         decided_by = COALESCE(?, decided_by),
         decided_at = COALESCE(?, decided_at),
         finished_at = COALESCE(?, finished_at),
         approvals = COALESCE(?, approvals)${leaseUpdate}
       WHERE id = ? AND state IN (${placeholders})${guards.map((g) => ` AND ${g}`).join('')}`,
    );
    return this.writeThenRead(id, audit, () =>
      statement.run(
        change.state,
        change.decidedBy ? JSON.stringify(change.decidedBy) : null,
        change.decidedAt ?? null,
        change.finishedAt ?? null,
        change.approvals ? JSON.stringify(change.approvals) : null,
        id,
        ...expected,
        ...guardValues,
      ),
    );
  }

  async claim(
    id: string,
    owner: string,
    expiresAt: string,
    now: string,
  ): Promise<LockdownRequest | undefined> {
    // The count is evaluated on the row as it was: only extending one's own live lease is free.
    const statement = this.db.prepare(
      `UPDATE requests SET state = 'running', lease_owner = ?, lease_expires_at = ?,
         claims = COALESCE(claims, 0) +
           CASE WHEN lease_owner = ? AND lease_expires_at > ? THEN 0 ELSE 1 END
       WHERE id = ? AND state IN (${CLAIMABLE_STATES.map(() => '?').join(', ')})
         AND (lease_owner IS NULL OR lease_expires_at <= ? OR lease_owner = ?)`,
    );
    return this.writeThenRead(id, [], () =>
      statement.run(owner, expiresAt, owner, now, id, ...CLAIMABLE_STATES, now, owner),
    );
  }

  async renewLease(id: string, owner: string, expiresAt: string): Promise<boolean> {
    const result = this.db
      .prepare(
        `UPDATE requests SET lease_expires_at = ?
         WHERE id = ? AND state = 'running' AND lease_owner = ?`,
      )
      .run(expiresAt, id, owner);
    return result.changes === 1;
  }

  async releaseLease(id: string, owner: string): Promise<void> {
    this.db
      .prepare(
        'UPDATE requests SET lease_owner = NULL, lease_expires_at = NULL WHERE id = ? AND lease_owner = ?',
      )
      .run(id, owner);
  }

  async setCardActivityId(id: string, activityId: string): Promise<void> {
    this.db.prepare('UPDATE requests SET card_activity_id = ? WHERE id = ?').run(activityId, id);
  }

  async setFoothold(id: string, foothold: Foothold): Promise<LockdownRequest | undefined> {
    // Only the target's foothold changes inside the request's JSON body.
    const statement = this.db.prepare(
      "UPDATE requests SET body = json_set(body, '$.target.foothold', json(?)) WHERE id = ?",
    );
    return this.writeThenRead(id, [], () => statement.run(JSON.stringify(foothold), id));
  }

  async markUndone(
    id: string,
    undoneBy: UndoneBy,
    audit: readonly AuditEvent[] = [],
  ): Promise<LockdownRequest | undefined> {
    const statement = this.db.prepare('UPDATE requests SET undone_by = ? WHERE id = ?');
    return this.writeThenRead(id, audit, () => statement.run(JSON.stringify(undoneBy), id));
  }

  async saveStep(
    id: string,
    outcome: StepOutcome,
    owner: string,
    audit: readonly AuditEvent[] = [],
  ): Promise<LockdownRequest | undefined> {
    const save = this.db.transaction(() => {
      const row = this.db.prepare('SELECT lease_owner FROM requests WHERE id = ?').get(id) as
        { lease_owner: string | null } | undefined;
      if (!row) throw new Error(`No request ${id} to record step ${outcome.step} on.`);
      // A runner that lost its lease must not overwrite what the new holder records.
      if (row.lease_owner !== owner) return undefined;
      this.writeStep(id, outcome);
      this.writeAudit(audit);
      return this.read(id);
    });
    // IMMEDIATE: take the write lock before reading, so no other process slips in between.
    return save.immediate();
  }

  async rememberMessage(key: string, expiresAt: string, now: string): Promise<boolean> {
    return rememberMessage(this.db, key, expiresAt, now);
  }

  async forgetMessage(key: string): Promise<void> {
    this.db.prepare('DELETE FROM messages WHERE key = ?').run(key);
  }

  async forgetMessages(now: string): Promise<number> {
    return this.db.prepare('DELETE FROM messages WHERE expires_at <= ?').run(now).changes;
  }

  async claimKey(
    key: string,
    value: string,
    expiresAt: string,
    now: string,
    replacing?: string,
  ): Promise<KeyClaim> {
    return claimKey(this.db, key, value, expiresAt, now, replacing);
  }

  async readKey(key: string, now: string): Promise<string | undefined> {
    return readKey(this.db, key, now);
  }

  async putKey(key: string, value: string): Promise<void> {
    putKey(this.db, key, value);
  }

  async forgetKeys(now: string): Promise<number> {
    return forgetKeys(this.db, now);
  }

  async listInStates(states: readonly RequestState[]): Promise<readonly LockdownRequest[]> {
    if (states.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT * FROM requests WHERE state IN (${states.map(() => '?').join(', ')}) ORDER BY requested_at`,
      )
      .all(...states) as RequestRow[];
    return rows.map((row) => this.toRequest(row));
  }

  async listRecent(filter: RecentFilter): Promise<readonly LockdownRequest[]> {
    const conditions: string[] = [];
    const values: (string | number)[] = [];
    if (filter.targetUpn !== undefined) {
      conditions.push('target_upn = ?');
      values.push(filter.targetUpn.toLowerCase());
    }
    if (filter.channelId !== undefined) {
      conditions.push('channel_id = ?');
      values.push(filter.channelId);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows = this.db
      .prepare(`SELECT * FROM requests ${where} ORDER BY requested_at DESC, rowid DESC LIMIT ?`)
      .all(...values, Math.max(0, filter.limit)) as RequestRow[];
    return rows.map((row) => this.toRequest(row));
  }

  async appendAudit(event: AuditEvent): Promise<void> {
    this.writeAudit([event]);
  }

  async listAudit(requestId?: string): Promise<readonly AuditEvent[]> {
    return readAudit(this.db, requestId);
  }

  async close(): Promise<void> {
    this.db.close();
  }

  /**
   * Runs a conditional write and, if it changed the row, records `audit` and reads the request
   * back, all in one IMMEDIATE transaction: the answer is the row as this write left it.
   */
  private writeThenRead(
    id: string,
    audit: readonly AuditEvent[],
    write: () => Database.RunResult,
  ): LockdownRequest | undefined {
    const run = this.db.transaction(() => {
      if (write().changes !== 1) return undefined;
      this.writeAudit(audit);
      return this.read(id);
    });
    return run.immediate();
  }

  private read(id: string): LockdownRequest | undefined {
    const row = this.db.prepare('SELECT * FROM requests WHERE id = ?').get(id) as
      RequestRow | undefined;
    return row ? this.toRequest(row) : undefined;
  }

  private writeStep(id: string, outcome: StepOutcome): void {
    this.db
      .prepare(
        `INSERT INTO steps (request_id, step, outcome) VALUES (?, ?, ?)
         ON CONFLICT (request_id, step) DO UPDATE SET outcome = excluded.outcome`,
      )
      .run(id, outcome.step, JSON.stringify(outcome));
  }

  private writeAudit(events: readonly AuditEvent[]): void {
    writeAudit(this.db, events);
  }

  private toRequest(row: RequestRow): LockdownRequest {
    return toRequest(this.db, row);
  }
}
