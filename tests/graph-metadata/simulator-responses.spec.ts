/**
 * The simulator answers only with what Graph v1.0 has: every property of every user, device,
 * role and member it returns exists on that type in the vendored CSDL subset, and its actions
 * answer with their declared return types.
 */
import assert from 'node:assert/strict';
import { startSimulator, type RunningSimulator } from '../../src/simulator';
import { DEVICE_PROPERTIES } from '../../src/simulator/device-routes';
import { PASSWORD_METHOD_ID } from '../../src/simulator/footholds';
import { MANAGED_DEVICE_PROPERTIES } from '../../src/simulator/managed-device-routes';
import { ROLE_ASSIGNMENT_PROPERTIES } from '../../src/simulator/role-management-routes';
import {
  DEFAULT_USER_PROPERTIES,
  SELECTABLE_USER_PROPERTIES,
} from '../../src/simulator/user-routes';
import {
  ATTACKER_APP,
  FOOTHOLD_APP,
  footholdSeed,
  VERIFIED_APP,
} from '../simulator/foothold-fixture';
import {
  APPS,
  DEVICES,
  GROUPS,
  startTestSimulator,
  TestClient,
  testCertificates,
  USERS,
} from '../simulator/helpers';
import { graphV1Subset } from './csdl';
import { navigation, property } from './model-queries';
import { checkRequest } from './request-check';
import { checkContext, checkEntity } from './response-check';
import { checkValue } from './value-check';

const USER = 'microsoft.graph.user';
const DEVICE = 'microsoft.graph.device';
const ROLE = 'microsoft.graph.directoryRole';

