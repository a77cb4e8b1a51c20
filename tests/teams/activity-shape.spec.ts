/**
 * The shape every inbound activity must have, table-driven: what passes (Teams' own activities,
 * and what the bot never reads), what is refused and why, and the ids lower-cased on the way.
 */
import assert from 'node:assert/strict';
import { checkActivityShape } from '../../src/teams/activity-shape';

const RILEY = 'a0000000-0000-4000-8000-00000000000a';
const TENANT = '0f1e2d3c-4b5a-4697-8877-665544332211';
const CHANNEL = '19:security-incidents@thread.tacv2';

type Activity = Record<string, unknown>;

/** A channel message as Teams sends it. */
function message(): Activity {
  return {
    type: 'message',
    id: '1700000000000',
    timestamp: '2026-12-01T10:00:00.000Z',
    localTimestamp: '2026-12-01T11:00:00.000+01:00',
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    channelId: 'msteams',
    from: { id: `29:${RILEY}`, name: 'Riley Responder', aadObjectId: RILEY },
    conversation: {
      isGroup: true,
      conversationType: 'channel',
      tenantId: TENANT,
      id: `${CHANNEL};messageid=1700000000000`,
    },
    recipient: { id: '28:lockdown-bot', name: 'Lockdown' },
    textFormat: 'plain',
    text: '<at>Lockdown</at> /lockdown wendy@contoso.com',
    locale: 'en-US',
    attachments: [{ contentType: 'text/html', content: '<div>...</div>' }],
    entities: [
      {
        type: 'mention',
        mentioned: { id: '28:lockdown-bot', name: 'Lockdown' },
        text: '<at>Lockdown</at>',
      },
      { type: 'clientInfo', locale: 'en-US', country: 'US', platform: 'Web' },
    ],
    channelData: {
      teamsChannelId: CHANNEL,
      teamsTeamId: '19:team@thread.tacv2',
      channel: { id: CHANNEL },
      team: { id: '19:team@thread.tacv2' },
      tenant: { id: TENANT },
    },
  };
}

/** A card click as Teams sends it. */
function invoke(): Activity {
  const { text: _text, textFormat: _format, entities: _entities, ...rest } = message();
  return {
    ...rest,
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: 'f:1234',
    replyToId: '1700000000001',
    value: { action: { type: 'Action.Execute', verb: 'lockdown.confirm', data: {} } },
  };
}

/** Sets `path` (dotted) on a copy of `activity` to `value` (`undefined` deletes it). */
function edited(activity: Activity, path: string, value: unknown): Activity {
  const copy = structuredClone(activity);
  const keys = path.split('.');
  let node = copy;
  for (const key of keys.slice(0, -1)) node = node[key] as Activity;
  if (value === undefined) Reflect.deleteProperty(node, keys.at(-1)!);
  else node[keys.at(-1)!] = value;
  return copy;
}

