import assert from 'node:assert/strict';
import type { RunningSimulator } from '../../src/simulator';
import { APPS, GROUPS, startTestSimulator, TestClient, USERS } from './helpers';

const STRONG = 'N3w-Passw0rd!';

describe('simulator /users', () => {
  let sim: RunningSimulator;
  let client: TestClient;
  let token: string;
  let readerToken: string;
  let privilegedToken: string;

  before(async () => {
    sim = await startTestSimulator();
    client = new TestClient(sim.origin);
    [token, readerToken, privilegedToken] = await Promise.all([
      client.token(APPS.bot),
      client.token(APPS.reader),
      client.token(APPS.privileged),
    ]);
  });
  after(async () => {
    client.close();
    await sim.close();
  });

  const get = (path: string, as = token) => client.send('GET', `/v1.0${path}`, { token: as });
  const patch = (path: string, body: unknown, as = token) =>
    client.send('PATCH', `/v1.0${path}`, { token: as, body });

  describe('GET /users/{id | upn}', () => {
    it('finds a user by id and by UPN, in any case, with the default property set', async () => {
      const byId = await get(`/users/${USERS.adele.id}`);
      assert.equal(byId.status, 200);
      assert.equal(byId.body['@odata.context'], `${sim.origin}/v1.0/$metadata#users/$entity`);
      assert.equal(byId.body.userPrincipalName, USERS.adele.upn);
      assert.equal(byId.body.jobTitle, 'Retail Manager');
      assert.ok(!('accountEnabled' in byId.body), 'accountEnabled only with $select, as in Graph');
      const byUpn = await get('/users/ADELE@Contoso.com');
      assert.equal(byUpn.body.id, USERS.adele.id);
      assert.match(String(byUpn.headers['content-type']), /^application\/json/);
      assert.match(String(byUpn.headers['request-id']), /^[0-9a-f-]{36}$/);
    });

    it('finds a guest by its percent-encoded #EXT# UPN', async () => {
      const { status, body } = await get(
        `/users/${encodeURIComponent(USERS.guest.upn)}?$select=id,userType`,
      );
      assert.equal(status, 200);
      assert.deepEqual(body, {
        '@odata.context': `${sim.origin}/v1.0/$metadata#users(id,userType)/$entity`,
        id: USERS.guest.id,
        userType: 'Guest',
      });
      const raw = await get(`/users/${USERS.guest.upn}`);
      assert.equal(raw.status, 404, 'an unencoded # starts a URL fragment');
    });

    it('honours $select, including accountEnabled and sign-in properties', async () => {
      const { body } = await get(
        `/users/${USERS.synced.id}?$select=id,accountEnabled,onPremisesSyncEnabled,signInSessionsValidFromDateTime,createdDateTime,department`,
      );
      assert.equal(body.accountEnabled, true);
      assert.equal(body.onPremisesSyncEnabled, true);
      assert.equal(body.department, null);
      assert.equal(body.createdDateTime, '2020-01-01T00:00:00Z');
      const filter = await get(
        `/users/${USERS.adele.id}/registeredDevices?$filter=accountEnabled eq true`,
      );
      assert.equal(filter.status, 400);
      assert.match(filter.body.error.message, /^Query option '\$filter' is not supported/);
      const bad = await get(`/users/${USERS.adele.id}?$select=id,shoeSize`);
      assert.equal(bad.status, 400);
      assert.equal(
        bad.body.error.message,
        "Could not find a property named 'shoeSize' on type 'microsoft.graph.user'.",
      );
    });

    it('answers 404 Request_ResourceNotFound in Graph error shape', async () => {
      const { status, body, headers } = await get('/users/nobody@contoso.com');
      assert.equal(status, 404);
      assert.equal(body.error.code, 'Request_ResourceNotFound');
      assert.equal(
        body.error.message,
        "Resource 'nobody@contoso.com' does not exist or one of its queried reference-property objects are not present.",
      );
      assert.equal(body.error.innerError['request-id'], headers['request-id']);
    });

    it('answers 400 for malformed or unknown paths, 405 for a wrong method', async () => {
      assert.equal((await get(`/users//registeredDevices`)).status, 400);
      assert.equal((await get('/users/%E0%A4%A')).status, 400);
      const unknown = await get(`/users/${USERS.adele.id}/contacts`);
      assert.equal(unknown.status, 400);
      assert.equal(unknown.body.error.code, 'BadRequest');
      assert.equal(unknown.body.error.message, "Resource not found for the segment 'contacts'.");
      const beta = await client.send('GET', `/beta/users/${USERS.adele.id}`, { token });
      assert.equal(beta.status, 404);
      assert.equal(
        (await client.send('DELETE', `/v1.0/users/${USERS.adele.id}`, { token })).status,
        405,
      );
    });

    it('needs a read permission', async () => {
      const denied = await client.send(
        'GET',
        `/v1.0/users/${USERS.adele.id}/memberOf/microsoft.graph.directoryRole`,
        {
          token: readerToken,
        },
      );
      assert.equal(denied.status, 403);
      assert.equal(denied.body.error.code, 'Authorization_RequestDenied');
      assert.equal(denied.body.error.message, 'Insufficient privileges to complete the operation.');
    });
  });

  describe('PATCH /users/{id}', () => {
    it('disables a user, which reads back as accountEnabled false', async () => {
      const response = await patch(`/users/${USERS.adele.id}`, { accountEnabled: false });
      assert.equal(response.status, 204);
      assert.equal(response.body, undefined);
      const { body } = await get(`/users/${USERS.adele.id}?$select=accountEnabled`);
      assert.equal(body.accountEnabled, false);
      assert.equal(sim.tenant.user(USERS.adele.id)?.accountEnabled, false);
      assert.equal((await patch(`/users/${USERS.adele.id}`, { accountEnabled: true })).status, 204);
    });

    it('refuses a password that does not meet complexity', async () => {
      const { status, body } = await patch(`/users/${USERS.adele.id}`, {
        passwordProfile: { password: 'password', forceChangePasswordNextSignIn: true },
      });
      assert.equal(status, 400);
      assert.equal(body.error.code, 'Request_BadRequest');
      assert.match(body.error.message, /password complexity requirements/);
      assert.equal(sim.tenant.user(USERS.adele.id)?.passwordResets, 0);
    });

    it('resets a password and records it for leak checks', async () => {
      const { status } = await patch(`/users/${USERS.adele.upn}`, {
        passwordProfile: { password: STRONG, forceChangePasswordNextSignIn: true },
      });
      assert.equal(status, 204);
      assert.equal(sim.tenant.user(USERS.adele.id)?.forceChangePasswordNextSignIn, true);
      assert.deepEqual(sim.passwordsReceived.at(-1), { userId: USERS.adele.id, password: STRONG });
    });

    it('refuses a privileged target to a User Administrator app, not to a privileged one', async () => {
      for (const body of [{ accountEnabled: false }, { passwordProfile: { password: STRONG } }]) {
        const refused = await patch(`/users/${USERS.admin.id}`, body);
        assert.equal(refused.status, 403);
        assert.equal(refused.body.error.code, 'Authorization_RequestDenied');
        assert.equal(
          refused.body.error.message,
          'Insufficient privileges to complete the operation.',
        );
      }
      assert.equal(sim.tenant.user(USERS.admin.id)?.accountEnabled, true);
      assert.equal(
        (await patch(`/users/${USERS.helpdesk.id}`, { accountEnabled: false })).status,
        204,
      );
      assert.equal(
        (await patch(`/users/${USERS.admin.id}`, { accountEnabled: false }, privilegedToken))
          .status,
        204,
      );
    });

    it('refuses to set a federated user password', async () => {
      const { status, body } = await patch(`/users/${USERS.federated.id}`, {
        passwordProfile: { password: STRONG, forceChangePasswordNextSignIn: true },
      });
      assert.equal(status, 400);
      assert.match(body.error.message, /federated identity provider/);
    });

    it('needs the permission of each property', async () => {
      const { status, body } = await patch(
        `/users/${USERS.adele.id}`,
        { accountEnabled: false },
        readerToken,
      );
      assert.equal(status, 403);
      assert.equal(body.error.code, 'Authorization_RequestDenied');
    });

    it('answers 400 for wrong types and unsupported properties, 404 for unknown users', async () => {
      assert.equal((await patch(`/users/${USERS.adele.id}`, { accountEnabled: 'no' })).status, 400);
      assert.equal((await patch(`/users/${USERS.adele.id}`, { city: 'Paris' })).status, 400);
      assert.equal((await patch(`/users/${USERS.adele.id}`, [])).status, 400);
      const invalidJson = await client.send('PATCH', `/v1.0/users/${USERS.adele.id}`, {
        token,
        body: '{ nope',
      });
      assert.equal(invalidJson.status, 400);
      assert.match(invalidJson.body.error.message, /Unable to read JSON request payload/);
      assert.equal(
        (await patch('/users/nobody@contoso.com', { accountEnabled: false })).status,
        404,
      );
    });
  });

  describe('POST /users/{id}/revokeSignInSessions', () => {
    it('answers 200 { value: true } and moves signInSessionsValidFromDateTime to now', async () => {
      const before = sim.tenant.user(USERS.responder.id)?.signInSessionsValidFromDateTime;
      const { status, body } = await client.send(
        'POST',
        `/v1.0/users/${USERS.responder.id}/revokeSignInSessions`,
        { token },
      );
      assert.equal(status, 200);
      assert.deepEqual(body, {
        '@odata.context': `${sim.origin}/v1.0/$metadata#Edm.Boolean`,
        value: true,
      });
      const { body: user } = await get(
        `/users/${USERS.responder.id}?$select=signInSessionsValidFromDateTime`,
      );
      assert.notEqual(user.signInSessionsValidFromDateTime, before);
      assert.match(user.signInSessionsValidFromDateTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.ok(Math.abs(Date.parse(user.signInSessionsValidFromDateTime) - Date.now()) < 5000);
    });

    it('applies the same role coverage as a password reset', async () => {
      const { status } = await client.send(
        'POST',
        `/v1.0/users/${USERS.protectedMember.id}/revokeSignInSessions`,
        { token },
      );
      assert.equal(status, 403);
    });
  });

  describe('POST /identityProtection/riskyUsers/confirmCompromised', () => {
    const confirm = (userIds: string[], as: string) =>
      client.send('POST', '/v1.0/identityProtection/riskyUsers/confirmCompromised', {
        token: as,
        body: { userIds },
      });

    it('needs IdentityRiskyUser.ReadWrite.All and marks the users compromised', async () => {
      assert.equal((await confirm([USERS.synced.id], token)).status, 403);
      assert.equal(
        (await confirm([USERS.synced.id, 'b0000000-0000-4000-8000-00000000ffff'], privilegedToken))
          .status,
        404,
      );
      assert.equal(sim.tenant.user(USERS.synced.id)?.riskState, 'none', 'all or nothing');
      assert.equal((await confirm([USERS.synced.id], privilegedToken)).status, 204);
      assert.equal(sim.tenant.user(USERS.synced.id)?.riskState, 'confirmedCompromised');
    });
  });

  describe('directory roles and groups', () => {
    it('lists direct and transitive directory roles', async () => {
      const direct = await get(`/users/${USERS.admin.id}/memberOf/microsoft.graph.directoryRole`);
      assert.equal(direct.status, 200);
      assert.deepEqual(
        direct.body.value.map((r: Record<string, unknown>) => [
          r['@odata.type'],
          r['displayName'],
          r['roleTemplateId'],
        ]),
        [
          [
            '#microsoft.graph.directoryRole',
            'Global Administrator',
            '62e90394-69f5-4237-9190-012177145e10',
          ],
        ],
      );
      const viaGroup = `/users/${USERS.protectedMember.id}`;
      assert.deepEqual(
        (await get(`${viaGroup}/memberOf/microsoft.graph.directoryRole`)).body.value,
        [],
      );
      const transitive = await get(`${viaGroup}/transitiveMemberOf/microsoft.graph.directoryRole`);
      assert.equal(transitive.body.value[0].displayName, 'Security Administrator');
    });

    it('checks transitive group membership', async () => {
      const { status, body } = await client.send(
        'POST',
        `/v1.0/users/${USERS.responder.upn}/checkMemberGroups`,
        {
          token,
          body: { groupIds: [GROUPS.security, GROUPS.unrelated, GROUPS.responders] },
        },
      );
      assert.equal(status, 200);
      assert.deepEqual(body.value, [GROUPS.security, GROUPS.responders]);
    });

    it('lists the users of a group, nested groups included, and 404s an unknown group', async () => {
      const { status, body } = await client.send(
        'GET',
        `/v1.0/groups/${GROUPS.security}/transitiveMembers/microsoft.graph.user?$select=id`,
        { token },
      );
      assert.equal(status, 200);
      const ids = (body.value as { id: string }[]).map((member) => member.id);
      assert.ok(ids.includes(USERS.responder.id), JSON.stringify(body));
      assert.deepEqual(Object.keys(body.value[0]).sort(), ['@odata.type', 'id']);
      const missing = await client.send(
        'GET',
        `/v1.0/groups/${GROUPS.unrelated.replace(/.$/, 'f')}/transitiveMembers/microsoft.graph.user`,
        { token },
      );
      assert.equal(missing.status, 404);
    });
  });
});
