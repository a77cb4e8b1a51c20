/**
 * How both stores split a request: the fields that never change after it is created, kept as
 * one JSON document (`body`), and the ones that change with it, kept as columns of their own.
 */
import type { LockdownRequest } from './ports';

/** The fields that change after creation, each stored on its own. */
export type ChangingFields = Pick<
  LockdownRequest,
  | 'state'
  | 'steps'
  | 'decidedBy'
  | 'decidedAt'
  | 'finishedAt'
  | 'approvals'
  | 'lease'
  | 'claims'
  | 'undoneBy'
>;

/** The fields that never change after a request is created, kept as one JSON document. */
export type RequestBody = Omit<LockdownRequest, keyof ChangingFields>;

/** A request as its body and its changing fields. */
export function splitRequest(request: LockdownRequest): {
  readonly body: RequestBody;
  readonly changing: ChangingFields;
} {
  const {
    state,
    steps,
    decidedBy,
    decidedAt,
    finishedAt,
    approvals,
    lease,
    claims,
    undoneBy,
    ...body
  } = request;
  return {
    body,
    changing: {
      state,
      steps,
      decidedBy,
      decidedAt,
      finishedAt,
      approvals,
      lease,
      claims,
      undoneBy,
    },
  };
}
