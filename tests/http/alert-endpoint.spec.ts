/**
 * `POST /api/alerts` on the real restify server, over HTTP: the token first (a bare 401, the
 * reason only in the log), then the body (every problem), then the handler's answer as a status;
 * an `x-request-id` on every answer; no route at all when alerts are not configured.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { Application, TurnState } from '@microsoft/teams-ai';
import type { Server } from 'restify';
import type { AlertAnswer, AlertAsk, AlertCaller } from '../../src/http/alert-endpoint';
import { createAlertTokenVerifier } from '../../src/http/alert-token';
import { createLogger } from '../../src/logger';
import { createServer } from '../../src/server';
import { LockdownAdapter } from '../../src/teams/lockdown-adapter';
import {
  AUDIENCE,
  CALLER,
  epoch,
  startTokenIssuer,
  TENANT,
  type TokenIssuer,
} from './token-issuer';

interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly text: string;
}

/** Sends a request; a `body` array is sent in chunks, without Content-Length. */
function send(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string | readonly string[],
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString(),
        }),
      );
    });
    req.on('error', reject);
    if (typeof body === 'string') req.end(body);
    else if (body) {
      for (const chunk of body) req.write(chunk);
      req.end();
    } else req.end();
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ALERT = { users: ['adele@contoso.com'], title: 'Impossible travel', incidentId: '4711' };

async function start(
  alerts: boolean,
  handler: (ask: AlertAsk, caller: AlertCaller) => Promise<AlertAnswer>,
  issuer: TokenIssuer,
  logs: string[],
) {
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger('info', destination);
  const server: Server = createServer({
    adapter: new LockdownAdapter({}, logger),
    app: {} as Application<TurnState>,
    logger,
    health: async () => {},
    ...(alerts
      ? {
          alerts: {
            verifier: createAlertTokenVerifier({
              authorityHost: issuer.origin,
              tenantId: TENANT,
              audience: AUDIENCE,
              callerIds: [CALLER.appId],
            }),
            handler,
          },
        }
      : {}),
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as AddressInfo).port };
}

