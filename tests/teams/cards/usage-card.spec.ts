import assert from 'node:assert/strict';
import {
  UNLOCK_USAGE_LINE,
  USAGE_LINE,
  buildErrorCard,
  buildUsageCard,
} from '../../../src/teams/cards';
import { cardText } from './card-text';

describe('buildUsageCard', () => {
  it('explains the commands, with an example', () => {
    const card = buildUsageCard();
    const text = cardText(card);
    assert.equal(USAGE_LINE, '/lockdown user@domain [--keep-enabled] [--dry-run]');
    for (const s of [
      USAGE_LINE,
      '/lockdown user@domain\n',
      '/lockdown user@domain --keep-enabled',
      'the account and its devices stay enabled',
      '/lockdown help',
      '/lockdown adele@contoso.com',
    ]) {
      assert.ok(text.includes(s), `missing "${s}" in:\n${text}`);
    }
    assert.equal((card.body[0] as { style?: string }).style, 'emphasis');
    assert.equal(card.actions, undefined);
  });

  it('lists /unlock and its dry run, with what an unlock restores and what not', () => {
    const text = cardText(buildUsageCard());
    assert.equal(UNLOCK_USAGE_LINE, '/unlock user@domain [--dry-run]');
    assert.ok(text.includes(`${USAGE_LINE} · ${UNLOCK_USAGE_LINE}`), text);
    assert.match(
      text,
      /^\/unlock user@domain\nUndo what the user's latest finished lockdown did, and only that, .*enable the account and the devices it disabled\. The password is not restored or shown: an administrator resets it or issues a Temporary Access Pass\.$/m,
    );
    assert.match(text, /^\/unlock user@domain --dry-run\nShow what an unlock would undo/m);
  });

  it('leads with the problem when there is one', () => {
    const card = buildUsageCard('Unknown option --force.');
    const text = cardText(card);
    assert.equal(text.split('\n')[0], 'Unknown option --force.');
    assert.ok(text.includes(`Usage: ${USAGE_LINE}`), text);
    assert.equal((card.body[0] as { style?: string }).style, 'attention');
  });

  it('echoes typed input without turning it into a link', () => {
    const text = cardText(buildUsageCard('Not an address: [x](https://evil.example)'));
    assert.ok(!text.includes(']('), text);
  });
});

describe('buildErrorCard', () => {
  it('shows a clear sentence in attention style, with the usage line', () => {
    const card = buildErrorCard('User not found', 'No user jane@contoso.com in this tenant.');
    const text = cardText(card);
    assert.ok(text.startsWith('User not found\nNo user jane@contoso.com in this tenant.'), text);
    assert.ok(text.includes(USAGE_LINE), text);
    assert.ok(text.includes(UNLOCK_USAGE_LINE), text);
    assert.equal((card.body[0] as { style?: string }).style, 'attention');
    assert.equal(card.actions, undefined);
  });

  it('never shows a stack trace', () => {
    const err = new Error('Graph did not answer.');
    const text = cardText(buildErrorCard('Lookup failed', err.stack ?? ''));
    assert.ok(text.includes('Graph did not answer.'), text);
    assert.ok(!/\bat .*\.ts:\d+/.test(text), text);
  });
});
