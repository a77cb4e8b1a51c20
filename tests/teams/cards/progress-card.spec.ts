import assert from 'node:assert/strict';
import type { LockdownRequest } from '../../../src/lockdown/request';
import {
  STATUS_SYMBOLS,
  buildProgressCard,
  type AdaptiveCard,
  type CardElement,
} from '../../../src/teams/cards';
import { cardNodes, cardText, textBlocksWith } from './card-text';
import { DENIED, completedFull, deniedDevice, done, request, target } from './fixtures';

const approved = {
  decidedBy: { id: 'aad-bob', name: 'Bob Approver' },
  decidedAt: '2026-11-28T14:06:00.000Z',
};
const headerOf = (card: AdaptiveCard): { style?: string; text: string } => {
  const header = card.body[0];
  if (header?.type !== 'Container') throw new Error('the card has no header');
  const title = header.items[0];
  return { style: header.style, text: title?.type === 'TextBlock' ? title.text : '' };
};
/** The step rows as "symbol | title | detail… | duration" (the only ColumnSets on a progress card). */
const stepRows = (card: AdaptiveCard): string[] =>
  cardNodes(card)
    .filter((n) => n['type'] === 'ColumnSet')
    .map((n) =>
      cardText({ ...card, body: [n as unknown as CardElement], actions: [] }).replace(/\n/g, ' | '),
    );

const partial: LockdownRequest = request({
  ...approved,
  state: 'partial',
  finishedAt: '2026-11-28T14:06:02.100Z',
  steps: [
    done('disable-account', 400),
    { step: 'reset-password', status: 'failed', durationMs: 1200, failure: DENIED },
    done('revoke-sessions', 85),
    {
      step: 'disable-devices',
      status: 'failed',
      durationMs: 300,
      detail: '2 of 3 devices disabled',
      devices: [
        { deviceId: 'dev-1', displayName: 'LAPTOP-1', operatingSystem: 'Windows', status: 'done' },
        {
          deviceId: 'dev-2',
          displayName: 'iPhone',
          operatingSystem: 'iOS',
          status: 'failed',
          failure: { ...DENIED, requestId: 'rid-iphone' },
          note: 'app-only access cannot disable non-Windows devices; block it in Intune',
        },
        {
          deviceId: 'dev-3',
          displayName: 'Old tablet',
          operatingSystem: 'Android',
          status: 'skipped',
          note: 'already disabled',
        },
      ],
    },
    {
      step: 'verify',
      status: 'done',
      durationMs: 110,
      observed: { accountEnabled: false, signInSessionsValidFromDateTime: '2026-11-28T14:06:01Z' },
    },
  ],
});

