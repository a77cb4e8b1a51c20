import assert from 'node:assert/strict';
import type { ItemOutcome, LockdownRequest, StepOutcome } from '../../../src/lockdown/request';
import {
  buildConfirmationCard,
  buildDryRunCard,
  buildProgressCard,
  verdictLine,
} from '../../../src/teams/cards';
import { nextSteps } from '../../../src/teams/cards/next-steps';
import {
  MAX_ITEM_LINES,
  describeItemOutcome,
  failedItemLines,
} from '../../../src/teams/cards/option-lines';
import { cardText } from './card-text';
import { NOW, completedFull, done, request } from './fixtures';
import { ALL_OPTIONS, STAYS_REMOVED, failedItem, optionSteps } from './option-fixtures';
import { completedUnlock, undoPlan, unlockRequest } from './unlock-fixtures';

/** When the fixtures' unlock is asked for. */
const UNLOCK_NOW = new Date('2026-11-28T15:00:00.000Z');

const ARTICLE_DONE: StepOutcome[] = completedFull().steps.slice();

/** A finished `--all` lockdown in `state` whose article steps all succeeded. */
function finished(state: LockdownRequest['state'], options = optionSteps()): LockdownRequest {
  return completedFull({ state, options: ALL_OPTIONS, steps: [...ARTICLE_DONE, ...options] });
}

describe('the progress card of a lockdown with options', () => {
  it("shows each option step's line with its detail, in the order they run", () => {
    const text = cardText(buildProgressCard(finished('partial')));
    assert.match(
      text,
      /Revoke all sign-in sessions\n85 ms\n❌\nRemove every sign-in method except the password\n3 of 5 sign-in methods removed; the person registers again \(e\.g\. with a Temporary Access Pass\)\n/,
    );
    assert.match(
      text,
      /✅\nDisable inbox rules that forward, redirect, delete or hide mail\n3 of 3 inbox rules disabled\n/,
    );
    assert.match(text, /❌\nRevoke the apps the user consented to\n2 of 3 app consents revoked\n/);
    assert.match(
      text,
      /✅\nConfirm the user compromised in Identity Protection\nConfirmed compromised in Identity Protection\n0\.2 s\n✅\nDisable registered devices\n/,
    );
  });

  it('names the failed items with their note, Graph code and request id', () => {
    const text = cardText(buildProgressCard(finished('partial')));
    for (const line of [
      '❌ Microsoft Authenticator: Pixel 8 — the default method: Graph deletes it only once the others are gone; run the lockdown again (400 invalidRequest, request-id c0ffee00-0000-4000-8000-000000000002)',
      '❌ Security key (FIDO2): YubiKey 5 — refused (the app needs UserAuthenticationMethod.ReadWrite.All): Insufficient privileges (403 Authorization_RequestDenied, request-id b7c1d2e3-0000-4000-8000-000000000001)',
      '❌ Calendar Sync — refused: Insufficient privileges to complete the operation. (403 Authorization_RequestDenied, request-id grant-3)',
    ]) {
      assert.ok(text.split('\n').includes(line), `${line} missing from:\n${text}`);
    }
    // Items handled are counted in the detail, not listed.
    assert.ok(!text.includes('Phone: +1'), text);
  });

  it(`lists at most ${MAX_ITEM_LINES} failed items, then how many more failed`, () => {
    const items = Array.from({ length: 9 }, (_, i) => failedItem(`m${i}`, `Method ${i}`));
    const lines = failedItemLines([{ id: 'ok', label: 'Fine', status: 'done' }, ...items]);
    assert.equal(lines.length, MAX_ITEM_LINES + 1);
    assert.match(lines[0] as string, /^❌ Method 0 — refused: /);
    assert.equal(lines[MAX_ITEM_LINES], 'and 6 more failed');
    assert.deepEqual(failedItemLines(items.slice(0, MAX_ITEM_LINES)).length, MAX_ITEM_LINES);
    assert.deepEqual(failedItemLines([]), []);
  });

  it('describes an item without a label, failure or note by what there is', () => {
    const bare: ItemOutcome = { id: 'grant-9', label: ' ', status: 'failed' };
    assert.equal(describeItemOutcome(bare), '❌ grant-9 — failed');
    const link: ItemOutcome = { ...bare, label: '[Rule](https://evil.example)', note: 'x' };
    assert.equal(describeItemOutcome(link), '❌ [Rule] (https://evil.example) — x');
  });

  it('shows the option steps as pending while the lockdown runs, and as not run once it ended', () => {
    const running = cardText(
      buildProgressCard({ ...finished('running'), steps: ARTICLE_DONE.slice(0, 3) }),
    );
    assert.match(running, /⏳\nRemove every sign-in method except the password\n/);
    const failed = cardText(buildProgressCard({ ...finished('failed'), steps: [] }));
    assert.match(failed, /Revoke the apps the user consented to\ndid not run\n/);
  });
});

