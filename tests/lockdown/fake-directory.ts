/**
 * An in-memory directory for unit tests of the domain: records the calls and fails on demand.
 */
import {
  type AccountOperation,
  type AppDescription,
  type AppDescriptions,
  type Directory,
  type OnPremisesAction,
  type OperationResult,
  DirectoryError,
  type DirectoryReceipt,
  type DirectoryUser,
  type ReadBack,
} from '../../src/lockdown/directory';
import type { AuthMethod, ConsentGrant, MailRule } from '../../src/lockdown/foothold';
import type { DeviceSummary } from '../../src/lockdown/request';

export class FakeDirectory implements Directory {
  readonly calls: string[] = [];
  readonly failures = new Map<string, DirectoryError>();
  readonly passwords: string[] = [];
  accountEnabled = true;
  validFrom?: string;
  /** Accepts the disable but does not apply it (a directory that says yes and does nothing). */
  ignoreDisable = false;
  /** The same for the unlock's enable. */
  ignoreEnable = false;
  /** How far the directory's clock is from the test's (negative: the bot runs ahead). */
  serverClockOffsetMs = 0;
  /** Called on every call, before its effect (to interleave other work). */
  onCall?: (call: string) => Promise<void>;

  constructor(
    public user: DirectoryUser,
    readonly devices: DeviceSummary[] = [],
  ) {}

  private serverNow(): number {
    return Date.now() + this.serverClockOffsetMs;
  }

  async findUser(upn: string): Promise<DirectoryUser | undefined> {
    this.calls.push(`findUser ${upn}`);
    return upn.toLowerCase() === this.user.userPrincipalName ? this.user : undefined;
  }
  async runAccountOperations(
    userId: string,
    operations: readonly AccountOperation[],
  ): Promise<readonly OperationResult[]> {
    const results: OperationResult[] = [];
    for (const operation of operations) {
      results.push(await settle(this.apply(userId, operation)));
    }
    return results;
  }

  async disableDevices(deviceIds: readonly string[]): Promise<readonly OperationResult[]> {
    return this.switchDevices('disableDevice', deviceIds, false);
  }

  /** Recorded as `enableDevice <id>`; `failOn('enableDevice <id>')` fails that one only. */
  async enableDevices(deviceIds: readonly string[]): Promise<readonly OperationResult[]> {
    return this.switchDevices('enableDevice', deviceIds, true);
  }

  /**
   * One call per device; a device that is not refused takes the new state, so a later
   * `listDevices` (the unlock's own, or its verify step's) sees what was done.
   */
  private async switchDevices(
    name: string,
    deviceIds: readonly string[],
    accountEnabled: boolean,
  ): Promise<OperationResult[]> {
    const results: OperationResult[] = [];
    for (const id of deviceIds) {
      const effect = () => {
        const index = this.devices.findIndex((device) => device.id === id);
        const device = this.devices[index];
        if (device) this.devices[index] = { ...device, accountEnabled };
      };
      results.push(await settle(this.call(`${name} ${id}`, effect)));
    }
    return results;
  }

  /** One account operation, named in `calls` as the pipeline's steps are. */
  private apply(userId: string, operation: AccountOperation): Promise<DirectoryReceipt> {
    switch (operation.kind) {
      case 'disable-account':
        return this.call(`disableAccount ${userId}`, () => {
          if (!this.ignoreDisable) this.accountEnabled = false;
        });
      case 'enable-account':
        return this.call(`enableAccount ${userId}`, () => {
          if (!this.ignoreEnable) this.accountEnabled = true;
        });
      case 'reset-password':
        return this.call(`resetPassword ${userId}`, () => {
          this.passwords.push(operation.password);
        });
      case 'revoke-sessions':
        return this.call(`revokeSessions ${userId}`, () => {
          this.validFrom = new Date(Math.floor(this.serverNow() / 1000) * 1000).toISOString();
        });
    }
  }

  async listDevices(userId: string): Promise<readonly DeviceSummary[]> {
    await this.call(`listDevices ${userId}`, () => undefined);
    // A snapshot, as Graph's answer is: later writes do not change what was listed.
    return [...this.devices];
  }
  async readBack(userId: string): Promise<ReadBack> {
    await this.call(`readBack ${userId}`, () => undefined);
    return {
      accountEnabled: this.accountEnabled,
      ...(this.validFrom ? { signInSessionsValidFromDateTime: this.validFrom } : {}),
      requestId: 'rb',
    };
  }

  /** The user's sign-in methods, rules and consents now; the option steps change them. */
  methods: AuthMethod[] = [{ id: 'pw', type: 'password', display: 'Password' }];
  mailRules: MailRule[] = [];
  consents: ConsentGrant[] = [];
  compromised = false;

  async listAuthMethods(userId: string): Promise<readonly AuthMethod[]> {
    await this.call(`listAuthMethods ${userId}`, () => undefined);
    return [...this.methods];
  }

  /** Recorded as `deleteMethod <id>`; `failOn('deleteMethod <id>')` refuses that one only. */
  async deleteAuthMethods(
    userId: string,
    methods: readonly AuthMethod[],
  ): Promise<readonly OperationResult[]> {
    return this.each(
      methods.map((method) => method.id),
      'deleteMethod',
      (id) => {
        this.methods = this.methods.filter((method) => method.id !== id);
      },
    );
  }

  async listMailRules(userId: string): Promise<readonly MailRule[]> {
    await this.call(`listMailRules ${userId}`, () => undefined);
    return [...this.mailRules];
  }