describe('the simulator answers with Graph v1.0 properties only (vendored CSDL subset)', () => {
  const model = graphV1Subset();
  let sim: RunningSimulator;
  let client: TestClient;
  let token: string;

  before(async () => {
    sim = await startTestSimulator({ pageSize: 5 });
    client = new TestClient(sim.origin);
    token = await client.token(APPS.bot);
  });
  after(async () => {
    client.close();
    await sim.close();
  });

  /** GETs `path` and checks the entity, or each item of the page, as `type`. */
  async function checkGet(path: string, type: string): Promise<number> {
    const { status, body } = await client.send('GET', `/v1.0${path}`, { token });
    assert.equal(status, 200, `${path}: ${JSON.stringify(body)}`);
    const problems: string[] = [];
    checkContext(model, body['@odata.context'], type, problems);
    // A page holds entities in `value`; a single entity is the body (annotations are skipped).
    const entities: Record<string, unknown>[] = Array.isArray(body.value) ? body.value : [body];
    for (const entity of entities) checkEntity(model, type, entity, problems);
    assert.deepEqual(problems, [], path);
    return entities.length;
  }

  it("the simulator's user and device property lists are Graph's", () => {
    const unknown = [
      ...[...DEFAULT_USER_PROPERTIES, ...SELECTABLE_USER_PROPERTIES]
        .filter((name) => !property(model, USER, name))
        .map((name) => `user.${name}`),
      ...DEVICE_PROPERTIES.filter((name) => !property(model, DEVICE, name)).map(
        (name) => `device.${name}`,
      ),
    ];
    assert.deepEqual(unknown, []);
  });

  it('users: the default set, every selectable property, by id and by UPN', async () => {
    await checkGet(`/users/${USERS.adele.id}`, USER);
    await checkGet(
      `/users/${USERS.adele.id}?$select=${SELECTABLE_USER_PROPERTIES.join(',')}`,
      USER,
    );
    await checkGet(`/users/${encodeURIComponent(USERS.guest.upn)}`, USER);
  });

  it('devices: by id, and listed with and without the cast, on every page', async () => {
    await checkGet(`/devices/${DEVICES.adeleWindows}`, DEVICE);
    for (const list of ['registeredDevices', 'ownedDevices']) {
      assert.equal(
        await checkGet(`/users/${USERS.adele.id}/${list}`, 'microsoft.graph.directoryObject'),
        3,
      );
      assert.equal(await checkGet(`/users/${USERS.adele.id}/${list}/${DEVICE}`, DEVICE), 3);
    }
    const firstPage = await client.send(
      'GET',
      `/v1.0/users/${USERS.many.id}/registeredDevices/${DEVICE}`,
      { token },
    );
    const next = new URL(firstPage.body['@odata.nextLink'] as string);
    assert.equal(
      await checkGet(`${next.pathname.replace(/^\/v1\.0/, '')}${next.search}`, DEVICE),
      5,
    );
  });

  it("a user's managed devices are managedDevices (Intune), every property Graph's", async () => {
    const MANAGED = 'microsoft.graph.managedDevice';
    assert.equal(navigation(model, USER, 'managedDevices')?.type, MANAGED);
    assert.deepEqual(
      MANAGED_DEVICE_PROPERTIES.filter((name) => !property(model, MANAGED, name)),
      [],
    );
    const intune = await client.token(APPS.intune);
    for (const query of ['', '?$select=id,deviceName,operatingSystem,azureADDeviceId']) {
      const { status, body } = await client.send(
        'GET',
        `/v1.0/users/${USERS.adele.id}/managedDevices${query}`,
        { token: intune },
      );
      assert.equal(status, 200);
      // `users('{id}')/managedDevices`: a navigation path, as Graph names it.
      assert.match(body['@odata.context'], /\$metadata#users\('[^']+'\)\/managedDevices/);
      const problems: string[] = [];
      for (const entity of body.value) checkEntity(model, MANAGED, entity, problems);
      assert.deepEqual(problems, []);
      assert.equal(body.value.length, 4);
    }
  });

  it('devices found by deviceId ($filter on the devices set)', async () => {
    const filter = encodeURIComponent(`deviceId eq '${DEVICES.adeleWindows.replace(/^d/, 'e')}'`);
    const path = `/devices?$filter=${filter}&$select=id,displayName,operatingSystem,accountEnabled`;
    assert.deepEqual(checkRequest(model, { method: 'GET', url: path }).problems, []);
    assert.equal(await checkGet(path, DEVICE), 1);
  });

  it('directory roles, direct and transitive', async () => {
    assert.equal(await checkGet(`/users/${USERS.admin.id}/memberOf/${ROLE}`, ROLE), 1);
    await checkGet(`/users/${USERS.admin.id}/transitiveMemberOf/${ROLE}?$count=true`, ROLE);
  });

  it("a group's users, with and without $select", async () => {
    await checkGet(`/groups/${GROUPS.roleAssignable}/transitiveMembers/${USER}`, USER);
    await checkGet(`/groups/${GROUPS.roleAssignable}/transitiveMembers/${USER}?$select=id`, USER);
  });

  it('actions answer with their declared return types', async () => {
    for (const [path, body, name] of [
      [
        `/users/${USERS.responder.id}/checkMemberGroups`,
        { groupIds: [GROUPS.security] },
        'checkMemberGroups',
      ],
      [`/users/${USERS.adele.id}/revokeSignInSessions`, undefined, 'revokeSignInSessions'],
    ] as const) {
      const answer = await client.send('POST', `/v1.0${path}`, { token, body });
      assert.equal(answer.status, 200);
      const returns = model.actions.find((action) => action.name === name)?.returnType;
      assert.ok(returns, name);
      const problems: string[] = [];
      const expected = returns.collection ? `Collection(${returns.type})` : returns.type;
      checkContext(model, answer.body['@odata.context'], expected, problems);
      checkValue(model, returns, answer.body.value, `${name}.value`, problems);
      assert.deepEqual(problems, [], name);
    }
  });

  it("an app's role assignments are unifiedRoleAssignments, at the singleton's path", async () => {
    const ASSIGNMENT = 'microsoft.graph.unifiedRoleAssignment';
    const missing = ROLE_ASSIGNMENT_PROPERTIES.filter((name) => !property(model, ASSIGNMENT, name));
    assert.deepEqual(missing, []);
    const payload = token.split('.')[1] ?? '';
    const { oid } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      oid: string;
    };
    const filter = encodeURIComponent(`principalId eq '${oid}'`);
    const { status, body } = await client.send(
      'GET',
      `/v1.0/roleManagement/directory/roleAssignments?$filter=${filter}`,
      { token },
    );
    assert.equal(status, 200, JSON.stringify(body));
    const problems: string[] = [];
    for (const entity of body.value as Record<string, unknown>[]) {
      checkEntity(model, ASSIGNMENT, entity, problems);
    }
    assert.deepEqual(problems, []);
    assert.equal(body.value.length, 1);
    // The context is a path from the roleManagement singleton (no entity set holds them).
    const fragment = String(body['@odata.context']).split('$metadata#')[1] ?? '';
    const context = checkRequest(model, { method: 'GET', url: `/${fragment}` });
    assert.deepEqual(context.problems, []);
    assert.deepEqual(context.target, { kind: 'collection', type: ASSIGNMENT });
  });
});

