/**
 * The containment options (issue 11) through GraphDirectory against the Graph simulator, with the
 * real SDK and credential over TLS: every sign-in method but the password removed (the default
 * one refused while the rest go), inbox rules disabled and not deleted, grants deleted, the user
 * confirmed compromised; refusals as failed results; a network fault retried (the round trips
 * of a full lockdown with every option: option-round-trips.spec.ts).
 */
import assert from 'node:assert/strict';
import { DirectoryError, type OperationResult } from '../../src/lockdown/directory';
import { APP_WITH_OPTIONS } from './fixtures/option-targets';
import { idOf, TARGETS } from './fixtures/tenant';
import { type Harness, startHarness } from './harness';

const POLICY = { maxAttempts: 4, maxWaitMs: 3_000, baseDelayMs: 50, maxBackoffMs: 200 };
const GRAPH_DEFAULT_REFUSAL =
  'Cannot delete default method with other methods configured. Please change default method before deletion.';

function failureOf(result: OperationResult | undefined) {
  assert.ok(result && !result.ok, `expected a failure, got ${JSON.stringify(result)}`);
  return result.failure;
}

function assertAllOk(results: readonly OperationResult[]): void {
  for (const result of results) {
    assert.ok(result.ok, JSON.stringify(result));
    assert.match(result.receipt.requestId ?? '', /^[0-9a-f-]{36}$/);
  }
}

