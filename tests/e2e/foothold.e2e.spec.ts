/**
 * The attacker's foothold (issue 11), end to end: the card shows what they may have left, read
 * in the look-up (the consented apps named by a second read that edits the card); `--all`
 * removes it; each section degrades alone without its permission.
 * Real bot process, Graph simulator over TLS, SQLite store.
 */
import assert from 'node:assert/strict';
import type { TenantSeed } from '../../src/simulator';
import { click, lastCard, replyTo, verbsOf, verdict } from './card-flow';
import { graphWrites, startStack, type Stack } from './stack';
import { attachedCard, cardText, type TeamsUser } from './teams-client';
import { ALEX, APP, buildSeed, DANA, LOCKDOWN_APP_PERMISSIONS, RILEY } from './tenant-fixture';

/** The permissions to read and remove the foothold, beside the lockdown's own. */
const FOOTHOLD_PERMISSIONS = [
  'UserAuthenticationMethod.ReadWrite.All',
  'MailboxSettings.ReadWrite',
  'Organization.Read.All',
  'Directory.Read.All',
  'DelegatedPermissionGrant.ReadWrite.All',
  'RoleEligibilitySchedule.Read.Directory',
  'IdentityRiskyUser.ReadWrite.All',
  'AuditLog.Read.All',
] as const;

/** An app with every permission but MailboxSettings.* (its mail rules section is unreadable). */
const APP_WITHOUT_MAILBOX = {
  clientId: '11111111-2222-4333-8444-777777777777',
  clientSecret: 'e2e-only-secret-without-mailbox-5e4d3c',
} as const;

const FIONA = {
  id: 'b0000000-0000-4000-8000-0000000000f1',
  upn: 'fiona@contoso.com',
  name: 'Fiona Foothold',
} as const;
const KEEP = {
  id: 'b0000000-0000-4000-8000-0000000000f2',
  upn: 'kim@contoso.com',
  name: 'Kim Keep',
} as const;
const ATTACKER_APP = 'c0000000-0000-4000-8000-0000000000f1';
const GRAPH_SP = 'c0000000-0000-4000-8000-0000000000f0';
/** The attacker's app as the second read names it: an unverified publisher stands out. */
const ATTACKER_APP_LINE = /⚠️ Mail Helper Pro \(unverified publisher\): Mail\.Read/;

/** Waits for an edit of the card `cardActivityId` whose text matches `pattern`. */
async function editedCard(stack: Stack, cardActivityId: string, pattern: RegExp) {
  const edit = await stack.connector.waitFor(
    (c) =>
      c.method === 'PUT' &&
      c.activityId === cardActivityId &&
      pattern.test(cardText(attachedCard(c.activity) ?? {})),
  );
  const card = attachedCard(edit.activity) ?? {};
  return { text: cardText(card), card };
}

function seed(): TenantSeed {
  const base = buildSeed();
  const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
  const methods = [
    {
      id: 'f1-authenticator-old',
      type: 'microsoftAuthenticator' as const,
      displayName: 'Fiona iPhone',
      createdDateTime: '2024-03-01T09:00:00Z',
      isDefault: true,
    },
    {
      id: 'f1-authenticator-new',
      type: 'microsoftAuthenticator' as const,
      displayName: 'Attacker Pixel',
      createdDateTime: hourAgo,
    },
    { id: 'f1-phone', type: 'phone' as const, phoneNumber: '+1 2065550112' },
  ];
  const apps = base.apps.map((app) =>
    app.clientId === APP.clientId
      ? {
          ...app,
          permissions: [...app.permissions, ...FOOTHOLD_PERMISSIONS],
          directoryRoles: ['User Administrator', 'Authentication Administrator'],
        }
      : app,
  );
  return {
    ...base,
    servicePrincipals: [
      {
        id: ATTACKER_APP,
        appId: 'c1000000-0000-4000-8000-0000000000f1',
        displayName: 'Mail Helper Pro',
      },
    ],
    apps: [
      ...apps,
      {
        clientId: APP_WITHOUT_MAILBOX.clientId,
        clientSecret: APP_WITHOUT_MAILBOX.clientSecret,
        displayName: 'Lockdown (e2e, no mailbox permission)',
        permissions: [
          ...LOCKDOWN_APP_PERMISSIONS,
          ...FOOTHOLD_PERMISSIONS.filter((p) => !p.startsWith('MailboxSettings')),
        ],
        directoryRoles: ['User Administrator', 'Authentication Administrator'],
      },
    ],
    users: [
      ...base.users,
      {
        id: FIONA.id,
        userPrincipalName: FIONA.upn,
        displayName: FIONA.name,
        accountEnabled: true,
        foothold: {
          authenticationMethods: methods,
          messageRules: [
            {
              id: 'f1-rule',
              displayName: 'Invoices',
              actions: { forwardTo: ['drop@attacker.example'], markAsRead: true },
            },
          ],
          consents: [
            { id: 'f1-grant', clientId: ATTACKER_APP, resourceId: GRAPH_SP, scope: 'Mail.Read' },
          ],
          eligibleRoles: ['Global Administrator'],
          risk: { riskLevel: 'high', riskState: 'atRisk' },
        },
      },
      {
        id: KEEP.id,
        userPrincipalName: KEEP.upn,
        displayName: KEEP.name,
        accountEnabled: true,
        foothold: {
          authenticationMethods: [
            { id: 'k-phone', type: 'phone', phoneNumber: '+44 7700900123', isDefault: true },
          ],
        },
      },
    ],
  };
}

