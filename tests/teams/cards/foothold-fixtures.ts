/**
 * Footholds for the card tests: what an attacker typically leaves (the e2e story of issue 11),
 * every section unreadable, and the largest foothold a lookup can return.
 */
import type {
  AuthMethod,
  ConsentGrant,
  EligibleRole,
  Foothold,
  MailRule,
  SignInSummary,
} from '../../../src/lockdown/foothold';

/** An hour before the fixtures' NOW (2026-11-28 14:05 UTC). */
export const AN_HOUR_AGO = '2026-11-28T13:05:00.000Z';
/** Long before the fixtures' NOW. */
export const LAST_YEAR = '2025-10-01T09:00:00.000Z';

/** The attacker's Authenticator, registered an hour ago. */
export const ATTACKER_AUTHENTICATOR: AuthMethod = {
  id: 'm-2',
  type: 'microsoftAuthenticator',
  display: 'Pixel 8',
  registeredAt: AN_HOUR_AGO,
};

/** A rule forwarding mail outside the organisation, named to go unnoticed. */
export const FORWARD_OUT: MailRule = {
  id: 'r-1',
  name: '.',
  enabled: true,
  actions: ['forward'],
  destinations: [{ address: 'collector@proton.example', external: true }],
};

/** A consented app from an unverified publisher. */
export const SHADY_APP: ConsentGrant = {
  id: 'g-1',
  clientId: 'aaaaaaaa-0000-4000-8000-000000000001',
  scopes: ['Mail.ReadWrite', 'Mail.Send', 'offline_access'],
  appName: 'Mail Helper',
  publisher: 'Shady Apps LLC',
  verifiedPublisher: false,
};

/** Global Administrator, eligible through a group. */
export const ELIGIBLE_GLOBAL_ADMIN: EligibleRole = {
  displayName: 'Global Administrator',
  roleTemplateId: '62e90394-69f5-4237-9190-012177145e10',
  throughGroup: 'Tier 0 Admins',
  privileged: true,
};

/** The last five sign-ins, newest first, one of them failed. */
export const SIGN_INS: readonly SignInSummary[] = [
  {
    at: '2026-11-28T13:02:00.000Z',
    app: 'Office 365 Exchange Online',
    ipAddress: '203.0.113.7',
    location: 'Lagos, NG',
    result: 'success',
  },
  {
    at: '2026-11-28T13:01:00.000Z',
    app: 'Office 365 Exchange Online',
    ipAddress: '203.0.113.7',
    location: 'Lagos, NG',
    result: 'Invalid username or password',
  },
  {
    at: '2026-11-28T08:30:00.000Z',
    app: 'Microsoft Teams',
    ipAddress: '198.51.100.4',
    result: 'success',
  },
  {
    at: '2026-11-27T17:12:00.000Z',
    app: 'Microsoft Teams',
    ipAddress: '198.51.100.4',
    location: 'Lyon, FR',
    result: 'success',
  },
  {
    at: '2026-11-27T08:00:00.000Z',
    app: 'Outlook',
    ipAddress: '2001:db8::1',
    location: 'Lyon, FR',
    result: 'success',
  },
];

/** Every section read, with what an attacker typically leaves in each. */
export const FULL_FOOTHOLD: Foothold = {
  methods: {
    items: [
      { id: 'm-0', type: 'password', display: 'Password', registeredAt: LAST_YEAR },
      { id: 'm-1', type: 'phone', display: '+XX XXXXXXXX12', registeredAt: LAST_YEAR },
      ATTACKER_AUTHENTICATOR,
      { id: 'm-3', type: 'fido2', display: 'YubiKey 5 NFC' },
    ],
  },
  mailRules: {
    items: [
      {
        id: 'r-0',
        name: 'Newsletters',
        enabled: false,
        actions: ['move-and-mark-read'],
        destinations: [],
      },
      FORWARD_OUT,
      {
        id: 'r-2',
        name: 'Team copy',
        enabled: true,
        actions: ['redirect'],
        destinations: [{ address: 'team@contoso.com', external: false }],
      },
    ],
  },
  consents: {
    items: [
      SHADY_APP,
      {
        id: 'g-2',
        clientId: 'bbbbbbbb-0000-4000-8000-000000000002',
        scopes: ['Calendars.Read'],
        appName: 'Zoom',
        publisher: 'Zoom Video Communications, Inc.',
        verifiedPublisher: true,
      },
      { id: 'g-3', clientId: 'cccccccc-0000-4000-8000-000000000003', scopes: ['User.Read'] },
    ],
  },
  eligibleRoles: {
    items: [
      { displayName: 'Reports Reader', roleTemplateId: '4a5d8f65-41da-4de4-8968-e035b65339cf' },
      ELIGIBLE_GLOBAL_ADMIN,
    ],
  },
  risk: { items: [{ level: 'high', state: 'atRisk' }] },
  signIns: { items: SIGN_INS },
};