  async disableMailRules(
    userId: string,
    ruleIds: readonly string[],
  ): Promise<readonly OperationResult[]> {
    return this.each(ruleIds, 'disableRule', (id) => {
      this.mailRules = this.mailRules.map((rule) =>
        rule.id === id ? { ...rule, enabled: false } : rule,
      );
    });
  }

  async listConsents(userId: string): Promise<readonly ConsentGrant[]> {
    await this.call(`listConsents ${userId}`, () => undefined);
    return [...this.consents];
  }

  /** What describeApps answers per client id; an id not here is one the directory does not know. */
  readonly apps = new Map<string, AppDescription>();
  /** Set: describeApps answers it as why names are not readable (as a 403 does in Graph). */
  appsUnreadable?: string;

  /** Recorded as `describeApps <id,id,...>`. */
  async describeApps(clientIds: readonly string[]): Promise<AppDescriptions> {
    await this.call(`describeApps ${clientIds.join(',')}`, () => undefined);
    const known = clientIds.flatMap((id) => {
      const app = this.apps.get(id);
      return app ? [[id, app] as const] : [];
    });
    return {
      apps: Object.fromEntries(known),
      ...(this.appsUnreadable === undefined ? {} : { unreadable: this.appsUnreadable }),
    };
  }

  async revokeConsents(grantIds: readonly string[]): Promise<readonly OperationResult[]> {
    return this.each(grantIds, 'revokeConsent', (id) => {
      this.consents = this.consents.filter((grant) => grant.id !== id);
    });
  }

  async confirmCompromised(userId: string): Promise<OperationResult> {
    return settle(
      this.call(`confirmCompromised ${userId}`, () => {
        this.compromised = true;
      }),
    );
  }

  /** The on-premises AD account's state, as the `onPremisesActions` left it. */
  onPremisesEnabled = true;
  onPremisesPasswordResetForced = false;

  /**
   * Recorded as `onPrem <action> <sid>`, one call per action in order; `failOn('onPrem
   * forcePasswordReset')` refuses that action only (never throws, like the real adapter).
   */
  async onPremisesActions(
    securityIdentifier: string,
    actions: readonly OnPremisesAction[],
  ): Promise<readonly OperationResult[]> {
    const results: OperationResult[] = [];
    for (const action of actions) {
      results.push(
        await settle(
          this.call(`onPrem ${action} ${securityIdentifier}`, () => {
            if (action === 'disable') this.onPremisesEnabled = false;
            if (action === 'enable') this.onPremisesEnabled = true;
            if (action === 'forcePasswordReset') this.onPremisesPasswordResetForced = true;
          }),
        ),
      );
    }
    return results;
  }

  /** One recorded call per id, each settled on its own. */
  private async each(
    ids: readonly string[],
    name: string,
    effect: (id: string) => void,
  ): Promise<OperationResult[]> {
    const results: OperationResult[] = [];
    for (const id of ids) results.push(await settle(this.call(`${name} ${id}`, () => effect(id))));
    return results;
  }

  readonly groups = new Map<string, string[]>();
  async memberGroups(userId: string, groupIds: readonly string[]): Promise<readonly string[]> {
    await this.call(`memberGroups ${userId}`, () => undefined);
    return groupIds.filter((group) => this.groups.get(userId)?.includes(group));
  }

  async groupUserIds(groupIds: readonly string[]): Promise<readonly string[]> {
    await this.call(`groupUserIds ${groupIds.join(',')}`, () => undefined);
    return [...this.groups.entries()]
      .filter(([, groups]) => groups.some((group) => groupIds.includes(group)))
      .map(([userId]) => userId);
  }

  /** The comments added to each incident, by incident id, oldest first. */
  readonly incidentComments = new Map<string, string[]>();

  /**
   * Recorded as `commentOnIncident <id>`; `failOn('commentOnIncident')` refuses it (never
   * throws, like the real adapter), and a refused comment is not kept.
   */
  async commentOnIncident(incidentId: string, comment: string): Promise<OperationResult> {
    return settle(
      this.call(`commentOnIncident ${incidentId}`, () => {
        this.incidentComments.set(incidentId, [
          ...(this.incidentComments.get(incidentId) ?? []),
          comment,
        ]);
      }),
    );
  }

  /** Makes calls starting with `prefix` fail with a Graph-like refusal. */
  failOn(prefix: string, status = 403, code = 'Authorization_RequestDenied'): void {
    this.failures.set(
      prefix,
      new DirectoryError({
        status,
        code,
        message: 'Insufficient privileges to complete the operation.',
        requestId: 'req-1',
      }),
    );
  }

  private async call(name: string, effect: () => void): Promise<DirectoryReceipt> {
    this.calls.push(name);
    await this.onCall?.(name);
    for (const [prefix, error] of this.failures) {
      if (name.startsWith(prefix)) throw error;
    }
    effect();
    return {
      requestId: `rid-${this.calls.length}`,
      serverTime: new Date(this.serverNow()).toISOString(),
    };
  }
}

export const JANE: DirectoryUser = {
  id: 'u-jane',
  userPrincipalName: 'jane@contoso.com',
  displayName: 'Jane Doe',
  accountEnabled: true,
  onPremisesSyncEnabled: false,
  userType: 'Member',
  roles: [],
  devices: [],
};

async function settle(call: Promise<DirectoryReceipt>): Promise<OperationResult> {
  try {
    return { ok: true, receipt: await call };
  } catch (error) {
    if (error instanceof DirectoryError) return { ok: false, failure: error.failure };
    throw error;
  }
}