describe('the attacker’s foothold end to end (bot process)', function () {
  this.timeout(90_000);

  describe('with every permission', () => {
    let stack: Stack;
    before(async () => {
      stack = await startStack({}, seed());
    });
    after(async () => stack?.stop());

    /** Asks as Riley and, if `approvers`, confirms and waits for the verdict. */
    async function lockDown(text: string, upn: string, approvers: readonly TeamsUser[]) {
      const reply = await replyTo(stack, RILEY, text);
      const requestId = (reply.card.actions as { data: { requestId: string } }[])[0]!.data
        .requestId;
      const pending = { ...reply, requestId };
      for (const approver of approvers) await click(stack.teams, approver, pending);
      const line = await verdict(stack, reply.conversationId, upn);
      return { pending, verdict: String(line.activity.text) };
    }

    it('shows the new Authenticator, the outside forward, the consent and the eligible Global Administrator, and asks for two approvers', async () => {
      const writes = graphWrites(stack.simulator).length;
      const dryRun = await replyTo(stack, RILEY, `/lockdown ${FIONA.upn} --dry-run`);
      const { text, card } = dryRun;
      assert.match(text, /What the attacker may have left/);
      assert.match(text, /Attacker Pixel[^\n]*new/);
      assert.doesNotMatch(text, /Fiona iPhone[^\n]*new/);
      assert.match(text, /\+1 ••• ••• ••12/);
      assert.doesNotMatch(text, /2065550112/, 'the phone number is masked');
      assert.match(text, /drop@attacker\.example[^\n]*outside the organisation/);
      assert.match(text, /Mailbox-level forwarding/);
      // The card comes after one round trip, the app by its client id ...
      assert.match(text, new RegExp(`app ${ATTACKER_APP}: Mail\\.Read`));
      assert.match(text, /Global Administrator[^\n]*PRIVILEGED/);
      assert.match(text, /Risk: high/);
      assert.deepEqual(verbsOf(card), []);
      // ... then a second read names it, and the dry run's message is edited.
      const named = await editedCard(stack, dryRun.cardActivityId, ATTACKER_APP_LINE);
      assert.doesNotMatch(named.text, new RegExp(`app ${ATTACKER_APP}`));
      assert.match(named.text, /Attacker Pixel[^\n]*new/, 'the rest of the card is as it was');
      assert.deepEqual(verbsOf(named.card), []);
      assert.ok(
        stack.simulator.requests.some(
          (r) => r.path === `/servicePrincipals/${ATTACKER_APP}` && r.status === 200,
        ),
      );
      assert.equal(graphWrites(stack.simulator).length, writes, 'a dry run writes nothing');

      const pending = await replyTo(stack, RILEY, `/lockdown ${FIONA.upn} --all`);
      assert.match(pending.text, /needs 2 different approvers/);
      assert.match(pending.text, /Remove every sign-in method except the password/);
      assert.match(pending.text, /Confirm the user compromised in Identity Protection/);
      assert.match(pending.text, new RegExp(`app ${ATTACKER_APP}`));
      // The request's card is edited too, its buttons kept.
      const pendingNamed = await editedCard(stack, pending.cardActivityId, ATTACKER_APP_LINE);
      assert.match(pendingNamed.text, /needs 2 different approvers/);
      assert.deepEqual(verbsOf(pendingNamed.card), verbsOf(pending.card));
      await click(
        stack.teams,
        ALEX,
        {
          ...pending,
          requestId: (pending.card.actions as { data: { requestId: string } }[])[0]!.data.requestId,
        },
        'lockdown.cancel',
      );
    });

    it('--all removes the methods but the password, disables the rule, revokes the consent and confirms the compromise', async () => {
      const before = stack.simulator.requests.length;
      const { pending, verdict: line } = await lockDown(`/lockdown ${FIONA.upn} --all`, FIONA.upn, [
        ALEX,
        DANA,
      ]);
      const applied = stack.simulator.requests
        .slice(before)
        .filter((r) => r.method !== 'GET' && r.status >= 200 && r.status < 300)
        .map((r) => `${r.method} ${r.path}`);
      assert.ok(
        applied.includes(`PATCH /users/${FIONA.id}/mailFolders/inbox/messageRules/f1-rule`),
        applied.join('\n'),
      );
      assert.ok(applied.includes('DELETE /oauth2PermissionGrants/f1-grant'));
      assert.ok(applied.includes('POST /identityProtection/riskyUsers/confirmCompromised'));
      assert.ok(
        applied.some(
          (w) =>
            w.startsWith(`DELETE /users/${FIONA.id}/authentication/`) &&
            w.endsWith('f1-authenticator-new'),
        ),
      );
      assert.ok(!applied.some((w) => w.includes('passwordMethods')), 'the password method stays');
      const final = lastCard(stack, pending.cardActivityId);
      assert.match(final, /sign-in methods removed/);
      assert.match(final, /1 of 1 inbox rules disabled/);
      assert.match(final, /1 of 1 app consents revoked/);
      assert.match(final, /Confirmed compromised/);
      // Graph refuses the default method while others remain: it is sent again once they are gone.
      assert.match(final, /3 of 3 sign-in methods removed/);
      const defaultDeletes = stack.simulator.requests
        .slice(before)
        .filter((r) => r.method === 'DELETE' && r.path.endsWith('/f1-authenticator-old'));
      assert.deepEqual(
        defaultDeletes.map((r) => r.status),
        [400, 204],
      );
      assert.match(line, /^Locked down fiona@contoso\.com/);
    });

    it('keep-enabled with --remove-mfa: the account stays enabled, the methods go, and the card says why it matters', async () => {
      const pending = await replyTo(
        stack,
        RILEY,
        `/lockdown ${KEEP.upn} --keep-enabled --remove-mfa`,
      );
      assert.match(pending.text, /self-service password reset/);
      const requestId = (pending.card.actions as { data: { requestId: string } }[])[0]!.data
        .requestId;
      await click(stack.teams, ALEX, { ...pending, requestId });
      const line = await verdict(stack, pending.conversationId, KEEP.upn);
      assert.match(String(line.activity.text), /ocked down kim@contoso\.com/);
      assert.equal(stack.simulator.tenant.user(KEEP.id)?.accountEnabled, true);
      assert.ok(
        stack.simulator.requests.some(
          (r) => r.method === 'DELETE' && r.path.endsWith('/k-phone') && r.status === 204,
        ),
      );
    });
  });

  describe('without the mailbox permission', () => {
    let stack: Stack;
    before(async () => {
      stack = await startStack(
        {
          AZURE_CLIENT_ID: APP_WITHOUT_MAILBOX.clientId,
          AZURE_CLIENT_SECRET: APP_WITHOUT_MAILBOX.clientSecret,
        },
        seed(),
      );
    });
    after(async () => stack?.stop());

    it('says the mail rules are not readable and why, and shows every other section', async () => {
      const { text } = await replyTo(stack, RILEY, `/lockdown ${FIONA.upn} --dry-run`);
      assert.match(text, /not readable: the app lacks MailboxSettings\.Read/);
      assert.match(text, /Attacker Pixel/);
      assert.match(text, /Global Administrator/);
      assert.match(text, /Risk: high/);
    });

    it("says why the consented apps' names are not readable when Graph refuses them", async () => {
      stack.simulator.inject({
        path: /^\/servicePrincipals\//,
        status: 403,
        code: 'Authorization_RequestDenied',
        scope: 'batch-item',
      });
      try {
        const pending = await replyTo(stack, RILEY, `/lockdown ${FIONA.upn}`);
        const { text: edited } = await editedCard(
          stack,
          pending.cardActivityId,
          /names not readable/,
        );
        assert.match(
          edited,
          /Consented apps: names not readable: the app lacks Application\.Read\.All/,
        );
        assert.match(edited, new RegExp(`app ${ATTACKER_APP}: Mail\\.Read`));
      } finally {
        stack.simulator.clearFaults();
      }
    });
  });
});