/** What each section says when the app lacks what it needs to read it. */
export const UNREADABLE = {
  methods: 'not readable: the app lacks UserAuthenticationMethod.Read.All',
  mailRules: 'not readable: the app lacks MailboxSettings.Read',
  consents: 'not readable: the app lacks DelegatedPermissionGrant.Read.All',
  eligibleRoles: 'not readable: the tenant has no Entra ID P2 licence',
  risk: 'not readable: the app lacks IdentityRiskyUser.Read.All',
  signIns: 'not readable: the app lacks AuditLog.Read.All',
} as const;

/** Every section could not be read. */
export const UNREADABLE_FOOTHOLD: Foothold = {
  methods: { unreadable: UNREADABLE.methods },
  mailRules: { unreadable: UNREADABLE.mailRules },
  consents: { unreadable: UNREADABLE.consents },
  eligibleRoles: { unreadable: UNREADABLE.eligibleRoles },
  risk: { unreadable: UNREADABLE.risk },
  signIns: { unreadable: UNREADABLE.signIns },
};

/** Why the consented apps' names could not be read (the look-up's second read). */
export const NAMES_UNREADABLE = 'names not readable: the app lacks Application.Read.All';

/** The consents read, their apps' names not (the second read was refused). */
export const APPS_UNNAMED_FOOTHOLD: Foothold = {
  consents: {
    items: [
      { id: 'g-1', clientId: 'aaaaaaaa-0000-4000-8000-000000000001', scopes: ['Mail.Read'] },
      { id: 'g-2', clientId: 'bbbbbbbb-0000-4000-8000-000000000002', scopes: ['Calendars.Read'] },
    ],
    namesUnreadable: NAMES_UNREADABLE,
  },
};

/** `prefix` padded with `char` to `length` code points. */
function long(prefix: string, char: string, length = 256): string {
  return prefix + char.repeat(length - [...prefix].length);
}

/**
 * The largest foothold: 50 items in every list, each standing out where it can, every name,
 * address, scope and location 256 characters of `char`, 100 scopes per app, 20 addresses per rule.
 */
export function largestFoothold(char: string): Foothold {
  const many = <T>(make: (i: number) => T): T[] => Array.from({ length: 50 }, (_, i) => make(i));
  return {
    methods: {
      items: many((i) => ({
        id: `m-${i}`,
        type: i === 0 ? 'password' : 'microsoftAuthenticator',
        display: long(`Phone ${i} `, char),
        registeredAt: AN_HOUR_AGO,
      })),
    },
    mailRules: {
      items: many((i) => ({
        id: `r-${i}`,
        name: long(`Rule ${i} `, char),
        enabled: i % 2 === 0,
        actions: ['forward', 'forward-as-attachment', 'redirect', 'delete', 'move-and-mark-read'],
        destinations: Array.from({ length: 20 }, (_, j) => ({
          address: long(`to${j}@`, char, 320),
          external: true,
        })),
      })),
    },
    consents: {
      items: many((i) => ({
        id: `g-${i}`,
        clientId: long(`client-${i}-`, char),
        scopes: Array.from({ length: 100 }, (_, j) => long(`Scope${j}.`, char, 120)),
        appName: long(`App ${i} `, char),
        publisher: long(`Publisher ${i} `, char),
        verifiedPublisher: false,
      })),
      namesUnreadable: long('names not readable: ', char, 1000),
    },
    eligibleRoles: {
      items: many((i) => ({
        displayName: long(`Eligible ${i} `, char),
        roleTemplateId: `role-${i}`,
        throughGroup: long(`Group ${i} `, char),
        privileged: true,
      })),
    },
    risk: { items: [{ level: 'high', state: long('atRisk ', char, 64) }] },
    signIns: {
      items: many((i) => ({
        at: long(`not a time ${i} `, char),
        app: long(`App ${i} `, char),
        ipAddress: long('203.0.113.', char),
        location: long('City ', char),
        result: long('Failure ', char, 1000),
      })),
    },
  };
}
