/**
 * The rows of the `requests` table. Each request is one partition (PartitionKey = request id):
 * - RowKey `request`: the immutable part of the request as a JSON document (`body`), plus the
 *   columns that change (state, decision, approvals, card activity id, lease, audit outbox) and
 *   `step_seq`, bumped by every step write so that it is a compare-and-set on the row's ETag.
 * - RowKey `step:<step id>`: one step's outcome as a JSON document. In the request's partition
 *   so that a step and the lease check on the request row commit in one entity-group
 *   transaction. (Older versions kept steps in the `steps` table; those rows are still read.)
 */
import type { TableEntity } from '@azure/data-tables';
import type {
  Approval,
  Foothold,
  Lease,
  LockdownRequest,
  Person,
  RequestState,
  StateChange,
  StepOutcome,
  UndoneBy,
} from './ports';
import { STEP_ORDER } from './ports';
import type { Entity, Properties } from './azure-documents';
import { type RequestBody, splitRequest } from './request-body';
import {
  countProperty,
  decodeDocument,
  encodeDocument,
  optionalString,
  replaceDocument,
  stringProperty,
} from './azure-documents';

/** RowKey of the request row in its partition. */
export const REQUEST_ROW = 'request';
/** RowKeys of step rows start with this; `STEP_ROWS_END` is the first key after them all. */
export const STEP_ROW_PREFIX = 'step:';
export const STEP_ROWS_END = 'step;';

/** The properties of a new request row (without its outbox). */
export function requestProperties(request: LockdownRequest): Properties {
  // Steps are rows of their own.
  const { body, changing } = splitRequest(request);
  const { state, decidedBy, decidedAt, finishedAt, approvals, lease, claims, undoneBy } = changing;
  return {
    state,
    requested_at: request.requestedAt,
    conversation_id: request.origin.conversationId,
    ...(request.origin.channelId ? { channel_id: request.origin.channelId } : {}),
    target_upn: request.target.userPrincipalName.toLowerCase(),
    ...(request.origin.cardActivityId ? { card_activity_id: request.origin.cardActivityId } : {}),
    ...(decidedBy ? { decided_by: JSON.stringify(decidedBy) } : {}),
    ...(decidedAt ? { decided_at: decidedAt } : {}),
    ...(finishedAt ? { finished_at: finishedAt } : {}),
    ...(approvals ? { approvals: JSON.stringify(approvals) } : {}),
    ...(lease ? leaseProperties(lease) : {}),
    ...(claims ? { claims } : {}),
    ...(undoneBy ? { undone_by: JSON.stringify(undoneBy) } : {}),
    ...encodeDocument('body', body, `request ${request.id}`),
  };
}

/**
 * The properties that give the request row's body `foothold` as its target's foothold (the
 * body's other fields as they are; an encoding it no longer needs is blanked).
 */
export function footholdReplaced(current: Entity, foothold: Foothold): Properties {
  const id = current.partitionKey ?? '';
  const body = decodeDocument<RequestBody>(current, 'body');
  if (!body) throw new Error(`Request ${id} has no body.`);
  const changed = { ...body, target: { ...body.target, foothold } };
  return replaceDocument('body', changed, current, `request ${id}`);
}

/** The properties a {@link StateChange} sets (a change to any state but `running` frees the lease). */
export function changeProperties(change: StateChange, current: Entity): Properties {
  return {
    state: change.state,
    ...(change.decidedBy ? { decided_by: JSON.stringify(change.decidedBy) } : {}),
    ...(change.decidedAt ? { decided_at: change.decidedAt } : {}),
    ...(change.finishedAt ? { finished_at: change.finishedAt } : {}),
    ...(change.approvals ? { approvals: JSON.stringify(change.approvals) } : {}),
    ...(change.state === 'running' ? {} : leaseCleared(current)),
  };
}

export function leaseProperties(lease: Lease): Properties {
  return { lease_owner: lease.owner, lease_expires_at: lease.expiresAt };
}

/** Blanks the lease of `current` (a Merge cannot delete a property); nothing if it has none. */
export function leaseCleared(current: Entity): Properties {
  return leaseOf(current) ? { lease_owner: '', lease_expires_at: '' } : {};
}

