/**
 * The tenant of the simulator's write tests (issue 11): the foothold tenant with apps that may
 * write what the containment options change, Adele's phone her default method, and methods for
 * an administrator, a Helpdesk Administrator and a member of a role-assignable group.
 */
import type { SeedLicenses, TenantSeed } from '../../src/simulator';
import { ADELE_FOOTHOLD, FOOTHOLD_APP, footholdSeed } from './foothold-fixture';
import { TestClient, USERS } from './helpers';

const app = (n: number, permissions: string[], directoryRoles: string[]) => ({
  clientId: `a0000000-0000-4000-8000-0000000000c${n}`,
  clientSecret: `writer-secret-${n}`,
  displayName: `Writer ${n}`,
  permissions: ['User.Read.All', 'UserAuthenticationMethod.Read.All', ...permissions],
  directoryRoles,
});

/** Every option's write permission; an Authentication Administrator. */
export const WRITER = app(
  0,
  [
    'UserAuthenticationMethod.ReadWrite.All',
    'MailboxSettings.ReadWrite',
    'DelegatedPermissionGrant.ReadWrite.All',
    'IdentityRiskyUser.ReadWrite.All',
  ],
  ['Authentication Administrator'],
);
/** May write methods, but as a User Administrator only (which does not cover them). */
export const USER_ADMIN = app(
  1,
  ['UserAuthenticationMethod.ReadWrite.All'],
  ['User Administrator'],
);
/** May write methods of anyone. */
export const PRIVILEGED = app(
  2,
  ['UserAuthenticationMethod.ReadWrite.All'],
  ['Privileged Authentication Administrator'],
);
/** Directory.ReadWrite.All alone: deletes grants too. */
export const DIRECTORY_WRITER = app(3, ['Directory.ReadWrite.All'], []);

export const [AUTHENTICATOR, PHONE, FIDO2] = ADELE_FOOTHOLD.authenticationMethods.map(
  (m) => m.id,
) as [string, string, string];
export const method = (id: string, type: string, extra: Record<string, unknown> = {}) => ({
  id,
  type,
  ...extra,
});

/** The foothold tenant; Adele's phone is her default; the admin and Hal have methods too. */
export function writesSeed(licenses?: SeedLicenses): TenantSeed {
  const base = footholdSeed(licenses);
  const methods: Record<string, unknown> = {
    [USERS.adele.id]: {
      ...ADELE_FOOTHOLD,
      authenticationMethods: ADELE_FOOTHOLD.authenticationMethods.map((m) =>
        m.id === PHONE ? { ...m, isDefault: true } : m,
      ),
    },
    [USERS.admin.id]: { authenticationMethods: [method('a-1', 'fido2')] },
    [USERS.helpdesk.id]: { authenticationMethods: [method('h-1', 'softwareOath')] },
    [USERS.protectedMember.id]: { authenticationMethods: [method('p-1', 'email')] },
  };
  return {
    ...base,
    apps: [...base.apps, WRITER, USER_ADMIN, PRIVILEGED, DIRECTORY_WRITER],
    users: base.users.map((user) =>
      methods[user.id] ? { ...user, foothold: methods[user.id] as never } : user,
    ),
  } as TenantSeed;
}

/** Graph's refusal when a permission or role is missing. */
export const DENIED =
  '403 Authorization_RequestDenied Insufficient privileges to complete the operation.';

/** `<status> <code> <message>` of an error answer. */
export function errorOf(response: {
  status: number;
  body: { error: { code: string; message: string } };
}): string {
  return `${response.status} ${response.body.error.code} ${response.body.error.message}`;
}

/** Tokens of every app of the tenant that the tests act as, by name. */
export async function writerTokens(client: TestClient): Promise<Record<string, string>> {
  const tokens: Record<string, string> = {};
  for (const [name, each] of Object.entries({
    WRITER,
    USER_ADMIN,
    PRIVILEGED,
    DIRECTORY_WRITER,
    FOOTHOLD_APP,
  })) {
    tokens[name] = await client.token(each);
  }
  return tokens;
}
