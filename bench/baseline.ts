/**
 * The article's order, written honestly as the baseline: the same Graph SDK client (auth, token
 * cache; like the bot's, it has no SDK retry handler, so a throttled request is lost here), one
 * request at a time: look up, disable, reset the password, revoke, list the devices (every page),
 * then one PATCH per device. For an `--all` target, the options the same way after that: list
 * the sign-in methods and delete each but the password (the one Graph refuses while others
 * remain, the default, once more at the end), list the inbox rules and disable each, list the
 * delegated grants and delete each, then confirm the user compromised.
 *
 * Against a token bucket, the script waits out every 429's `Retry-After` and sends the request
 * again, as any script should (the SDK's own retry handler would add up to a second of jitter
 * per try, which would swamp a 50 ms bench); otherwise it loses what was throttled.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@microsoft/microsoft-graph-client';
import { generatePassword } from '../src/lockdown/password';
import type { RunningSimulator } from '../src/simulator';
import { type Measurement, since } from './measure';
import type { BenchTarget } from './tenant';

interface Page {
  readonly value?: readonly { readonly id: string }[];
  readonly '@odata.nextLink'?: string;
}

/** A list of Graph items with the properties the options' steps read. */
interface ItemList {
  readonly value?: readonly {
    readonly id: string;
    readonly '@odata.type'?: string;
    readonly isEnabled?: boolean;
  }[];
}

type Attempt = (what: string, call: () => Promise<unknown>) => Promise<unknown>;
type Send = <T>(call: () => Promise<T>) => Promise<T>;

/** How the script runs. */
export interface BaselineOptions {
  /** Called between the look-up and the first write (e.g. to fill the token bucket). */
  readonly onApproval?: () => void;
  /** Wait out a 429's `Retry-After` and send again (up to 50 tries); default false. */
  readonly honourRetryAfter?: boolean;
}

const MAX_TRIES = 50;

/** `call`, sent again after each 429 for as long as its `Retry-After` asks. */
async function withRetryAfter<T>(call: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await call();
    } catch (error) {
      const { statusCode, headers } = error as { statusCode?: number; headers?: Headers };
      if (statusCode !== 429 || tries >= MAX_TRIES) throw error;
      await sleep(Number(headers?.get('retry-after') ?? '1') * 1000);
    }
  }
}

/** Runs the article's sequence against `target` and measures it. */
export async function runBaseline(
  client: Client,
  simulator: RunningSimulator,
  target: BenchTarget,
  options: BaselineOptions = {},
): Promise<Measurement> {
  const problems: string[] = [];
  const send = <T>(call: () => Promise<T>): Promise<T> =>
    options.honourRetryAfter ? withRetryAfter(call) : call();
  const attempt = async (what: string, call: () => Promise<unknown>): Promise<unknown> => {
    try {
      return await send(call);
    } catch (error) {
      problems.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };
  const lookUpStart = simulator.roundTrips;
  const user = (await attempt('look up', () =>
    client
      .api(`/users/${encodeURIComponent(target.upn)}`)
      .select(['id', 'accountEnabled'])
      .get(),
  )) as { id?: string } | undefined;
  const id = user?.id ?? target.id;
  options.onApproval?.();
  const approvedAt = simulator.roundTrips;
  const logFrom = simulator.requests.length;
  const started = performance.now();
  await attempt('disable', () => client.api(`/users/${id}`).patch({ accountEnabled: false }));
  await attempt('reset password', () =>
    client.api(`/users/${id}`).patch({
      passwordProfile: { password: generatePassword(), forceChangePasswordNextSignIn: true },
    }),
  );
  await attempt('revoke', () => client.api(`/users/${id}/revokeSignInSessions`).post({}));
  const containMs = since(started);
  const containRoundTrips = simulator.roundTrips - approvedAt;
  const deviceIds: string[] = [];
  let next: string | undefined = `/users/${id}/registeredDevices?$select=id`;
  for (let page = 0; next && page < 100; page++) {
    const url: string = next;
    const body = (await attempt('list devices', () => client.api(url).get())) as Page | undefined;
    deviceIds.push(...(body?.value ?? []).map((device) => device.id));
    next = body?.['@odata.nextLink'];
  }
  for (const deviceId of deviceIds) {
    await attempt(`disable device ${deviceId}`, () =>
      client.api(`/devices/${deviceId}`).patch({ accountEnabled: false }),
    );
  }
  if (deviceIds.length !== target.devices) {
    problems.push(`listed ${deviceIds.length} of ${target.devices} devices`);
  }
  if (target.options.length > 0) {
    await removeFoothold(client, id, target, { attempt, send }, problems);
  }
  return {
    lookUpRoundTrips: approvedAt - lookUpStart,
    containRoundTrips,
    totalRoundTrips: simulator.roundTrips - approvedAt,
    containMs,
    completeMs: since(started),
    completed: problems.length === 0,
    problems,
    requests: simulator.requests.slice(logFrom),
  };
}

/** The options of `--all`, one request at a time; what did not go is added to `problems`. */
async function removeFoothold(
  client: Client,
  id: string,
  target: BenchTarget,
  { attempt, send }: { readonly attempt: Attempt; readonly send: Send },
  problems: string[],
): Promise<void> {
  const list = async (what: string, path: string) =>
    ((await attempt(what, () => client.api(path).get())) as ItemList | undefined)?.value ?? [];
  // The password method cannot be deleted; the default one only once it is the last.
  const methods = (await list('list methods', `/users/${id}/authentication/methods`)).filter(
    (method) => method['@odata.type'] !== '#microsoft.graph.passwordAuthenticationMethod',
  );
  const refused: typeof methods = [];
  const deleteMethod = (method: (typeof methods)[number]) => {
    const type = /^#microsoft\.graph\.(\w+)AuthenticationMethod$/.exec(method['@odata.type'] ?? '');
    return client
      .api(`/users/${id}/authentication/${type?.[1] ?? 'unknown'}Methods/${method.id}`)
      .delete();
  };
  for (const method of methods) {
    try {
      await send(() => deleteMethod(method));
    } catch (error) {
      // 400: the default method, while others remain; anything else is lost, as elsewhere here.
      if ((error as { statusCode?: number }).statusCode === 400) refused.push(method);
      else problems.push(`delete method ${method.id}: ${(error as Error).message}`);
    }
  }
  for (const method of refused) {
    await attempt(`delete method ${method.id}`, () => deleteMethod(method));
  }
  const rules = await list('list rules', `/users/${id}/mailFolders/inbox/messageRules`);
  for (const rule of rules.filter((r) => r.isEnabled !== false)) {
    await attempt(`disable rule ${rule.id}`, () =>
      client
        .api(`/users/${id}/mailFolders/inbox/messageRules/${rule.id}`)
        .patch({ isEnabled: false }),
    );
  }
  const grants = await list('list consents', `/users/${id}/oauth2PermissionGrants`);
  for (const grant of grants) {
    await attempt(`revoke consent ${grant.id}`, () =>
      client.api(`/oauth2PermissionGrants/${grant.id}`).delete(),
    );
  }
  await attempt('confirm compromised', () =>
    client.api('/identityProtection/riskyUsers/confirmCompromised').post({ userIds: [id] }),
  );
  const expected = target.foothold;
  if (expected) {
    const counts = [
      ['methods', methods.length, expected.methods],
      ['rules', rules.length, expected.rules],
      ['consents', grants.length, expected.consents],
    ] as const;
    for (const [what, listed, seeded] of counts) {
      if (listed !== seeded) problems.push(`listed ${listed} of ${seeded} ${what}`);
    }
  }
}
