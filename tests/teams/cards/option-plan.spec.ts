import assert from 'node:assert/strict';
import type { LockdownOption } from '../../../src/lockdown/options';
import { preflight } from '../../../src/lockdown/preflight';
import {
  plannedSteps,
  type LockdownMode,
  type LockdownRequest,
} from '../../../src/lockdown/request';
import {
  buildConfirmationCard,
  buildDryRunCard,
  buildUsageCard,
  type AdaptiveCard,
} from '../../../src/teams/cards';
import { lockdownCommand, modeDescription } from '../../../src/teams/cards/mode-text';
import { OPTIONS_STAY, SSPR_HINT, SSPR_STOPPED } from '../../../src/teams/cards/option-text';
import { cardText, textBlocksWith } from './card-text';
import { MISSING_GRANTS, NOW, request } from './fixtures';
import { ALL_OPTIONS } from './option-fixtures';

/** A pending lockdown in `mode` with `options`, its preflight read with grants missing. */
function pending(mode: LockdownMode, options: readonly LockdownOption[]): LockdownRequest {
  const base = request({ mode, options });
  return { ...base, preflight: preflight(plannedSteps(base), base.target, MISSING_GRANTS) };
}

const confirm = (r: LockdownRequest): AdaptiveCard => buildConfirmationCard(r, { now: NOW });

/** The dry run of a lockdown in `mode` with `options`, grants missing. */
function dryRun(mode: LockdownMode, options: readonly LockdownOption[]): AdaptiveCard {
  const r = pending(mode, options);
  return buildDryRunCard({
    target: r.target,
    mode,
    options,
    requiredApprovals: 1,
    preflight: r.preflight ?? { checks: [] },
  });
}

describe('the plan of a lockdown with options', () => {
  it('numbers the option steps in the order they run, between the sessions and the devices', () => {
    const text = cardText(confirm(pending('full', ALL_OPTIONS)));
    const plan = text.slice(text.indexOf('\nPlan\n'));
    assert.match(
      plan,
      /4\.\nRemove every sign-in method except the password\n(⚠️.*\n)+5\.\nDisable inbox rules that forward, redirect, delete or hide mail\n(⚠️.*\n)+6\.\nRevoke the apps the user consented to\n(⚠️.*\n)+7\.\nConfirm the user compromised in Identity Protection\n(⚠️.*\n)+8\.\nDisable registered devices\n/,
    );
  });

  it("shows each option step's preflight warnings, as for the other steps", () => {
    const text = cardText(confirm(pending('full', ['remove-mfa', 'compromised'])));
    for (const warning of [
      '⚠️ missing UserAuthenticationMethod.ReadWrite.All',
      '⚠️ the app may need Authentication Administrator',
      '⚠️ missing IdentityRiskyUser.ReadWrite.All',
    ]) {
      assert.ok(text.includes(warning), `${warning} missing from:\n${text}`);
    }
    assert.ok(!text.includes('MailboxSettings.ReadWrite'), text);
  });

  it('shows only the chosen options', () => {
    const text = cardText(confirm(pending('full', ['revoke-consents'])));
    assert.ok(text.includes('Revoke the apps the user consented to'), text);
    assert.ok(!text.includes('Remove every sign-in method'), text);
    assert.ok(!text.includes('Identity Protection'), text);
  });

  it('names the options under the title, in either mode', () => {
    assert.equal(
      modeDescription('full', ALL_OPTIONS),
      'Full lockdown: the account and its devices are disabled; also: remove the sign-in methods, disable mail rules, revoke app consents, confirm compromised',
    );
    assert.equal(
      modeDescription('keep-enabled', ['remove-mfa']),
      'Keep enabled: the account stays enabled (mail, files and Teams keep working for its owner) — the password is reset and sessions are revoked; account and devices stay enabled; also: remove the sign-in methods',
    );
    // Without options, as before: keep-enabled only resets the password and revokes sessions.
    assert.match(modeDescription('keep-enabled'), /— only the password is reset/);
    const text = cardText(confirm(pending('keep-enabled', ['compromised'])));
    assert.ok(text.includes('; also: confirm compromised'), text);
  });

  const ssprCases: readonly (readonly [
    LockdownMode,
    readonly LockdownOption[],
    string | undefined,
  ])[] = [
    ['keep-enabled', ['remove-mfa'], SSPR_STOPPED],
    ['keep-enabled', ALL_OPTIONS, SSPR_STOPPED],
    ['keep-enabled', [], SSPR_HINT],
    ['keep-enabled', ['compromised', 'disable-mail-rules'], SSPR_HINT],
    ['full', ['remove-mfa'], undefined],
    ['full', [], undefined],
  ];
  for (const [mode, options, line] of ssprCases) {
    it(`${mode} with [${options.join(', ')}]: ${line === undefined ? 'no line' : line === SSPR_HINT ? 'suggests --remove-mfa' : 'says removing the methods stops SSPR'} about self-service reset`, () => {
      for (const card of [confirm(pending(mode, options)), dryRun(mode, options)]) {
        const text = cardText(card);
        for (const candidate of [SSPR_STOPPED, SSPR_HINT]) {
          assert.equal(text.includes(candidate), candidate === line, text);
        }
      }
    });
  }

  it('says that removing the methods stops self-service reset plainly, and suggests it subtly', () => {
    const stopped = textBlocksWith(confirm(pending('keep-enabled', ['remove-mfa'])), SSPR_STOPPED);
    assert.equal(stopped.length, 1);
    assert.equal(stopped[0]?.['isSubtle'], undefined);
    const hint = textBlocksWith(confirm(pending('keep-enabled', [])), SSPR_HINT);
    assert.equal(hint.length, 1);
    assert.equal(hint[0]?.['isSubtle'], true);
    assert.match(SSPR_STOPPED, /self-service password reset/);
    assert.match(SSPR_HINT, /--remove-mfa/);
  });

  it('says what an unlock does not undo, only when there are options', () => {
    assert.ok(cardText(confirm(pending('full', ['remove-mfa']))).includes(OPTIONS_STAY));
    assert.ok(cardText(dryRun('full', ALL_OPTIONS)).includes(OPTIONS_STAY));
    assert.ok(!cardText(confirm(pending('full', []))).includes(OPTIONS_STAY));
    assert.ok(!cardText(confirm(pending('keep-enabled', []))).includes(OPTIONS_STAY));
  });
});

