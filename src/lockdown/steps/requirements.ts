/**
 * What each containment step sends to the directory and what the app needs for it: the
 * application permission (and the broader ones that also cover it) and, for the account's
 * sensitive properties, a directory role. One list feeds the confirmation card's warnings, the
 * dry run, the preflight command and the wording of a refused step.
 */
import type { StepId } from '../request';

/** What one step needs. */
export interface StepRequirement {
  /** The directory requests, as method and path (never a body, so never a password). */
  readonly requests: readonly string[];
  /** The least-privileged application permission. */
  readonly permission: string;
  /** Broader permissions that also cover the step. */
  readonly alsoCoveredBy: readonly string[];
  /** Whether the step changes a sensitive account property, which also needs a directory role. */
  readonly needsRole: boolean;
  /**
   * Which family of roles covers it: a User Administrator for account properties (default), an
   * Authentication Administrator for sign-in methods; a Privileged Authentication
   * Administrator for targets beyond either.
   */
  readonly roleFamily?: 'user' | 'authentication';
  /** A caveat a responder should see (documentation and practice disagree, say). */
  readonly note?: string;
}

/** The requirements, by step. */
export const STEP_REQUIREMENTS: Readonly<Record<StepId, StepRequirement>> = {
  'disable-account': {
    requests: ['PATCH /users/{id} (accountEnabled: false)'],
    permission: 'User.EnableDisableAccount.All',
    alsoCoveredBy: ['User.ReadWrite.All', 'Directory.ReadWrite.All'],
    needsRole: true,
  },
  'reset-password': {
    requests: ['PATCH /users/{id} (passwordProfile, forceChangePasswordNextSignIn)'],
    permission: 'User-PasswordProfile.ReadWrite.All',
    alsoCoveredBy: ['User.ReadWrite.All', 'Directory.ReadWrite.All'],
    needsRole: true,
  },
  'revoke-sessions': {
    requests: ['POST /users/{id}/revokeSignInSessions'],
    permission: 'User.RevokeSessions.All',
    alsoCoveredBy: ['User.ReadWrite.All', 'Directory.ReadWrite.All'],
    needsRole: true,
  },
  'contain-onprem': {
    requests: [
      "GET /security/identities/identityAccounts?$filter=onPremisesSecurityIdentifier eq '{sid}'",
      'POST /security/identities/identityAccounts/{id}/invokeAction (disable, forcePasswordReset)',
    ],
    permission: 'SecurityIdentitiesActions.ReadWrite.All',
    alsoCoveredBy: [],
    needsRole: false,
    note: 'Needs Microsoft Defender for Identity covering the domain, and SecurityIdentitiesAccount.Read.All to find the account. In keep-enabled mode only the password reset is forced.',
  },
  'enable-onprem': {
    requests: ['POST /security/identities/identityAccounts/{id}/invokeAction (enable)'],
    permission: 'SecurityIdentitiesActions.ReadWrite.All',
    alsoCoveredBy: [],
    needsRole: false,
  },
  'remove-methods': {
    requests: [
      'GET /users/{id}/authentication/methods',
      'DELETE /users/{id}/authentication/{type}Methods/{id}',
    ],
    permission: 'UserAuthenticationMethod.ReadWrite.All',
    alsoCoveredBy: [],
    needsRole: true,
    roleFamily: 'authentication',
    note: 'Every method except the password; Graph refuses to delete the default method while others remain, and that refusal is reported.',
  },
  'disable-mail-rules': {
    requests: [
      'GET /users/{id}/mailFolders/inbox/messageRules',
      'PATCH /users/{id}/mailFolders/inbox/messageRules/{id} (isEnabled: false)',
    ],
    permission: 'MailboxSettings.ReadWrite',
    alsoCoveredBy: [],
    needsRole: false,
    note: 'Rules are disabled, never deleted: they can be turned back on in Outlook. Mailbox-level forwarding set in Exchange is not visible to Graph.',
  },
  'revoke-consents': {
    requests: ['GET /users/{id}/oauth2PermissionGrants', 'DELETE /oauth2PermissionGrants/{id}'],
    permission: 'DelegatedPermissionGrant.ReadWrite.All',
    alsoCoveredBy: ['Directory.ReadWrite.All'],
    needsRole: false,
  },
  'confirm-compromised': {
    requests: ['POST /identityProtection/riskyUsers/confirmCompromised'],
    permission: 'IdentityRiskyUser.ReadWrite.All',
    alsoCoveredBy: [],
    needsRole: false,
    note: 'Needs Microsoft Entra ID P2. The user stays high-risk until an administrator dismisses it.',
  },
  'disable-devices': {
    requests: [
      'GET /users/{id}/registeredDevices/microsoft.graph.device',
      'PATCH /devices/{id} (accountEnabled: false)',
    ],
    permission: 'Device.ReadWrite.All',
    alsoCoveredBy: ['Directory.ReadWrite.All'],
    needsRole: false,
    note: 'Listing registered devices is documented as unsupported for application permissions (unverified; it works with User.Read.All). When Graph refuses it, the devices are found through Intune managed devices (DeviceManagementManagedDevices.Read.All). App-only callers can disable Windows devices only.',
  },
  'enable-account': {
    requests: ['PATCH /users/{id} (accountEnabled: true)'],
    permission: 'User.EnableDisableAccount.All',
    alsoCoveredBy: ['User.ReadWrite.All', 'Directory.ReadWrite.All'],
    needsRole: true,
  },
  'enable-devices': {
    requests: [
      'GET /users/{id}/registeredDevices/microsoft.graph.device',
      'PATCH /devices/{id} (accountEnabled: true)',
    ],
    permission: 'Device.ReadWrite.All',
    alsoCoveredBy: ['Directory.ReadWrite.All'],
    needsRole: false,
    note: 'Only the devices the lockdown disabled are enabled again. App-only callers can enable Windows devices only.',
  },
  verify: {
    requests: ['GET /users/{id}?$select=accountEnabled,signInSessionsValidFromDateTime'],
    permission: 'User.Read.All',
    alsoCoveredBy: ['User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
    needsRole: false,
  },
};

/** The least-privileged role that may change sensitive properties of administrators too. */
export const PRIVILEGED_AUTHENTICATION_ADMINISTRATOR = {
  id: '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
  name: 'Privileged Authentication Administrator',
} as const;

/** Roles that may change sensitive properties of any user, administrators included. */
export const PRIVILEGED_AUTH_ROLES: readonly { readonly id: string; readonly name: string }[] = [
  { id: '7be44c8a-adaf-4e2a-84d6-ab2649e08a13', name: 'Privileged Authentication Administrator' },
  { id: '62e90394-69f5-4237-9190-012177145e10', name: 'Global Administrator' },
];

/** Authentication Administrator: manages the sign-in methods of users whose roles it covers. */
export const AUTHENTICATION_ADMINISTRATOR = {
  id: 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
  name: 'Authentication Administrator',
} as const;

/**
 * Roles whose holders' sign-in methods an Authentication Administrator may manage ("Who can
 * perform sensitive actions"): a target holding any other role needs Privileged Authentication
 * Administrator.
 */
export const ROLES_AUTHENTICATION_ADMINISTRATOR_COVERS: ReadonlySet<string> = new Set([
  'c4e39bd9-1100-46d3-8c65-fb160da0071f', // Authentication Administrator
  '729827e3-9c14-49f7-bb1b-9608f156bbb8', // Helpdesk Administrator
  '966707d0-3269-4727-9be2-8c3a10f19b9d', // Password Administrator
  '88d8e3e3-8f55-4a1e-953a-9b9898b8876b', // Directory Readers
  '95e79109-95c0-4d8e-aee3-d01accf2d47b', // Guest Inviter
  '790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b', // Message Center Reader
  '4a5d8f65-41da-4de4-8968-e035b65339cf', // Reports Reader
]);

/** User Administrator: enough for users whose roles it covers. */
export const USER_ADMINISTRATOR = {
  id: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  name: 'User Administrator',
} as const;

/**
 * Roles a User Administrator may manage ("Who can perform sensitive actions"): a target holding
 * any other role needs Privileged Authentication Administrator or Global Administrator.
 */
export const ROLES_USER_ADMINISTRATOR_COVERS: ReadonlySet<string> = new Set([
  'fe930be7-5e62-47db-91af-98c3a49a38b1', // User Administrator
  '729827e3-9c14-49f7-bb1b-9608f156bbb8', // Helpdesk Administrator
  '966707d0-3269-4727-9be2-8c3a10f19b9d', // Password Administrator
  'fdd7a751-b60b-444a-984c-02652fe8fa1c', // Groups Administrator
  '88d8e3e3-8f55-4a1e-953a-9b9898b8876b', // Directory Readers
  '95e79109-95c0-4d8e-aee3-d01accf2d47b', // Guest Inviter
  '790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b', // Message Center Reader
  '4a5d8f65-41da-4de4-8968-e035b65339cf', // Reports Reader
]);
