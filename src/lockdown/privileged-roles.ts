/**
 * The built-in Entra ID roles Microsoft marks PRIVILEGED: their holders can take over the tenant,
 * its security settings, its apps or other people's credentials, so locking one of them down
 * needs two different approvers.
 *
 * Graph has this as `unifiedRoleDefinition.isPrivileged`, but only in the beta endpoint (not in
 * the v1.0 metadata as of 2026-08), and the bot never calls beta in production: hence this table.
 * Operators add roles (custom roles, or built-in ones added by Microsoft after the date below)
 * with `LOCKDOWN_PRIVILEGED_ROLES`; nothing here can be taken away by configuration.
 */

/**
 * Where the table comes from: the "All roles" table of Microsoft's "Microsoft Entra built-in
 * roles" reference, rows carrying the "Privileged" label, every template id copied from it.
 */
export const PRIVILEGED_ROLES_SOURCE = {
  /** The page as published. */
  url: 'https://learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference',
  /** Its source file. */
  repository: 'MicrosoftDocs/entra-docs',
  path: 'docs/identity/role-based-access-control/permissions-reference.md',
  commit: '00fe95d60143bbf5f832cdd8bb74765b182c2d8f',
  /** The page's `ms.date` at that commit. */
  pageDate: '2026-01-20',
  /** When the table was copied from it. */
  readOn: '2026-12-02',
} as const;

/**
 * The privileged built-in roles: lower-case template id → display name, in the page's order
 * (alphabetical by name). 29 roles.
 */
export const PRIVILEGED_BUILT_IN_ROLES: ReadonlyMap<string, string> = new Map([
  ['db506228-d27e-4b7d-95e5-295956d6615f', 'Agent ID Administrator'],
  ['9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3', 'Application Administrator'],
  ['cf1c38e5-3621-4004-a7cb-879624dced7c', 'Application Developer'],
  ['ecb2c6bf-0ab6-418e-bd87-7986f8d63bbe', 'Attribute Provisioning Administrator'],
  ['422218e4-db15-4ef9-bbe0-8afb41546d79', 'Attribute Provisioning Reader'],
  ['c4e39bd9-1100-46d3-8c65-fb160da0071f', 'Authentication Administrator'],
  ['25a516ed-2fa0-40ea-a2d0-12923a21473a', 'Authentication Extensibility Administrator'],
  ['aaf43236-0c0d-4d5f-883a-6955382ac081', 'B2C IEF Keyset Administrator'],
  ['158c047a-c907-4556-b7ef-446551a6b5f7', 'Cloud Application Administrator'],
  ['7698a772-787b-4ac8-901f-60d6b08affd2', 'Cloud Device Administrator'],
  ['b1be1c3e-b65d-4f19-8427-f6fa0d97feb9', 'Conditional Access Administrator'],
  ['9360feb5-f418-4baa-8175-e2a00bac4301', 'Directory Writers'],
  ['8329153b-31d0-4727-b945-745eb3bc5f31', 'Domain Name Administrator'],
  ['be2f45a1-457d-42af-a067-6ec1fa63bc45', 'External Identity Provider Administrator'],
  ['62e90394-69f5-4237-9190-012177145e10', 'Global Administrator'],
  ['f2ef992c-3afb-46b9-b7cf-a126ee74c451', 'Global Reader'],
  ['729827e3-9c14-49f7-bb1b-9608f156bbb8', 'Helpdesk Administrator'],
  ['8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2', 'Hybrid Identity Administrator'],
  ['3a2c62db-5318-420d-8d74-23affee5d9d5', 'Intune Administrator'],
  ['59d46f88-662b-457b-bceb-5c3809e5908f', 'Lifecycle Workflows Administrator'],
  ['4ba39ca4-527c-499a-b93d-d9b492c50246', 'Partner Tier1 Support'],
  ['e00e864a-17c5-4a4b-9c06-f5b95a8d5bd8', 'Partner Tier2 Support'],
  ['966707d0-3269-4727-9be2-8c3a10f19b9d', 'Password Administrator'],
  ['7be44c8a-adaf-4e2a-84d6-ab2649e08a13', 'Privileged Authentication Administrator'],
  ['e8611ab8-c189-46e8-94e1-60213ab1f814', 'Privileged Role Administrator'],
  ['194ae4cb-b126-40b2-bd5b-6091b380977d', 'Security Administrator'],
  ['5f2222b1-57c3-48ba-8ad5-d4759f1fde6f', 'Security Operator'],
  ['5d6b6bb7-de71-4623-b4af-96380a352509', 'Security Reader'],
  ['fe930be7-5e62-47db-91af-98c3a49a38b1', 'User Administrator'],
]);

/** The template ids of {@link PRIVILEGED_BUILT_IN_ROLES}, lower case. */
export const PRIVILEGED_ROLE_TEMPLATE_IDS: ReadonlySet<string> = new Set(
  PRIVILEGED_BUILT_IN_ROLES.keys(),
);

/**
 * Whether Microsoft marks the built-in role with this template id privileged.
 *
 * @param roleTemplateId - A role template id, in either letter case.
 */
export function isPrivilegedBuiltInRole(roleTemplateId: string): boolean {
  return PRIVILEGED_ROLE_TEMPLATE_IDS.has(roleTemplateId.toLowerCase());
}
