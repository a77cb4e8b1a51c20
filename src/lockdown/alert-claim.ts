/**
 * An alert is acted on once: playbooks retry, and two bot instances may each get a retry. The
 * first call for an incident and its users claims a key with a conditional write and names the
 * request it will create; a later call with the same incident and users, within the approval
 * time to live, gets that request back instead of a second card.
 */
import { createHash } from 'node:crypto';
import type { LockdownRequest } from './request';
import type { RequestStore } from './request-store';

/** What claiming needs. */
export interface AlertClaimDependencies {
  readonly store: RequestStore;
  readonly approvalTtlMinutes: number;
  readonly now: () => Date;
  readonly newId: () => string;
}

/** Whether this call acts on the alert (`new`), or another call did (`existing`). */
export type AlertClaim =
  | { readonly kind: 'new'; readonly requestId: string }
  | {
      readonly kind: 'existing';
      readonly requestId: string;
      /** Absent while the first call is still looking the users up. */
      readonly request?: LockdownRequest;
    };

/**
 * How long a claim whose request was never recorded is honoured: a look-up of 50 users takes
 * seconds; after this its creator is taken to have died, and the next call acts instead.
 */
const ABANDONED_AFTER_MS = 2 * 60_000;

/** The key of an alert: its incident and its users (in any order and case). */
export function alertKey(incidentId: string, users: readonly string[]): string {
  const names = [...new Set(users.map((user) => user.toLowerCase()))].sort();
  const digest = createHash('sha256').update(names.join('\n')).digest('hex');
  return `alert:${incidentId}:${digest}`;
}

/** Claims the alert's key for a new request, or answers the request that holds it. */
export async function claimAlert(deps: AlertClaimDependencies, key: string): Promise<AlertClaim> {
  const now = deps.now();
  const requestId = deps.newId();
  const mine = JSON.stringify({ requestId, at: now.toISOString() });
  const expiresAt = new Date(now.getTime() + deps.approvalTtlMinutes * 60_000).toISOString();
  const claim = await deps.store.claimKey(key, mine, expiresAt, now.toISOString());
  if (claim.created) return { kind: 'new', requestId };
  const held = parseClaim(claim.value);
  const request = held ? await deps.store.get(held.requestId) : undefined;
  if (held && request) return { kind: 'existing', requestId: held.requestId, request };
  if (held && now.getTime() - Date.parse(held.at) < ABANDONED_AFTER_MS) {
    return { kind: 'existing', requestId: held.requestId };
  }
  const takeover = await deps.store.claimKey(key, mine, expiresAt, now.toISOString(), claim.value);
  if (takeover.created) return { kind: 'new', requestId };
  return { kind: 'existing', requestId: parseClaim(takeover.value)?.requestId ?? requestId };
}

/** A claim's value, or `undefined` when it is not one (then it is taken over). */
function parseClaim(
  value: string,
): { readonly requestId: string; readonly at: string } | undefined {
  try {
    const parsed = JSON.parse(value) as { requestId?: unknown; at?: unknown };
    return typeof parsed.requestId === 'string' && typeof parsed.at === 'string'
      ? { requestId: parsed.requestId, at: parsed.at }
      : undefined;
  } catch {
    return undefined;
  }
}
