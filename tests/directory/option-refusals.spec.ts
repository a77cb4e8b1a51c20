/**
 * The containment options' refusals are failed results, one per item, never a throw: 403 per
 * missing write permission (and without the role that covers sign-in methods), over the
 * simulator with the real SDK and credential. And, with a scripted Graph, a DELETE whose answer
 * was lost and that finds its target gone when sent again counts as done.
 */
import assert from 'node:assert/strict';
import type { OperationResult } from '../../src/lockdown/directory';
import type { AuthMethod } from '../../src/lockdown/foothold';
import {
  APP_WITHOUT_AUTH_ROLE,
  APPS_LACKING_WRITE,
  type OptionApp,
} from './fixtures/option-targets';
import {
  json,
  resetError,
  scriptedDirectory,
  sub,
  subRequests,
  type SeenRequest,
} from './fixtures/scripted-graph';
import { idOf, TARGETS } from './fixtures/tenant';
import { type Harness, startHarness } from './harness';

const POLICY = { maxAttempts: 4, maxWaitMs: 3_000, baseDelayMs: 50, maxBackoffMs: 200 };
const REFUSED =
  '403 Authorization_RequestDenied Insufficient privileges to complete the operation.';

function refusal(result: OperationResult | undefined): string {
  assert.ok(result && !result.ok, `expected a failure, got ${JSON.stringify(result)}`);
  return `${result.failure.status} ${result.failure.code} ${result.failure.message}`;
}

/** One write of an option, by the permission it needs, and what stays as it was. */
const WRITES: Readonly<
  Record<keyof typeof APPS_LACKING_WRITE, (harness: Harness, user: string) => Promise<void>>
> = {
  'UserAuthenticationMethod.ReadWrite.All': async (harness, user) => {
    const methods = (await harness.call('listAuthMethods', user)).slice(1);
    const results = await harness.call('deleteAuthMethods', user, methods);
    assert.deepEqual(results.map(refusal), [REFUSED]);
    assert.equal((await harness.call('listAuthMethods', user)).length, 2);
  },
  'MailboxSettings.ReadWrite': async (harness, user) => {
    const rules = await harness.call('listMailRules', user);
    const results = await harness.call(
      'disableMailRules',
      user,
      rules.map((r) => r.id),
    );
    assert.deepEqual(results.map(refusal), [REFUSED]);
    assert.ok((await harness.call('listMailRules', user)).every((r) => r.enabled));
  },
  'DelegatedPermissionGrant.ReadWrite.All': async (harness, user) => {
    const grants = await harness.call('listConsents', user);
    const results = await harness.call(
      'revokeConsents',
      grants.map((g) => g.id),
    );
    assert.deepEqual(results.map(refusal), [REFUSED]);
    assert.equal((await harness.call('listConsents', user)).length, 1);
  },
  'IdentityRiskyUser.ReadWrite.All': async (harness, user) => {
    assert.equal(refusal(await harness.call('confirmCompromised', user)), REFUSED);
    assert.equal(harness.simulator.tenant.user(user)?.riskState, 'none');
  },
};

describe('an option whose write permission (or role) is missing fails per item with 403', function () {
  this.timeout(120_000);
  const user = idOf(TARGETS.refused);

  async function withApp(app: OptionApp, run: (harness: Harness) => Promise<void>) {
    const harness = await startHarness({ retryPolicy: POLICY }, 20, app);
    try {
      await run(harness);
    } finally {
      await harness.stop();
    }
  }

  for (const [lacking, write] of Object.entries(WRITES)) {
    it(`without ${lacking}`, () =>
      withApp(APPS_LACKING_WRITE[lacking as keyof typeof APPS_LACKING_WRITE], (harness) =>
        write(harness, user),
      ));
  }

  it('without an Authentication Administrator role, no sign-in method can be removed', () =>
    withApp(APP_WITHOUT_AUTH_ROLE, async (harness) => {
      await WRITES['UserAuthenticationMethod.ReadWrite.All'](harness, user);
      // The other options need no role.
      const grants = await harness.call('listConsents', user);
      const results = await harness.call(
        'revokeConsents',
        grants.map((g) => g.id),
      );
      assert.ok(results.every((r) => r.ok));
    }));
});

describe('a DELETE sent again after a lost answer', () => {
  const METHOD: AuthMethod = { id: 'm1', type: 'fido2', display: 'YubiKey' };

  /** Resets the first `$batch`; answers every later sub-request with `status`. */
  function lostThen(status: number) {
    let calls = 0;
    return (request: SeenRequest) => {
      if (++calls === 1) return Promise.reject(resetError());
      const body =
        status === 404 ? { error: { code: 'itemNotFound', message: 'Gone.' } } : undefined;
      return json(200, { responses: subRequests(request).map((r) => sub(r.id, status, body)) });
    };
  }

  it('finds the method gone (404): the first try deleted it, so it is done', async () => {
    const { directory, requests } = scriptedDirectory(lostThen(404));
    const [result] = await directory.deleteAuthMethods('u1', [METHOD]);
    assert.deepEqual(result, { ok: true, receipt: { requestId: 'rid-1', networkRetries: 1 } });
    assert.equal(requests.length, 2);
    assert.equal(subRequests(requests[1]!)[0]?.url, '/users/u1/authentication/fido2Methods/m1');
  });

  it('a 404 without a lost answer before it is still a failure', async () => {
    const { directory } = scriptedDirectory((request) =>
      json(200, {
        responses: subRequests(request).map((r) =>
          sub(r.id, 404, { error: { code: 'Request_ResourceNotFound', message: 'Gone.' } }),
        ),
      }),
    );
    const [result] = await directory.revokeConsents(['g1']);
    assert.equal(refusal(result), '404 Request_ResourceNotFound Gone.');
  });

  it('a PATCH is never taken for done on a 404', async () => {
    const { directory } = scriptedDirectory(lostThen(404));
    const [result] = await directory.disableMailRules('u1', ['r1']);
    assert.equal(refusal(result), '404 itemNotFound Gone.');
  });
});
