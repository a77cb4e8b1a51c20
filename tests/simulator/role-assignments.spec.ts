import assert from 'node:assert/strict';
import {
  parseTenantSeed,
  type RunningSimulator,
  SeedValidationError,
  Tenant,
} from '../../src/simulator';
import { APPS, GROUPS, startTestSimulator, TestClient, testSeed, USERS } from './helpers';

const USER_ADMINISTRATOR = 'fe930be7-5e62-47db-91af-98c3a49a38b1';
const PRIVILEGED_AUTH_ADMINISTRATOR = '7be44c8a-adaf-4e2a-84d6-ab2649e08a13';
const GLOBAL_ADMINISTRATOR = '62e90394-69f5-4237-9190-012177145e10';
const SECURITY_ADMINISTRATOR = '194ae4cb-b126-40b2-bd5b-6091b380977d';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
}

function assignmentsPath(filter: string, extra = ''): string {
  return `/v1.0/roleManagement/directory/roleAssignments?$filter=${encodeURIComponent(filter)}${extra}`;
}

describe("simulator: the app's service principal and its role assignments", () => {
  let sim: RunningSimulator;
  let client: TestClient;
  let botToken: string;
  let botPrincipal: string;

  before(async () => {
    sim = await startTestSimulator({ pageSize: 2 });
    client = new TestClient(sim.origin);
    botToken = await client.token(APPS.bot);
    botPrincipal = String(claimsOf(botToken)['oid']);
  });
  after(async () => {
    client.close();
    await sim.close();
  });

  it("tokens carry the service principal's object id as oid and sub, and the permissions", () => {
    const claims = claimsOf(botToken);
    assert.match(botPrincipal, GUID);
    assert.notEqual(botPrincipal, APPS.bot.clientId);
    assert.equal(claims['sub'], botPrincipal);
    assert.equal(claims['appid'], APPS.bot.clientId);
    assert.deepEqual(claims['roles'], testSeed().apps[0]?.permissions);
    // Stable across restarts: derived from tenant and client ids.
    assert.equal(new Tenant(testSeed()).app(APPS.bot.clientId)?.servicePrincipalId, botPrincipal);
  });

  it("a seed may name the service principal's object id", async () => {
    const servicePrincipalId = 'e0000000-0000-4000-8000-0000000000b0';
    const seed = testSeed();
    const [bot, ...others] = seed.apps;
    const custom = parseTenantSeed({ ...seed, apps: [{ ...bot, servicePrincipalId }, ...others] });
    const tenant = new Tenant(custom);
    assert.equal(tenant.app(APPS.bot.clientId)?.servicePrincipalId, servicePrincipalId);
    assert.deepEqual(
      tenant.roleAssignmentsOf(servicePrincipalId).map((a) => a.roleDefinitionId),
      [USER_ADMINISTRATOR],
    );
    // It is an object id like any other: unique in the tenant.
    assert.throws(
      () =>
        parseTenantSeed({
          ...seed,
          apps: [{ ...bot, servicePrincipalId: USERS.adele.id }, ...others],
        }),
      (error: unknown) =>
        error instanceof SeedValidationError &&
        error.issues.some((issue) =>
          /^apps\[0\]\.servicePrincipalId: duplicate object id/.test(issue),
        ),
    );
  });

  it("lists the app's directory roles as unifiedRoleAssignments with template ids", async () => {
    const { status, body } = await client.send(
      'GET',
      assignmentsPath(`principalId eq '${botPrincipal}'`),
      { token: botToken },
    );
    assert.equal(status, 200, JSON.stringify(body));
    assert.match(body['@odata.context'], /\$metadata#roleManagement\/directory\/roleAssignments$/);
    assert.equal(body['@odata.nextLink'], undefined);
    assert.equal(body.value.length, 1);
    const [assignment] = body.value;
    assert.deepEqual(Object.keys(assignment).sort(), [
      'directoryScopeId',
      'id',
      'principalId',
      'roleDefinitionId',
    ]);
    assert.equal(assignment.principalId, botPrincipal);
    assert.equal(assignment.roleDefinitionId, USER_ADMINISTRATOR);
    assert.equal(assignment.directoryScopeId, '/');
    assert.equal(typeof assignment.id, 'string');
  });

  it("any caller with a role read permission may list another principal's roles", async () => {
    const privileged = claimsOf(await client.token(APPS.privileged));
    const answer = async (principal: string) =>
      (
        await client.send('GET', assignmentsPath(`principalId eq '${principal}'`), {
          token: botToken,
        })
      ).body.value.map((a: { roleDefinitionId: string }) => a.roleDefinitionId);
    assert.deepEqual(await answer(String(privileged['oid'])), [PRIVILEGED_AUTH_ADMINISTRATOR]);
    assert.deepEqual(await answer(USERS.admin.id), [GLOBAL_ADMINISTRATOR]);
    assert.deepEqual(await answer(GROUPS.roleAssignable), [SECURITY_ADMINISTRATOR]);
    assert.deepEqual(await answer(USERS.adele.id), []);
    assert.deepEqual(await answer('e0000000-0000-4000-8000-00000000dead'), []);
  });

  it('honours $select and pages with an absolute next link', async () => {
    const many = await startTestSimulator({
      pageSize: 2,
      seed: {
        ...testSeed(),
        apps: testSeed().apps.map((app) =>
          app.clientId === APPS.bot.clientId
            ? {
                ...app,
                directoryRoles: [
                  'User Administrator',
                  'Helpdesk Administrator',
                  'Groups Administrator',
                ],
              }
            : app,
        ),
      },
    });
    const manyClient = new TestClient(many.origin);
    try {
      const token = await manyClient.token(APPS.bot);
      const filter = `principalId eq '${String(claimsOf(token)['oid'])}'`;
      const first = await manyClient.send(
        'GET',
        assignmentsPath(filter, '&$select=roleDefinitionId'),
        {
          token,
        },
      );
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.deepEqual(first.body.value, [
        { roleDefinitionId: USER_ADMINISTRATOR },
        { roleDefinitionId: '729827e3-9c14-49f7-bb1b-9608f156bbb8' },
      ]);
      const next = new URL(first.body['@odata.nextLink']);
      assert.equal(next.origin, many.origin);
      const second = await manyClient.send('GET', `${next.pathname}${next.search}`, { token });
      assert.equal(second.status, 200, JSON.stringify(second.body));
      assert.deepEqual(second.body.value, [
        { roleDefinitionId: 'fdd7a751-b60b-444a-984c-02652fe8fa1c' },
      ]);
      assert.equal(second.body['@odata.nextLink'], undefined);
    } finally {
      manyClient.close();
      await many.close();
    }
  });

  it('refuses a caller without a role read permission: 403 Authorization_RequestDenied', async () => {
    const token = await client.token(APPS.reader);
    const { status, body } = await client.send(
      'GET',
      assignmentsPath(`principalId eq '${String(claimsOf(token)['oid'])}'`),
      { token },
    );
    assert.equal(status, 403);
    assert.equal(body.error.code, 'Authorization_RequestDenied');
  });

  it('answers 400 for a missing or unsupported $filter, and unknown $select fields', async () => {
    for (const path of [
      '/v1.0/roleManagement/directory/roleAssignments',
      assignmentsPath(`roleDefinitionId eq '${USER_ADMINISTRATOR}'`),
      assignmentsPath(`principalId eq '${botPrincipal}' or principalId eq '${USERS.admin.id}'`),
      assignmentsPath(`principalId in ('${botPrincipal}')`),
      assignmentsPath(`principalId eq '${botPrincipal}'`, '&$select=colour'),
    ]) {
      const { status, body } = await client.send('GET', path, { token: botToken });
      assert.equal(status, 400, path);
      assert.match(body.error.code, /BadRequest$/, path);
    }
    // Other routes still refuse $filter.
    const other = await client.send(
      'GET',
      `/v1.0/users/${USERS.adele.id}/registeredDevices?$filter=accountEnabled eq true`,
      { token: botToken },
    );
    assert.equal(other.status, 400);
    assert.match(other.body.error.message, /^Query option '\$filter' is not supported/);
  });

  it('works inside a $batch', async () => {
    const url = assignmentsPath(`principalId eq '${botPrincipal}'`).replace(/^\/v1\.0/, '');
    const { status, body } = await client.send('POST', '/v1.0/$batch', {
      token: botToken,
      body: { requests: [{ id: '1', method: 'GET', url }] },
    });
    assert.equal(status, 200);
    assert.equal(body.responses[0].status, 200);
    assert.equal(body.responses[0].body.value[0].roleDefinitionId, USER_ADMINISTRATOR);
  });
});
