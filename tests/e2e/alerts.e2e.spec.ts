/**
 * `POST /api/alerts` on the real bot process (issue 13): tokens signed by the test (through the
 * simulator's published key, or a foreign one), the body checked, the card posted as a new post
 * in the alerts channel once the bot has learned how to reach it, one card per incident and
 * users, a person approving, and the verdict added to the Defender XDR incident.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, createSign } from 'node:crypto';
import type { TenantSeed } from '../../src/simulator';
import { click } from './card-flow';
import { CHANNEL, graphWrites, startStack, type Stack } from './stack';
import { attachedCard, cardText } from './teams-client';
import { ALEX, APP, buildSeed, RILEY, TENANT_ID, USERS, userId } from './tenant-fixture';

const AUDIENCE = 'api://lockdown-e2e';
const PLAYBOOK = {
  appId: '9a000000-0000-4000-8000-00000000000a',
  oid: '9b000000-0000-4000-8000-00000000000b',
};
const INCIDENT = '3962396';

/** The e2e tenant with an incident, and the permission to comment on it. */
function seed(): TenantSeed {
  const base = buildSeed() as unknown as Record<string, unknown> & {
    apps: { clientId: string; permissions: string[] }[];
  };
  return {
    ...base,
    incidents: [{ id: INCIDENT, displayName: 'Password spray' }],
    apps: base.apps.map((app) =>
      app.clientId === APP.clientId
        ? { ...app, permissions: [...app.permissions, 'SecurityIncident.ReadWrite.All'] }
        : app,
    ),
  } as unknown as TenantSeed;
}

