/**
 * Cuts the vendored subset (v1.0-subset.csdl.xml) out of Microsoft's full v1.0 CSDL. Run by hand
 * when the subset needs refreshing, never by the tests:
 *
 *   npx tsx tests/graph-metadata/extract-subset.ts <path to schemas/v1.0-Prod.csdl> <commit>
 *
 * Elements are copied verbatim, so the subset can be compared with the source line by line.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The entity types whose properties and navigation properties the bot's requests use. */
const ENTITY_TYPES = [
  'entity',
  'directoryObject',
  'user',
  'device',
  'directoryRole',
  'group',
  'roleManagement',
  'rbacApplication',
  'unifiedRoleAssignment',
  'managedDevice',
  // What an attacker may have left (issue 11): methods, inbox rules, consents, PIM, risk, sign-ins.
  'authentication',
  'authenticationMethod',
  'passwordAuthenticationMethod',
  'microsoftAuthenticatorAuthenticationMethod',
  'phoneAuthenticationMethod',
  'fido2AuthenticationMethod',
  'emailAuthenticationMethod',
  'softwareOathAuthenticationMethod',
  'windowsHelloForBusinessAuthenticationMethod',
  'temporaryAccessPassAuthenticationMethod',
  'platformCredentialAuthenticationMethod',
  'mailFolder',
  'messageRule',
  'oAuth2PermissionGrant',
  'organization',
  'unifiedRoleScheduleInstanceBase',
  'unifiedRoleEligibilityScheduleInstance',
  'unifiedRoleDefinition',
  'identityProtectionRoot',
  'riskyUser',
  'auditLogRoot',
  'signIn',
  // The look-up's second read: the consented apps' names and verified publishers.
  'servicePrincipal',
  // The root of `/security/identities/...` (Defender for Identity, issue 11).
  'security',
];
/** Complex types written through PATCH bodies, or read in answers the tests check deeply. */
const COMPLEX_TYPES = [
  'passwordProfile',
  'messageRuleActions',
  'messageRulePredicates',
  'recipient',
  'emailAddress',
  'verifiedDomain',
  'signInLocation',
  'signInStatus',
  'geoCoordinates',
  'verifiedPublisher',
];
/** Enumerations whose members the answers' values are checked against. */
const ENUM_TYPES = [
  'riskLevel',
  'riskState',
  'riskDetail',
  'authenticationPhoneType',
  'authenticationMethodSignInState',
  'authenticationMethodKeyStrength',
];
/** Bound actions the bot calls (by name, when Graph has one action of that name). */
const ACTIONS = ['revokeSignInSessions', 'checkMemberGroups'];
/** Overloaded actions the bot calls: by name and the type of their binding parameter. */
const OVERLOADS = [
  // Issue 11's --compromised; Graph also binds it to risky service principals and sign-ins.
  { name: 'confirmCompromised', binding: 'Collection(graph.riskyUser)' },
];
/** Entity sets the bot's paths start from (directoryObjects: where navigation targets live). */
const ENTITY_SETS = [
  'users',
  'devices',
  'groups',
  'directoryRoles',
  'directoryObjects',
  'organization',
  'oauth2PermissionGrants',
  'servicePrincipals',
];
/** Singletons the bot's paths start from. */
const SINGLETONS = ['roleManagement', 'identityProtection', 'auditLogs', 'security'];

/**
 * From the `microsoft.graph.security` schema (alias `self`): Defender for Identity's identity
 * accounts of on-premises AD users (issue 11), and the action that disables, enables or forces a
 * password reset on them; Defender XDR's incidents (`/security/incidents/{id}`), whose
 * `comments` (a collection of `alertComment`) the bot appends to.
 */
const SECURITY = {
  entityTypes: ['identityContainer', 'identityAccounts', 'user', 'incident'],
  complexTypes: ['account', 'invokeActionResult', 'alertComment'],
  enumTypes: ['action', 'identityProvider'],
  actions: ['invokeAction'],
};

const SOURCE = 'https://github.com/microsoftgraph/msgraph-metadata';
const SOURCE_PATH = 'schemas/v1.0-Prod.csdl';

