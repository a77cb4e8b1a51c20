/**
 * Graph's answers are data, not truth: a `$batch` answer without a well-formed `responses`
 * array, a missing or malformed sub-response, or a body of the wrong shape is a failure of the
 * affected items (status 0, `UnexpectedResponse`), retried within the budget, never a success
 * and never a crash. Also: receipts carry Graph's clock (`serverTime`).
 */
import assert from 'node:assert/strict';
import { DirectoryError, type OperationResult } from '../../src/lockdown/directory';
import {
  FAST_POLICY,
  json,
  okBatch,
  okSub,
  type SeenRequest,
  SERVER_DATE,
  scriptedDirectory,
  sub,
  subRequests,
  text,
  ACCOUNT_OPERATIONS as OPERATIONS,
  READ_BACK,
  USER,
} from './fixtures/scripted-graph';

const DEVICE = { id: 'd1', displayName: 'PC', operatingSystem: 'Windows', accountEnabled: true };
const ACCOUNT_READS = {
  [`/users/${USER}?`]: READ_BACK,
  [`/users/${USER}/registeredDevices`]: { value: [DEVICE] },
};
const UPN = 'olivia@contoso.com';
const ENCODED = encodeURIComponent(UPN);
const LOOKUP_READS = {
  [`/users/${ENCODED}?`]: { id: USER, userPrincipalName: UPN, displayName: 'Olivia' },
  [`/users/${ENCODED}/transitiveMemberOf/microsoft.graph.directoryRole`]: { value: [] },
  [`/users/${ENCODED}/registeredDevices`]: { value: [DEVICE] },
};

function batchesOf(requests: readonly SeenRequest[]): SeenRequest[] {
  return requests.filter((request) => request.url === '/$batch');
}

function failures(results: readonly OperationResult[]) {
  return results.map((result) => {
    assert.ok(!result.ok, `expected a failure, got ${JSON.stringify(result)}`);
    return result.failure;
  });
}

async function rejection(promise: Promise<unknown>): Promise<DirectoryError> {
  const error = await promise.then(
    (value) => assert.fail(`expected a DirectoryError, got ${JSON.stringify(value)}`),
    (error: unknown) => error,
  );
  assert.ok(error instanceof DirectoryError, `expected a DirectoryError, got ${String(error)}`);
  return error;
}