/** An RS256 token signed with a key nobody published. */
function foreignToken(claims: Record<string, unknown>): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${encode({ alg: 'RS256', typ: 'JWT', kid: 'foreign' })}.${encode(claims)}`;
  const signature = createSign('RSA-SHA256').update(body).sign(privateKey).toString('base64url');
  return `${body}.${signature}`;
}

describe('alerts from Sentinel and Defender (bot process)', function () {
  this.timeout(90_000);
  let stack: Stack;
  let url: string;

  before(async () => {
    stack = await startStack(
      {
        LOCKDOWN_ALERTS_AUDIENCE: AUDIENCE,
        LOCKDOWN_ALERTS_CALLER_IDS: PLAYBOOK.appId,
        LOCKDOWN_ALERTS_CHANNEL_ID: CHANNEL.channelId,
      },
      seed(),
    );
    url = new URL('/api/alerts', stack.bot.url).toString();
  });
  after(async () => stack?.stop());

  const claims = (extra: Record<string, unknown> = {}) => ({
    aud: AUDIENCE,
    azp: PLAYBOOK.appId,
    oid: PLAYBOOK.oid,
    idtyp: 'app',
    app_displayname: 'Sentinel playbook',
    ...extra,
  });
  const validToken = () => stack.simulator.signAccessToken(claims());

  async function post(body: unknown, token: string | null = validToken()) {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    };
  }

  const alert = (users: string[], extra: Record<string, unknown> = {}) => ({
    users,
    title: 'Password spray against **finance**',
    severity: 'high',
    source: 'sentinel',
    incidentId: INCIDENT,
    url: 'https://security.microsoft.com/incidents/3962396',
    ...extra,
  });

  it('answers 409 until it has learned how to post in the alerts channel', async () => {
    const answer = await post(alert([USERS.windowsOnly.upn]));
    assert.equal(answer.status, 409);
    assert.match(String(answer.body.error), /add the app to the team/);
  });

  it('refuses every bad token with a bare 401, and a bad body with 400 listing the problems', async () => {
    const now = Math.floor(Date.now() / 1000);
    const bad: [string, string | null][] = [
      ['no token', null],
      ['wrong audience', stack.simulator.signAccessToken(claims({ aud: 'api://other' }))],
      [
        'wrong issuer',
        stack.simulator.signAccessToken(claims({ iss: 'https://evil.example/x/v2.0' })),
      ],
      [
        'wrong tenant',
        stack.simulator.signAccessToken(claims({ tid: '00000000-0000-4000-8000-000000000000' })),
      ],
      ['caller not listed', stack.simulator.signAccessToken(claims({ azp: APP.clientId }))],
      [
        'expired',
        stack.simulator.signAccessToken(
          claims({ iat: now - 7200, nbf: now - 7200, exp: now - 3600 }),
        ),
      ],
      [
        'unsigned',
        `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ ...claims(), iss: `${stack.simulator.origin}/${TENANT_ID}/v2.0`, tid: TENANT_ID, exp: now + 600 })).toString('base64url')}.`,
      ],
      [
        'signed by an unknown key',
        foreignToken({
          ...claims(),
          iss: `${stack.simulator.origin}/${TENANT_ID}/v2.0`,
          tid: TENANT_ID,
          exp: now + 600,
        }),
      ],
    ];
    for (const [name, token] of bad) {
      const answer = await post(alert([USERS.windowsOnly.upn]), token);
      assert.equal(answer.status, 401, name);
      assert.deepEqual(Object.keys(answer.body), [], `${name}: nothing said`);
    }
    const invalid = await post({
      users: ['not an address', 'x@contoso.com'],
      title: '',
      url: 'http://insecure.example',
    });
    assert.equal(invalid.status, 400);
    const problems = invalid.body.problems as string[];
    assert.ok(problems.length >= 3, problems.join(' | '));
    assert.ok(problems.some((p) => /users\[0\]/.test(p)));
    assert.ok(problems.some((p) => /url/.test(p)));
    assert.ok(problems.some((p) => /title/.test(p)));
    assert.equal(graphWrites(stack.simulator).length, 0);
  });

  it('posts one card for an incident and its users, approved by a person, and comments on the incident', async () => {
    // Any message in the channel teaches the bot how to reach it.
    await stack.teams.say(RILEY, '/lockdown help');
    const users = [USERS.windowsOnly.upn, 'ghost@contoso.com'];
    const first = await post(alert(users));
    assert.equal(first.status, 202, JSON.stringify(first.body));
    assert.equal(first.body.existing, false);
    const requestId = String(first.body.requestId);
    assert.match(String(first.body.cardUrl), /^https:\/\/teams\.microsoft\.com\/l\/message\//);

    const retry = await post(alert([...users].reverse().map((u) => u.toUpperCase())));
    assert.equal(retry.status, 202);
    assert.deepEqual([retry.body.requestId, retry.body.existing], [requestId, true]);

    const posts = stack.connector.calls.filter(
      (c) => c.method === 'POST' && c.conversationId === CHANNEL.channelId,
    );
    assert.equal(posts.length, 1, 'one new post in the channel');
    const cardId = posts[0]!.assignedId;
    const edit = await stack.connector.settled(posts[0]!);
    const card = attachedCard(edit.activity);
    const text = cardText(card);
    assert.match(text, /Password spray against/);
    assert.match(JSON.stringify(card), /"https:\/\/security\.microsoft\.com\/incidents\/3962396"/);
    assert.match(text, /Sentinel playbook/);
    assert.match(text, /ghost@contoso\.com/);
    assert.match(text, /Cancel: anyone who may approve \(an alert was the requester\)/);

    const thread = `${CHANNEL.channelId};messageid=${cardId}`;
    await click(stack.teams, ALEX, {
      conversationId: thread,
      cardActivityId: cardId,
      requestId,
      card: {},
    });
    await stack.connector.waitFor(
      (c) =>
        c.method === 'POST' &&
        c.conversationId === thread &&
        typeof c.activity.text === 'string' &&
        /Locked down 1 of 1 account/.test(c.activity.text),
      30_000,
    );
    assert.equal(stack.simulator.tenant.user(userId(USERS.windowsOnly))?.accountEnabled, false);
    const comments = stack.simulator.incidentComments(INCIDENT) ?? [];
    assert.equal(comments.length, 1);
    assert.match(comments[0]!.comment, /1 of 1 account contained/);

    const other = await post(alert([USERS.keepEnabled.upn]));
    assert.equal(other.status, 202);
    assert.notEqual(
      other.body.requestId,
      requestId,
      'the same incident with other users is a new request',
    );
  });
});
