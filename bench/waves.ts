/**
 * Round-trip waves, read from the simulator's request log. A wave is one step of the longest
 * chain of top-level Graph HTTP requests in which each request started (arrived at the
 * simulator) after the one before it had been answered: requests in flight at the same time
 * share a wave, a request sent because of an answer starts the next. The depth of a request is
 * the length of the longest such chain ending with it; a run's waves are the greatest depth.
 * Batch items ride in their `$batch`'s wave. The simulator runs in this process, so its times
 * (`performance.now()`) are exact and comparable.
 */
import type { RecordedRequest } from '../src/simulator';

/** The depth of every answered top-level request of `requests` (batch items are ignored). */
export function waveDepths(requests: readonly RecordedRequest[]): Map<RecordedRequest, number> {
  const timed = requests.filter((r) => r.batchId === undefined && r.timing !== undefined);
  const byStart = [...timed].sort((a, b) => start(a) - start(b));
  const byEnd = [...timed].sort((a, b) => end(a) - end(b));
  const depths = new Map<RecordedRequest, number>();
  let ended = 0;
  let deepestEnded = 0;
  for (const request of byStart) {
    // Every request answered before this one arrived has its depth already: it started earlier.
    while (ended < byEnd.length && end(byEnd[ended] as RecordedRequest) <= start(request)) {
      deepestEnded = Math.max(deepestEnded, depths.get(byEnd[ended] as RecordedRequest) ?? 0);
      ended++;
    }
    depths.set(request, deepestEnded + 1);
  }
  return depths;
}

/** The waves of a run: the greatest depth (0 for no request). */
export function totalWaves(requests: readonly RecordedRequest[]): number {
  return Math.max(0, ...waveDepths(requests).values());
}

/**
 * The waves until every account in `userIds` was contained: for each account, the depth of the
 * request that carried the last of its disable, password reset and revocation to succeed (the
 * `$batch` for an item); the greatest of those. `undefined` when an account never had all three.
 */
export function wavesToContain(
  requests: readonly RecordedRequest[],
  userIds: readonly string[],
): number | undefined {
  const depths = waveDepths(requests);
  const carriers = new Map<string, RecordedRequest>();
  for (const request of requests) {
    if (request.batchId === undefined) carriers.set(request.requestId, request);
  }
  let deepest = 0;
  for (const userId of userIds) {
    const steps = new Map<string, number>();
    for (const request of requests) {
      const step = containmentStep(request, userId);
      if (step === undefined || request.status < 200 || request.status >= 300) continue;
      const carrier = request.batchId === undefined ? request : carriers.get(request.batchId);
      const depth = carrier === undefined ? undefined : depths.get(carrier);
      if (depth !== undefined) steps.set(step, Math.max(steps.get(step) ?? 0, depth));
    }
    if (steps.size < 3) return undefined;
    deepest = Math.max(deepest, ...steps.values());
  }
  return deepest;
}

/** Which containment step `request` is for `userId`, if any. */
function containmentStep(request: RecordedRequest, userId: string): string | undefined {
  const path = request.path.toLowerCase();
  const user = `/users/${userId.toLowerCase()}`;
  if (request.method === 'POST' && path === `${user}/revokesigninsessions`) return 'revoke';
  if (request.method !== 'PATCH' || path !== user) return undefined;
  const body = (request.body ?? {}) as Record<string, unknown>;
  if (body['accountEnabled'] === false) return 'disable';
  return 'passwordProfile' in body ? 'password' : undefined;
}

function start(request: RecordedRequest): number {
  return request.timing?.startedAt ?? 0;
}

function end(request: RecordedRequest): number {
  return request.timing?.endedAt ?? 0;
}
