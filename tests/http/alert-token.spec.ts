/**
 * The alert endpoint's token check: real RS256 tokens from a local authority with keys generated
 * here, accepted only with the right audience, issuer, tenant, caller and lifetime; every forgery
 * refused with a reason for the log.
 */
import assert from 'node:assert/strict';
import {
  acceptedIssuers,
  type AlertTokenCheck,
  type AlertTokenOptions,
  createAlertTokenVerifier,
} from '../../src/http/alert-token';
import {
  AUDIENCE,
  CALLER,
  epoch,
  OTHER_TENANT,
  type SignWith,
  startTokenIssuer,
  TENANT,
  type TokenIssuer,
} from './token-issuer';

const PUBLIC = 'https://login.microsoftonline.com';

describe('alert token', () => {
  let local: TokenIssuer;
  /** Serves the keys as if it were the public cloud's authority. */
  let cloud: TokenIssuer;

  before(async () => {
    local = await startTokenIssuer();
    cloud = await startTokenIssuer(PUBLIC);
  });
  after(async () => {
    await local.close();
    await cloud.close();
  });

  /** A verifier of the public cloud (through `cloud`), as production configures it. */
  const publicVerifier = (options: Partial<AlertTokenOptions> = {}) =>
    createAlertTokenVerifier({
      authorityHost: PUBLIC,
      tenantId: TENANT,
      audience: AUDIENCE,
      callerIds: [CALLER.appId.toUpperCase()],
      fetch: cloud.fetchFor(PUBLIC),
      ...options,
    });

  /** A v1 app token as a managed identity gets it by default. */
  const v1 = (claims: Record<string, unknown> = {}): Record<string, unknown> => ({
    aud: AUDIENCE,
    iss: `https://sts.windows.net/${TENANT}/`,
    iat: epoch(-60),
    nbf: epoch(-60),
    exp: epoch(3600),
    tid: TENANT,
    appid: CALLER.appId,
    oid: CALLER.objectId,
    sub: CALLER.objectId,
    idtyp: 'app',
    app_displayname: 'lockdown-sentinel-playbook',
    ver: '1.0',
    ...claims,
  });

  /** A v2 app token (the API accepts v2 tokens). */
  const v2 = (claims: Record<string, unknown> = {}): Record<string, unknown> => {
    const { appid: _appid, ...rest } = v1({
      iss: `${PUBLIC}/${TENANT}/v2.0`,
      azp: CALLER.appId,
      ver: '2.0',
      ...claims,
    });
    return rest;
  };

  const check = async (
    authorization: string | undefined,
    options: Partial<AlertTokenOptions> = {},
  ): Promise<AlertTokenCheck> => publicVerifier(options).verify(authorization);

  const bearer = async (claims: Record<string, unknown>, how?: SignWith): Promise<string> =>
    `Bearer ${await cloud.sign(claims, how)}`;

  describe('accepts', () => {
    const accepted: readonly [string, () => Record<string, unknown>, Partial<AlertTokenOptions>][] =
      [
        ['a v1 token (sts.windows.net), listed by app id', () => v1(), {}],
        ['a v2 token (login.microsoftonline.com/.../v2.0), listed by app id', () => v2(), {}],
        [
          'a token whose caller is listed by object id',
          () => v1(),
          { callerIds: [CALLER.objectId] },
        ],
        ['a token expired within the 5 minutes of clock skew', () => v1({ exp: epoch(-120) }), {}],
        ['a token valid within 5 minutes', () => v1({ nbf: epoch(120) }), {}],
        ['a token without idtyp (an optional claim)', () => v1({ idtyp: undefined }), {}],
      ];
    for (const [name, claims, options] of accepted) {
      it(name, async () => {
        const verdict = await check(await bearer(claims()), options);
        assert.deepEqual(verdict, {
          ok: true,
          caller: { ...CALLER, name: 'lockdown-sentinel-playbook' },
        });
      });
    }

    it('in any case of the scheme, with the caller in lower case', async () => {
      const token = await cloud.sign(v1({ appid: CALLER.appId.toUpperCase() }));
      const verdict = await check(`bearer ${token}`);
      assert.equal(verdict.ok && verdict.caller.appId, CALLER.appId);
    });
  });

  describe('refuses, with a reason', () => {
    const refused: readonly [string, () => Promise<string | undefined>, RegExp][] = [
      ['a missing header', async () => undefined, /no Authorization header/],
      ['an empty header', async () => '  ', /no Authorization header/],
      ['a non-Bearer scheme', async () => 'Basic dXNlcjpwYXNz', /not a Bearer token/],
      ['Bearer without a token', async () => 'Bearer', /not a Bearer token/],
      ['garbage', async () => 'Bearer not-a-jwt', /malformed/],
      ['three dots of garbage', async () => 'Bearer a.b.c', /malformed/],
      ['a token that is too long', async () => `Bearer ${'a'.repeat(20_000)}`, /too long/],
      ['the wrong audience', () => bearer(v1({ aud: 'api://someone-else' })), /claim aud/],
      ['the audience as a client id', () => bearer(v2({ aud: CALLER.appId })), /claim aud/],
      [
        'an issuer of another host',
        () => bearer(v1({ iss: `https://evil.example/${TENANT}/v2.0` })),
        /claim iss/,
      ],
      [
        "another tenant's issuer",
        () => bearer(v1({ iss: `https://sts.windows.net/${OTHER_TENANT}/` })),
        /claim iss/,
      ],
      ['another tenant (tid)', () => bearer(v1({ tid: OTHER_TENANT })), /another tenant/],
      ['no tid', () => bearer(v1({ tid: undefined })), /claim tid/],
      [
        'a caller not listed',
        () =>
          bearer(
            v1({
              appid: 'e0000000-0000-4000-8000-000000000001',
              oid: 'e0000000-0000-4000-8000-000000000002',
              sub: 'e0000000-0000-4000-8000-000000000002',
            }),
          ),
        /e0000000-0000-4000-8000-000000000001 .* not in LOCKDOWN_ALERTS_CALLER_IDS/,
      ],
      ['no caller id', () => bearer(v1({ appid: undefined })), /does not name its caller/],
      [
        'a user token (scp) of a listed app',
        () => bearer(v1({ scp: 'user_impersonation', idtyp: undefined })),
        /user \(delegated\) token/,
      ],
      ['idtyp user', () => bearer(v1({ idtyp: 'user' })), /user \(delegated\) token/],
      [
        'a subject other than the caller (a person signed in through a listed app)',
        () => bearer(v1({ sub: 'f0000000-0000-4000-8000-000000000001', idtyp: undefined })),
        /user \(delegated\) token/,
      ],
      ['no subject', () => bearer(v1({ sub: undefined })), /user \(delegated\) token/],
      ['an expired token', () => bearer(v1({ exp: epoch(-600) })), /expired/],
      ['a token not valid yet', () => bearer(v1({ nbf: epoch(600) })), /not valid yet/],
      ['no exp', () => bearer(v1({ exp: undefined })), /claim exp/],
      ['an unsigned token (alg none)', () => bearer(v1(), { key: 'none' }), /algorithm none/],
      [
        'HS256 with a guessed secret',
        () => bearer(v1(), { key: 'hs256' }),
        /algorithm HS256 is not accepted/,
      ],
      [
        'a token signed by an unknown key',
        () => bearer(v1(), { key: 'foreign' }),
        /does not publish/,
      ],
      [
        'a token signed by another key under the published kid',
        () => bearer(v1(), { key: 'foreign-same-kid' }),
        /signature does not verify/,
      ],
      [
        'a token whose payload was changed after signing',
        async () => {
          const [header, , signature] = (await cloud.sign(v1())).split('.');
          const payload = Buffer.from(JSON.stringify(v1({ appid: CALLER.appId }))).toString(
            'base64url',
          );
          return `Bearer ${header}.${payload}x.${signature}`;
        },
        /malformed|signature does not verify/,
      ],
    ];
    for (const [name, authorization, reason] of refused) {
      it(name, async () => {
        const header = await authorization();
        const verdict = await check(header);
        assert.equal(verdict.ok, false);
        assert.ok(!verdict.ok);
        assert.match(verdict.reason, reason);
        assert.equal(verdict.unavailable, undefined);
        const token = header?.split(' ')[1];
        if (token && token.length > 20) assert.ok(!verdict.reason.includes(token));
      });
    }
  });

  describe('keys', () => {
    it('reads the metadata once and caches the keys across requests', async () => {
      const verifier = createAlertTokenVerifier({
        authorityHost: local.origin,
        tenantId: TENANT,
        audience: AUDIENCE,
        callerIds: [CALLER.appId],
      });
      local.hits.clear();
      const token = await local.sign(v1({ iss: `${local.origin}/${TENANT}/v2.0` }));
      const verdicts = await Promise.all([1, 2, 3].map(() => verifier.verify(`Bearer ${token}`)));
      assert.ok(verdicts.every((verdict) => verdict.ok));
      assert.ok((await verifier.verify(`Bearer ${token}`)).ok);
      assert.equal(local.hits.get(`/${TENANT}/v2.0/.well-known/openid-configuration`), 1);
      assert.equal(local.hits.get(`/${TENANT}/discovery/v2.0/keys`), 1);
    });

    it('accepts {authority}/{tid}/ as the v1 issuer of an authority it does not know', async () => {
      const verifier = createAlertTokenVerifier({
        authorityHost: local.origin,
        tenantId: TENANT,
        audience: AUDIENCE,
        callerIds: [CALLER.appId],
      });
      const token = await local.sign(v1({ iss: `${local.origin}/${TENANT}/` }));
      assert.ok((await verifier.verify(`Bearer ${token}`)).ok);
      const publicIssuer = await local.sign(v1());
      const verdict = await verifier.verify(`Bearer ${publicIssuer}`);
      assert.ok(!verdict.ok && /claim iss/.test(verdict.reason));
    });

    it('answers "unavailable" while the metadata fails, and reads it again on the next request', async () => {
      const verifier = createAlertTokenVerifier({
        authorityHost: local.origin,
        tenantId: TENANT,
        audience: AUDIENCE,
        callerIds: [CALLER.appId],
      });
      local.hits.clear();
      local.failMetadata = 1;
      const token = `Bearer ${await local.sign(v1({ iss: `${local.origin}/${TENANT}/v2.0` }))}`;
      const first = await verifier.verify(token);
      assert.ok(!first.ok && first.unavailable === true);
      assert.match(first.reason, /signing keys unavailable: OpenID metadata answered HTTP 500/);
      assert.ok((await verifier.verify(token)).ok);
      assert.equal(local.hits.get(`/${TENANT}/v2.0/.well-known/openid-configuration`), 2);
    });

    it('gives up on a metadata fetch that does not answer within its time limit', async () => {
      const hanging = (_url: string, init: { signal: AbortSignal }): Promise<Response> =>
        new Promise((_resolve, reject) => {
          init.signal.addEventListener('abort', () => reject(init.signal.reason));
        });
      const started = Date.now();
      const verdict = await check(await bearer(v1()), { fetch: hanging, timeoutMs: 100 });
      assert.ok(!verdict.ok && verdict.unavailable === true);
      assert.match(verdict.reason, /could not be read \(TimeoutError/);
      assert.ok(Date.now() - started < 2000);
    });

    it('fetches nothing for a header, token or algorithm refused on sight', async () => {
      const verifier = createAlertTokenVerifier({
        authorityHost: local.origin,
        tenantId: TENANT,
        audience: AUDIENCE,
        callerIds: [CALLER.appId],
      });
      local.hits.clear();
      for (const header of [
        undefined,
        'Basic x',
        'Bearer garbage',
        `Bearer ${await local.sign(v1(), { key: 'hs256' })}`,
        `Bearer ${await local.sign(v1(), { key: 'none' })}`,
      ]) {
        assert.equal((await verifier.verify(header)).ok, false);
      }
      assert.equal(local.hits.size, 0);
    });
  });
});

describe('acceptedIssuers', () => {
  const cases: readonly [string, string, string | undefined, readonly string[]][] = [
    [
      'the public cloud',
      'https://login.microsoftonline.com',
      undefined,
      [`https://sts.windows.net/${TENANT}/`, `https://login.microsoftonline.com/${TENANT}/v2.0`],
    ],
    [
      'US Government',
      'https://login.microsoftonline.us',
      undefined,
      [
        `https://sts.windows.net/${TENANT}/`,
        `https://login.microsoftonline.us/${TENANT}/`,
        `https://login.microsoftonline.us/${TENANT}/v2.0`,
      ],
    ],
    [
      '21Vianet, with the issuer its metadata declares',
      'https://login.chinacloudapi.cn',
      `https://login.partner.microsoftonline.cn/${TENANT}/v2.0`,
      [
        `https://sts.chinacloudapi.cn/${TENANT}/`,
        `https://login.chinacloudapi.cn/${TENANT}/v2.0`,
        `https://login.partner.microsoftonline.cn/${TENANT}/v2.0`,
      ],
    ],
    [
      'another authority',
      'https://login.example.test/',
      undefined,
      [`https://login.example.test/${TENANT}/`, `https://login.example.test/${TENANT}/v2.0`],
    ],
    [
      'metadata naming another tenant (ignored)',
      'https://login.microsoftonline.com',
      `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0`,
      [`https://sts.windows.net/${TENANT}/`, `https://login.microsoftonline.com/${TENANT}/v2.0`],
    ],
  ];
  for (const [name, authority, metadataIssuer, expected] of cases) {
    it(name, () => {
      assert.deepEqual(acceptedIssuers(authority, TENANT.toUpperCase(), metadataIssuer), expected);
    });
  }

  it('refuses to build a verifier for a tenant named by domain', () => {
    assert.throws(
      () =>
        createAlertTokenVerifier({
          authorityHost: PUBLIC,
          tenantId: 'contoso.onmicrosoft.com',
          audience: AUDIENCE,
          callerIds: [],
        }),
      /tenant must be given by its id/,
    );
  });
});
