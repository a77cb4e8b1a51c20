/**
 * Defender for Identity's answers in the simulator (issue 11, on-premises accounts) are Graph
 * v1.0's: identity accounts (`microsoft.graph.security.user`, with their `account`s) and
 * `invokeAction`'s `invokeActionResult`, values included (enumeration members checked).
 */
import assert from 'node:assert/strict';
import { type RunningSimulator, startSimulator, type TenantSeed } from '../../src/simulator';
import { TestClient, testCertificates, testSeed } from '../simulator/helpers';
import { graphV1Subset } from './csdl';
import { property } from './model-queries';
import { checkRequest } from './request-check';
import { checkEntity } from './response-check';
import { checkValue } from './value-check';

const MDI_APP = {
  clientId: 'a0000000-0000-4000-8000-0000000000d9',
  clientSecret: 'mdi-metadata-secret',
  displayName: 'MDI metadata',
  permissions: ['SecurityIdentitiesAccount.Read.All', 'SecurityIdentitiesActions.ReadWrite.All'],
  directoryRoles: [],
};
const IDENTITY_ACCOUNTS = 'microsoft.graph.security.identityAccounts';

describe("Defender for Identity's answers are Graph v1.0 types (vendored CSDL subset)", () => {
  const model = graphV1Subset();
  let sim: RunningSimulator;
  let client: TestClient;
  let token: string;

  before(async () => {
    const base = testSeed();
    const seed = {
      ...base,
      apps: [...base.apps, MDI_APP],
      licenses: { defenderForIdentity: true },
    } as TenantSeed;
    sim = await startSimulator({ seed, tls: testCertificates() });
    client = new TestClient(sim.origin);
    token = await client.token(MDI_APP);
  });
  after(async () => {
    client.close();
    await sim.close();
  });

  /** Every property of `value` is the type's, with a value of its declared type. */
  function checkDeeply(type: string, value: Record<string, unknown>): string[] {
    const problems: string[] = [];
    checkEntity(model, type, value, problems);
    const declared = value['@odata.type'];
    const actual = typeof declared === 'string' ? declared.replace(/^#/, '') : type;
    for (const [name, member] of Object.entries(value)) {
      if (name.startsWith('@odata.')) continue;
      const ref = property(model, actual, name);
      if (ref) checkValue(model, ref, member, `${actual}.${name}`, problems);
    }
    return problems;
  }

  it('identity accounts, each a security.user with its accounts; invokeAction answers an invokeActionResult', async () => {
    const { status, body } = await client.send(
      'GET',
      '/v1.0/security/identities/identityAccounts',
      {
        token,
      },
    );
    assert.equal(status, 200);
    const fragment = String(body['@odata.context']).split('$metadata#')[1] ?? '';
    const context = checkRequest(model, { method: 'GET', url: `/${fragment}` });
    assert.deepEqual(context.problems, []);
    assert.equal(context.target?.kind, 'collection');
    const accounts: Record<string, unknown>[] = body.value;
    assert.ok(accounts.length > 0);
    for (const account of accounts) assert.deepEqual(checkDeeply(IDENTITY_ACCOUNTS, account), []);

    const [first] = accounts as { id: string; accounts: { identifier: string }[] }[];
    const request = {
      method: 'POST',
      url: `/security/identities/identityAccounts/${first!.id}/invokeAction`,
      body: {
        accountId: first!.accounts[0]!.identifier,
        action: 'disable',
        identityProvider: 'activeDirectory',
      },
    };
    const checked = checkRequest(model, request);
    assert.deepEqual(checked.problems, []);
    assert.equal(checked.target?.kind, 'action');
    const answer = await client.send('POST', `/v1.0${request.url}`, { token, body: request.body });
    assert.equal(answer.status, 200);
    const returnType =
      checked.target?.kind === 'action' ? checked.target.action.returnType : undefined;
    assert.equal(returnType?.type, 'microsoft.graph.security.invokeActionResult');
    assert.equal(
      String(answer.body['@odata.context']).split('$metadata#')[1],
      'microsoft.graph.security.invokeActionResult',
    );
    const { '@odata.context': _, ...result } = answer.body;
    assert.deepEqual(checkDeeply(returnType!.type, result), []);
  });
});
