/**
 * Every Graph request the bot sends exists in Microsoft Graph v1.0 as its published metadata
 * describes it (the vendored subset, see README.md): path, method, `$select` and other query
 * options, body properties and their types.
 */
import assert from 'node:assert/strict';
import * as builders from '../../src/directory/graph-requests';
import {
  everyRequest,
  GUEST_SAMPLE,
  ID_SAMPLE,
  type RequestName,
} from '../../src/directory/request-catalog';
import {
  type DeletableMethodType,
  isDeletableMethodType,
  METHOD_COLLECTIONS,
} from '../../src/directory/option-requests';
import { graphV1Subset } from './csdl';
import { checkRequest } from './request-check';

/** What each builder addresses, keys as `{key}`. */
const TEMPLATES: Readonly<Record<RequestName, string>> = {
  getUser: 'GET /users/{key}',
  listDirectoryRoles: 'GET /users/{key}/transitiveMemberOf/microsoft.graph.directoryRole',
  listRegisteredDevices: 'GET /users/{key}/registeredDevices/microsoft.graph.device',
  listRegisteredDevicesUncast: 'GET /users/{key}/registeredDevices',
  listManagedDevices: 'GET /users/{key}/managedDevices',
  findDeviceByDeviceId: 'GET /devices',
  disableAccount: 'PATCH /users/{key}',
  enableAccount: 'PATCH /users/{key}',
  resetPassword: 'PATCH /users/{key}',
  revokeSignInSessions: 'POST /users/{key}/revokeSignInSessions',
  disableDevice: 'PATCH /devices/{key}',
  enableDevice: 'PATCH /devices/{key}',
  readBack: 'GET /users/{key}',
  checkMemberGroups: 'POST /users/{key}/checkMemberGroups',
  listGroupUsers: 'GET /groups/{key}/transitiveMembers/microsoft.graph.user',
  listRoleAssignments: 'GET /roleManagement/directory/roleAssignments',
  listAuthenticationMethods: 'GET /users/{key}/authentication/methods',
  listInboxRules: 'GET /users/{key}/mailFolders/{key}/messageRules',
  listVerifiedDomains: 'GET /organization',
  listConsents: 'GET /users/{key}/oauth2PermissionGrants',
  listUserGroups: 'GET /users/{key}/transitiveMemberOf/microsoft.graph.group',
  listRoleEligibilities: 'GET /roleManagement/directory/roleEligibilityScheduleInstances',
  getUserRisk: 'GET /identityProtection/riskyUsers',
  listRecentSignIns: 'GET /auditLogs/signIns',
  getServicePrincipal: 'GET /servicePrincipals/{key}',
  deleteAuthMethod: 'DELETE /users/{key}/authentication/microsoftAuthenticatorMethods/{key}',
  disableInboxRule: 'PATCH /users/{key}/mailFolders/{key}/messageRules/{key}',
  deleteConsent: 'DELETE /oauth2PermissionGrants/{key}',
  confirmCompromised: 'POST /identityProtection/riskyUsers/confirmCompromised',
  findIdentityAccount: 'GET /security/identities/identityAccounts',
  invokeIdentityAction: 'POST /security/identities/identityAccounts/{key}/invokeAction',
  commentOnIncident: 'POST /security/incidents/{key}/comments',
  batch: 'POST /$batch',
};

/**
 * The one request that does not match the schema, on purpose: the fallback for a Graph that
 * refuses the cast selects device properties on `directoryObject` (an open type, so Graph
 * accepts it). Exactly these problems are expected of it, and nothing else.
 */
const UNCAST_PROBLEMS = ['displayName', 'operatingSystem', 'accountEnabled'].map(
  (field) => `$select: microsoft.graph.directoryObject has no property '${field}'`,
);

