import assert from 'node:assert/strict';
import type { Activity, CloudAdapter, TurnContext } from 'botbuilder';
import pino from 'pino';
import type { LockdownService } from '../../src/lockdown/lockdown-service';
import type { LockdownOption } from '../../src/lockdown/options';
import type { ApproverAudience } from '../../src/teams/approver-audience';
import type { AdaptiveCard } from '../../src/teams/cards';
import { handleCommand } from '../../src/teams/command-handler';
import { DetachedWork } from '../../src/teams/detached-work';
import { cardText } from './cards/card-text';

const CHANNEL = '19:security@thread.tacv2';

/** What the service was asked, by method. */
interface Asked {
  readonly method: 'request' | 'preview';
  readonly options: unknown;
  readonly mode: unknown;
}

/** A message in the security channel, a fake turn around it, and what the bot answered. */
function turn(text: string): { context: TurnContext; answers: AdaptiveCard[] } {
  const answers: AdaptiveCard[] = [];
  const activity = {
    type: 'message',
    id: `msg-${text}`,
    text,
    from: { id: '29:ann', name: 'Ann', aadObjectId: 'aad-ann' },
    recipient: { id: '28:bot' },
    conversation: { id: `${CHANNEL};messageid=1`, tenantId: 'tenant' },
    channelId: 'msteams',
    serviceUrl: 'https://smba.example',
    channelData: { channel: { id: CHANNEL }, tenant: { id: 'tenant' } },
  } as unknown as Activity;
  const record = async (message: Partial<Activity>) => {
    answers.push((message.attachments?.[0]?.content ?? {}) as AdaptiveCard);
    return { id: 'posted' };
  };
  const context = { activity, sendActivity: record, updateActivity: record };
  return { context: context as unknown as TurnContext, answers };
}

/** Runs `text` through the command handler with `defaults`; what the service was asked. */
async function run(
  text: string,
  defaults: readonly LockdownOption[],
): Promise<{ asked: Asked[]; answers: AdaptiveCard[] }> {
  const asked: Asked[] = [];
  const { context, answers } = turn(text);
  const answer = (method: Asked['method']) => async (ask: Record<string, unknown>) => {
    asked.push({ method, options: ask['options'], mode: ask['mode'] });
    return { kind: 'unknown-user', userPrincipalName: String(ask['userPrincipalName']) };
  };
  const service = {
    firstDelivery: async () => true,
    request: answer('request'),
    preview: answer('preview'),
  } as unknown as LockdownService;
  const adapter = {
    continueConversationAsync: async (
      _appId: string,
      _reference: unknown,
      logic: (c: TurnContext) => Promise<void>,
    ) => logic(context),
  } as unknown as CloudAdapter;
  const logger = pino({ level: 'silent' });
  const detached = new DetachedWork(logger);
  await handleCommand(context, {
    service,
    logger,
    adapter,
    botAppId: '',
    selfApprovalAllowed: false,
    defaultOptions: defaults,
    perPersonViews: false,
    audience: {} as ApproverAudience,
    detached,
    now: () => new Date('2026-11-28T14:05:00Z'),
    channelIds: [CHANNEL],
  });
  await detached.idle();
  return { asked, answers };
}

describe('handleCommand: containment options', () => {
  const cases: readonly (readonly [
    string,
    readonly LockdownOption[],
    Asked['method'],
    readonly LockdownOption[],
  ])[] = [
    ['/lockdown jane@contoso.com', [], 'request', []],
    ['/lockdown jane@contoso.com', ['remove-mfa'], 'request', ['remove-mfa']],
    [
      '/lockdown jane@contoso.com --compromised --keep-enabled',
      ['remove-mfa'],
      'request',
      ['remove-mfa', 'compromised'],
    ],
    [
      '/lockdown jane@contoso.com --no-remove-mfa',
      ['remove-mfa', 'compromised'],
      'request',
      ['compromised'],
    ],
    [
      '/lockdown jane@contoso.com --all --dry-run',
      [],
      'preview',
      ['remove-mfa', 'disable-mail-rules', 'revoke-consents', 'compromised'],
    ],
    [
      '/lockdown jane@contoso.com --dry-run --no-compromised',
      ['compromised', 'revoke-consents'],
      'preview',
      ['revoke-consents'],
    ],
  ];
  for (const [text, defaults, method, options] of cases) {
    it(`${text} with defaults [${defaults.join(', ')}]: ${method} with [${options.join(', ')}]`, async () => {
      const { asked } = await run(text, defaults);
      assert.equal(asked.length, 1);
      assert.equal(asked[0]?.method, method);
      assert.deepEqual(asked[0]?.options, options);
    });
  }

  it('passes the mode along with the options', async () => {
    const { asked } = await run('/lockdown jane@contoso.com --keep-enabled --remove-mfa', []);
    assert.equal(asked[0]?.mode, 'keep-enabled');
  });

  it('asks the service nothing for a refused option, and answers with the usage card', async () => {
    const { asked, answers } = await run('/lockdown jane@contoso.com --no-all', ['remove-mfa']);
    assert.deepEqual(asked, []);
    const text = cardText(answers[0] as AdaptiveCard);
    assert.match(text, /^"--no-all" is ambiguous/);
    assert.ok(text.includes('On for every lockdown here: --remove-mfa.'), text);
  });

  it("shows the deployment's defaults on the help card", async () => {
    const { answers } = await run('/lockdown help', ['remove-mfa', 'compromised']);
    const text = cardText(answers[0] as AdaptiveCard);
    assert.ok(
      text.includes(
        'On for every lockdown here: --remove-mfa --compromised. Turn one off for one lockdown with --no-<option>, e.g. --no-remove-mfa.',
      ),
      text,
    );
  });
});
