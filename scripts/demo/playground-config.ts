/**
 * The Agents Playground's mock tenant (`.m365agentsplayground.yml`), generated from the Graph
 * simulator's seed so that the people in the Teams UI are people of the simulated tenant: the
 * bot sees their real object ids as `from.aadObjectId` and finds them in Graph.
 *
 * The Playground's format (schema 0.1.1): `currentUser` plus exactly five `users` (note its
 * spelling `userPrincipleName`), a personal chat, a group chat, and one team whose channels are
 * General (implicit: the team id) plus at most one more.
 */
import type { SeedUser, TenantSeed } from '../../src/simulator';

/** A person in the Playground: their Teams id and their directory identity. */
export interface PlaygroundUser {
  /** Teams user id (`from.id`), e.g. `29:lynne`. */
  readonly id: string;
  readonly name: string;
  readonly userPrincipleName: string;
  /** The seed's object id, so the bot's Graph look-ups and approvals name the same person. */
  readonly aadObjectId: string;
  readonly givenName: string;
  readonly surname: string;
  readonly email: string;
}

/** The Playground's configuration file, as an object. */
export interface PlaygroundConfig {
  readonly version: '0.1.1';
  readonly tenantId: string;
  readonly bot: { readonly id: string; readonly name: string };
  readonly currentUser: PlaygroundUser;
  readonly users: readonly PlaygroundUser[];
  readonly personalChat: { readonly id: string };
  readonly groupChat: { readonly id: string; readonly name: string };
  readonly team: {
    readonly id: string;
    readonly name: string;
    readonly aadGroupId: string;
    readonly channels: readonly { readonly id: string; readonly name: string }[];
  };
}

/** The Teams channel where responders ask for lockdowns (what `LOCKDOWN_CHANNEL_IDS` lists). */
export const SECURITY_CHANNEL = {
  id: '19:security-incidents@thread.tacv2',
  name: 'Security incidents',
} as const;

/** The team holding it; its id is also the General channel's. */
export const SECURITY_TEAM = {
  id: '19:contoso-security-general@thread.tacv2',
  name: 'Contoso Security',
} as const;

/** The bot as the Playground shows it (anonymous: the id is only a Teams id). */
export const DEMO_BOT = { id: '28:lockdown-demo', name: 'Lockdown' } as const;

/** Who you are in the demo: a security responder, so the bot sees a real requester. */
export const DEMO_CURRENT_USER = 'lynne@contoso.com';

/**
 * The five other people of the Playground: the security lead (to approve as someone else), a
 * colleague on the security team, and three people one might lock down.
 */
export const DEMO_OTHER_USERS = [
  'johanna@contoso.com',
  'isaiah@contoso.com',
  'adele@contoso.com',
  'diego@contoso.com',
  'megan@contoso.com',
] as const;

/** What {@link buildPlaygroundConfig} may change. */
export interface PlaygroundConfigOptions {
  readonly currentUser?: string;
  readonly otherUsers?: readonly string[];
}

function seedUser(seed: TenantSeed, userPrincipalName: string): SeedUser {
  const user = seed.users.find(
    (candidate) => candidate.userPrincipalName.toLowerCase() === userPrincipalName.toLowerCase(),
  );
  if (user === undefined) {
    throw new Error(`The demo needs ${userPrincipalName}, who is not in the tenant seed.`);
  }
  return user;
}

/** A seed user as a Playground user; the Teams id is `29:` and the UPN's local part. */
export function playgroundUser(seed: TenantSeed, userPrincipalName: string): PlaygroundUser {
  const user = seedUser(seed, userPrincipalName);
  const [first = user.displayName, ...rest] = user.displayName.split(' ');
  return {
    id: `29:${user.userPrincipalName.split('@')[0]!.toLowerCase()}`,
    name: user.displayName,
    userPrincipleName: user.userPrincipalName,
    aadObjectId: user.id,
    givenName: user.givenName ?? first,
    surname: user.surname ?? (rest.join(' ') || first),
    email: user.mail ?? user.userPrincipalName,
  };
}

/**
 * The security team's group in the seed: the Playground team's `aadGroupId`, and the group
 * whose members may ask for and approve lockdowns in the demo.
 */
export function securityGroupId(seed: TenantSeed): string {
  const group = seed.groups?.find((g) => /security/i.test(g.displayName));
  if (group === undefined) throw new Error('The demo seed needs a security team group.');
  return group.id;
}

/** The seed's break-glass accounts, which the demo protects (`LOCKDOWN_PROTECTED`). */
export function breakGlassAccounts(seed: TenantSeed): string[] {
  return seed.users
    .filter((user) => /break-?glass/i.test(user.userPrincipalName))
    .map((user) => user.userPrincipalName);
}

/** Builds the mock tenant from the seed. */
export function buildPlaygroundConfig(
  seed: TenantSeed,
  options: PlaygroundConfigOptions = {},
): PlaygroundConfig {
  const others = options.otherUsers ?? DEMO_OTHER_USERS;
  if (others.length !== 5) {
    throw new Error(`The Agents Playground needs exactly five other users, got ${others.length}.`);
  }
  return {
    version: '0.1.1',
    tenantId: seed.tenantId,
    bot: DEMO_BOT,
    currentUser: playgroundUser(seed, options.currentUser ?? DEMO_CURRENT_USER),
    users: others.map((upn) => playgroundUser(seed, upn)),
    personalChat: { id: 'a:lockdown-demo-personal-chat' },
    groupChat: { id: '19:security-on-call@thread.v2', name: 'Security on call' },
    team: {
      ...SECURITY_TEAM,
      aadGroupId: securityGroupId(seed),
      channels: [SECURITY_CHANNEL],
    },
  };
}

/**
 * Writes the configuration as YAML. Every scalar is a JSON string, which YAML reads as a
 * double-quoted scalar, so ids like `19:...@thread.tacv2` need no further escaping.
 */
export function toYaml(config: PlaygroundConfig): string {
  const q = (value: string): string => JSON.stringify(value);
  const user = (u: PlaygroundUser, indent: string, first: string): string[] => [
    `${first}id: ${q(u.id)}`,
    ...(
      [
        ['name', u.name],
        ['userPrincipleName', u.userPrincipleName],
        ['aadObjectId', u.aadObjectId],
        ['givenName', u.givenName],
        ['surname', u.surname],
        ['email', u.email],
      ] as const
    ).map(([key, value]) => `${indent}${key}: ${q(value)}`),
  ];
  return [
    '# Generated by scripts/demo: the mock tenant of Microsoft 365 Agents Playground,',
    '# made of people from src/simulator/seeds/contoso.json. Edits are overwritten.',
    `version: ${q(config.version)}`,
    `tenantId: ${q(config.tenantId)}`,
    'bot:',
    `  id: ${q(config.bot.id)}`,
    `  name: ${q(config.bot.name)}`,
    'currentUser:',
    ...user(config.currentUser, '  ', '  '),
    'users:',
    ...config.users.flatMap((u) => user(u, '    ', '  - ')),
    'personalChat:',
    `  id: ${q(config.personalChat.id)}`,
    'groupChat:',
    `  id: ${q(config.groupChat.id)}`,
    `  name: ${q(config.groupChat.name)}`,
    'team:',
    `  id: ${q(config.team.id)}`,
    `  name: ${q(config.team.name)}`,
    `  aadGroupId: ${q(config.team.aadGroupId)}`,
    '  channels:',
    ...config.team.channels.flatMap((c) => [`    - id: ${q(c.id)}`, `      name: ${q(c.name)}`]),
    '',
  ].join('\n');
}
