/**
 * The containment options' other writes in the simulator (issue 11): inbox rules disabled (never
 * deleted), grants deleted, users confirmed compromised (Entra ID P2); 403 per missing
 * permission; every write recorded, inside a `$batch` too.
 */
import assert from 'node:assert/strict';
import type { RunningSimulator } from '../../src/simulator';
import { startSimulator } from '../../src/simulator';
import { ADELE_FOOTHOLD } from './foothold-fixture';
import { TestClient, testCertificates, USERS } from './helpers';
import { DENIED, errorOf as error, WRITER, writerTokens, writesSeed } from './writes-fixture';

describe('simulator: inbox rules, grants and risk written (issue 11)', () => {
  let sim: RunningSimulator;
  let client: TestClient;
  let tokens: Record<string, string>;

  before(async () => {
    sim = await startSimulator({ seed: writesSeed(), tls: testCertificates() });
    client = new TestClient(sim.origin);
    tokens = await writerTokens(client);
  });
  after(async () => {
    client.close();
    await sim.close();
  });

  const send = (method: string, path: string, as = 'WRITER', body?: unknown) =>
    client.send(method, `/v1.0${path}`, { token: tokens[as], ...(body ? { body } : {}) });

  describe('PATCH /users/{id}/mailFolders/inbox/messageRules/{id}', () => {
    const rules = `/users/${USERS.adele.id}/mailFolders/inbox/messageRules`;
    const [invoices] = ADELE_FOOTHOLD.messageRules.map((r) => r.id) as [string];

    it('needs MailboxSettings.ReadWrite; disables the rule and keeps it', async () => {
      const path = `${rules}/${encodeURIComponent(invoices)}`;
      assert.equal(error(await send('PATCH', path, 'FOOTHOLD_APP', { isEnabled: false })), DENIED);
      const patched = await send('PATCH', path, 'WRITER', { isEnabled: false });
      assert.equal(patched.status, 200);
      assert.equal(patched.body.isEnabled, false);
      assert.equal(patched.body.displayName, 'Invoices');
      const listed = await send('GET', rules, 'FOOTHOLD_APP');
      assert.deepEqual(
        listed.body.value.map((r: { id: string; isEnabled: boolean }) => [r.id, r.isEnabled]),
        [
          [invoices, false],
          [ADELE_FOOTHOLD.messageRules[1].id, true],
        ],
      );
    });

    it('refuses what it does not model, an unknown rule, another folder, a user without a mailbox', async () => {
      const path = `${rules}/${encodeURIComponent(invoices)}`;
      assert.match(
        error(await send('PATCH', path, 'WRITER', { displayName: 'x' })),
        /^400 BadRequest .*'displayName'/,
      );
      assert.match(
        error(await send('PATCH', path, 'WRITER', { isEnabled: 'no' })),
        /^400 RequestBodyRead/,
      );
      assert.match(
        error(await send('PATCH', `${rules}/nope`, 'WRITER', { isEnabled: false })),
        /^404 ErrorItemNotFound/,
      );
      const sent = `/users/${USERS.adele.id}/mailFolders/sentitems/messageRules/${encodeURIComponent(invoices)}`;
      assert.equal((await send('PATCH', sent, 'WRITER', { isEnabled: false })).status, 404);
      const fred = `/users/${USERS.federated.id}/mailFolders/inbox/messageRules/x`;
      assert.match(
        error(await send('PATCH', fred, 'WRITER', { isEnabled: false })),
        /^404 MailboxNotEnabledForRESTAPI/,
      );
    });
  });

  describe('DELETE /oauth2PermissionGrants/{id}', () => {
    it('needs DelegatedPermissionGrant.ReadWrite.All (or Directory.ReadWrite.All); the grant is gone', async () => {
      assert.equal(
        error(await send('DELETE', '/oauth2PermissionGrants/grant-adele-1', 'FOOTHOLD_APP')),
        DENIED,
      );
      assert.equal((await send('DELETE', '/oauth2PermissionGrants/grant-adele-1')).status, 204);
      const mine = await send(
        'GET',
        `/users/${USERS.adele.id}/oauth2PermissionGrants`,
        'FOOTHOLD_APP',
      );
      assert.deepEqual(mine.body.value, []);
      const all = await send('GET', '/oauth2PermissionGrants', 'FOOTHOLD_APP');
      assert.deepEqual(all.body.value, []);
      assert.equal(
        error(await send('DELETE', '/oauth2PermissionGrants/grant-adele-1', 'DIRECTORY_WRITER')),
        "404 Request_ResourceNotFound Resource 'grant-adele-1' does not exist or one of its queried reference-property objects are not present.",
      );
    });
  });

  describe('POST /identityProtection/riskyUsers/confirmCompromised', () => {
    const confirm = (as: string) =>
      send('POST', '/identityProtection/riskyUsers/confirmCompromised', as, {
        userIds: [USERS.adele.id],
      });

    it('needs IdentityRiskyUser.ReadWrite.All; the user is high risk, confirmed compromised', async () => {
      assert.equal(error(await confirm('FOOTHOLD_APP')), DENIED);
      assert.equal((await confirm('WRITER')).status, 204);
      const risky = await send(
        'GET',
        `/identityProtection/riskyUsers/${USERS.adele.id}`,
        'FOOTHOLD_APP',
      );
      assert.deepEqual(
        [risky.body.riskLevel, risky.body.riskState, risky.body.riskDetail],
        ['high', 'confirmedCompromised', 'adminConfirmedUserCompromised'],
      );
    });

    it('needs Microsoft Entra ID P2', async () => {
      const p1 = await startSimulator({
        seed: writesSeed({ entraIdP1: true, entraIdP2: false }),
        tls: testCertificates(),
      });
      const other = new TestClient(p1.origin);
      try {
        const response = await other.send(
          'POST',
          '/v1.0/identityProtection/riskyUsers/confirmCompromised',
          {
            token: await other.token(WRITER),
            body: { userIds: [USERS.adele.id] },
          },
        );
        assert.equal(
          error(response),
          '403 Forbidden Your tenant is not licensed for this feature.',
        );
        assert.equal(p1.tenant.user(USERS.adele.id)?.riskState, 'none');
      } finally {
        other.close();
        await p1.close();
      }
    });
  });

  describe('recording', () => {
    it('every write is recorded, inside a $batch too, with its status', async () => {
      sim.resetRecording();
      const batch = await send('POST', '/$batch', 'WRITER', {
        requests: [
          {
            id: '1',
            method: 'DELETE',
            url: `/users/${USERS.many.id}/authentication/fido2Methods/x`,
          },
          {
            id: '2',
            method: 'PATCH',
            url: `/users/${USERS.adele.id}/mailFolders/inbox/messageRules/${encodeURIComponent(ADELE_FOOTHOLD.messageRules[1].id)}`,
            headers: { 'Content-Type': 'application/json' },
            body: { isEnabled: false },
          },
          { id: '3', method: 'DELETE', url: '/oauth2PermissionGrants/unknown' },
          {
            id: '4',
            method: 'POST',
            url: '/identityProtection/riskyUsers/confirmCompromised',
            headers: { 'Content-Type': 'application/json' },
            body: { userIds: [USERS.many.id] },
          },
        ],
      });
      assert.equal(batch.status, 200);
      assert.equal(sim.roundTrips, 1);
      assert.deepEqual(
        sim.requests.map(
          (r) => `${r.method} ${r.path.split('/').slice(0, 3).join('/')} ${r.status}`,
        ),
        [
          'POST /$batch 200',
          `DELETE /users/${USERS.many.id} 404`,
          `PATCH /users/${USERS.adele.id} 200`,
          'DELETE /oauth2PermissionGrants/unknown 404',
          'POST /identityProtection/riskyUsers 204',
        ],
      );
      assert.equal(sim.tenant.user(USERS.many.id)?.riskState, 'confirmedCompromised');
    });
  });
});
