import assert from 'node:assert/strict';
import { preflight } from '../../../src/lockdown/preflight';
import { plannedSteps, type DeviceLeftAlone } from '../../../src/lockdown/request';
import {
  CANCEL_VERB,
  CONFIRM_VERB,
  REFRESH_VERB,
  UNLOCK_PASSWORD_NOTE,
  UNLOCK_SYNCED_WARNING,
  buildConfirmationCard,
  buildDryRunCard,
  buildLookingUpCard,
  type AdaptiveCard,
} from '../../../src/teams/cards';
import { renderCard } from '../../../src/teams/render-card';
import { cardText } from './card-text';
import { MISSING_GRANTS, NOW, device, target } from './fixtures';
import { undoPlan, unlockRequest } from './unlock-fixtures';

const confirm = (r = unlockRequest()): AdaptiveCard => buildConfirmationCard(r, { now: NOW });
const headerStyle = (card: AdaptiveCard): unknown => (card.body[0] as { style?: string }).style;

/** `n` devices left alone, each with a reason. */
const leftAlone = (n: number): DeviceLeftAlone[] =>
  Array.from({ length: n }, (_, i) => ({
    deviceId: `left-${i}`,
    displayName: `Left ${i}`,
    operatingSystem: 'iOS',
    reason: 'the lockdown could not disable it',
  }));

describe('an unlock confirmation card', () => {
  it('asks "Unlock NAME?" and says it undoes what the lockdown did, and only that', () => {
    const card = confirm();
    const [title, subtitle] = cardText(card).split('\n');
    assert.equal(title, 'Unlock Jane Doe?');
    assert.equal(
      subtitle,
      'Undoes what the lockdown of 2026-11-28 14:06 UTC asked by Ann Responder did, and only that',
    );
    assert.equal(headerStyle(card), 'warning');
  });

  it("plans only the unlock's steps, numbered", () => {
    const text = cardText(confirm());
    assert.ok(
      text.includes(
        'Plan\n1.\nEnable the account\n2.\nRe-enable the devices the lockdown disabled\n3.\nRead back and verify\n',
      ),
      text,
    );
    for (const lockdownStep of ['Disable the account', 'Reset the password', 'Revoke all']) {
      assert.ok(!text.includes(lockdownStep), lockdownStep);
    }
  });

  it('marks a step the plan leaves out as skipped, with why', () => {
    const text = cardText(confirm(unlockRequest({ undo: undoPlan({ devices: [] }) })));
    assert.ok(
      text.includes(
        '⏭️\nRe-enable the devices the lockdown disabled\nskipped: the lockdown disabled no device that was enabled before it\n2.\nRead back and verify',
      ),
      text,
    );
  });

  it('names the devices it enables again and those it leaves alone, with the reason', () => {
    const text = cardText(confirm());
    assert.ok(
      text.includes(
        [
          'Devices',
          'Enable again: 1 device the lockdown disabled',
          '• Windows-device-1 (Windows)',
          'Left as they are: 2 devices',
          '• iOS-device-2 (iOS): the lockdown could not disable it',
          '• Android-device-3 (Android): it was already disabled before the lockdown',
        ].join('\n'),
      ),
      text,
    );
  });

  it('names at most five devices in each list, then "and N more"', () => {
    const devices = Array.from({ length: 8 }, (_, i) => device(i, 'Windows'));
    const text = cardText(
      confirm(unlockRequest({ undo: undoPlan({ devices, leftAlone: leftAlone(6) }) })),
    );
    assert.ok(text.includes('Enable again: 8 devices the lockdown disabled'), text);
    assert.ok(text.includes('• Windows-device-4 (Windows)\nand 3 more\n'), text);
    assert.ok(!text.includes('Windows-device-5'), text);
    assert.ok(text.includes('Left as they are: 6 devices'), text);
    assert.ok(
      text.includes('• Left 4 (iOS): the lockdown could not disable it\nand 1 more\n'),
      text,
    );
  });

  it('says the password is not restored or shown, and how the person gets back in', () => {
    const text = cardText(confirm());
    assert.ok(text.includes(`🔑 ${UNLOCK_PASSWORD_NOTE}`), text);
    assert.match(UNLOCK_PASSWORD_NOTE, /not restored or shown/);
    assert.match(
      UNLOCK_PASSWORD_NOTE,
      /an administrator resets the password or issues a Temporary Access Pass in the Entra admin center; self-service password reset works only if the person still has registered methods/,
    );
  });

  it('warns about a synced account: enable it on-premises too, else the next sync', () => {
    const text = cardText(
      confirm(
        unlockRequest({ target: target({ accountEnabled: false, onPremisesSyncEnabled: true }) }),
      ),
    );
    assert.ok(text.includes(`⚠️ ${UNLOCK_SYNCED_WARNING}`), text);
    assert.match(UNLOCK_SYNCED_WARNING, /enable it there as well, else the next directory sync/);
    assert.ok(!text.includes('disable the account on-premises too'), text);
  });

  it("has a lockdown's Confirm and Cancel, carrying only the request id", () => {
    const card = confirm();
    assert.deepEqual(
      card.actions?.map((a) => [a.title, a.verb, a.data]),
      [
        ['Confirm', CONFIRM_VERB, { requestId: 'req-0002' }],
        ['Cancel', CANCEL_VERB, { requestId: 'req-0002' }],
      ],
    );
    assert.equal(CONFIRM_VERB, 'lockdown.confirm');
    assert.equal(CANCEL_VERB, 'lockdown.cancel');
  });

  it('needs two approvers for a privileged target, like a lockdown', () => {
    const text = cardText(confirm(unlockRequest({ requiredApprovals: 2 })));
    assert.ok(
      text.includes(
        '🔐 Privileged target: needs 2 different approvers. Approved so far: none yet (0 of 2).',
      ),
      text,
    );
  });

  it('gives the listed approvers their own view, like a lockdown', () => {
    const r = unlockRequest({
      origin: {
        ...unlockRequest().origin,
        reply: '{"user":{"id":"29:carl"}}',
        audience: ['29:bob'],
      },
    });
    const card = renderCard(r, { now: NOW, selfApprovalAllowed: false });
    assert.deepEqual(card.refresh?.userIds, ['29:carl', '29:bob']);
    assert.equal(card.refresh?.action.verb, REFRESH_VERB);
    assert.deepEqual(
      card.actions?.map((a) => a.title),
      ['Cancel'],
    );
    assert.ok(cardText(card).includes('Only the listed approvers see Confirm.'));
  });

  it('shows the preflight warnings of the steps it runs', () => {
    const r = unlockRequest();
    const text = cardText(
      confirm({ ...r, preflight: preflight(plannedSteps(r), r.target, MISSING_GRANTS) }),
    );
    assert.ok(text.includes('Enable the account\n⚠️ missing User.EnableDisableAccount.All'), text);
  });
});