describe('Graph answers are validated, not trusted', () => {
  const garbled: Record<string, () => Response> = {
    'an HTML page from a proxy': () => text('<html><body>Proxy error: upstream</body></html>'),
    '{}': () => json(200, {}),
    '`responses` of the wrong type': () => json(200, { responses: 'nope' }),
    'a truncated JSON body': () =>
      text('{"responses":[{"id":"1","status":204,"hea', 'application/json'),
  };

  for (const [name, answer] of Object.entries(garbled)) {
    it(`a 200 $batch with ${name}: every item fails UNKNOWN (status 0), after retries`, async () => {
      const { directory, requests } = scriptedDirectory(() => answer());
      const results = await directory.runAccountOperations(USER, OPERATIONS);
      for (const failure of failures(results)) {
        assert.equal(failure.status, 0);
        assert.equal(failure.code, 'UnexpectedResponse');
        assert.match(failure.message, /\$batch/);
        assert.doesNotMatch(failure.message, /<html|Proxy error|"responses"/i, 'never the body');
      }
      assert.equal(batchesOf(requests).length, FAST_POLICY.maxAttempts, 'retried in the budget');
    });
  }

  it('a garbled $batch once, then a good one: every operation done, no false success', async () => {
    let calls = 0;
    const { directory } = scriptedDirectory((request) =>
      ++calls === 1 ? json(200, {}) : okBatch(request, ACCOUNT_READS),
    );
    const results = await directory.runAccountOperations(USER, OPERATIONS);
    assert.ok(
      results.every((result) => result.ok),
      JSON.stringify(results),
    );
    assert.equal(calls, 2);
  });

  it('an item missing from the answer is retried on its own; the answered ones are done', async () => {
    const { directory, requests } = scriptedDirectory((request) => {
      const first = batchesOf(requests).length === 1;
      const items = subRequests(request).filter((item) => !(first && item.id === '2'));
      return json(200, { responses: items.map((item) => okSub(item, ACCOUNT_READS)) });
    });
    const results = await directory.runAccountOperations(USER, OPERATIONS);
    assert.ok(
      results.every((result) => result.ok),
      JSON.stringify(results),
    );
    const [, second] = batchesOf(requests);
    assert.deepEqual(
      subRequests(second!).map((item) => item.id),
      ['2'],
    );
  });

  it('an item that is never answered fails with status 0, not with the outer 200', async () => {
    const { directory } = scriptedDirectory((request) =>
      json(200, {
        responses: subRequests(request)
          .filter((item) => item.id !== '3')
          .map((item) => okSub(item, ACCOUNT_READS)),
      }),
    );
    const results = await directory.runAccountOperations(USER, OPERATIONS);
    assert.ok(results[0]?.ok && results[1]?.ok);
    const [failure] = failures([results[2]!]);
    assert.equal(failure?.status, 0);
    assert.equal(failure?.code, 'UnexpectedResponse');
    assert.match(failure?.message ?? '', /no response for POST \/users\/u1\/revokeSignInSessions/);
  });

  const malformed: Record<string, (entry: Record<string, unknown>) => unknown> = {
    'a status that is a string': (entry) => ({ ...entry, status: String(entry.status) }),
    'a status that is not an integer': (entry) => ({ ...entry, status: 204.5 }),
    'headers that are not strings': (entry) => ({ ...entry, headers: { 'request-id': 7 } }),
    'headers that are not an object': (entry) => ({ ...entry, headers: 'none' }),
    'an id that is a number': (entry) => ({ ...entry, id: Number(entry.id) }),
    'no id': ({ id: _id, ...entry }) => entry,
    'a duplicate with another status': (entry) => [entry, { ...entry, status: 403 }],
  };

  for (const [name, spoil] of Object.entries(malformed)) {
    it(`a sub-response with ${name} is not an answer: that item fails (status 0)`, async () => {
      const { directory } = scriptedDirectory((request) =>
        json(200, {
          responses: subRequests(request).flatMap((item) => {
            const entry = okSub(item, ACCOUNT_READS) as Record<string, unknown>;
            return item.id === '1' ? spoil(entry) : [entry];
          }),
        }),
      );
      const results = await directory.runAccountOperations(USER, OPERATIONS);
      const [failure] = failures([results[0]!]);
      assert.equal(failure?.status, 0);
      assert.equal(failure?.code, 'UnexpectedResponse');
      assert.ok(results[1]?.ok && results[2]?.ok, JSON.stringify(results));
    });
  }

  it('a top-level 200 whose body is an HTML page is a failure, retried, never "no devices"', async () => {
    const { directory, requests } = scriptedDirectory(() => text('<html>Proxy</html>'));
    const error = await rejection(directory.listDevices(USER));
    assert.equal(error.failure.status, 0);
    assert.equal(error.failure.code, 'UnexpectedResponse');
    assert.doesNotMatch(error.failure.message, /Proxy/);
    assert.equal(requests.length, FAST_POLICY.maxAttempts);
  });

  describe('bodies of the wrong shape are failures (UnexpectedResponse), not crashes', () => {
    function lookUp(override: Record<string, unknown>) {
      return scriptedDirectory((request) => okBatch(request, { ...LOOKUP_READS, ...override }));
    }

    it('a well-formed look-up works', async () => {
      const user = await lookUp({}).directory.findUser(UPN);
      assert.equal(user?.id, USER);
      assert.deepEqual(
        user?.devices.map((device) => device.id),
        ['d1'],
      );
    });

    const wrong: Record<string, Record<string, unknown>> = {
      'a user whose id is not a string': {
        [`/users/${ENCODED}?`]: { id: 42, userPrincipalName: UPN },
      },
      'a user without userPrincipalName': { [`/users/${ENCODED}?`]: { id: USER } },
      'a user whose accountEnabled is a string': {
        [`/users/${ENCODED}?`]: { id: USER, userPrincipalName: UPN, accountEnabled: 'false' },
      },
      'a device page whose value is not an array': {
        [`/users/${ENCODED}/registeredDevices`]: { value: { count: 23 } },
      },
      'a device page without value': { [`/users/${ENCODED}/registeredDevices`]: {} },
      'a device page whose nextLink is not a string': {
        [`/users/${ENCODED}/registeredDevices`]: { value: [], '@odata.nextLink': 42 },
      },
      'a device without an id': {
        [`/users/${ENCODED}/registeredDevices`]: { value: [{ displayName: 'PC' }] },
      },
      'a role without roleTemplateId': {
        [`/users/${ENCODED}/transitiveMemberOf/microsoft.graph.directoryRole`]: {
          value: [{ displayName: 'Global Admin' }],
        },
      },
    };

    for (const [name, override] of Object.entries(wrong)) {
      it(`findUser: ${name}`, async () => {
        const { directory, requests } = lookUp(override);
        const error = await rejection(directory.findUser(UPN));
        assert.equal(error.failure.status, 0);
        assert.equal(error.failure.code, 'UnexpectedResponse');
        assert.equal(batchesOf(requests).length, FAST_POLICY.maxAttempts, 'retried');
      });
    }

    it('readBack: accountEnabled that is not a boolean', async () => {
      const { directory } = scriptedDirectory(() => json(200, { accountEnabled: 'false' }));
      const error = await rejection(directory.readBack(USER));
      assert.equal(error.failure.code, 'UnexpectedResponse');
      assert.match(error.failure.message, /accountEnabled/);
    });

    it('readBack: a signInSessionsValidFromDateTime that is not a date', async () => {
      const { directory } = scriptedDirectory(() =>
        json(200, { accountEnabled: false, signInSessionsValidFromDateTime: 'yesterday' }),
      );
      assert.equal((await rejection(directory.readBack(USER))).failure.code, 'UnexpectedResponse');
    });

    it('memberGroups: a value that is not an array of strings', async () => {
      const { directory } = scriptedDirectory(() => json(200, { value: [1, 2] }));
      const error = await rejection(directory.memberGroups(USER, ['g1']));
      assert.equal(error.failure.code, 'UnexpectedResponse');
    });

    it('groupUserIds: a member whose id is not a string', async () => {
      const { directory } = scriptedDirectory(() => json(200, { value: [{ id: 7 }] }));
      const error = await rejection(directory.groupUserIds(['g1']));
      assert.equal(error.failure.code, 'UnexpectedResponse');
    });

    it('a read-back of the wrong shape inside the chain is dropped, and read again later', async () => {
      const { directory, requests } = scriptedDirectory((request) =>
        request.url === '/$batch'
          ? okBatch(request, { ...ACCOUNT_READS, [`/users/${USER}?`]: { accountEnabled: 'no' } })
          : json(200, READ_BACK),
      );
      const results = await directory.runAccountOperations(USER, OPERATIONS);
      assert.ok(results.every((result) => result.ok));
      assert.equal(batchesOf(requests).length, 1, 'an optional read is never retried');
      const observed = await directory.readBack(USER);
      assert.equal(observed.accountEnabled, false);
      assert.equal(requests.length, 2, 'the read-back was asked for again');
    });
  });

  describe("receipts carry Graph's clock", () => {
    it("batch items carry the $batch answer's Date", async () => {
      const { directory } = scriptedDirectory((request) => okBatch(request, ACCOUNT_READS));
      const results = await directory.runAccountOperations(USER, OPERATIONS);
      for (const result of results) {
        assert.ok(result.ok);
        assert.equal(result.receipt.serverTime, new Date(SERVER_DATE).toISOString());
        assert.match(result.receipt.requestId ?? '', /^rid-/);
      }
      const prefetched = await directory.readBack(USER);
      assert.equal(prefetched.serverTime, new Date(SERVER_DATE).toISOString());
    });

    it('a read-back carries its own answer’s Date; no Date, no serverTime', async () => {
      const { directory } = scriptedDirectory(() => json(200, READ_BACK));
      assert.equal(
        (await directory.readBack(USER)).serverTime,
        new Date(SERVER_DATE).toISOString(),
      );
      const undated = scriptedDirectory(() => new Response(JSON.stringify(READ_BACK)));
      assert.equal((await undated.directory.readBack(USER)).serverTime, undefined);
    });

    it('a sub-response that answers a write 2xx with no body is done', async () => {
      const { directory } = scriptedDirectory((request) =>
        json(200, { responses: subRequests(request).map((item) => sub(item.id, 204)) }),
      );
      const results = await directory.runAccountOperations(USER, [{ kind: 'disable-account' }]);
      assert.ok(results[0]?.ok);
    });
  });
});
