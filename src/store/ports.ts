// The store implements the domain's port; this file is the one place it reaches into the domain.
import type { RequestStore } from '../lockdown/request-store';

export type {
  AuditEvent,
  RecentFilter,
  RequestStore,
  StateChange,
  TransitionGuard,
} from '../lockdown/request-store';
export type {
  Approval,
  Lease,
  LockdownRequest,
  Person,
  RequestState,
  StepOutcome,
  UndoneBy,
} from '../lockdown/request';
export type { Foothold } from '../lockdown/foothold';
export { STEP_ORDER } from '../lockdown/request';

/** What `RequestStore.claimKey` answers: the value now under the key, and whether this call wrote it. */
export type KeyClaim = Awaited<ReturnType<RequestStore['claimKey']>>;