function main(): void {
  const [fullPath, commit] = process.argv.slice(2);
  if (!fullPath || !commit) {
    throw new Error('usage: extract-subset.ts <v1.0-Prod.csdl> <commit>');
  }
  const full = readFileSync(fullPath, 'utf8');
  const schema = schemaOf(full, 'microsoft.graph');
  const security = schemaOf(full, 'microsoft.graph.security');
  const container = element(schema, 'EntityContainer', 'GraphService');
  const parts = [
    ...ENTITY_TYPES.map((name) => element(schema, 'EntityType', name)),
    ...COMPLEX_TYPES.map((name) => element(schema, 'ComplexType', name)),
    ...ENUM_TYPES.map((name) => element(schema, 'EnumType', name)),
    ...ACTIONS.map((name) => element(schema, 'Action', name)),
    ...OVERLOADS.map(({ name, binding }) => overload(schema, name, binding)),
    '<EntityContainer Name="GraphService">',
    ...ENTITY_SETS.map((name) => element(container, 'EntitySet', name)),
    ...SINGLETONS.map((name) => element(container, 'Singleton', name)),
    '</EntityContainer>',
  ];
  const xml = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<!-- Subset of ${SOURCE}/blob/${commit}/${SOURCE_PATH} (Microsoft Graph v1.0), cut by extract-subset.ts. -->`,
    '<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">',
    '<edmx:DataServices>',
    '<Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">',
    ...parts,
    '</Schema>',
    '<Schema Namespace="microsoft.graph.security" Alias="self" xmlns="http://docs.oasis-open.org/odata/ns/edm">',
    ...SECURITY.entityTypes.map((name) => element(security, 'EntityType', name)),
    ...SECURITY.complexTypes.map((name) => element(security, 'ComplexType', name)),
    ...SECURITY.enumTypes.map((name) => element(security, 'EnumType', name)),
    ...SECURITY.actions.map((name) => element(security, 'Action', name)),
    '</Schema>',
    '</edmx:DataServices>',
    '</edmx:Edmx>',
    '',
  ].join('\n');
  writeFileSync(join(__dirname, 'v1.0-subset.csdl.xml'), xml);
}

/** One namespace's schema only: namespaces reuse names such as `user`. */
function schemaOf(full: string, namespace: string): string {
  const start = full.indexOf(`<Schema Namespace="${namespace}" `);
  const end = full.indexOf('</Schema>', start);
  if (start < 0 || end < 0) throw new Error(`No ${namespace} schema in the file.`);
  return full.slice(start, end);
}

/** The one element `<tag Name="name" ...>` of `xml`, verbatim (self-closing or not). */
function element(xml: string, tag: string, name: string): string {
  const opening = `<${tag} Name="${name}"`;
  const start = xml.indexOf(opening);
  if (start < 0) throw new Error(`No ${tag} named ${name}.`);
  if (xml.indexOf(opening, start + 1) >= 0) throw new Error(`Several ${tag}s named ${name}.`);
  const headEnd = xml.indexOf('>', start);
  if (xml[headEnd - 1] === '/') return xml.slice(start, headEnd + 1);
  const closing = `</${tag}>`;
  // None of the copied elements nests an element with its own tag.
  const end = xml.indexOf(closing, headEnd);
  return xml.slice(start, end + closing.length);
}

/** The action named `name` whose first parameter (the binding one) is of type `binding`. */
function overload(xml: string, name: string, binding: string): string {
  const opening = `<Action Name="${name}"`;
  const found: string[] = [];
  for (let start = xml.indexOf(opening); start >= 0; start = xml.indexOf(opening, start + 1)) {
    const end = xml.indexOf('</Action>', start) + '</Action>'.length;
    const action = xml.slice(start, end);
    if (action.includes(`<Parameter Name="bindingParameter" Type="${binding}" />`)) {
      found.push(action);
    }
  }
  if (found.length !== 1) throw new Error(`${found.length} actions ${name} bound to ${binding}.`);
  return found[0] as string;
}

main();
