/**
 * The checker itself: it must reject what Graph's schema does not have, or the checks of the
 * bot's requests would prove nothing.
 */
import assert from 'node:assert/strict';
import { graphV1Subset } from './csdl';
import { checkRequest, type CheckedRequest } from './request-check';

const USER = 'b0000000-0000-4000-8000-000000000001';
const GROUP = 'c0000000-0000-4000-8000-000000000001';

function problemsOf(request: CheckedRequest): readonly string[] {
  return checkRequest(graphV1Subset(), request).problems;
}

describe('the CSDL request checker', () => {
  const wrong: Record<string, readonly [CheckedRequest, RegExp]> = {
    'an unknown entity set': [
      { method: 'GET', url: '/people/x' },
      /'people' is not an entity set or a singleton/,
    ],
    'a $filter on a property role assignments lack': [
      {
        method: 'GET',
        url: `/roleManagement/directory/roleAssignments?$filter=${encodeURIComponent(`userId eq '${USER}'`)}`,
      },
      /\$filter: microsoft.graph.unifiedRoleAssignment has no property 'userId'/,
    ],
    'a key on a singleton': [
      { method: 'GET', url: `/roleManagement/${USER}` },
      /'b0000000-0000-4000-8000-000000000001' is neither a navigation property nor an action of microsoft.graph.roleManagement/,
    ],
    'a PATCH of a singleton': [
      { method: 'PATCH', url: '/roleManagement', body: {} },
      /PATCH is not allowed here \(entity\)/,
    ],
    'an unknown navigation property': [
      { method: 'GET', url: `/users/${USER}/devices` },
      /'devices' is neither a navigation property nor an action/,
    ],
    'a cast to a type outside the hierarchy': [
      { method: 'GET', url: `/users/${USER}/registeredDevices/microsoft.graph.passwordProfile` },
      /not a type derived from microsoft.graph.directoryObject/,
    ],
    'a cast to a type the subset lacks': [
      { method: 'GET', url: `/users/${USER}/registeredDevices/microsoft.graph.printer` },
      /cast 'microsoft.graph.printer'/,
    ],
    'a key that is neither an id nor an alternate key': [
      { method: 'GET', url: '/groups/security-team' },
      /not an id, nor an alternate key microsoft.graph.group takes/,
    ],
    'a UPN for a device': [
      { method: 'PATCH', url: '/devices/pc%40contoso.com', body: { accountEnabled: false } },
      /not an id, nor an alternate key microsoft.graph.device takes/,
    ],
    'a $select field of another type': [
      { method: 'GET', url: `/users/${USER}?$select=id,operatingSystem` },
      /microsoft.graph.user has no property 'operatingSystem'/,
    ],
    'a $select field on the uncast directoryObject list': [
      { method: 'GET', url: `/users/${USER}/registeredDevices?$select=displayName` },
      /directoryObject has no property 'displayName'/,
    ],
    'a $filter on an unknown property': [
      { method: 'GET', url: `/groups/${GROUP}/transitiveMembers?$filter=colour eq 'red'` },
      /\$filter: microsoft.graph.directoryObject has no property 'colour'/,
    ],
    'a $select field managed devices lack': [
      { method: 'GET', url: `/users/${USER}/managedDevices?$select=id,displayName` },
      /microsoft.graph.managedDevice has no property 'displayName'/,
    ],
    'a $filter on devices by a property they lack': [
      { method: 'GET', url: `/devices?$filter=${encodeURIComponent("azureADDeviceId eq 'x'")}` },
      /\$filter: microsoft.graph.device has no property 'azureADDeviceId'/,
    ],
    'a $top over 999': [{ method: 'GET', url: '/users?$top=1000' }, /\$top=1000/],
    'an unsupported query option': [
      { method: 'GET', url: `/users/${USER}?$orderby=displayName` },
      /'\$orderby' is not checked here/,
    ],
    'an $expand of a navigation property the type lacks': [
      { method: 'GET', url: `/users/${USER}?$expand=supervisor` },
      /\$expand: microsoft.graph.user has no navigation property 'supervisor'/,
    ],
    'an unencoded #': [
      { method: 'GET', url: '/users/pat_fabrikam.com#EXT#@contoso.com' },
      /relative and percent-encoded/,
    ],
    'a PATCH of an unknown property': [
      { method: 'PATCH', url: `/users/${USER}`, body: { accountDisabled: true } },
      /body.accountDisabled: microsoft.graph.user has no property/,
    ],
    'a PATCH with a wrong type': [
      { method: 'PATCH', url: `/users/${USER}`, body: { accountEnabled: 'false' } },
      /body.accountEnabled: expected Edm.Boolean/,
    ],
    'a misspelt passwordProfile member': [
      {
        method: 'PATCH',
        url: `/users/${USER}`,
        body: { passwordProfile: { password: 'x', forceChangePasswordAtNextSignIn: true } },
      },
      /passwordProfile has no property 'forceChangePasswordAtNextSignIn'/,
    ],
    'a PATCH of a navigation property': [
      { method: 'PATCH', url: `/users/${USER}`, body: { registeredDevices: [] } },
      /a navigation property cannot be set here/,
    ],
    'a PATCH of a collection': [
      { method: 'PATCH', url: '/users' },
      /PATCH is not allowed here \(collection\)/,
    ],
    'a GET of an action': [
      { method: 'GET', url: `/users/${USER}/revokeSignInSessions` },
      /GET is not allowed here \(action\)/,
    ],
    'an action bound to another type': [
      { method: 'POST', url: `/groups/${GROUP}/revokeSignInSessions` },
      /neither a navigation property nor an action of microsoft.graph.group/,
    ],
    'an unknown action parameter': [
      { method: 'POST', url: `/users/${USER}/checkMemberGroups`, body: { groups: [GROUP] } },
      /checkMemberGroups has no parameter 'groups'/,
    ],
    'a missing action parameter': [
      { method: 'POST', url: `/users/${USER}/checkMemberGroups`, body: {} },
      /checkMemberGroups needs 'groupIds'/,
    ],
    'a DELETE of a collection': [
      { method: 'DELETE', url: '/oauth2PermissionGrants' },
      /DELETE is not allowed here \(collection\)/,
    ],
    'a DELETE with a body': [
      { method: 'DELETE', url: '/oauth2PermissionGrants/abc', body: {} },
      /a DELETE has no body/,
    ],
    'a method collection authentication lacks': [
      { method: 'DELETE', url: `/users/${USER}/authentication/smsMethods/abc` },
      /'smsMethods' is neither a navigation property nor an action of microsoft.graph.authentication/,
    ],
    'an opaque key only where ids are opaque': [
      { method: 'DELETE', url: '/devices/not-a-guid' },
      /not an id, nor an alternate key microsoft.graph.device takes/,
    ],
    'an action bound to one entity called on the collection': [
      { method: 'POST', url: '/users/revokeSignInSessions' },
      /'revokeSignInSessions' is not an id/,
    ],
    'a collection action of another type': [
      { method: 'POST', url: '/users/confirmCompromised', body: { userIds: [USER] } },
      /'confirmCompromised' is not an id/,
    ],
    'a batch member Graph does not know': [
      {
        method: 'POST',
        url: '/$batch',
        body: { requests: [{ id: '1', method: 'GET', url: `/users/${USER}`, after: ['0'] }] },
      },
      /\$batch 1: unknown member after/,
    ],
    'a batch body without Content-Type': [
      {
        method: 'POST',
        url: '/$batch',
        body: { requests: [{ id: '1', method: 'PATCH', url: `/users/${USER}`, body: {} }] },
      },
      /a body needs a Content-Type header/,
    ],
    'a wrong request inside a batch': [
      {
        method: 'POST',
        url: '/$batch',
        body: { requests: [{ id: '7', method: 'GET', url: `/users/${USER}?$select=colour` }] },
      },
      /\$batch 7: \$select: microsoft.graph.user has no property 'colour'/,
    ],
    'a comment of another type': [
      {
        method: 'POST',
        url: '/security/incidents/42/comments',
        body: { '@odata.type': 'microsoft.graph.security.user', comment: 'x' },
      },
      /@odata.type "microsoft.graph.security.user" is not a microsoft.graph.security.alertComment/,
    ],
    'a comment as a collection, not one item': [
      { method: 'POST', url: '/security/incidents/42/comments', body: [{ comment: 'x' }] },
      /expected one item of type microsoft.graph.security.alertComment/,
    ],
    'an annotation in a comment': [
      {
        method: 'POST',
        url: '/security/incidents/42/comments',
        body: { comment: 'x', '@odata.id': 'security/incidents/42' },
      },
      /body: annotation '@odata.id' is not expected here/,
    ],
    'a PATCH of a property collection': [
      { method: 'PATCH', url: '/security/incidents/42/comments', body: { comment: 'x' } },
      /PATCH is not allowed here \(values\)/,
    ],
    'a segment after a property collection': [
      { method: 'GET', url: '/security/incidents/42/comments/0' },
      /nothing follows a property collection: '0'/,
    ],
    'a single-valued property as a segment': [
      { method: 'GET', url: '/security/incidents/42/displayName' },
      /'displayName' is neither a navigation property nor an action/,
    ],
  };

  for (const [name, [request, expected]] of Object.entries(wrong)) {
    it(`rejects ${name}`, () => {
      const problems = problemsOf(request);
      assert.ok(
        problems.some((problem) => expected.test(problem)),
        `${expected} in ${JSON.stringify(problems)}`,
      );
    });
  }

  it('accepts inherited members, alternate keys and casts to derived types', () => {
    assert.deepEqual(
      problemsOf({ method: 'GET', url: '/users/adele%40contoso.com?$select=id' }),
      [],
    );
    assert.deepEqual(
      problemsOf({ method: 'GET', url: `/groups/${GROUP}/members/microsoft.graph.user?$top=5` }),
      [],
    );
    assert.deepEqual(
      problemsOf({
        method: 'GET',
        url: `/devices/${USER}?$select=deletedDateTime,operatingSystem`,
      }),
      [],
    );
    assert.deepEqual(
      problemsOf({
        method: 'GET',
        url: `/roleManagement/directory/roleAssignments/${USER}?$select=principalId,roleDefinitionId`,
      }),
      [],
    );
  });

  it("appends one item to a property collection: an incident's comments", () => {
    const url = '/security/incidents/3962396/comments';
    assert.deepEqual(problemsOf({ method: 'POST', url, body: { comment: 'x' } }), []);
    const typed = { '@odata.type': '#microsoft.graph.security.alertComment', comment: 'x' };
    assert.deepEqual(problemsOf({ method: 'POST', url, body: typed }), []);
    assert.deepEqual(problemsOf({ method: 'GET', url }), []);
  });
});