/** The property that {@link stepEntity}'s transaction bumps on the request row. */
export function stepSequenceBumped(current: Entity): Properties {
  return { step_seq: countProperty(current, 'step_seq') + 1 };
}

/**
 * The properties a claim by `owner` at `now` sets: its lease, and `claims` one up unless `owner`
 * already held a live lease (see `RequestStore.claim`).
 */
export function claimProperties(
  current: Entity,
  owner: string,
  expiresAt: string,
  now: string,
): Properties {
  const held = leaseOf(current);
  const extending = held?.owner === owner && held.expiresAt > now;
  return {
    state: 'running',
    ...leaseProperties({ owner, expiresAt }),
    claims: countProperty(current, 'claims') + (extending ? 0 : 1),
  };
}

export function stateOf(entity: Entity): RequestState {
  return stringProperty(entity, 'state') as RequestState;
}

export function leaseOf(entity: Entity): Lease | undefined {
  const owner = optionalString(entity, 'lease_owner');
  const expiresAt = optionalString(entity, 'lease_expires_at');
  return owner !== undefined && expiresAt !== undefined ? { owner, expiresAt } : undefined;
}

/** The approvals recorded on a request row (none when the property is absent). */
export function approvalsOf(entity: Entity): Approval[] {
  const json = optionalString(entity, 'approvals');
  return json ? (JSON.parse(json) as Approval[]) : [];
}

/** The request a row describes, with `steps` read separately. */
export function requestOf(
  entity: Entity,
  steps: readonly StepOutcome[],
  table: string,
): LockdownRequest {
  const id = entity.partitionKey ?? '';
  const body = decodeDocument<RequestBody>(entity, 'body');
  if (!body) throw new Error(`Request ${id} has no body in table ${table}.`);
  const cardActivityId = optionalString(entity, 'card_activity_id');
  const decidedBy = optionalString(entity, 'decided_by');
  const decidedAt = optionalString(entity, 'decided_at');
  const finishedAt = optionalString(entity, 'finished_at');
  const lease = leaseOf(entity);
  const claims = countProperty(entity, 'claims');
  const undoneBy = optionalString(entity, 'undone_by');
  return {
    ...body,
    state: stateOf(entity),
    origin: { ...body.origin, ...(cardActivityId ? { cardActivityId } : {}) },
    ...(decidedBy ? { decidedBy: JSON.parse(decidedBy) as Person } : {}),
    ...(decidedAt ? { decidedAt } : {}),
    ...(finishedAt ? { finishedAt } : {}),
    ...(optionalString(entity, 'approvals') ? { approvals: approvalsOf(entity) } : {}),
    steps,
    ...(lease ? { lease } : {}),
    // Only once claimed: a request never claimed reads as it was created.
    ...(claims > 0 ? { claims } : {}),
    ...(undoneBy ? { undoneBy: JSON.parse(undoneBy) as UndoneBy } : {}),
  };
}

/** The step row of `outcome`, to be upserted with Replace (a shorter outcome keeps no stale part). */
export function stepEntity(id: string, outcome: StepOutcome): TableEntity<Properties> {
  return {
    partitionKey: id,
    rowKey: `${STEP_ROW_PREFIX}${outcome.step}`,
    ...encodeDocument('outcome', outcome, `step ${outcome.step} of request ${id}`),
  };
}

/** The outcome a step row holds (in either table). */
export function stepOf(entity: Entity): StepOutcome {
  const outcome = decodeDocument<StepOutcome>(entity, 'outcome');
  if (!outcome) {
    throw new Error(`Step ${entity.rowKey} of request ${entity.partitionKey} has no outcome.`);
  }
  return outcome;
}

/** One outcome per step, current rows over legacy ones, in {@link STEP_ORDER}. */
export function mergeSteps(
  legacy: readonly StepOutcome[],
  current: readonly StepOutcome[],
): StepOutcome[] {
  const byStep = new Map<string, StepOutcome>();
  for (const outcome of [...legacy, ...current]) byStep.set(outcome.step, outcome);
  return [...byStep.values()].sort(
    (a, b) => STEP_ORDER.indexOf(a.step) - STEP_ORDER.indexOf(b.step),
  );
}