describe('the dry run of a lockdown with options', () => {
  it("shows each option step's Graph requests and permission, like the others", () => {
    const text = cardText(dryRun('keep-enabled', ALL_OPTIONS));
    for (const line of [
      'Remove every sign-in method except the password',
      'GET /users/{id}/authentication/methods',
      'DELETE /users/{id}/authentication/{type}Methods/{id}',
      'Permission UserAuthenticationMethod.ReadWrite.All: ❌ missing',
      'Directory role Authentication Administrator: ❌ missing',
      'PATCH /users/{id}/mailFolders/inbox/messageRules/{id} (isEnabled: false)',
      'Permission MailboxSettings.ReadWrite: ❌ missing',
      'DELETE /oauth2PermissionGrants/{id}',
      'Permission DelegatedPermissionGrant.ReadWrite.All: ❌ missing',
      'POST /identityProtection/riskyUsers/confirmCompromised',
      'Permission IdentityRiskyUser.ReadWrite.All: ❌ missing',
      'Needs Microsoft Entra ID P2. The user stays high-risk until an administrator dismisses it.',
    ]) {
      assert.ok(text.includes(line), `${line} missing from:\n${text}`);
    }
    assert.match(
      text,
      /^Keep enabled: .*; also: remove the sign-in methods, disable mail rules, revoke app consents, confirm compromised\. Nothing was recorded/m,
    );
  });
});

describe('the usage card and the repeat command, with options', () => {
  it('lists the options in one row, with --all, --no-<option> and what an unlock leaves', () => {
    const text = cardText(buildUsageCard());
    assert.match(
      text,
      /^\/lockdown user@domain --remove-mfa --disable-mail-rules --revoke-consents --compromised\nAlso remove every sign-in method but the password, .* --all: all four; --no-<option> turns a default off\. With --keep-enabled and --dry-run too; \/unlock never undoes them\.$/m,
    );
    assert.ok(!text.includes('On for every lockdown here'), text);
  });

  it("names the deployment's defaults", () => {
    const text = cardText(buildUsageCard('Unknown option "--x".', ['disable-mail-rules']));
    assert.ok(
      text.includes(
        'On for every lockdown here: --disable-mail-rules. Turn one off for one lockdown with --no-<option>, e.g. --no-disable-mail-rules.',
      ),
      text,
    );
  });

  it('repeats a lockdown with its mode and options', () => {
    assert.equal(lockdownCommand('jane@contoso.com', 'full'), '/lockdown jane@contoso.com');
    assert.equal(
      lockdownCommand('jane@contoso.com', 'keep-enabled', ['remove-mfa', 'compromised']),
      '/lockdown jane@contoso.com --keep-enabled --remove-mfa --compromised',
    );
    assert.equal(
      lockdownCommand('jane@contoso.com', 'full', ALL_OPTIONS),
      '/lockdown jane@contoso.com --all',
    );
  });
});
