/**
 * How the options' requests are grouped (scripted Graph, real SDK): writes asked for at the same
 * moment share their `$batch`es, each caller getting its own results; the account chain reads
 * the options' lists for a lockdown, never for an unlock, and only those asked for.
 */
import assert from 'node:assert/strict';
import { chainItems } from '../../src/directory/account-operations';
import {
  ACCOUNT_OPERATIONS,
  json,
  okBatch,
  scriptedDirectory,
  sub,
  subRequests,
  type SeenRequest,
  USER,
} from './fixtures/scripted-graph';

/** Answers every sub-request 204, but 403 for those whose URL matches `refused`. */
function writes(refused: RegExp) {
  return (request: SeenRequest) =>
    json(200, {
      responses: subRequests(request).map((r) =>
        refused.test(r.url)
          ? sub(r.id, 403, {
              error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges.' },
            })
          : sub(r.id, 204),
      ),
    });
}

describe('the writes of calls made together share their batches', () => {
  it('devices and every option asked for at once: one $batch, each caller its own results', async () => {
    const { directory, requests } = scriptedDirectory(writes(/oauth2PermissionGrants\/g2$/));
    const [devices, methods, rules, grants, risk] = await Promise.all([
      directory.disableDevices(['d1', 'd2']),
      directory.deleteAuthMethods(USER, [
        { id: 'p', type: 'password', display: 'Password' },
        { id: 'm1', type: 'fido2', display: 'Key' },
      ]),
      directory.disableMailRules(USER, ['r1']),
      directory.revokeConsents(['g1', 'g2']),
      directory.confirmCompromised(USER),
    ]);
    assert.equal(requests.length, 1, 'one $batch');
    assert.deepEqual(
      subRequests(requests[0]!).map((r) => `${r.method} ${r.url}`),
      [
        'PATCH /devices/d1',
        'PATCH /devices/d2',
        'DELETE /users/u1/authentication/fido2Methods/m1',
        'PATCH /users/u1/mailFolders/inbox/messageRules/r1',
        'DELETE /oauth2PermissionGrants/g1',
        'DELETE /oauth2PermissionGrants/g2',
        'POST /identityProtection/riskyUsers/confirmCompromised',
      ],
    );
    assert.deepEqual(
      devices.map((r) => r.ok),
      [true, true],
    );
    assert.deepEqual(
      methods.map((r) => (r.ok ? 'ok' : r.failure.code)),
      ['PasswordMethodKept', 'ok'],
    );
    assert.ok(rules[0]?.ok && risk.ok);
    assert.deepEqual(
      grants.map((r) => (r.ok ? 'ok' : `${r.failure.status} ${r.failure.code}`)),
      ['ok', '403 Authorization_RequestDenied'],
    );
  });

  it('25 writes at once: two batches (20 and 5); calls one after the other: a batch each', async () => {
    const { directory, requests } = scriptedDirectory(writes(/^$/));
    const ids = Array.from({ length: 20 }, (_, i) => `d${i}`);
    await Promise.all([
      directory.disableDevices(ids),
      directory.revokeConsents(['g1', 'g2', 'g3', 'g4', 'g5']),
    ]);
    assert.deepEqual(
      requests.map((r) => subRequests(r).length),
      [20, 5],
    );
    requests.length = 0;
    await directory.disableMailRules(USER, ['r1']);
    await directory.confirmCompromised(USER);
    assert.equal(requests.length, 2);
  });
});

describe('the account chain reads what the options act on', () => {
  const READS = [
    '/users/u1/authentication/methods',
    '/users/u1/oauth2PermissionGrants',
    '/users/u1/mailFolders/inbox/messageRules',
    '/organization?$select=verifiedDomains',
  ];
  const urlsOf = (items: ReturnType<typeof chainItems>) =>
    items.filter((item) => item.optional).map((item) => item.request.url);

  it("a lockdown's chain reads every list (either mode); an unlock's none", () => {
    assert.deepEqual(urlsOf(chainItems(USER, ACCOUNT_OPERATIONS)).slice(2), READS);
    const keepEnabled = ACCOUNT_OPERATIONS.slice(1);
    assert.deepEqual(urlsOf(chainItems(USER, keepEnabled)).slice(1), READS);
    assert.deepEqual(urlsOf(chainItems(USER, [{ kind: 'enable-account' }])), [
      '/users/u1?$select=accountEnabled,signInSessionsValidFromDateTime',
      '/users/u1/registeredDevices/microsoft.graph.device?$select=id,displayName,operatingSystem,accountEnabled',
    ]);
  });

  it('only the lists asked for; a list it read is used once, then Graph is asked', async () => {
    const methods = {
      value: [{ '@odata.type': '#microsoft.graph.fido2AuthenticationMethod', id: 'm1' }],
    };
    const { directory, requests } = scriptedDirectory((request) =>
      request.url === '/$batch'
        ? okBatch(request, { '/users/u1/authentication/methods': methods })
        : json(200, methods),
    );
    await directory.runAccountOperations(USER, ACCOUNT_OPERATIONS, ['methods']);
    assert.deepEqual(
      subRequests(requests[0]!)
        .slice(5)
        .map((r) => r.url),
      ['/users/u1/authentication/methods'],
    );
    assert.deepEqual(await directory.listAuthMethods(USER), [
      { id: 'm1', type: 'fido2', display: 'Security key (FIDO2)' },
    ]);
    assert.equal(requests.length, 1, 'from the chain');
    await directory.listAuthMethods(USER);
    assert.equal(requests.length, 2, 'taken once');
    await directory.runAccountOperations(USER, ACCOUNT_OPERATIONS, []);
    assert.equal(subRequests(requests[2]!).length, 5, 'the writes, the read-back, the devices');
  });
});