describe('the Graph requests match Microsoft Graph v1.0 metadata (vendored CSDL subset)', () => {
  const model = graphV1Subset();

  it('the catalog holds every request builder of graph-requests.ts, and only those', () => {
    const exported = Object.entries(builders)
      .filter(([name, value]) => typeof value === 'function' && name !== 'userSegment')
      .map(([name]) => name)
      .sort();
    assert.deepEqual(Object.keys(everyRequest(ID_SAMPLE)).sort(), exported);
    assert.deepEqual(Object.keys(TEMPLATES).sort(), exported);
  });

  for (const [label, sample] of [
    ['an object id', ID_SAMPLE],
    ["a guest's UPN (#EXT#)", GUEST_SAMPLE],
  ] as const) {
    describe(`users addressed by ${label}`, () => {
      for (const [name, request] of Object.entries(everyRequest(sample))) {
        it(`${name}: ${TEMPLATES[name as RequestName]}`, () => {
          const check = checkRequest(model, request);
          assert.equal(`${request.method} ${check.template}`, TEMPLATES[name as RequestName]);
          const expected = name === 'listRegisteredDevicesUncast' ? UNCAST_PROBLEMS : [];
          assert.deepEqual(check.problems, expected, request.url);
        });
      }
    });
  }

  it("the fallback's fields all exist once cast: it asks for the same device properties", () => {
    const { listRegisteredDevices, listRegisteredDevicesUncast } = everyRequest(ID_SAMPLE);
    const query = (url: string) => url.slice(url.indexOf('?'));
    assert.equal(query(listRegisteredDevicesUncast.url), query(listRegisteredDevices.url));
  });

  it('the managed-devices fallback: Intune fields, then devices by deviceId', () => {
    const { listManagedDevices, findDeviceByDeviceId } = everyRequest(ID_SAMPLE);
    assert.match(
      listManagedDevices.url,
      /\/managedDevices\?\$select=id,deviceName,operatingSystem,azureADDeviceId$/,
    );
    const query = new URLSearchParams(findDeviceByDeviceId.url.split('?')[1]);
    assert.equal(query.get('$filter'), `deviceId eq '${ID_SAMPLE.deviceId}'`);
    assert.equal(query.get('$select'), 'id,displayName,operatingSystem,accountEnabled');
    // A quote in the id is doubled, as OData string literals want.
    const quoted = builders.findDeviceByDeviceId("x'y");
    assert.equal(
      new URLSearchParams(quoted.url.split('?')[1]).get('$filter'),
      "deviceId eq 'x''y'",
    );
  });

  it('the foothold reads: the inbox by its well-known name, filters quoted, roles expanded', () => {
    const built = everyRequest(GUEST_SAMPLE);
    assert.match(built.listInboxRules.url, /\/mailFolders\/inbox\/messageRules$/);
    for (const request of [built.getUserRisk, built.listRecentSignIns]) {
      const query = new URLSearchParams(request.url.split('?')[1]);
      assert.equal(query.get('$filter'), `userPrincipalName eq '${GUEST_SAMPLE.user}'`);
    }
    assert.equal(new URLSearchParams(built.listRecentSignIns.url.split('?')[1]).get('$top'), '5');
    assert.equal(
      new URLSearchParams(builders.getUserRisk("o'neil@contoso.com").url.split('?')[1]).get(
        '$filter',
      ),
      "userPrincipalName eq 'o''neil@contoso.com'",
    );
    const eligibility = new URLSearchParams(built.listRoleEligibilities.url.split('?')[1]);
    assert.equal(eligibility.get('$expand'), 'roleDefinition($select=displayName,templateId)');
    assert.deepEqual(built.listUserGroups.headers, { ConsistencyLevel: 'eventual' });
  });

  it('the checker refuses a mail folder that is not well known, and an unknown $expand', () => {
    assert.deepEqual(
      checkRequest(model, { method: 'GET', url: '/users/a@b.c/mailFolders/outbox2/messageRules' })
        .problems,
      [
        "'outbox2' is not an id, nor an alternate key microsoft.graph.mailFolder takes as a segment",
      ],
    );
    const url =
      '/roleManagement/directory/roleEligibilityScheduleInstances?$expand=roleDefinitions($select=displayName)';
    assert.equal(checkRequest(model, { method: 'GET', url }).problems.length, 1);
    const badField =
      '/roleManagement/directory/roleEligibilityScheduleInstances?$expand=roleDefinition($select=nope)';
    assert.deepEqual(checkRequest(model, { method: 'GET', url: badField }).problems, [
      "$expand: microsoft.graph.unifiedRoleDefinition has no property 'nope'",
    ]);
  });

  it('the password reset sets passwordProfile.password and forceChangePasswordNextSignIn', () => {
    const { resetPassword } = everyRequest(ID_SAMPLE);
    assert.deepEqual(resetPassword.body, {
      passwordProfile: { password: ID_SAMPLE.password, forceChangePasswordNextSignIn: true },
    });
    assert.deepEqual(checkRequest(model, resetPassword).problems, []);
  });

  it('the unlock sets accountEnabled back to true where the lockdown set it false', () => {
    const built = everyRequest(ID_SAMPLE);
    for (const [off, on] of [
      [built.disableAccount, built.enableAccount],
      [built.disableDevice, built.enableDevice],
    ] as const) {
      assert.equal(on.url, off.url);
      assert.deepEqual(off.body, { accountEnabled: false });
      assert.deepEqual(on.body, { accountEnabled: true });
    }
  });

  it("the batch carries the account chain and a lockdown's lists, each checked like a top-level request", () => {
    const { batch } = everyRequest(ID_SAMPLE);
    const { requests } = batch.body as { requests: { url: string; dependsOn?: string[] }[] };
    // 3 writes, the read-back, the devices, methods, grants, inbox rules, verified domains.
    assert.equal(requests.length, 9);
    assert.ok(requests.slice(1).every((request) => request.dependsOn?.length === 1));
    assert.deepEqual(checkRequest(model, batch).problems, []);
  });

  it('deletes a sign-in method through the path of its type, for every type Graph can delete', () => {
    for (const [type, collection] of Object.entries(METHOD_COLLECTIONS)) {
      for (const sample of [ID_SAMPLE, GUEST_SAMPLE]) {
        const request = builders.deleteAuthMethod(
          sample.user,
          type as DeletableMethodType,
          sample.methodId,
        );
        const check = checkRequest(model, request);
        assert.equal(
          `${request.method} ${check.template}`,
          `DELETE /users/{key}/authentication/${collection}/{key}`,
        );
        assert.deepEqual(check.problems, [], request.url);
        assert.equal(request.body, undefined);
      }
    }
    assert.equal(isDeletableMethodType('password'), false, 'the password has no delete path');
    assert.equal(isDeletableMethodType('other'), false);
  });

  it('the options: a rule disabled (never deleted), a grant deleted, the user confirmed compromised', () => {
    const built = everyRequest(GUEST_SAMPLE);
    assert.deepEqual(built.disableInboxRule.body, { isEnabled: false });
    assert.match(built.disableInboxRule.url, /\/mailFolders\/inbox\/messageRules\/AQAAAJ5dZqA%3D$/);
    assert.equal(built.deleteConsent.body, undefined);
    assert.deepEqual(built.confirmCompromised.body, { userIds: [GUEST_SAMPLE.userObjectId] });
    const wrong = { ...built.confirmCompromised, body: { users: [GUEST_SAMPLE.userObjectId] } };
    assert.deepEqual(checkRequest(model, wrong).problems, [
      "confirmCompromised has no parameter 'users'",
    ]);
  });

  it("an incident's comment: Graph's documented body, appended to the alertComment collection", () => {
    const built = everyRequest(GUEST_SAMPLE).commentOnIncident;
    assert.equal(built.url, '/security/incidents/3962396/comments');
    assert.deepEqual(built.body, {
      '@odata.type': 'microsoft.graph.security.alertComment',
      comment: 'Lockdown: sign-in blocked, sessions revoked.',
    });
    const check = checkRequest(model, built);
    assert.deepEqual(check.target, {
      kind: 'values',
      type: 'microsoft.graph.security.alertComment',
    });
    // The id stays one segment whatever it holds (the adapter refuses such ids before this).
    assert.equal(
      builders.commentOnIncident('1/../../users', 'x').url,
      '/security/incidents/1%2F..%2F..%2Fusers/comments',
    );
    const wrong = {
      ...built,
      body: { '@odata.type': 'microsoft.graph.security.alertComment', text: 'x' },
    };
    assert.deepEqual(checkRequest(model, wrong).problems, [
      "body.text: microsoft.graph.security.alertComment has no property 'text'",
    ]);
  });
});
