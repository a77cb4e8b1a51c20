/**
 * What the bot reads off an activity: the channel only when the conversation and the channel
 * data agree on it, and object and tenant ids in lower case.
 */
import assert from 'node:assert/strict';
import { type Activity, TestAdapter, TurnContext } from 'botbuilder';
import { channelOf, senderOf, tenantOf } from '../../src/teams/activity';

const CHANNEL = '19:security-incidents@thread.tacv2';
const OTHER = '19:general@thread.tacv2';
const RILEY = 'A0000000-0000-4000-8000-00000000000A';

function context(
  conversationId: string,
  channelData: Record<string, unknown> | undefined,
  from: Record<string, unknown> = { id: '29:x', aadObjectId: RILEY, name: 'Riley' },
): TurnContext {
  const activity = {
    type: 'message',
    channelId: 'msteams',
    from,
    conversation: { id: conversationId, tenantId: 'TENANT-ID' },
    recipient: { id: '28:bot' },
    channelData,
  } as unknown as Activity;
  return new TurnContext(new TestAdapter(), activity);
}

describe('activity', () => {
  describe('channelOf', () => {
    const cases: readonly [string, TurnContext, string | undefined][] = [
      [
        'a channel post: conversation and channel data agree',
        context(`${CHANNEL};messageid=1`, { channel: { id: CHANNEL }, teamsChannelId: CHANNEL }),
        CHANNEL,
      ],
      [
        'the channel id alone as conversation',
        context(CHANNEL, { channel: { id: CHANNEL } }),
        CHANNEL,
      ],
      [
        'only teamsChannelId',
        context(`${CHANNEL};messageid=1`, { teamsChannelId: CHANNEL }),
        CHANNEL,
      ],
      [
        'a conversation in another channel than the channel data says',
        context(`${OTHER};messageid=1`, { channel: { id: CHANNEL }, teamsChannelId: CHANNEL }),
        undefined,
      ],
      [
        'channel data naming another channel than the conversation',
        context(`${CHANNEL};messageid=1`, { channel: { id: OTHER }, teamsChannelId: OTHER }),
        undefined,
      ],
      [
        'channel.id and teamsChannelId disagreeing',
        context(`${CHANNEL};messageid=1`, { channel: { id: CHANNEL }, teamsChannelId: OTHER }),
        undefined,
      ],
      ['a chat, without channel data', context('19:chat@thread.v2', undefined), undefined],
      [
        'a channel id that is only a prefix of the conversation',
        context(`${CHANNEL}x;messageid=1`, { channel: { id: CHANNEL } }),
        undefined,
      ],
    ];
    for (const [name, turn, expected] of cases) {
      it(name, () => assert.equal(channelOf(turn), expected));
    }
  });

  it('senderOf gives the object id in lower case', () => {
    assert.deepEqual(senderOf(context(CHANNEL, undefined)), {
      id: RILEY.toLowerCase(),
      name: 'Riley',
    });
    assert.equal(senderOf(context(CHANNEL, undefined, { id: '29:x' })), undefined);
  });

  it('tenantOf gives the tenant id in lower case', () => {
    assert.equal(tenantOf(context(CHANNEL, undefined)), 'tenant-id');
  });
});