describe('buildProgressCard', () => {
  it('shows a running request: done, running and pending rows, no footer', () => {
    const card = buildProgressCard(
      request({
        ...approved,
        state: 'running',
        steps: [done('disable-account', 400), { step: 'reset-password', status: 'running' }],
      }),
    );
    assert.deepEqual(headerOf(card), { style: 'accent', text: 'Locking down Jane Doe…' });
    const rows = stepRows(card);
    assert.deepEqual(rows, [
      `${STATUS_SYMBOLS.done} | Disable the account | 0.4 s`,
      `${STATUS_SYMBOLS.running} | Reset the password (random, change at next sign-in)`,
      `${STATUS_SYMBOLS.pending} | Revoke all sign-in sessions`,
      `${STATUS_SYMBOLS.pending} | Disable registered devices`,
      `${STATUS_SYMBOLS.pending} | Read back and verify`,
    ]);
    const text = cardText(card);
    assert.ok(text.includes('Approved by\nBob Approver at 2026-11-28 14:06 UTC'), text);
    assert.ok(text.includes('Full lockdown: the account and its devices are disabled'), text);
    assert.ok(!text.includes('What to do next'), text);
    assert.equal(card.actions, undefined);
  });

  it('shows an approved request as locking down, every step pending', () => {
    const card = buildProgressCard(request({ ...approved, state: 'approved' }));
    assert.equal(headerOf(card).text, 'Locking down Jane Doe…');
    assert.ok(stepRows(card).every((r) => r.startsWith(STATUS_SYMBOLS.pending)));
  });

  it('shows a completed request: all done, durations, read-back, total, what to do next', () => {
    const card = buildProgressCard(completedFull());
    assert.deepEqual(headerOf(card), { style: 'good', text: 'Jane Doe is locked down' });
    const rows = stepRows(card);
    assert.deepEqual(rows, [
      `${STATUS_SYMBOLS.done} | Disable the account | 0.4 s`,
      `${STATUS_SYMBOLS.done} | Reset the password (random, change at next sign-in) | 0.3 s`,
      `${STATUS_SYMBOLS.done} | Revoke all sign-in sessions | 85 ms`,
      `${STATUS_SYMBOLS.done} | Disable registered devices | 3 of 3 devices disabled | 0.5 s`,
      `${STATUS_SYMBOLS.done} | Read back and verify | Read back: account disabled · sessions valid from 2026-11-28 14:06 UTC | 0.1 s`,
    ]);
    const text = cardText(card);
    assert.ok(text.includes('2026-11-28 14:06 UTC · took 1.4 s'), text);
    assert.ok(text.includes('What to do next'), text);
    assert.ok(text.includes('up to about an hour'), text);
    assert.ok(text.includes('Exchange Online, SharePoint, Teams'), text);
    assert.ok(!text.includes('on-premises AD'), text);
    assert.ok(!text.includes('Intune'), text);
    assert.ok(!text.includes('run /lockdown'), text);
    assert.equal(card.actions, undefined);
  });

  it('shows a partial request with the failed step code, status, message and request id', () => {
    const card = buildProgressCard(partial);
    assert.deepEqual(headerOf(card), { style: 'warning', text: 'Jane Doe partly locked down' });
    const text = cardText(card);
    assert.ok(
      text.includes(
        'Authorization_RequestDenied (403): Insufficient privileges to complete the operation. · request-id b7c1d2e3-0000-4000-8000-000000000001',
      ),
      text,
    );
    const [title] = textBlocksWith(card, 'Reset the password');
    assert.equal(title?.['color'], 'attention');
    assert.ok(text.includes('1.2 s'), text);
    assert.ok(text.includes("check the app's Graph permissions and Entra role"), text);
    assert.ok(
      text.includes('run /lockdown jane@contoso.com again (every step is safe to repeat)'),
      text,
    );
  });

  it('lists failed and skipped devices with name, OS, note, status, code and request id', () => {
    const text = cardText(buildProgressCard(partial));
    assert.ok(text.includes('2 of 3 devices disabled'), text);
    assert.ok(
      text.includes(
        '❌ iPhone (iOS): app-only access cannot disable non-Windows devices; block it in Intune (403 Authorization_RequestDenied, request-id rid-iphone)',
      ),
      text,
    );
    assert.ok(text.includes('⏭️ Old tablet (Android): already disabled'), text);
    assert.ok(!text.includes('LAPTOP-1'), text);
    assert.ok(text.includes('In Intune, block the devices that could not be disabled here'), text);
  });

  it('caps the device list at 10 lines and then says +N more', () => {
    const devices = Array.from({ length: 14 }, (_, i) => deniedDevice(i + 1));
    const card = buildProgressCard(
      request({
        ...approved,
        state: 'partial',
        finishedAt: '2026-11-28T14:06:03.000Z',
        steps: [{ step: 'disable-devices', status: 'failed', devices }],
      }),
    );
    const lines = cardText(card).split('\n');
    assert.equal(lines.filter((l) => l.startsWith('❌ iPhone')).length, 10);
    assert.ok(lines.includes('+4 more'), lines.join('\n'));
    assert.ok(lines.includes('0 of 14 devices disabled'), lines.join('\n'));
  });

  it('shows keep-enabled mode with the disable steps skipped and the account still enabled', () => {
    const card = buildProgressCard(
      request({
        ...approved,
        mode: 'keep-enabled',
        state: 'completed',
        finishedAt: '2026-11-28T14:06:00.900Z',
        steps: [
          done('reset-password', 400),
          done('revoke-sessions', 300),
          {
            step: 'verify',
            status: 'done',
            durationMs: 200,
            observed: {
              accountEnabled: true,
              signInSessionsValidFromDateTime: '2026-11-28T14:06:00Z',
            },
          },
        ],
      }),
    );
    assert.deepEqual(headerOf(card), { style: 'warning', text: 'Jane Doe is locked down' });
    assert.deepEqual(stepRows(card), [
      `${STATUS_SYMBOLS.skipped} | Disable the account | not in keep-enabled mode`,
      `${STATUS_SYMBOLS.done} | Reset the password (random, change at next sign-in) | 0.4 s`,
      `${STATUS_SYMBOLS.done} | Revoke all sign-in sessions | 0.3 s`,
      `${STATUS_SYMBOLS.skipped} | Disable registered devices | not in keep-enabled mode`,
      `${STATUS_SYMBOLS.done} | Read back and verify | Read back: account enabled · sessions valid from 2026-11-28 14:06 UTC | 0.2 s`,
    ]);
    const text = cardText(card);
    assert.ok(text.includes('Keep enabled: the account stays enabled'), text);
    assert.ok(
      text.includes(
        'The account is still enabled: run a full /lockdown jane@contoso.com if the compromise is confirmed.',
      ),
      text,
    );
    // Enabled is expected here, so the read-back is not an alarm.
    assert.equal(textBlocksWith(card, 'Read back:')[0]?.['color'], undefined);
  });

  it('raises the alarm when a full lockdown reads the account back as enabled', () => {
    const card = buildProgressCard(
      completedFull({
        state: 'partial',
        steps: [{ step: 'verify', status: 'failed', observed: { accountEnabled: true } }],
      }),
    );
    const [line] = textBlocksWith(card, 'Read back:');
    assert.equal(line?.['text'], 'Read back: account enabled · sessions valid from not reported');
    assert.equal(line?.['color'], 'attention');
  });

  it('shows a failed request in attention style, with steps that did not run', () => {
    const card = buildProgressCard(
      request({
        ...approved,
        state: 'failed',
        finishedAt: '2026-11-28T14:06:01.000Z',
        steps: [
          {
            step: 'disable-account',
            status: 'failed',
            durationMs: 900,
            failure: { status: 0, code: 'NetworkError', message: 'socket hang up' },
          },
        ],
      }),
    );
    assert.deepEqual(headerOf(card), { style: 'attention', text: 'Lockdown of Jane Doe failed' });
    const text = cardText(card);
    assert.ok(text.includes('NetworkError (no response): socket hang up'), text);
    assert.ok(!text.includes('request-id'), text);
    assert.ok(text.includes('did not run'), text);
  });

  it('gives specific follow-ups for a synced guest', () => {
    const text = cardText(
      buildProgressCard(
        completedFull({ target: target({ onPremisesSyncEnabled: true, userType: 'Guest' }) }),
      ),
    );
    assert.ok(text.includes('disable it in on-premises AD too'), text);
    assert.ok(text.includes("ask the guest's home tenant to revoke its sessions there"), text);
  });
});
