/**
 * Deleting sign-in methods in the simulator (issue 11, --remove-mfa): the default refused while
 * other methods besides the password remain, the password never, app-only callers needing an
 * Authentication Administrator who covers the user; the seed's default method checked.
 */
import assert from 'node:assert/strict';
import type { RunningSimulator } from '../../src/simulator';
import { parseTenantSeed, startSimulator } from '../../src/simulator';
import { PASSWORD_METHOD_ID } from '../../src/simulator/footholds';
import { TestClient, testCertificates, USERS } from './helpers';
import {
  AUTHENTICATOR,
  DENIED,
  errorOf as error,
  FIDO2,
  method,
  PHONE,
  writerTokens,
  writesSeed,
} from './writes-fixture';

describe('simulator: sign-in methods deleted (issue 11)', () => {
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
  const methodsOf = async (user: string) =>
    (await send('GET', `/users/${user}/authentication/methods`)).body.value.map(
      (m: { id: string }) => m.id,
    );

  describe('DELETE /users/{id}/authentication/{type}Methods/{id}', () => {
    const adele = `/users/${USERS.adele.id}/authentication`;

    it('needs UserAuthenticationMethod.ReadWrite.All, and a role that covers methods', async () => {
      const path = `${adele}/microsoftAuthenticatorMethods/${AUTHENTICATOR}`;
      assert.equal(error(await send('DELETE', path, 'FOOTHOLD_APP')), DENIED);
      assert.equal(
        error(await send('DELETE', path, 'USER_ADMIN')),
        DENIED,
        'not a User Administrator',
      );
      assert.equal((await methodsOf(USERS.adele.id)).length, 4);
    });

    it('refuses the default method while others remain, then deletes it once it is the last', async () => {
      const phone = `${adele}/phoneMethods/${PHONE}`;
      assert.equal(
        error(await send('DELETE', phone)),
        '400 badRequest Cannot delete default method with other methods configured. Please change default method before deletion.',
      );
      const gone = await send('DELETE', `${adele}/microsoftAuthenticatorMethods/${AUTHENTICATOR}`);
      assert.deepEqual([gone.status, gone.body], [204, undefined]);
      assert.equal((await send('DELETE', `${adele}/fido2Methods/${FIDO2}`)).status, 204);
      assert.equal((await send('DELETE', phone)).status, 204, 'the password does not count');
      assert.deepEqual(await methodsOf(USERS.adele.id), [PASSWORD_METHOD_ID]);
    });

    it('the password method is never deleted; a method is found under its own type only', async () => {
      const password = `${adele}/passwordMethods/${PASSWORD_METHOD_ID}`;
      const kept = await send('DELETE', password);
      assert.equal(
        error(kept),
        '405 Request_BadRequest Specified HTTP method is not allowed for the request uri.',
      );
      const read = await send('GET', password);
      assert.equal(read.body['@odata.type'], '#microsoft.graph.passwordAuthenticationMethod');
      const hal = `/users/${USERS.helpdesk.id}/authentication`;
      assert.equal((await send('DELETE', `${hal}/phoneMethods/h-1`)).status, 404);
      assert.equal((await send('DELETE', `${hal}/smsMethods/h-1`)).status, 400);
      assert.equal((await send('DELETE', `${hal}/softwareOathMethods/nope`)).status, 404);
    });

    it('an Authentication Administrator covers a Helpdesk Administrator, not a Global Administrator or a role-assignable group member', async () => {
      const hal = `/users/${USERS.helpdesk.upn}/authentication/softwareOathMethods/h-1`;
      assert.equal((await send('DELETE', hal)).status, 204);
      const admin = `/users/${USERS.admin.id}/authentication/fido2Methods/a-1`;
      assert.equal(error(await send('DELETE', admin)), DENIED);
      const pia = `/users/${USERS.protectedMember.id}/authentication/emailMethods/p-1`;
      assert.equal(error(await send('DELETE', pia)), DENIED);
      assert.equal((await send('DELETE', admin, 'PRIVILEGED')).status, 204);
      assert.equal((await send('DELETE', pia, 'PRIVILEGED')).status, 204);
    });
  });

  it('a seed names at most one default method per user, and never the password', () => {
    const withMethods = (methods: unknown[]) => {
      const seed = writesSeed();
      return {
        ...seed,
        users: seed.users.map((user) =>
          user.id === USERS.many.id
            ? { ...user, foothold: { authenticationMethods: methods as never } }
            : user,
        ),
      };
    };
    assert.throws(
      () =>
        parseTenantSeed(
          withMethods([
            method('m-1', 'phone', { isDefault: true }),
            method('m-2', 'fido2', { isDefault: true }),
          ]),
        ),
      /more than one isDefault/,
    );
    assert.throws(
      () =>
        parseTenantSeed(withMethods([method(PASSWORD_METHOD_ID, 'password', { isDefault: true })])),
      /the password is no MFA default/,
    );
  });
});
