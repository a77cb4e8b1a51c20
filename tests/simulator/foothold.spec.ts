/**
 * The foothold reads of issue 11 in the simulator: Graph v1.0 shapes, 403 per missing
 * permission, licence refusals, a user without a mailbox, eligibility through a group.
 */
import assert from 'node:assert/strict';
import type { RunningSimulator } from '../../src/simulator';
import { parseTenantSeed, startSimulator } from '../../src/simulator';
import { PASSWORD_METHOD_ID } from '../../src/simulator/footholds';
import { ATTACKER_APP, FOOTHOLD_APP, footholdSeed } from './foothold-fixture';
import { APPS, TestClient, testCertificates, USERS } from './helpers';

const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';
const USER_ADMIN = 'fe930be7-5e62-47db-91af-98c3a49a38b1';

describe('simulator: what an attacker may have left (issue 11)', () => {
  let sim: RunningSimulator;
  let client: TestClient;
  let token: string;
  let reader: string;

  before(async () => {
    sim = await startSimulator({ seed: footholdSeed(), tls: testCertificates() });
    client = new TestClient(sim.origin);
    token = await client.token(FOOTHOLD_APP);
    reader = await client.token(APPS.reader);
  });
  after(async () => {
    client.close();
    await sim.close();
  });

  const get = (path: string, as = token) => client.send('GET', `/v1.0${path}`, { token: as });

  it('authentication methods: polymorphic, the password first, by id or UPN', async () => {
    for (const user of [USERS.adele.id, USERS.adele.upn]) {
      const { status, body } = await get(`/users/${user}/authentication/methods`);
      assert.equal(status, 200);
      assert.deepEqual(
        body.value.map((m: { '@odata.type': string }) => m['@odata.type']),
        [
          '#microsoft.graph.passwordAuthenticationMethod',
          '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod',
          '#microsoft.graph.phoneAuthenticationMethod',
          '#microsoft.graph.fido2AuthenticationMethod',
        ],
      );
      assert.equal(body.value[0].id, PASSWORD_METHOD_ID);
      assert.equal(body.value[1].displayName, 'Attacker iPhone');
      assert.equal(body.value[1].createdDateTime, '2026-08-30T09:00:00Z');
      assert.deepEqual(
        [body.value[2].phoneNumber, body.value[2].phoneType],
        ['+1 2065550112', 'mobile'],
      );
      assert.equal(body.value[3].model, 'YubiKey 5 NFC');
    }
    const lee = await get(`/users/${USERS.many.id}/authentication/methods`);
    assert.equal(lee.body.value.length, 1, 'everyone has a password method');
  });

  it('inbox rules: recipients and actions as Graph writes them; the inbox by name only', async () => {
    const { status, body } = await get(`/users/${USERS.adele.upn}/mailFolders/Inbox/messageRules`);
    assert.equal(status, 200);
    assert.deepEqual(body.value[0].actions, {
      forwardTo: [{ emailAddress: { name: 'drop@evil.example', address: 'drop@evil.example' } }],
      stopProcessingRules: true,
    });
    assert.deepEqual(body.value[1].actions, { moveToFolder: 'rssfeeds', markAsRead: true });
    assert.deepEqual(
      body.value.map((r: { sequence: number; isEnabled: boolean }) => [r.sequence, r.isEnabled]),
      [
        [1, true],
        [2, true],
      ],
    );
    const other = await get(`/users/${USERS.adele.id}/mailFolders/sentitems/messageRules`);
    assert.equal(other.status, 404);
  });

  it('a user without a mailbox: 404 MailboxNotEnabledForRESTAPI, as Exchange answers', async () => {
    const { status, body } = await get(
      `/users/${USERS.federated.id}/mailFolders/inbox/messageRules`,
    );
    assert.equal(status, 404);
    assert.equal(body.error.code, 'MailboxNotEnabledForRESTAPI');
  });

  it('consents: by user, and by principalId across the tenant', async () => {
    const mine = await get(`/users/${USERS.adele.upn}/oauth2PermissionGrants`);
    assert.equal(mine.status, 200);
    assert.deepEqual(mine.body.value, [
      {
        id: 'grant-adele-1',
        clientId: ATTACKER_APP,
        consentType: 'Principal',
        principalId: USERS.adele.id,
        resourceId: 'e1000000-0000-4000-8000-000000000001',
        scope: 'Mail.Read offline_access',
      },
    ]);
    const filter = encodeURIComponent(`principalId eq '${USERS.adele.id}'`);
    const all = await get(`/oauth2PermissionGrants?$filter=${filter}`);
    assert.deepEqual(all.body.value, mine.body.value);
    const bad = await get(`/oauth2PermissionGrants?$filter=${encodeURIComponent("scope eq 'x'")}`);
    assert.equal(bad.status, 400);
  });

  it('the organization lists its verified domains, default first', async () => {
    const { status, body } = await get('/organization?$select=verifiedDomains');
    assert.equal(status, 200);
    assert.deepEqual(
      body.value[0].verifiedDomains.map((d: { name: string; isDefault: boolean }) => [
        d.name,
        d.isDefault,
      ]),
      [
        ['contoso.com', true],
        ['contoso.onmicrosoft.com', false],
      ],
    );
  });

  it("PIM: a user's own eligibility, and a group's it inherits; the tenant's list; roles expanded", async () => {
    const filter = encodeURIComponent(`principalId eq '${USERS.protectedMember.id}'`);
    const pia = await get(
      `/roleManagement/directory/roleEligibilityScheduleInstances?$filter=${filter}&$expand=roleDefinition($select=displayName,templateId)`,
    );
    assert.equal(pia.status, 200, JSON.stringify(pia.body));
    assert.deepEqual(
      pia.body.value.map((i: { memberType: string; roleDefinition: object }) => [
        i.memberType,
        i.roleDefinition,
      ]),
      [['Group', { displayName: 'Global Administrator', templateId: GLOBAL_ADMIN }]],
    );
    const all = await get('/roleManagement/directory/roleEligibilityScheduleInstances');
    assert.deepEqual(
      all.body.value.map((i: { roleDefinitionId: string; memberType: string }) => [
        i.roleDefinitionId,
        i.memberType,
      ]),
      [
        [USER_ADMIN, 'Direct'],
        [GLOBAL_ADMIN, 'Direct'],
      ],
    );
  });

  it('risk: the record by id or filtered by UPN, 404 without one', async () => {
    const { status, body } = await get(`/identityProtection/riskyUsers/${USERS.adele.id}`);
    assert.equal(status, 200);
    assert.deepEqual([body.riskLevel, body.riskState], ['high', 'atRisk']);
    const filter = encodeURIComponent(`userPrincipalName eq '${USERS.adele.upn.toUpperCase()}'`);
    const listed = await get(`/identityProtection/riskyUsers?$filter=${filter}`);
    assert.equal(listed.body.value.length, 1);
    assert.equal((await get(`/identityProtection/riskyUsers/${USERS.many.id}`)).status, 404);
  });

  it('sign-ins: filtered by userId or userPrincipalName, newest first, $top', async () => {
    for (const filter of [
      `userId eq '${USERS.adele.id}'`,
      `userPrincipalName eq '${USERS.adele.upn}'`,
    ]) {
      const { status, body } = await get(
        `/auditLogs/signIns?$filter=${encodeURIComponent(filter)}&$top=5`,
      );
      assert.equal(status, 200);
      assert.deepEqual(
        body.value.map((s: { status: { errorCode: number } }) => s.status.errorCode),
        [0, 50126],
      );
      assert.equal(body.value[0].location.city, 'Lagos');
    }
    const one = await get(
      `/auditLogs/signIns?$filter=${encodeURIComponent(`userId eq '${USERS.adele.id}'`)}&$top=1`,
    );
    assert.equal(one.body.value.length, 1);
  });

  it('each read answers 403 Authorization_RequestDenied without its permission', async () => {
    const paths = [
      `/users/${USERS.adele.id}/authentication/methods`,
      `/users/${USERS.adele.id}/mailFolders/inbox/messageRules`,
      `/users/${USERS.adele.id}/oauth2PermissionGrants`,
      '/organization',
      '/roleManagement/directory/roleEligibilityScheduleInstances',
      `/identityProtection/riskyUsers/${USERS.adele.id}`,
      `/auditLogs/signIns?$filter=${encodeURIComponent(`userId eq '${USERS.adele.id}'`)}`,
    ];
    for (const path of paths) {
      const { status, body } = await get(path, reader);
      assert.equal(status, 403, path);
      assert.equal(body.error.code, 'Authorization_RequestDenied', path);
    }
  });
});