describe('containment options over the Graph simulator (real SDK, real credential, TLS)', function () {
  this.timeout(60_000);
  let harness: Harness;
  const sim = () => harness.simulator;

  before(async () => {
    harness = await startHarness({ retryPolicy: POLICY }, 20, APP_WITH_OPTIONS);
    await harness.call('findUser', TARGETS.unavailable.upn); // the token, as the look-up gets it
  });
  after(async () => {
    await harness?.stop();
  });
  beforeEach(() => {
    sim().setLatency(0);
    sim().clearFaults();
    sim().resetRecording();
  });

  /** The sub-requests of the `$batch`es, in arrival order. */
  const items = () => sim().requests.filter((r) => r.batchId !== undefined);

  it('removes every method but the password; the default is refused while the rest go', async () => {
    const user = idOf(TARGETS.methods);
    const methods = await harness.call('listAuthMethods', user);
    assert.deepEqual(
      methods.map((m) => m.type),
      ['password', 'phone', 'microsoftAuthenticator', 'fido2', 'email', 'softwareOath'],
    );
    sim().resetRecording();
    // The password too, as a careless caller might: the adapter refuses it without sending it.
    const results = await harness.call('deleteAuthMethods', user, methods);
    assert.equal(results.length, 6);
    assert.deepEqual(failureOf(results[0]), {
      status: 0,
      code: 'PasswordMethodKept',
      message:
        'Not sent: the password method is never deleted (the lockdown replaces the password instead).',
    });
    const refused = failureOf(results[1]);
    assert.deepEqual(
      [refused.status, refused.code, refused.message],
      [400, 'badRequest', GRAPH_DEFAULT_REFUSAL],
    );
    assert.match(refused.requestId ?? '', /^[0-9a-f-]{36}$/);
    assertAllOk(results.slice(2));
    assert.equal(sim().roundTrips, 1, 'one $batch');
    assert.deepEqual(
      items().map((r) => `${r.method} ${r.path.split('/').slice(3, 5).join('/')}`),
      [
        `DELETE authentication/phoneMethods`,
        `DELETE authentication/microsoftAuthenticatorMethods`,
        `DELETE authentication/fido2Methods`,
        `DELETE authentication/emailMethods`,
        `DELETE authentication/softwareOathMethods`,
      ],
    );
    const left = await harness.call('listAuthMethods', user);
    assert.deepEqual(
      left.map((m) => m.type),
      ['password', 'phone'],
    );
    // Alone now, the default may go.
    assertAllOk(await harness.call('deleteAuthMethods', user, left.slice(1)));
    assert.deepEqual(
      (await harness.call('listAuthMethods', user)).map((m) => m.type),
      ['password'],
    );
  });

  it("an administrator's methods need a Privileged Authentication Administrator: 403 each", async () => {
    const user = idOf(TARGETS.methodsAdmin);
    const methods = (await harness.call('listAuthMethods', user)).slice(1);
    const results = await harness.call('deleteAuthMethods', user, methods);
    assert.deepEqual(
      results.map((r) => `${failureOf(r).status} ${failureOf(r).code}`),
      ['403 Authorization_RequestDenied', '403 Authorization_RequestDenied'],
    );
    assert.equal((await harness.call('listAuthMethods', user)).length, 3, 'nothing removed');
  });

  it('disables the rules that forward, redirect or delete (never deletes them)', async () => {
    const user = idOf(TARGETS.rules);
    const rules = await harness.call('listMailRules', user);
    assert.deepEqual(
      rules.map((r) => [r.name, r.enabled, r.actions, r.destinations]),
      [
        ['Invoices', true, ['forward'], [{ address: 'drop@evil.example', external: true }]],
        ['Colleague', true, ['redirect'], [{ address: 'ann@contoso.com', external: false }]],
        ['Purge', true, ['delete'], []],
      ],
      'the look-up\'s filter and shapes; "Flag" (mark as read only) is not listed',
    );
    sim().resetRecording();
    const results = await harness.call(
      'disableMailRules',
      user,
      rules.map((r) => r.id),
    );
    assertAllOk(results);
    assert.deepEqual(
      items().map((r) => [r.method, r.path, r.body]),
      rules.map((r) => [
        'PATCH',
        `/users/${user}/mailFolders/inbox/messageRules/${r.id}`,
        { isEnabled: false },
      ]),
      'an id with "/" (base64) is one path segment',
    );
    const after = await harness.call('listMailRules', user);
    assert.deepEqual(
      after.map((r) => [r.name, r.enabled]),
      [
        ['Invoices', false],
        ['Colleague', false],
        ['Purge', false],
      ],
      'still there, disabled',
    );
  });

  it("a user without a mailbox: listing the rules throws Exchange's refusal", async () => {
    const error = await harness.call('listMailRules', idOf(TARGETS.noMailbox)).then(
      () => assert.fail('expected a DirectoryError'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof DirectoryError);
    assert.deepEqual(
      [error.failure.status, error.failure.code],
      [404, 'MailboxNotEnabledForRESTAPI'],
    );
  });

  it('deletes the delegated grants; one already gone is a failed result', async () => {
    const user = idOf(TARGETS.consents);
    const grants = await harness.call('listConsents', user);
    assert.deepEqual(
      grants.map((g) => [g.id, g.scopes]),
      [
        ['grant-cody-1', ['Mail.Read', 'offline_access']],
        ['grant-cody-2', ['Mail.Read', 'offline_access']],
      ],
    );
    assertAllOk(
      await harness.call(
        'revokeConsents',
        grants.map((g) => g.id),
      ),
    );
    assert.deepEqual(await harness.call('listConsents', user), []);
    const again = await harness.call('revokeConsents', ['grant-cody-1']);
    assert.deepEqual(
      [failureOf(again[0]).status, failureOf(again[0]).code],
      [404, 'Request_ResourceNotFound'],
    );
  });

  it('confirms the user compromised: high risk, confirmedCompromised', async () => {
    const user = idOf(TARGETS.compromised);
    const result = await harness.call('confirmCompromised', user);
    assertAllOk([result]);
    assert.deepEqual(
      items().map((r) => [r.method, r.path, r.body]),
      [['POST', '/identityProtection/riskyUsers/confirmCompromised', { userIds: [user] }]],
    );
    assert.equal(sim().tenant.user(user)?.riskState, 'confirmedCompromised');
    const found = await harness.call('findUser', TARGETS.compromised.upn);
    assert.deepEqual(found?.foothold?.risk, {
      items: [{ level: 'high', state: 'confirmedCompromised' }],
    });
  });

  it('sends nothing for nothing to do', async () => {
    const user = idOf(TARGETS.refused);
    assert.deepEqual(await harness.call('deleteAuthMethods', user, []), []);
    assert.deepEqual(await harness.call('disableMailRules', user, []), []);
    assert.deepEqual(await harness.call('revokeConsents', []), []);
    assert.equal(sim().roundTrips, 0);
  });

  it('a reset $batch is sent again; a throttled item waits its Retry-After', async () => {
    const user = idOf(TARGETS.faults);
    const methods = (await harness.call('listAuthMethods', user)).slice(1);
    sim().resetRecording();
    sim().inject({ effect: 'reset', method: 'POST', path: /^\/\$batch$/, times: 1 });
    sim().inject({
      method: 'DELETE',
      path: new RegExp(`/fido2Methods/${methods[1]!.id}$`),
      status: 429,
      retryAfterSeconds: 0,
      times: 1,
      scope: 'batch-item',
    });
    const results = await harness.call('deleteAuthMethods', user, methods);
    assertAllOk(results);
    assert.deepEqual(
      results.map((r) => r.ok && r.receipt.networkRetries),
      [1, 1],
    );
    assert.equal(sim().roundTrips, 3, 'reset, then both (one throttled), then the throttled one');
    assert.equal((await harness.call('listAuthMethods', user)).length, 1, 'the password only');
  });
});
