/**
 * End to end: with BOT_ID set, the real bot process only lets in activities carrying a valid Bot
 * Framework channel token. The test is its own token authority (OpenID metadata and JWKS on
 * 127.0.0.1, RS256 tokens signed with its own key), so every rejection is checked against a
 * token that differs from a valid one in exactly one way, and a valid one is shown to get in.
 */
import assert from 'node:assert/strict';
import type { RunningSimulator } from '../../src/simulator';
import type { BotProcess } from './bot-process';
import type { FakeConnector } from './fake-connector';
import { CHANNEL, startStack, type Stack } from './stack';
import type { TeamsClient } from './teams-client';
import { ALEX, RILEY, USERS } from './tenant-fixture';
import {
  type ChannelTokenClaims,
  startTokenAuthority,
  type TokenAuthority,
} from './token-authority';

const BOT_APP_ID = '7e57b0a7-0000-4000-8000-00000000b07a';
/** A request id no request has: approving it must say so, inline, without touching anything. */
const UNKNOWN_REQUEST_ID = '00000000-0000-4000-8000-000000000000';

describe('inbound authentication end to end (bot process with BOT_ID + own token authority)', function () {
  this.timeout(60_000);
  let stack: Stack;
  let simulator: RunningSimulator;
  let connector: FakeConnector;
  let authority: TokenAuthority;
  let bot: BotProcess;
  let teams: TeamsClient;

  before(async () => {
    authority = await startTokenAuthority();
    stack = await startStack({
      BOT_ID: BOT_APP_ID,
      BOT_PASSWORD: 'e2e-bot-password-never-used',
      BOT_TYPE: 'MultiTenant',
      BOT_OPENID_METADATA_URL: authority.openIdMetadataUrl,
      BOT_TOKEN_ISSUER: authority.issuer,
    });
    ({ simulator, connector, bot, teams } = stack);
  });

  after(async () => {
    await stack?.stop();
    await authority?.close();
  });

  /** Claims valid for this bot and the fake connector right now, with `changes` applied. */
  function claims(changes: Partial<ChannelTokenClaims> = {}): Record<string, unknown> {
    return { ...authority.claims(BOT_APP_ID, connector.serviceUrl), ...changes };
  }

  /**
   * Sends `/lockdown <someone>`, which with a valid token would look the user up in Graph and post
   * a card through the connector, and checks it is refused with a bare 401 (the caller learns
   * nothing), that the bot logged `reason`, and that neither happened. CloudAdapter answers only after the turn's handlers have finished, so
   * anything a handler did would already show.
   */
  async function assertRefused(authorization: string | undefined, reason: RegExp): Promise<void> {
    const logged = bot.output.length;
    const connectorCalls = connector.calls.length;
    const graphRequests = simulator.requests.length;
    const graphTokens = simulator.tokensIssued;
    const { status, body } = await teams.say(
      RILEY,
      `/lockdown ${USERS.windowsOnly.upn}`,
      authorization === undefined ? {} : { authorization },
    );
    assert.equal(status, 401, `answer: ${body}`);
    assert.equal(body, JSON.stringify('Unauthorized'), 'no reason is given to the caller');
    const refusal = await bot.waitForOutput(
      (line) => line.includes('request refused: authentication failed'),
      { from: logged },
    );
    assert.match(refusal, reason);
    assert.equal(connector.calls.length, connectorCalls, 'the bot posted to the connector');
    assert.equal(simulator.requests.length, graphRequests, 'the bot called Graph');
    assert.equal(simulator.tokensIssued, graphTokens, 'the bot asked for a Graph token');
  }

  const bearer = (token: string): string => `Bearer ${token}`;

  it('401 without an Authorization header', async () => {
    await assertRefused(undefined, /Unauthorized Access\. Request is not authorized/);
  });

  it('401 for a token signed by another key under the trusted kid', async () => {
    // botbuilder alone would answer this one 500; LockdownAdapter makes every refusal a 401.
    await assertRefused(bearer(authority.sign(claims(), { key: 'impostor' })), /invalid signature/);
    assert.ok(authority.requests.includes('/v1/.well-known/keys'), 'the bot fetched the JWKS');
  });

  it('401 for an unsigned token (alg none)', async () => {
    await assertRefused(bearer(authority.sign(claims(), { alg: 'none' })), /signature is required/);
  });

  it('401 for a token for another bot (wrong audience)', async () => {
    await assertRefused(
      bearer(authority.sign(claims({ aud: '7e57b0a7-0000-4000-8000-0000000000ff' }))),
      /Invalid AppId passed on token: 7e57b0a7-0000-4000-8000-0000000000ff/,
    );
  });

  it('401 for a token from another issuer', async () => {
    await assertRefused(
      bearer(authority.sign(claims({ iss: 'https://api.botframework.com' }))),
      /Unauthorized\. No valid identity/,
    );
  });

  it('401 for a token expired beyond the 5 minute clock skew', async () => {
    const now = Math.floor(Date.now() / 1000);
    await assertRefused(
      bearer(authority.sign(claims({ nbf: now - 3600, iat: now - 3600, exp: now - 6 * 60 }))),
      /The token has expired/,
    );
  });

  it("401 when the token's serviceurl is not the activity's serviceUrl", async () => {
    await assertRefused(
      bearer(authority.sign(claims({ serviceurl: 'https://smba.trafficmanager.net/amer/' }))),
      /ServiceUrl claim do not match/,
    );
  });

  it('a valid token gets through: a card action is answered inline', async () => {
    const connectorCalls = connector.calls.length;
    const conversationId = `${CHANNEL.channelId};messageid=1700000000000`;
    const answer = await teams.click(
      ALEX,
      conversationId,
      'card-activity-id',
      'lockdown.confirm',
      { requestId: UNKNOWN_REQUEST_ID },
      { authorization: bearer(authority.sign(claims())) },
    );
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body?.statusCode, 200);
    assert.equal(answer.body?.type, 'application/vnd.microsoft.activity.message');
    assert.match(String(answer.body?.value), /request is unknown here\. Nothing was changed/);
    assert.equal(connector.calls.length, connectorCalls, 'the answer came inline');
  });

  it('logged every refusal as one JSON line: no stack trace on stderr', () => {
    const unstructured = bot.output.filter((line) => !line.startsWith('{'));
    assert.deepEqual(unstructured, []);
  });
});
