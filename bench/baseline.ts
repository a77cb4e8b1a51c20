/**
 * The article's order, written honestly as the baseline: the same Graph SDK client (auth, token
 * cache and its default retry handler), one request at a time: look up, disable, reset the
 * password, revoke, list the devices (every page), then one PATCH per device.
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