describe('activity shape', () => {
  describe('accepts', () => {
    const accepted: readonly [string, Activity][] = [
      ['a channel message', message()],
      ['a card click', invoke()],
      [
        'a message without aadObjectId (the bot answers "who are you?")',
        edited(message(), 'from.aadObjectId', undefined),
      ],
      [
        'a conversationUpdate with any aadObjectId',
        edited({ ...invoke(), type: 'conversationUpdate' }, 'from.aadObjectId', 'x'),
      ],
      ['a personal chat, without channel data', edited(message(), 'channelData', undefined)],
      [
        'an http serviceUrl (local clients)',
        edited(message(), 'serviceUrl', 'http://127.0.0.1:56150/'),
      ],
      ['null where Teams may send null', edited(message(), 'locale', null)],
      [
        'fields the bot never reads, of any type',
        { ...message(), membersAdded: 7, extra: { a: [1] } },
      ],
      ['no text', edited(message(), 'text', undefined)],
    ];
    for (const [name, activity] of accepted) {
      it(name, () => {
        const check = checkActivityShape(activity);
        assert.ok(check.ok, check.ok ? '' : check.problems.join('; '));
      });
    }
  });

  describe('refuses, naming the field', () => {
    const refused: readonly [string, Activity, RegExp][] = [
      ['{}', {}, /type/],
      ['a type that is not a string', edited(message(), 'type', 1), /^type:/],
      ['an empty type', edited(message(), 'type', ''), /^type:/],
      ['channelId directline', edited(message(), 'channelId', 'directline'), /^channelId:/],
      ['no channelId', edited(message(), 'channelId', undefined), /^channelId:/],
      ['id as a number', edited(message(), 'id', 1), /^id:/],
      ['serviceUrl as an object', edited(message(), 'serviceUrl', { href: 'x' }), /^serviceUrl:/],
      [
        'a serviceUrl that is no URL',
        edited(message(), 'serviceUrl', 'smba'),
        /^serviceUrl: must be/,
      ],
      ['a file: serviceUrl', edited(message(), 'serviceUrl', 'file:///etc/passwd'), /^serviceUrl:/],
      [
        'from.aadObjectId as a number',
        edited(message(), 'from.aadObjectId', 42),
        /^from\.aadObjectId:/,
      ],
      [
        'from.aadObjectId not a GUID (message)',
        edited(message(), 'from.aadObjectId', 'riley'),
        /^from\.aadObjectId: must be a GUID/,
      ],
      [
        'from.aadObjectId not a GUID (invoke)',
        edited(invoke(), 'from.aadObjectId', `${RILEY}0`),
        /^from\.aadObjectId: must be a GUID/,
      ],
      ['from as a string', edited(message(), 'from', 'riley'), /^from:/],
      ['no from.id', edited(message(), 'from.id', undefined), /^from\.id:/],
      ['no recipient', edited(message(), 'recipient', undefined), /^recipient:/],
      ['conversation as a string', edited(message(), 'conversation', 'general'), /^conversation:/],
      [
        'conversation.id as a number',
        edited(message(), 'conversation.id', 19),
        /^conversation\.id:/,
      ],
      ['an empty conversation.id', edited(message(), 'conversation.id', ''), /^conversation\.id:/],
      [
        'a 2 KB conversation.id',
        edited(message(), 'conversation.id', 'x'.repeat(2048)),
        /^conversation\.id:/,
      ],
      [
        'conversation.tenantId as an array',
        edited(message(), 'conversation.tenantId', [TENANT]),
        /^conversation\.tenantId:/,
      ],
      [
        'channelData.channel.id as a number',
        edited(message(), 'channelData.channel.id', 5),
        /^channelData\.channel\.id:/,
      ],
      [
        'channelData.tenant as a string',
        edited(message(), 'channelData.tenant', TENANT),
        /^channelData\.tenant:/,
      ],
      [
        'channelData.teamsChannelId as an object',
        edited(message(), 'channelData.teamsChannelId', {}),
        /^channelData\.teamsChannelId:/,
      ],
      ['text as an object', edited(message(), 'text', {}), /^text:/],
      ['entities as a string', edited(message(), 'entities', 'mention'), /^entities:/],
      ['entities as null', edited(message(), 'entities', null), /^entities:/],
      ['an entity without a type', edited(message(), 'entities', [{}]), /^entities\.0\.type:/],
      [
        'a mention without mentioned.id',
        edited(message(), 'entities', [{ type: 'mention' }]),
        /^entities\.0: a mention/,
      ],
      ['replyToId as a number', edited(invoke(), 'replyToId', 1), /^replyToId:/],
      ['timestamp as a number', edited(message(), 'timestamp', 1), /^timestamp:/],
    ];
    for (const [name, activity, problem] of refused) {
      it(name, () => {
        const check = checkActivityShape(activity);
        assert.equal(check.ok, false);
        if (check.ok) return;
        assert.ok(
          check.problems.some((p) => problem.test(p)),
          check.problems.join('; '),
        );
      });
    }

    for (const [name, body] of [
      ['null', null],
      ['an array', []],
      ['a number', 42],
      ['a string', 'x'],
    ] as const) {
      it(`a body that is ${name}`, () => assert.equal(checkActivityShape(body).ok, false));
    }

    it('reports at most five problems, and never the values sent', () => {
      const secret = 'x'.repeat(50);
      const check = checkActivityShape({
        type: secret,
        from: secret,
        recipient: secret,
        conversation: secret,
        serviceUrl: {},
        channelId: secret,
        id: 1,
      });
      assert.equal(check.ok, false);
      if (check.ok) return;
      assert.ok(check.problems.length <= 5);
      assert.ok(
        check.problems.every((p) => !p.includes(secret)),
        check.problems.join('; '),
      );
    });
  });

  describe('normalises', () => {
    it('lower-cases the sender and tenant ids, and leaves the input alone', () => {
      const input = edited(
        edited(
          edited(message(), 'from.aadObjectId', RILEY.toUpperCase()),
          'conversation.tenantId',
          TENANT.toUpperCase(),
        ),
        'channelData.tenant.id',
        TENANT.toUpperCase(),
      );
      const check = checkActivityShape(input);
      assert.ok(check.ok);
      if (!check.ok) return;
      assert.equal(check.activity.from.aadObjectId, RILEY);
      assert.equal(check.activity.conversation.tenantId, TENANT);
      assert.equal((check.activity.channelData as { tenant: { id: string } }).tenant.id, TENANT);
      assert.equal((input.from as Activity).aadObjectId, RILEY.toUpperCase(), 'input untouched');
    });

    it('keeps ids that are not Entra ids as they are', () => {
      const check = checkActivityShape(message());
      assert.ok(check.ok);
      if (!check.ok) return;
      assert.equal(check.activity.conversation.id, `${CHANNEL};messageid=1700000000000`);
      assert.equal(check.activity.from.id, `29:${RILEY}`);
    });

    it('turns timestamps into dates, keeping the raw text, as botbuilder does', () => {
      const check = checkActivityShape(message());
      assert.ok(check.ok);
      if (!check.ok) return;
      const activity = check.activity as unknown as Activity;
      assert.ok(activity.timestamp instanceof Date);
      assert.equal(activity.rawTimestamp, '2026-12-01T10:00:00.000Z');
      assert.equal(activity.rawLocalTimestamp, '2026-12-01T11:00:00.000+01:00');
    });

    it('passes fields it does not check through unchanged', () => {
      const check = checkActivityShape({ ...invoke(), membersAdded: [{ id: 'x' }] });
      assert.ok(check.ok);
      if (!check.ok) return;
      assert.deepEqual(check.activity.value, invoke().value);
      assert.deepEqual((check.activity as unknown as Activity).membersAdded, [{ id: 'x' }]);
    });
  });
});
