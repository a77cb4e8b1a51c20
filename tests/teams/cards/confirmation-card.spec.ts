import assert from 'node:assert/strict';
import type { LockdownRequest } from '../../../src/lockdown/request';
import {
  ADAPTIVE_CARD_SCHEMA,
  CANCEL_VERB,
  CONFIRM_VERB,
  GUEST_NOTE,
  SYNCED_WARNING,
  buildConfirmationCard,
  type AdaptiveCard,
} from '../../../src/teams/cards';
import { describeDevices } from '../../../src/teams/cards/device-summary';
import { cardNodes, cardText, textBlocksWith } from './card-text';
import { NOW, device, request, target } from './fixtures';

const confirm = (r: LockdownRequest, selfApprovalAllowed?: boolean): AdaptiveCard =>
  buildConfirmationCard(r, {
    now: NOW,
    ...(selfApprovalAllowed === undefined ? {} : { selfApprovalAllowed }),
  });

const headerStyle = (card: AdaptiveCard): unknown => (card.body[0] as { style?: string }).style;

describe('buildConfirmationCard', () => {
  const cases: {
    name: string;
    request: LockdownRequest;
    contains: string[];
    lacks: string[];
    header: string;
  }[] = [
    {
      name: 'a plain user',
      request: request(),
      contains: [
        'Lock down Jane Doe?',
        'jane@contoso.com',
        '11111111-2222-3333-4444-555555555555',
        'Accountant',
        'Finance',
        'Enabled',
        'No directory roles',
        '3 devices: 1 Windows, 1 iOS, 1 Android',
        'Full lockdown: the account and its devices are disabled',
        'Ann Responder at 2026-11-28 14:05 UTC',
        '2026-11-28 14:20 UTC (in 15 min)',
      ],
      lacks: ['PRIVILEGED', 'Synced from on-premises', 'Guest account', 'skipped', 'self-approval'],
      header: 'attention',
    },
    {
      name: 'a privileged admin',
      request: request({
        target: target({
          displayName: 'Adele Admin',
          roles: [
            { displayName: 'Message Center Reader', roleTemplateId: 'r1', privileged: false },
            { displayName: 'Global Administrator', roleTemplateId: 'r2', privileged: true },
          ],
        }),
      }),
      contains: [
        'Lock down Adele Admin?',
        'Global Administrator — PRIVILEGED',
        'Message Center Reader',
      ],
      lacks: ['Message Center Reader — PRIVILEGED', 'No directory roles'],
      header: 'attention',
    },
    {
      name: 'a synced account',
      request: request({ target: target({ onPremisesSyncEnabled: true }) }),
      contains: [SYNCED_WARNING],
      lacks: [GUEST_NOTE],
      header: 'attention',
    },
    {
      name: 'a guest',
      request: request({
        target: target({
          userType: 'Guest',
          userPrincipalName: 'jane_fabrikam.com#EXT#@contoso.onmicrosoft.com',
        }),
      }),
      contains: [GUEST_NOTE, 'jane_fabrikam.com#EXT#@contoso.onmicrosoft.com', 'Guest'],
      lacks: [SYNCED_WARNING],
      header: 'attention',
    },
    {
      name: 'keep-enabled mode',
      request: request({ mode: 'keep-enabled' }),
      contains: [
        'Keep enabled: the account stays enabled (mail, files and Teams keep working for its owner)',
        'account and devices stay enabled',
        'skipped (keep-enabled mode)',
      ],
      lacks: ['Full lockdown'],
      header: 'warning',
    },
    {
      name: 'zero devices',
      request: request({ target: target({ devices: [], jobTitle: undefined }) }),
      contains: ['Devices\nnone'],
      lacks: ['devices:', 'Job title'],
      header: 'attention',
    },
  ];

  for (const c of cases) {
    it(`shows ${c.name}`, () => {
      const card = confirm(c.request);
      const text = cardText(card);
      for (const s of c.contains) assert.ok(text.includes(s), `missing "${s}" in:\n${text}`);
      for (const s of c.lacks) assert.ok(!text.includes(s), `unexpected "${s}" in:\n${text}`);
      assert.equal(headerStyle(card), c.header);
    });
  }

  it('is an Adaptive Card 1.5, full width', () => {
    const card = confirm(request());
    assert.equal(card.type, 'AdaptiveCard');
    assert.equal(card.version, '1.5');
    assert.equal(card.$schema, ADAPTIVE_CARD_SCHEMA);
    assert.deepEqual(card.msteams, { width: 'Full' });
  });

  it('has exactly Confirm (destructive) and Cancel, carrying only the request id', () => {
    const card = confirm(request({ id: 'req-42' }));
    assert.deepEqual(card.actions, [
      {
        type: 'Action.Execute',
        title: 'Confirm',
        verb: CONFIRM_VERB,
        data: { requestId: 'req-42' },
        style: 'destructive',
      },
      { type: 'Action.Execute', title: 'Cancel', verb: CANCEL_VERB, data: { requestId: 'req-42' } },
    ]);
    assert.equal(CONFIRM_VERB, 'lockdown.confirm');
    assert.equal(CANCEL_VERB, 'lockdown.cancel');
  });

  it('makes privileged roles stand out: bold and in attention colour', () => {
    const card = confirm(
      request({
        target: target({
          roles: [{ displayName: 'Global Administrator', roleTemplateId: 'r', privileged: true }],
        }),
      }),
    );
    const [role] = textBlocksWith(card, 'PRIVILEGED');
    assert.equal(role?.['weight'], 'bolder');
    assert.equal(role?.['color'], 'attention');
  });

  it('lists the planned steps in order, numbered, and marks steps outside keep-enabled as skipped', () => {
    const full = cardText(confirm(request()));
    const order = [
      '1.\nDisable the account',
      '2.\nReset the password',
      '3.\nRevoke all sign-in sessions',
      '4.\nDisable registered devices',
      '5.\nRead back and verify',
    ].map((s) => full.indexOf(s));
    assert.ok(
      order.every((i) => i >= 0),
      full,
    );
    assert.deepEqual(
      [...order].sort((a, b) => a - b),
      order,
    );

    const keep = cardText(confirm(request({ mode: 'keep-enabled' })));
    assert.ok(keep.includes('⏭️\nDisable the account\nskipped (keep-enabled mode)'), keep);
    assert.ok(keep.includes('⏭️\nDisable registered devices\nskipped (keep-enabled mode)'), keep);
    assert.ok(keep.includes('1.\nReset the password'), keep);
    assert.ok(keep.includes('3.\nRead back and verify'), keep);
  });

  it('shows the account state and a disabled device count', () => {
    const text = cardText(
      confirm(
        request({
          target: target({
            accountEnabled: false,
            devices: [
              device(1, 'Windows'),
              device(2, 'Windows', { accountEnabled: false }),
              device(3, ''),
            ],
          }),
        }),
      ),
    );
    assert.ok(text.includes('Account\nDisabled'), text);
    assert.ok(text.includes('3 devices: 2 Windows, 1 unknown OS (1 already disabled)'), text);
  });

  it('notes self-approval only when allowed', () => {
    assert.ok(cardText(confirm(request(), true)).includes('demo: self-approval allowed'));
    assert.ok(!cardText(confirm(request(), false)).includes('self-approval'));
  });

  it('says when the request has already expired', () => {
    const card = buildConfirmationCard(request(), { now: new Date('2026-11-28T15:00:00Z') });
    assert.ok(cardText(card).includes('2026-11-28 14:20 UTC (expired)'));
  });

  it('defuses markdown links in directory text', () => {
    const card = confirm(
      request({ target: target({ displayName: 'Jane [Undo](https://evil.example)\n**x**' }) }),
    );
    const text = cardText(card);
    assert.ok(!text.includes(']('), text);
    assert.ok(text.includes('Lock down Jane [Undo] (https://evil.example) **x**?'), text);
  });

  it('uses only known element types', () => {
    const types = new Set(
      cardNodes(confirm(request()))
        .map((n) => n['type'])
        .filter(Boolean),
    );
    for (const t of types) {
      assert.ok(
        [
          'AdaptiveCard',
          'TextBlock',
          'FactSet',
          'ColumnSet',
          'Column',
          'Container',
          'Action.Execute',
        ].includes(String(t)),
        String(t),
      );
    }
  });
});

describe('describeDevices', () => {
  it('names a single device by its system', () => {
    assert.equal(
      describeDevices([
        { id: 'd', displayName: 'Laptop', operatingSystem: 'Windows', accountEnabled: true },
      ]),
      '1 Windows device',
    );
    assert.equal(describeDevices([]), 'none');
  });
});