describe('the verdict line of a lockdown with options', () => {
  it('counts the option steps like the others, and says how many items failed', () => {
    assert.equal(
      verdictLine(finished('partial')),
      'Partly locked down jane@contoso.com: 7 of 9 steps done in 1.4 s; failed: Remove every sign-in method except the password (2 sign-in methods failed), Revoke the apps the user consented to (1 app consent failed)',
    );
  });

  it('names the Graph code of an option step that could not list its items', () => {
    const steps = optionSteps().map((outcome) =>
      outcome.step === 'disable-mail-rules'
        ? {
            step: outcome.step,
            status: 'failed' as const,
            detail: 'Could not list them: no mailbox',
            failure: { status: 404, code: 'MailboxNotEnabledForRESTAPI', message: 'no mailbox' },
          }
        : { ...outcome, status: 'done' as const, items: [] },
    );
    assert.match(
      verdictLine(finished('partial', steps)),
      /: 8 of 9 steps done in 1\.4 s; failed: Disable inbox rules that forward, redirect, delete or hide mail \(MailboxNotEnabledForRESTAPI\)$/,
    );
  });

  it('counts every step of a --all lockdown that went well', () => {
    const all = optionSteps().map((o) => ({ ...done(o.step, 100), items: [] }));
    assert.equal(
      verdictLine(finished('completed', all)),
      'Locked down jane@contoso.com: 9 of 9 steps done in 1.4 s',
    );
  });
});

describe('what to do next after a lockdown with options', () => {
  const lines = nextSteps(finished('partial'));

  it('says how the person registers again once their methods were removed', () => {
    assert.ok(
      lines.includes(
        '3 sign-in methods removed: the person registers again, e.g. with a Temporary Access Pass an administrator issues in the Entra admin center (an unlock does not restore them).',
      ),
      lines.join('\n'),
    );
  });

  it("says a confirmed compromise stays until an administrator dismisses the user's risk", () => {
    assert.ok(
      lines.some((line) =>
        line.includes("this stays until an administrator dismisses the user's risk"),
      ),
      lines.join('\n'),
    );
  });

  it('points at mailbox forwarding, which Graph cannot see', () => {
    assert.ok(lines.some((line) => line.startsWith('3 inbox rules disabled, not deleted')));
  });

  it('repeats the lockdown with its options', () => {
    assert.ok(
      lines.some((line) => line.includes('then run /lockdown jane@contoso.com --all again')),
      lines.join('\n'),
    );
  });

  it('says nothing of the options when they removed nothing or did not run', () => {
    const none = optionSteps().map((o) => ({ ...done(o.step, 100), items: [] }));
    const quiet = nextSteps(finished('completed', none.slice(0, 3)));
    assert.ok(
      !quiet.some((line) => /removed|compromised|inbox rules/.test(line)),
      quiet.join('\n'),
    );
    assert.ok(!nextSteps(completedFull()).some((line) => line.includes('Identity Protection')));
  });
});

describe('an unlock of a lockdown with options', () => {
  const undo = undoPlan({ staysRemoved: STAYS_REMOVED });
  const stays = `Stays as the lockdown left it:\n${STAYS_REMOVED.map((line) => `• ${line}`).join('\n')}\n`;

  it('lists what stays as the lockdown left it on its confirmation card', () => {
    const text = cardText(buildConfirmationCard(unlockRequest({ undo }), { now: UNLOCK_NOW }));
    assert.ok(text.includes(stays), text);
  });

  it('lists it on its dry run', () => {
    const r = unlockRequest({ undo });
    const text = cardText(
      buildDryRunCard({
        requestKind: 'unlock',
        target: r.target,
        mode: 'full',
        requiredApprovals: 1,
        preflight: { checks: [] },
        undo,
      }),
    );
    assert.ok(text.includes(stays), text);
  });

  it('lists it on its final card', () => {
    const text = cardText(buildProgressCard(completedUnlock({ undo })));
    assert.ok(text.includes(stays), text);
  });

  it('lists nothing when the lockdown had no options', () => {
    const text = cardText(buildConfirmationCard(unlockRequest(), { now: UNLOCK_NOW }));
    assert.ok(!text.includes('Stays as the lockdown left it'), text);
    assert.ok(!cardText(buildConfirmationCard(request(), { now: NOW })).includes('Stays as'));
  });
});
