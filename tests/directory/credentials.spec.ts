/**
 * A refused token request reaches the domain as "the app's Graph credentials were refused",
 * with a correlation id that leads to the log line holding Entra ID's own words; it is not
 * retried. Run through the SDK's real auth middleware (the simulator's token endpoint is covered
 * by graph-faults.spec.ts).
 */
import assert from 'node:assert/strict';
import {
  AuthenticationError,
  AuthenticationRequiredError,
  CredentialUnavailableError,
  type TokenCredential,
} from '@azure/identity';
import { DirectoryError } from '../../src/lockdown/directory';
import { json, scriptedDirectory } from './fixtures/scripted-graph';

const CORRELATION_ID = '0d6c1a8e-5b7f-4c1e-9a3d-2f4b6c8d0e1f';
const AADSTS =
  'AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request ' +
  `is the client secret value. Trace ID: 9e1f Correlation ID: ${CORRELATION_ID} Timestamp: now`;
const REFUSED =
  /^the app's Graph credentials were refused \(details in the log, correlation id ([0-9a-f-]{36})\)$/;

function refusing(error: () => Error): { credential: TokenCredential; calls: () => number } {
  let calls = 0;
  return {
    credential: {
      getToken: async () => {
        calls++;
        throw error();
      },
    },
    calls: () => calls,
  };
}

const errors: Record<string, () => Error> = {
  'AuthenticationError (invalid client secret)': () =>
    new AuthenticationError(401, {
      error: 'invalid_client',
      error_description: AADSTS,
      correlation_id: CORRELATION_ID,
    }),
  'AuthenticationRequiredError (what ClientSecretCredential throws for it)': () =>
    new AuthenticationRequiredError({
      scopes: ['https://graph.test/.default'],
      message: `invalid_client: Error(s): 7000215 - Description: ${AADSTS} - Correlation ID: ${CORRELATION_ID}`,
    }),
};

describe('refused credentials', () => {
  for (const [name, error] of Object.entries(errors)) {
    it(`${name}: CredentialsRefused with its correlation id; AADSTS only in the log`, async () => {
      const { credential, calls } = refusing(error);
      const { directory, requests, logs } = scriptedDirectory(() => json(200, {}), {}, credential);
      const thrown = await directory.findUser('olivia@contoso.com').catch((e: unknown) => e);
      assert.ok(thrown instanceof DirectoryError, String(thrown));
      const { failure } = thrown;
      assert.equal(failure.code, 'CredentialsRefused');
      assert.equal(failure.status, 0);
      assert.equal(failure.message.match(REFUSED)?.[1], CORRELATION_ID);
      assert.doesNotMatch(failure.message, /AADSTS/);
      assert.equal(calls(), 1, 'not retried');
      assert.equal(requests.length, 0, 'nothing reached Graph');
      const line = logs()
        .split('\n')
        .find((l) => l.includes('AADSTS7000215'));
      assert.ok(line, 'the AADSTS text is in the log');
      assert.equal(JSON.parse(line).level, 40, 'logged as a warning');
      assert.ok(line.includes(CORRELATION_ID));
    });
  }

  it('CredentialUnavailableError: a fresh correlation id, in the message and the log line', async () => {
    const { credential } = refusing(
      () => new CredentialUnavailableError('ManagedIdentityCredential: no endpoint found'),
    );
    const { directory, logs } = scriptedDirectory(() => json(200, {}), {}, credential);
    const results = await directory.runAccountOperations('u1', [{ kind: 'revoke-sessions' }]);
    const [result] = results;
    assert.ok(result && !result.ok);
    assert.equal(result.failure.code, 'CredentialsRefused');
    const id = result.failure.message.match(REFUSED)?.[1];
    assert.ok(id, result.failure.message);
    const line = logs()
      .split('\n')
      .find((l) => l.includes('no endpoint found'));
    assert.ok(line?.includes(id), 'the log line carries the same correlation id');
  });

  it('an authority that cannot be reached is a network error, retried, not "credentials refused"', async () => {
    let calls = 0;
    const credential: TokenCredential = {
      getToken: async () => {
        calls++;
        if (calls === 1) {
          throw new CredentialUnavailableError('endpoints_resolution_error: fetch failed');
        }
        return { token: 'a-token', expiresOnTimestamp: Date.now() + 3_600_000 };
      },
    };
    const { directory } = scriptedDirectory(
      () => json(200, { responses: [{ id: '1', status: 204, headers: {} }] }),
      {},
      credential,
    );
    const [result] = await directory.runAccountOperations('u1', [{ kind: 'revoke-sessions' }]);
    assert.ok(result?.ok, JSON.stringify(result));
    assert.equal(result.receipt.networkRetries, 1);
  });

  it('each refused write fails on its own: nothing is reported done', async () => {
    const { credential } = refusing(() => new CredentialUnavailableError('no credential'));
    const { directory } = scriptedDirectory(() => json(200, {}), {}, credential);
    const results = await directory.runAccountOperations('u1', [
      { kind: 'disable-account' },
      { kind: 'reset-password', password: 'Pa55-word-never-logged!' },
      { kind: 'revoke-sessions' },
    ]);
    assert.deepEqual(
      results.map((result) => (result.ok ? 'ok' : result.failure.code)),
      ['CredentialsRefused', 'CredentialsRefused', 'CredentialsRefused'],
    );
  });
});