describe('the foothold answers (issue 11) are Graph v1.0 types, values included', () => {
  const model = graphV1Subset();
  let sim: RunningSimulator;
  let client: TestClient;
  let token: string;

  /** Disables inbox rules (the containment options' answers). */
  const WRITER = {
    clientId: 'a0000000-0000-4000-8000-0000000000d0',
    clientSecret: 'rule-writer-secret',
    displayName: 'Rule writer',
    permissions: ['MailboxSettings.ReadWrite'],
    directoryRoles: [],
  };

  before(async () => {
    const seed = footholdSeed();
    sim = await startSimulator({
      seed: { ...seed, apps: [...seed.apps, WRITER] },
      tls: testCertificates(),
    });
    client = new TestClient(sim.origin);
    token = await client.token(FOOTHOLD_APP);
  });
  after(async () => {
    client.close();
    await sim.close();
  });

  /**
   * Every entity of the answer is a `type`: properties exist with values of their declared types
   * (enumerations' members, complex types' properties), expanded navigation properties are the
   * type's and hold its target's properties; `@odata.context` is a path the CSDL resolves.
   */
  async function checkList(path: string, type: string): Promise<Record<string, unknown>[]> {
    const { status, body } = await client.send('GET', `/v1.0${path}`, { token });
    assert.equal(status, 200, `${path}: ${JSON.stringify(body)}`);
    const problems: string[] = [];
    const fragment = String(body['@odata.context']).split('$metadata#')[1] ?? '';
    const contextPath = `/${fragment.replace(/\('([^']*)'\)/g, '/$1').replace(/\(.*\)$/, '')}`;
    const context = checkRequest(model, { method: 'GET', url: contextPath });
    assert.deepEqual(context.problems, [], contextPath);
    assert.equal(context.target?.kind, 'collection', contextPath);
    const entities: Record<string, unknown>[] = body.value;
    for (const entity of entities) checkDeeply(type, entity, problems);
    assert.deepEqual(problems, [], path);
    return entities;
  }

  /** One entity answered (a write's answer, a read by key): its context and every value. */
  function checkOne(body: Record<string, unknown>, type: string): void {
    const fragment = String(body['@odata.context']).split('$metadata#')[1] ?? '';
    // A key in quotes becomes a segment; a `$select` list before `/$entity` is dropped.
    const contextPath = `/${fragment
      .replace(/\('([^']*)'\)/g, '/$1')
      .replace(/\/\$entity$/, '')
      .replace(/\([^)]*\)$/, '')}`;
    const context = checkRequest(model, { method: 'GET', url: contextPath });
    assert.deepEqual(context.problems, [], contextPath);
    assert.equal(context.target?.kind, 'collection', contextPath);
    const problems: string[] = [];
    const { '@odata.context': _, ...entity } = body;
    checkDeeply(type, entity, problems);
    assert.deepEqual(problems, []);
  }

  function checkDeeply(type: string, entity: Record<string, unknown>, problems: string[]): void {
    const declared = entity['@odata.type'];
    const actual = typeof declared === 'string' ? declared.replace(/^#/, '') : type;
    const plain = Object.fromEntries(
      Object.entries(entity).filter(([name]) => !navigation(model, actual, name)),
    );
    checkEntity(model, type, plain, problems);
    for (const [name, value] of Object.entries(entity)) {
      if (name.startsWith('@odata.')) continue;
      const nav = navigation(model, actual, name);
      if (nav) {
        checkDeeply(nav.type, value as Record<string, unknown>, problems);
        continue;
      }
      const ref = property(model, actual, name);
      if (ref) checkValue(model, ref, value, `${actual}.${name}`, problems);
    }
  }

  it('authentication methods, each of its derived type', async () => {
    const methods = await checkList(
      `/users/${USERS.adele.id}/authentication/methods`,
      'microsoft.graph.authenticationMethod',
    );
    assert.equal(methods.length, 4);
  });

  it('inbox rules, with recipients and predicates', async () => {
    await checkList(
      `/users/${USERS.adele.id}/mailFolders/inbox/messageRules`,
      'microsoft.graph.messageRule',
    );
  });

  it("the options' answers: a rule disabled, the password method read by its id", async () => {
    const [rule] = await checkList(
      `/users/${USERS.adele.id}/mailFolders/inbox/messageRules`,
      'microsoft.graph.messageRule',
    );
    const path = `/v1.0/users/${USERS.adele.id}/mailFolders/inbox/messageRules/${encodeURIComponent(String(rule?.['id']))}`;
    const patched = await client.send('PATCH', path, {
      token: await client.token(WRITER),
      body: { isEnabled: false },
    });
    assert.equal(patched.status, 200);
    checkOne(patched.body, 'microsoft.graph.messageRule');
    const password = await client.send(
      'GET',
      `/v1.0/users/${USERS.adele.id}/authentication/passwordMethods/${PASSWORD_METHOD_ID}`,
      { token },
    );
    assert.equal(password.status, 200);
    checkOne(password.body, 'microsoft.graph.passwordAuthenticationMethod');
  });

  it("the user's consents, and the tenant's", async () => {
    const GRANT = 'microsoft.graph.oAuth2PermissionGrant';
    await checkList(`/users/${USERS.adele.id}/oauth2PermissionGrants`, GRANT);
    const filter = encodeURIComponent(`principalId eq '${USERS.adele.id}'`);
    await checkList(`/oauth2PermissionGrants?$filter=${filter}`, GRANT);
  });

  it("the organization's verified domains; the user's groups", async () => {
    const [organization] = await checkList('/organization', 'microsoft.graph.organization');
    assert.ok(Array.isArray(organization?.['verifiedDomains']));
    await checkList(
      `/users/${USERS.protectedMember.id}/transitiveMemberOf/microsoft.graph.group?$select=id,displayName`,
      'microsoft.graph.group',
    );
  });

  it('PIM eligibility instances, with the role definition expanded', async () => {
    const expand = encodeURIComponent('roleDefinition($select=displayName,templateId)');
    const instances = await checkList(
      `/roleManagement/directory/roleEligibilityScheduleInstances?$expand=${expand}`,
      'microsoft.graph.unifiedRoleEligibilityScheduleInstance',
    );
    assert.equal(instances.length, 2);
  });

  it("a consented app's service principal, unverified and verified", async () => {
    for (const id of [ATTACKER_APP, VERIFIED_APP]) {
      const { status, body } = await client.send('GET', `/v1.0/servicePrincipals/${id}`, { token });
      assert.equal(status, 200);
      checkOne(body, 'microsoft.graph.servicePrincipal');
    }
    const select = '$select=id,appDisplayName,displayName,verifiedPublisher';
    const { body } = await client.send('GET', `/v1.0/servicePrincipals/${ATTACKER_APP}?${select}`, {
      token,
    });
    checkOne(body, 'microsoft.graph.servicePrincipal');
  });

  it('risky users and sign-ins', async () => {
    const filter = encodeURIComponent(`userPrincipalName eq '${USERS.adele.upn}'`);
    await checkList(
      `/identityProtection/riskyUsers?$filter=${filter}`,
      'microsoft.graph.riskyUser',
    );
    const byId = await client.send('GET', `/v1.0/identityProtection/riskyUsers/${USERS.adele.id}`, {
      token,
    });
    const problems: string[] = [];
    checkDeeply('microsoft.graph.riskyUser', byId.body, problems);
    assert.deepEqual(problems, []);
    await checkList(`/auditLogs/signIns?$filter=${filter}&$top=5`, 'microsoft.graph.signIn');
  });
});
