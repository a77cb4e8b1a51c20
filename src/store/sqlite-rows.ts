/**
 * The SQLite store's rows and how a request row (with its steps) becomes the domain's request.
 */
import type Database from 'better-sqlite3';
import type {
  Approval,
  LockdownRequest,
  Person,
  RequestState,
  StepOutcome,
  UndoneBy,
} from './ports';
import { STEP_ORDER } from './ports';
import type { RequestBody } from './request-body';

/** A row of `requests`. */
export interface RequestRow {
  readonly id: string;
  readonly state: RequestState;
  readonly body: string;
  readonly card_activity_id: string | null;
  readonly decided_by: string | null;
  readonly decided_at: string | null;
  readonly finished_at: string | null;
  readonly approvals: string | null;
  readonly lease_owner: string | null;
  readonly lease_expires_at: string | null;
  /** How many claims took the lease (see `LockdownRequest.claims`); 0 on older rows. */
  readonly claims: number | null;
  /** A lockdown's unlock (JSON `UndoneBy`), once one finished; absent on older rows. */
  readonly undone_by?: string | null;
}

/** A row of `audit`. */
export interface AuditRow {
  readonly at: string;
  readonly request_id: string;
  readonly type: string;
  readonly actor: string | null;
  readonly data: string | null;
}

/** A request row with its steps, as the domain's request. */
export function toRequest(db: Database.Database, row: RequestRow): LockdownRequest {
  const body = JSON.parse(row.body) as RequestBody;
  const steps = (
    db.prepare('SELECT outcome FROM steps WHERE request_id = ?').all(row.id) as {
      outcome: string;
    }[]
  )
    .map((step) => JSON.parse(step.outcome) as StepOutcome)
    .sort((a, b) => STEP_ORDER.indexOf(a.step) - STEP_ORDER.indexOf(b.step));
  return {
    ...body,
    state: row.state,
    origin: {
      ...body.origin,
      ...(row.card_activity_id ? { cardActivityId: row.card_activity_id } : {}),
    },
    ...(row.decided_by ? { decidedBy: JSON.parse(row.decided_by) as Person } : {}),
    ...(row.decided_at ? { decidedAt: row.decided_at } : {}),
    ...(row.finished_at ? { finishedAt: row.finished_at } : {}),
    ...(row.approvals ? { approvals: JSON.parse(row.approvals) as Approval[] } : {}),
    steps,
    ...(row.lease_owner !== null && row.lease_expires_at !== null
      ? { lease: { owner: row.lease_owner, expiresAt: row.lease_expires_at } }
      : {}),
    // Only once claimed: a request never claimed reads as it was created.
    ...(row.claims ? { claims: row.claims } : {}),
    ...(row.undone_by ? { undoneBy: JSON.parse(row.undone_by) as UndoneBy } : {}),
  };
}
