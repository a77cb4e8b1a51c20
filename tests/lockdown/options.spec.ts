/**
 * The containment options: how a lockdown's options are resolved, which steps they add, and
 * what the option steps do (fake directory, SQLite store, the real runner).
 */
import assert from 'node:assert/strict';
import { DirectoryError } from '../../src/lockdown/directory';
import type { LockdownService } from '../../src/lockdown/lockdown-service';
import {
  type LockdownOption,
  LOCKDOWN_OPTIONS,
  NO_CHOICE,
  resolveOptions,
} from '../../src/lockdown/options';
import {
  type LockdownMode,
  type LockdownRequest,
  plannedSteps,
  stepsOf,
} from '../../src/lockdown/request';
import type { LockdownRunner } from '../../src/lockdown/runner';
import type { SqliteStore } from '../../src/store';
import { FakeDirectory, JANE } from './fake-directory';
import { serviceHarness } from './service-harness';

const RILEY = { id: 'riley', name: 'Riley' };
const ALEX = { id: 'alex', name: 'Alex' };
const SOURCE = { tenantId: 't1', conversationId: 'c1' };
const ORIGIN = { ...SOURCE, reply: '{}' };

describe('lockdown options', () => {
  describe('resolveOptions', () => {
    const cases: readonly (readonly [
      string,
      readonly LockdownOption[],
      Parameters<typeof resolveOptions>[1],
      readonly LockdownOption[],
    ])[] = [
      ['none', [], NO_CHOICE, []],
      [
        'defaults alone',
        ['revoke-consents', 'remove-mfa'],
        NO_CHOICE,
        ['remove-mfa', 'revoke-consents'],
      ],
      ['one added', [], { add: ['compromised'], remove: [] }, ['compromised']],
      ['all added', [], { add: LOCKDOWN_OPTIONS, remove: [] }, LOCKDOWN_OPTIONS],
      [
        'a default turned off',
        ['remove-mfa', 'compromised'],
        { add: [], remove: ['remove-mfa'] },
        ['compromised'],
      ],
      [
        'all but one',
        [],
        { add: LOCKDOWN_OPTIONS, remove: ['compromised'] },
        ['remove-mfa', 'disable-mail-rules', 'revoke-consents'],
      ],
      ['added twice', ['remove-mfa'], { add: ['remove-mfa'], remove: [] }, ['remove-mfa']],
    ];
    for (const [name, defaults, choice, expected] of cases) {
      it(name, () => assert.deepEqual(resolveOptions(defaults, choice), expected));
    }
  });

  describe('steps', () => {
    it('adds the chosen options’ steps after the account’s, before the devices', () => {
      assert.deepEqual(stepsOf({ options: ['compromised', 'remove-mfa'] }), [
        'disable-account',
        'reset-password',
        'revoke-sessions',
        'remove-methods',
        'confirm-compromised',
        'disable-devices',
        'verify',
      ]);
      assert.deepEqual(stepsOf({}), [
        'disable-account',
        'reset-password',
        'revoke-sessions',
        'disable-devices',
        'verify',
      ]);
    });

    it('runs the options in keep-enabled mode too, without the disables', () => {
      assert.deepEqual(plannedSteps({ mode: 'keep-enabled', options: ['remove-mfa'] }), [
        'reset-password',
        'revoke-sessions',
        'remove-methods',
        'verify',
      ]);
    });
  });

  describe('the option steps (service, runner, SQLite)', () => {
    let store: SqliteStore;
    let directory: FakeDirectory;
    let runner: LockdownRunner;
    let svc: LockdownService;
    let close: () => Promise<void>;

    beforeEach(() => {
      directory = new FakeDirectory(JANE, [
        { id: 'd1', displayName: 'Laptop', operatingSystem: 'Windows', accountEnabled: true },
      ]);
      directory.methods = [
        { id: 'pw', type: 'password', display: 'Password' },
        { id: 'm1', type: 'microsoftAuthenticator', display: 'Attacker Pixel' },
        { id: 'm2', type: 'phone', display: '+1 ••• ••• ••12' },
        { id: 'm3', type: 'fido2', display: 'YubiKey 5' },
      ];
      directory.mailRules = [
        { id: 'r1', name: 'fwd', enabled: true, actions: ['forward'], destinations: [] },
        { id: 'r2', name: 'old', enabled: false, actions: ['delete'], destinations: [] },
      ];
      directory.consents = [
        { id: 'g1', clientId: 'c1', scopes: ['Mail.Read'], appName: 'Mail Helper' },
        { id: 'g2', clientId: 'c2', scopes: ['Files.Read'] },
      ];
      ({ store, runner, svc, close } = serviceHarness(directory));
    });

    afterEach(async () => close());

    async function lockDown(
      options: readonly LockdownOption[],
      mode: LockdownMode = 'full',
    ): Promise<LockdownRequest> {
      const asked = await svc.request({
        userPrincipalName: JANE.userPrincipalName,
        mode,
        options,
        requestedBy: RILEY,
        origin: ORIGIN,
      });
      assert.equal(asked.kind, 'created');
      const request = (asked as { request: LockdownRequest }).request;
      assert.deepEqual(request.options, options.length > 0 ? options : undefined);
      assert.deepEqual(
        request.preflight?.checks.map((check) => check.step),
        plannedSteps(request),
      );
      await svc.approve(request.id, ALEX, SOURCE);
      await runner.drain();
      return (await store.get(request.id))!;
    }

    const step = (request: LockdownRequest, id: string) =>
      request.steps.find((outcome) => outcome.step === id)!;

    it('--all: removes every method but the password, disables enabled rules, revokes consents, confirms', async () => {
      const done = await lockDown([...LOCKDOWN_OPTIONS]);
      assert.equal(done.state, 'completed');
      assert.deepEqual(
        directory.methods.map((m) => m.id),
        ['pw'],
      );
      assert.deepEqual(
        directory.mailRules.map((r) => [r.id, r.enabled]),
        [
          ['r1', false],
          ['r2', false],
        ],
      );
      assert.ok(
        !directory.calls.includes('disableRule r2'),
        'an already disabled rule is left alone',
      );
      assert.deepEqual(directory.consents, []);
      assert.equal(directory.compromised, true);
      assert.match(step(done, 'remove-methods').detail!, /^3 of 3 sign-in methods removed/);
      assert.deepEqual(
        step(done, 'revoke-consents').items?.map((i) => i.label),
        ['Mail Helper', 'app c2'],
      );
      assert.match(step(done, 'confirm-compromised').detail!, /Confirmed compromised/);
    });

    it('reports a method Graph refuses to delete, and still removes the others', async () => {
      directory.failOn('deleteMethod m2', 400, 'invalidRequest');
      const done = await lockDown(['remove-mfa']);
      assert.equal(done.state, 'partial');
      const removal = step(done, 'remove-methods');
      assert.equal(removal.status, 'failed');
      assert.match(removal.detail!, /^2 of 3 sign-in methods removed/);
      assert.deepEqual(
        removal.items?.filter((i) => i.status === 'failed').map((i) => i.label),
        ['Phone: +1 ••• ••• ••12'],
      );
      assert.deepEqual(
        directory.methods.map((m) => m.id),
        ['pw', 'm2'],
      );
      assert.equal(step(done, 'disable-account').status, 'done', 'the rest of the lockdown ran');
    });

    it('sends the default method again once the others are gone, as Graph requires', async () => {
      const refusal = new DirectoryError({
        status: 400,
        code: 'badRequest',
        message: 'Cannot delete default method with other methods configured.',
      });
      directory.onCall = async (call) => {
        // m1 is the default: refused while any other method but the password remains.
        if (call === 'deleteMethod m1' && directory.methods.length > 2) {
          directory.failures.set('deleteMethod m1', refusal);
        } else {
          directory.failures.delete('deleteMethod m1');
        }
      };
      const done = await lockDown(['remove-mfa']);
      assert.equal(done.state, 'completed');
      assert.deepEqual(
        directory.methods.map((m) => m.id),
        ['pw'],
      );
      assert.equal(directory.calls.filter((c) => c === 'deleteMethod m1').length, 2);
      assert.match(step(done, 'remove-methods').detail!, /^3 of 3 sign-in methods removed/);
    });

    it('fails a step whose listing is refused, naming the permission, and runs the others', async () => {
      directory.failOn('listConsents');
      const done = await lockDown(['revoke-consents', 'compromised']);
      assert.match(
        step(done, 'revoke-consents').detail!,
        /DelegatedPermissionGrant\.ReadWrite\.All/,
      );
      assert.equal(step(done, 'confirm-compromised').status, 'done');
      assert.equal(step(done, 'disable-devices').status, 'done');
    });

    it('treats a user without a mailbox as having no rules to disable', async () => {
      directory.failures.set(
        'listMailRules',
        new DirectoryError({
          status: 404,
          code: 'MailboxNotEnabledForRESTAPI',
          message: 'No mailbox',
        }),
      );
      const done = await lockDown(['disable-mail-rules']);
      assert.equal(step(done, 'disable-mail-rules').status, 'done');
      assert.match(step(done, 'disable-mail-rules').detail!, /No Exchange Online mailbox/);
    });

    it('runs options in keep-enabled mode, leaving the account and devices enabled', async () => {
      const done = await lockDown(['remove-mfa'], 'keep-enabled');
      assert.equal(done.state, 'completed');
      assert.equal(directory.accountEnabled, true);
      assert.deepEqual(
        directory.methods.map((m) => m.id),
        ['pw'],
      );
      assert.deepEqual(
        done.steps.map((s) => [s.step, s.status]),
        [
          ['disable-account', 'skipped'],
          ['reset-password', 'done'],
          ['revoke-sessions', 'done'],
          ['remove-methods', 'done'],
          ['disable-devices', 'skipped'],
          ['verify', 'done'],
        ],
      );
    });

    it('records no step for options it was not asked for', async () => {
      const done = await lockDown([]);
      assert.deepEqual(
        done.steps.map((s) => s.step),
        ['disable-account', 'reset-password', 'revoke-sessions', 'disable-devices', 'verify'],
      );
      assert.ok(!directory.calls.some((c) => /Methods|MailRules|Consents|ompromised/.test(c)));
    });

    it('an unlock restores none of it, and its plan says what stays', async () => {
      await lockDown([...LOCKDOWN_OPTIONS]);
      const asked = await svc.requestUnlock({
        userPrincipalName: JANE.userPrincipalName,
        requestedBy: RILEY,
        origin: ORIGIN,
      });
      assert.equal(asked.kind, 'created');
      const unlock = (asked as { request: LockdownRequest }).request;
      assert.deepEqual(unlock.undo?.staysRemoved, [
        '3 sign-in methods removed: the person registers again (an administrator can issue a Temporary Access Pass)',
        "1 inbox rule disabled: turn back on in Outlook only those that are the person's own",
        '2 app consents revoked: the person consents again when they next use an app',
        'Confirmed compromised in Identity Protection: stays high-risk until an administrator dismisses the risk',
      ]);
      await svc.approve(unlock.id, ALEX, SOURCE);
      await runner.drain();
      assert.deepEqual(
        directory.methods.map((m) => m.id),
        ['pw'],
      );
      assert.equal(directory.compromised, true);
    });
  });
});
