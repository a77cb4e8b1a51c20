/**
 * Shared fixtures for the simulator's tests: one certificate set for the whole run, a small
 * tenant, and an HTTPS client that trusts the test CA.
 */
import { Agent, request as httpsRequest } from 'node:https';
import {
  createTestCertificateAuthority,
  startSimulator,
  type RunningSimulator,
  type SimulatorOptions,
  type TenantSeed,
  type TestCertificates,
} from '../../src/simulator';

let certificates: TestCertificates | undefined;

/** One CA and server certificate for every test (key generation costs ~100 ms). */
export function testCertificates(): TestCertificates {
  certificates ??= createTestCertificateAuthority();
  return certificates;
}

export const TENANT_ID = 'aaaaaaaa-0000-4000-8000-000000000001';

/** Apps of the test tenant. */
export const APPS = {
  /** The bot's app: everything it needs, and User Administrator. */
  bot: { clientId: 'a0000000-0000-4000-8000-0000000000b0', clientSecret: 'bot-secret-value' },
  /** Can only read users; no directory role. */
  reader: { clientId: 'a0000000-0000-4000-8000-0000000000b1', clientSecret: 'reader-secret' },
  /** Privileged Authentication Administrator. */
  privileged: { clientId: 'a0000000-0000-4000-8000-0000000000b2', clientSecret: 'priv-secret' },
  /** Authenticates with a certificate (client assertion). */
  certificate: { clientId: 'a0000000-0000-4000-8000-0000000000b3' },
  /** Reads Intune managed devices only (DeviceManagementManagedDevices.Read.All). */
  intune: { clientId: 'a0000000-0000-4000-8000-0000000000b4', clientSecret: 'intune-secret' },
} as const;

/** An Intune managed device of Adele's that is not in the directory. */
export const ADELE_INTUNE_ONLY = {
  id: 'f0000000-0000-4000-8000-000000000001',
  deviceName: 'ADELE-HOME-PC',
  operatingSystem: 'Windows',
} as const;