describe('POST /api/alerts', () => {
  let issuer: TokenIssuer;
  let server: Server;
  let port: number;
  let token: string;
  const logs: string[] = [];
  const calls: { ask: AlertAsk; caller: AlertCaller }[] = [];
  let answer: () => Promise<AlertAnswer> = async () => ({
    kind: 'accepted',
    requestId: 'r1',
    existing: false,
  });

  before(async () => {
    issuer = await startTokenIssuer();
    ({ server, port } = await start(
      true,
      async (ask, caller) => {
        calls.push({ ask, caller });
        return answer();
      },
      issuer,
      logs,
    ));
    token = await issuer.sign({
      aud: AUDIENCE,
      iss: `${issuer.origin}/${TENANT}/v2.0`,
      tid: TENANT,
      azp: CALLER.appId,
      oid: CALLER.objectId,
      sub: CALLER.objectId,
      nbf: epoch(-60),
      exp: epoch(3600),
    });
  });
  after(async () => {
    server.close();
    await issuer.close();
  });
  beforeEach(() => {
    logs.length = 0;
    calls.length = 0;
  });

  const authorized = (headers: Record<string, string> = {}) => ({
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
    ...headers,
  });
  const post = (headers: Record<string, string>, body?: string | readonly string[]) =>
    send(port, 'POST', '/api/alerts', headers, body);

  /** The log lines that name this answer's request id. */
  const linesOf = (answer: Answer): Record<string, unknown>[] =>
    logs
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.requestId === answer.headers['x-request-id']);

  describe('refuses an unauthenticated request with a bare 401, before reading its body', () => {
    const cases: readonly [string, () => Promise<Record<string, string>>, RegExp][] = [
      ['no Authorization header', async () => ({}), /no Authorization header/],
      [
        'a Basic header',
        async () => ({ authorization: 'Basic dXNlcjpwYXNz' }),
        /not a Bearer token/,
      ],
      ['garbage', async () => ({ authorization: 'Bearer x.y.z' }), /malformed/],
      [
        'an expired token',
        async () => ({
          authorization: `Bearer ${await issuer.sign({
            aud: AUDIENCE,
            iss: `${issuer.origin}/${TENANT}/v2.0`,
            tid: TENANT,
            azp: CALLER.appId,
            oid: CALLER.objectId,
            sub: CALLER.objectId,
            exp: epoch(-3600),
          })}`,
        }),
        /expired/,
      ],
      [
        'a caller not listed',
        async () => ({
          authorization: `Bearer ${await issuer.sign({
            aud: AUDIENCE,
            iss: `${issuer.origin}/${TENANT}/v2.0`,
            tid: TENANT,
            azp: 'e0000000-0000-4000-8000-000000000001',
            oid: 'e0000000-0000-4000-8000-000000000002',
            sub: 'e0000000-0000-4000-8000-000000000002',
            exp: epoch(3600),
          })}`,
        }),
        /not in LOCKDOWN_ALERTS_CALLER_IDS/,
      ],
      [
        'a foreign key',
        async () => ({
          authorization: `Bearer ${await issuer.sign({ aud: AUDIENCE }, { key: 'foreign' })}`,
        }),
        /does not publish/,
      ],
    ];
    for (const [name, headers, reason] of cases) {
      it(name, async () => {
        const sent = await headers();
        const res = await post({ 'content-type': 'text/plain', ...sent }, 'not even JSON');
        assert.equal(res.status, 401);
        assert.equal(res.headers['www-authenticate'], 'Bearer');
        assert.equal(res.text, '');
        assert.match(String(res.headers['x-request-id']), UUID);
        const [line] = linesOf(res);
        assert.equal(line?.msg, 'request refused: alert not authenticated');
        assert.match(String(line?.reason), reason);
        assert.equal(calls.length, 0);
        const presented = sent.authorization?.split(' ')[1];
        if (presented && presented.length > 20) assert.ok(!logs.join('').includes(presented));
      });
    }

    it('answers 503 with Retry-After when the signing keys cannot be fetched', async () => {
      const other = await startTokenIssuer();
      const logs2: string[] = [];
      const running = await start(true, async () => answer(), other, logs2);
      try {
        other.failMetadata = 1;
        const signed = await other.sign({
          aud: AUDIENCE,
          iss: `${other.origin}/${TENANT}/v2.0`,
          tid: TENANT,
          azp: CALLER.appId,
          oid: CALLER.objectId,
          sub: CALLER.objectId,
          exp: epoch(3600),
        });
        const res = await send(
          running.port,
          'POST',
          '/api/alerts',
          authorized({ authorization: `Bearer ${signed}` }),
          JSON.stringify(ALERT),
        );
        assert.equal(res.status, 503);
        assert.equal(res.headers['retry-after'], '30');
        assert.deepEqual(JSON.parse(res.text), { error: 'Unavailable' });
        assert.match(logs2.join(''), /signing keys unavailable/);
        const again = await send(
          running.port,
          'POST',
          '/api/alerts',
          authorized({ authorization: `Bearer ${signed}` }),
          JSON.stringify(ALERT),
        );
        assert.equal(again.status, 202);
      } finally {
        running.server.close();
        await other.close();
      }
    });
  });

  describe('refuses a body that is not an alert, naming every problem', () => {
    const cases: readonly [
      string,
      Record<string, string>,
      string | readonly string[],
      number,
      readonly (string | RegExp)[] | RegExp,
    ][] = [
      [
        'a body that is not JSON',
        { 'content-type': 'text/plain' },
        JSON.stringify(ALERT),
        415,
        ['The body must be JSON (Content-Type: application/json).'],
      ],
      ['no content type', { 'content-type': '' }, JSON.stringify(ALERT), 415, /must be JSON/],
      ['invalid JSON', {}, '{"users": [', 400, ['The body is not valid JSON.']],
      ['an empty body', {}, '', 400, [/^The body is empty/]],
      [
        'a body over 64 KB, declared',
        {},
        JSON.stringify({ ...ALERT, title: 'x'.repeat(70_000) }),
        413,
        ['The body is larger than 64 KB.'],
      ],
      [
        'a body over 64 KB, streamed',
        {},
        Array.from({ length: 20 }, () => 'x'.repeat(4096)),
        413,
        ['The body is larger than 64 KB.'],
      ],
      [
        'an alert with several problems',
        {},
        JSON.stringify({
          users: ['x', 'adele@contoso.com'],
          title: '',
          url: 'javascript:alert(1)',
          extra: 1,
        }),
        400,
        [
          'users[0]: "x" is not a valid user principal name (user@domain).',
          'title: must not be empty',
          'url: must be an https:// URL, not "javascript"',
          /^"extra" is not a field/,
        ],
      ],
    ];
    for (const [name, headers, body, status, expected] of cases) {
      it(name, async () => {
        const res = await post(authorized(headers), body);
        assert.equal(res.status, status, res.text);
        assert.match(String(res.headers['x-request-id']), UUID);
        const { problems } = JSON.parse(res.text) as { problems: string[] };
        if (expected instanceof RegExp) assert.match(problems.join('\n'), expected);
        else {
          assert.equal(problems.length, expected.length, problems.join('\n'));
          expected.forEach((want, i) => {
            if (typeof want === 'string') assert.equal(problems[i], want);
            else assert.match(problems[i]!, want);
          });
        }
        assert.equal(calls.length, 0);
        assert.ok(linesOf(res).length >= 1, 'the refusal is logged with the request id');
      });
    }
  });

  describe("answers with the handler's answer", () => {
    const cases: readonly [string, AlertAnswer, number, unknown][] = [
      [
        'accepted, with a card link',
        {
          kind: 'accepted',
          requestId: 'req-1',
          cardUrl: 'https://teams.microsoft.com/l/message/x',
          existing: false,
        },
        202,
        { requestId: 'req-1', cardUrl: 'https://teams.microsoft.com/l/message/x', existing: false },
      ],
      [
        'accepted earlier, no card link',
        { kind: 'accepted', requestId: 'req-0', existing: true },
        202,
        { requestId: 'req-0', cardUrl: null, existing: true },
      ],
      [
        'no conversation',
        { kind: 'no-conversation', message: 'Install Lockdown in the alert channel first.' },
        409,
        { error: 'Install Lockdown in the alert channel first.' },
      ],
      [
        'refused',
        { kind: 'refused', problems: ['"pia@contoso.com" is protected.'] },
        422,
        { problems: ['"pia@contoso.com" is protected.'] },
      ],
    ];
    for (const [name, given, status, body] of cases) {
      it(name, async () => {
        answer = async () => given;
        const res = await post(
          authorized(),
          JSON.stringify({
            ...ALERT,
            users: ['ADELE@contoso.com', 'adele@contoso.com'],
            severity: 'High',
          }),
        );
        assert.equal(res.status, status);
        assert.deepEqual(JSON.parse(res.text), body);
        assert.match(String(res.headers['content-type']), /^application\/json/);
        assert.deepEqual(calls, [
          {
            ask: {
              users: ['ADELE@contoso.com'],
              title: 'Impossible travel',
              incidentId: '4711',
              severity: 'high',
            },
            caller: CALLER,
          },
        ]);
        const [line] = linesOf(res);
        assert.equal(line?.status, status);
        assert.equal(line?.callerAppId, CALLER.appId);
        assert.equal(line?.incidentId, '4711');
      });
    }

    it('answers a failing handler with a generic 500, the error logged without a stack', async () => {
      answer = async () => {
        throw new Error('store unreachable');
      };
      const res = await post(authorized(), JSON.stringify(ALERT));
      assert.equal(res.status, 500);
      assert.deepEqual(JSON.parse(res.text), { error: 'Internal error' });
      const [line] = linesOf(res);
      assert.equal(line?.msg, 'alert failed');
      assert.equal(line?.error, 'Error: store unreachable');
      assert.doesNotMatch(logs.join(''), /at .*alert-endpoint/);
    });

    it('never logs the token', async () => {
      answer = async () => ({ kind: 'accepted', requestId: 'r', existing: false });
      await post(authorized(), JSON.stringify(ALERT));
      assert.ok(logs.length > 0);
      assert.ok(!logs.join('').includes(token));
    });
  });

  describe('routing', () => {
    it('answers another method on the path with a generic 405', async () => {
      const res = await send(port, 'GET', '/api/alerts');
      assert.equal(res.status, 405);
      assert.deepEqual(JSON.parse(res.text), { error: 'Method not allowed' });
    });

    it('has no such route when alerts are not configured: 404, like any unknown path', async () => {
      const running = await start(false, async () => answer(), issuer, []);
      try {
        const res = await send(
          running.port,
          'POST',
          '/api/alerts',
          authorized(),
          JSON.stringify(ALERT),
        );
        assert.equal(res.status, 404);
        assert.deepEqual(JSON.parse(res.text), { error: 'Not found' });
        assert.equal(res.headers['x-request-id'], undefined);
      } finally {
        running.server.close();
      }
    });
  });
});