describe('simulator: the licences PIM, risk and sign-ins need', () => {
  let client: TestClient;
  const sims: RunningSimulator[] = [];

  before(() => {
    client = new TestClient('https://localhost');
  });
  after(async () => {
    client.close();
    await Promise.all(sims.map((s) => s.close()));
  });

  async function tenant(licenses: { entraIdP1?: boolean; entraIdP2?: boolean }) {
    const sim = await startSimulator({ seed: footholdSeed(licenses), tls: testCertificates() });
    sims.push(sim);
    const c = new TestClient(sim.origin);
    const token = await c.token(FOOTHOLD_APP);
    return {
      get: (path: string) => c.send('GET', `/v1.0${path}`, { token }),
      close: () => c.close(),
    };
  }

  it('without P2: PIM 400 AadPremiumLicenseRequired, risk 403 not licensed; sign-ins still read', async () => {
    const t = await tenant({ entraIdP1: true, entraIdP2: false });
    const pim = await t.get('/roleManagement/directory/roleEligibilityScheduleInstances');
    assert.deepEqual([pim.status, pim.body.error.code], [400, 'AadPremiumLicenseRequired']);
    const risk = await t.get(`/identityProtection/riskyUsers/${USERS.adele.id}`);
    assert.equal(risk.status, 403);
    assert.match(risk.body.error.message, /not licensed/);
    const signIns = await t.get(
      `/auditLogs/signIns?$filter=${encodeURIComponent(`userId eq '${USERS.adele.id}'`)}`,
    );
    assert.equal(signIns.status, 200);
    t.close();
  });

  it('without P1 (and P2): sign-ins 403 Authentication_RequestFromNonPremiumTenantOrB2CTenant', async () => {
    const t = await tenant({ entraIdP1: false, entraIdP2: false });
    const signIns = await t.get(
      `/auditLogs/signIns?$filter=${encodeURIComponent(`userId eq '${USERS.adele.id}'`)}`,
    );
    assert.deepEqual(
      [signIns.status, signIns.body.error.code],
      [403, 'Authentication_RequestFromNonPremiumTenantOrB2CTenant'],
    );
    t.close();
  });

  it('a seed claiming P2 without P1 is refused', () => {
    assert.throws(
      () => parseTenantSeed(footholdSeed({ entraIdP1: false, entraIdP2: true })),
      /P2 includes P1/,
    );
  });
});