describe('an unlock dry-run card', () => {
  const r = unlockRequest({
    target: target({ accountEnabled: false, onPremisesSyncEnabled: true }),
  });
  const card = buildDryRunCard({
    requestKind: 'unlock',
    target: r.target,
    mode: 'full',
    requiredApprovals: 1,
    preflight: preflight(plannedSteps(r), r.target, MISSING_GRANTS),
    undo: undoPlan(),
  });
  const text = cardText(card);

  it('is titled "Dry run: unlock NAME", says what it would undo, and has no Confirm', () => {
    assert.ok(
      text.startsWith(
        'Dry run: unlock Jane Doe\nUndoes what the lockdown of 2026-11-28 14:06 UTC asked by Ann Responder did, and only that. Nothing was recorded and nothing was changed.',
      ),
      text,
    );
    assert.equal(card.actions, undefined);
  });

  it("lists each planned step's Graph requests, permission and role", () => {
    assert.ok(
      text.includes(
        '1.\nEnable the account\nPATCH /users/{id} (accountEnabled: true)\nPermission User.EnableDisableAccount.All: ❌ missing\nDirectory role User Administrator: ❌ missing',
      ),
      text,
    );
    assert.ok(text.includes('2.\nRe-enable the devices the lockdown disabled\n'), text);
    assert.ok(text.includes('3.\nRead back and verify\n'), text);
    assert.ok(!text.includes('Reset the password'), text);
  });

  it('names the devices it would leave alone, and says the password is not restored', () => {
    assert.ok(
      text.includes('• Android-device-3 (Android): it was already disabled before the lockdown'),
    );
    assert.ok(text.includes(UNLOCK_PASSWORD_NOTE));
    assert.ok(
      text.includes('Synced from AD\nYes: enable it on-premises too if it was disabled there'),
    );
  });
});

describe('the "Looking up" card of an unlock', () => {
  it('says an unlock was requested, or that its dry run is coming', () => {
    assert.equal(
      cardText(buildLookingUpCard('jane@contoso.com', { kind: 'unlock' })),
      'Looking up jane@contoso.com…\nUnlock requested. The confirmation card appears here in a moment; nothing has been changed.',
    );
    assert.equal(
      cardText(buildLookingUpCard('jane@contoso.com', { kind: 'unlock' }, true)),
      'Looking up jane@contoso.com…\nDry run (Unlock): what it would undo appears here in a moment; nothing will be changed.',
    );
  });
});