const u = (n: number): string => `b0000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const d = (n: number): string => `d0000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const g = (n: number): string => `c0000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** Users of the test tenant, by role in the tests. */
export const USERS = {
  adele: { id: u(1), upn: 'adele@contoso.com' },
  admin: { id: u(2), upn: 'gadmin@contoso.com' },
  helpdesk: { id: u(3), upn: 'helpdesk@contoso.com' },
  guest: { id: u(4), upn: 'pat_fabrikam.com#EXT#@contoso.com' },
  federated: { id: u(5), upn: 'fred@contoso.com' },
  synced: { id: u(6), upn: 'sid@contoso.com' },
  many: { id: u(7), upn: 'lee@contoso.com' },
  responder: { id: u(8), upn: 'riley@contoso.com' },
  protectedMember: { id: u(9), upn: 'pia@contoso.com' },
} as const;

export const GROUPS = {
  responders: g(1),
  security: g(2),
  roleAssignable: g(3),
  unrelated: g(4),
} as const;

/** Devices of Adele (Windows, iOS, Android); Lee has 12 Windows devices from d(100) on. */
export const DEVICES = {
  adeleWindows: d(1),
  adeleIphone: d(2),
  adeleAndroid: d(3),
} as const;

/** A small tenant covering every rule the simulator implements. */
export function testSeed(): TenantSeed {
  const user = (key: keyof typeof USERS, name: string, extra: Record<string, unknown> = {}) => ({
    id: USERS[key].id,
    userPrincipalName: USERS[key].upn,
    displayName: name,
    accountEnabled: true,
    ...extra,
  });
  const device = (id: string, name: string, os: string, owner: string) => ({
    id,
    deviceId: id.replace(/^d/, 'e'),
    displayName: name,
    operatingSystem: os,
    operatingSystemVersion: '1.0',
    accountEnabled: true,
    registeredUsers: [owner],
  });
  return {
    tenantId: TENANT_ID,
    domain: 'contoso.com',
    apps: [
      {
        ...APPS.bot,
        displayName: 'Lockdown (test)',
        permissions: [
          'User.Read.All',
          'User.EnableDisableAccount.All',
          'User-PasswordProfile.ReadWrite.All',
          'User.RevokeSessions.All',
          'Device.ReadWrite.All',
          'Directory.Read.All',
          'GroupMember.Read.All',
        ],
        directoryRoles: ['User Administrator'],
      },
      { ...APPS.reader, displayName: 'Reader', permissions: ['User.Read.All'], directoryRoles: [] },
      {
        ...APPS.privileged,
        displayName: 'Privileged',
        permissions: [
          'User.ReadWrite.All',
          'Directory.Read.All',
          'IdentityRiskyUser.ReadWrite.All',
        ],
        directoryRoles: ['Privileged Authentication Administrator'],
      },
      {
        ...APPS.certificate,
        certificate: true,
        displayName: 'Certificate app',
        permissions: ['User.Read.All'],
        directoryRoles: [],
      },
      {
        ...APPS.intune,
        displayName: 'Intune reader',
        permissions: ['DeviceManagementManagedDevices.Read.All'],
        directoryRoles: [],
      },
    ],
    users: [
      user('adele', 'Adele Vance', {
        jobTitle: 'Retail Manager',
        department: 'Retail',
        mail: 'adele@contoso.com',
        managedDevices: [ADELE_INTUNE_ONLY],
      }),
      user('admin', 'Gail Admin', { directoryRoles: ['Global Administrator'] }),
      user('helpdesk', 'Hal Helpdesk', { directoryRoles: ['Helpdesk Administrator'] }),
      user('guest', 'Pat Guest', { userType: 'Guest', mail: 'pat@fabrikam.com' }),
      user('federated', 'Fred Federated', { passwordPolicy: 'federated' }),
      user('synced', 'Sid Synced', { onPremisesSyncEnabled: true }),
      user('many', 'Lee Gu'),
      user('responder', 'Riley Responder', { groups: [GROUPS.responders] }),
      user('protectedMember', 'Pia Protected'),
    ],
    devices: [
      device(DEVICES.adeleWindows, 'ADELE-LAPTOP', 'Windows', USERS.adele.id),
      device(DEVICES.adeleIphone, "Adele's iPhone", 'iOS', USERS.adele.id),
      device(DEVICES.adeleAndroid, 'Adele-Pixel', 'Android', USERS.adele.id),
      ...Array.from({ length: 12 }, (_, i) =>
        device(d(100 + i), `LAB-PC-${String(i + 1).padStart(2, '0')}`, 'Windows', USERS.many.id),
      ),
    ],
    groups: [
      { id: GROUPS.responders, displayName: 'Responders', members: [] },
      { id: GROUPS.security, displayName: 'Security', members: [GROUPS.responders] },
      {
        id: GROUPS.roleAssignable,
        displayName: 'Tier 0',
        members: [USERS.protectedMember.id],
        isAssignableToRole: true,
        directoryRoles: ['Security Administrator'],
      },
      { id: GROUPS.unrelated, displayName: 'Unrelated', members: [] },
    ],
  };
}

/** Starts a simulator on the test tenant. */
export function startTestSimulator(
  options: Partial<SimulatorOptions> = {},
): Promise<RunningSimulator> {
  return startSimulator({ seed: testSeed(), tls: testCertificates(), ...options });
}

/** A response as the tests look at it. */
export interface TestResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Parsed JSON, or undefined for an empty body. */
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A response with its body as text, for answers that are not JSON. */
export interface RawTestResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
}

/** What {@link TestClient.send} may add to a request. */
export interface SendOptions {
  readonly token?: string;
  /** Objects are sent as JSON, strings as they are. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Aborts the request, as a client that gives up does. */
  readonly signal?: AbortSignal;
}

/**
 * An HTTPS client trusting the test CA. Every response must carry a `Date` header, as clients
 * rely on it (e.g. for Retry-After dates); one without fails the request.
 */
export class TestClient {
  private readonly agent = new Agent({ ca: testCertificates().caPem, keepAlive: true });

  public constructor(private readonly origin: string) {}

  /** Sends a request and parses the answer as JSON (undefined for an empty body). */
  public async send(
    method: string,
    path: string,
    options: SendOptions = {},
  ): Promise<TestResponse> {
    const { status, headers, text } = await this.sendRaw(method, path, options);
    return { status, headers, body: text === '' ? undefined : JSON.parse(text) };
  }

  /** Sends a request and returns the answer's body as text. */
  public sendRaw(
    method: string,
    path: string,
    options: SendOptions = {},
  ): Promise<RawTestResponse> {
    const payload =
      options.body === undefined
        ? undefined
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body);
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== undefined) {
      headers['Authorization'] = `Bearer ${options.token}`;
    }
    if (payload !== undefined) {
      headers['Content-Type'] ??= 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    return new Promise((resolve, reject) => {
      const req = httpsRequest(
        new URL(path, this.origin),
        { method, headers, agent: this.agent, signal: options.signal },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            if (res.headers.date === undefined) {
              reject(new Error(`${method} ${path}: the response has no Date header`));
              return;
            }
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Posts a client-credentials token request. */
  public tokenRequest(
    tenant: string,
    form: Readonly<Record<string, string>>,
  ): Promise<TestResponse> {
    return this.send('POST', `/${tenant}/oauth2/v2.0/token`, {
      body: new URLSearchParams(form).toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
  }

  /** Obtains an access token for an app with a secret. */
  public async token(app: {
    readonly clientId: string;
    readonly clientSecret: string;
  }): Promise<string> {
    const response = await this.tokenRequest(TENANT_ID, {
      grant_type: 'client_credentials',
      client_id: app.clientId,
      client_secret: app.clientSecret,
      scope: `${this.origin}/.default`,
    });
    if (response.status !== 200) {
      throw new Error(`token request failed: ${JSON.stringify(response.body)}`);
    }
    return response.body.access_token as string;
  }

  /** Closes kept-alive connections. */
  public close(): void {
    this.agent.destroy();
  }
}
