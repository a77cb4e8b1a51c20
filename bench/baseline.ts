/**
 * The article's order, written honestly as the baseline: the same Graph SDK client (auth, token
 * cache; like the bot's, it has no SDK retry handler, so a throttled request is lost here), one
 * request at a time: look up, disable, reset the password, revoke, list the devices (every page),
 * then one PATCH per device. For an `--all` target, the options the same way after that: list
 * the sign-in methods and delete each but the password (the one Graph refuses while others
 * remain, the default, once more at the end), list the inbox rules and disable each, list the
 * delegated grants and delete each, then confirm the user compromised.
 */
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

/** Runs the article's sequence against `target` and measures it. */
export async function runBaseline(
  client: Client,
  simulator: RunningSimulator,
  target: BenchTarget,
): Promise<Measurement> {
  const problems: string[] = [];
  const attempt = async (what: string, call: () => Promise<unknown>): Promise<unknown> => {
    try {
      return await call();
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
  const approvedAt = simulator.roundTrips;
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
  if (target.options.length > 0) await removeFoothold(client, id, target, attempt, problems);
  return {
    lookUpRoundTrips: approvedAt - lookUpStart,
    containRoundTrips,
    totalRoundTrips: simulator.roundTrips - approvedAt,
    containMs,
    completeMs: since(started),
    completed: problems.length === 0,
    problems,
  };
}

/** The options of `--all`, one request at a time; what did not go is added to `problems`. */
async function removeFoothold(
  client: Client,
  id: string,
  target: BenchTarget,
  attempt: Attempt,
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
      await deleteMethod(method);
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
