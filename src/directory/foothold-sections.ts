/**
 * Graph's (checked) answers about a foothold as the domain's sections (pure): methods with a
 * display safe to show, the inbox rules an attacker uses, consents, eligible roles, risk and the
 * last sign-ins.
 */
import type {
  AuthMethod,
  AuthMethodType,
  ConsentGrant,
  EligibleRole,
  MailDestination,
  MailRule,
  MailRuleAction,
  RiskState,
  SignInSummary,
} from '../lockdown/foothold';
import type {
  GraphAuthMethod,
  GraphEligibility,
  GraphGrant,
  GraphMessageRule,
  GraphRiskyUser,
  GraphSignIn,
  GraphUserGroup,
} from './foothold-schemas';

const METHOD_TYPES: readonly AuthMethodType[] = [
  'password',
  'microsoftAuthenticator',
  'phone',
  'fido2',
  'email',
  'softwareOath',
  'windowsHelloForBusiness',
  'temporaryAccessPass',
  'platformCredential',
];

/** `#microsoft.graph.fido2AuthenticationMethod` → `fido2`; an unknown type → `other`. */
export function methodType(odataType: string): AuthMethodType {
  const name = /^#?microsoft\.graph\.(\w+)AuthenticationMethod$/.exec(odataType)?.[1];
  return METHOD_TYPES.find((type) => type === name) ?? 'other';
}

const BULLET = '•';

/**
 * A phone number with all but its last 2 digits masked, the country code kept:
 * `+1 2065550112` → `+1 ••• ••• ••12`.
 */
export function maskPhone(phoneNumber: string): string {
  const country = /^\s*(\+\d{1,4})[\s-]/.exec(phoneNumber)?.[1];
  const rest = country
    ? phoneNumber.slice(phoneNumber.indexOf(country) + country.length)
    : phoneNumber;
  const digits = rest.replace(/\D/g, '');
  if (digits.length <= 2) return [country, digits].filter(Boolean).join(' ');
  const masked = `${BULLET.repeat(digits.length - 2)}${digits.slice(-2)}`;
  const groups: string[] = [];
  let remaining = masked;
  while (remaining.length > 4) {
    groups.push(remaining.slice(0, 3));
    remaining = remaining.slice(3);
  }
  groups.push(remaining);
  return [country, ...groups].filter(Boolean).join(' ');
}

/** An email address with its local part masked but its first character: `j•••@example.com`. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return `${BULLET.repeat(3)}`;
  return `${address[0]}${BULLET.repeat(3)}${address.slice(at)}`;
}

function methodDisplay(method: GraphAuthMethod, type: AuthMethodType): string {
  switch (type) {
    case 'password':
      return 'Password';
    case 'microsoftAuthenticator':
      return method.displayName || 'Microsoft Authenticator';
    case 'phone':
      return method.phoneNumber ? maskPhone(method.phoneNumber) : 'Phone';
    case 'fido2':
      return method.model || method.displayName || 'Security key (FIDO2)';
    case 'email':
      return method.emailAddress ? maskEmail(method.emailAddress) : 'Email';
    case 'softwareOath':
      return 'Software OATH token';
    case 'windowsHelloForBusiness':
      return method.displayName || 'Windows Hello for Business';
    case 'temporaryAccessPass':
      return 'Temporary Access Pass';
    case 'platformCredential':
      return method.displayName || 'Platform credential';
    default:
      return method['@odata.type'].replace(/^#?microsoft\.graph\./, '');
  }
}

/** The methods, in Graph's order. */
export function toAuthMethods(methods: readonly GraphAuthMethod[]): AuthMethod[] {
  return methods.map((method) => {
    const type = methodType(method['@odata.type']);
    return {
      id: method.id,
      type,
      display: methodDisplay(method, type),
      ...(method.createdDateTime ? { registeredAt: method.createdDateTime } : {}),
    };
  });
}

type Recipients = NonNullable<GraphMessageRule['actions']>['forwardTo'];

function addresses(recipients: Recipients): string[] {
  return (recipients ?? []).flatMap((r) =>
    r.emailAddress?.address ? [r.emailAddress.address] : [],
  );
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

/**
 * The rules that forward, forward as attachment, redirect, delete, or move and mark as read;
 * each destination outside `verifiedDomains` is `external` (undefined when they were unreadable).
 */
export function toMailRules(
  rules: readonly GraphMessageRule[],
  verifiedDomains: readonly string[] | undefined,
): MailRule[] {
  const verified = verifiedDomains?.map((domain) => domain.toLowerCase());
  return rules.flatMap((rule) => {
    const a = rule.actions ?? {};
    const forward = addresses(a.forwardTo);
    const attachment = addresses(a.forwardAsAttachmentTo);
    const redirect = addresses(a.redirectTo);
    const actions: MailRuleAction[] = [
      ...(forward.length > 0 ? (['forward'] as const) : []),
      ...(attachment.length > 0 ? (['forward-as-attachment'] as const) : []),
      ...(redirect.length > 0 ? (['redirect'] as const) : []),
      ...(a.delete || a.permanentDelete ? (['delete'] as const) : []),
      ...(a.moveToFolder && a.markAsRead ? (['move-and-mark-read'] as const) : []),
    ];
    if (actions.length === 0) return [];
    const unique = [...new Set([...forward, ...attachment, ...redirect])];
    const destinations: MailDestination[] = unique.map((address) => ({
      address,
      ...(verified ? { external: !verified.includes(domainOf(address)) } : {}),
    }));
    return [
      {
        id: rule.id,
        name: rule.displayName || '(unnamed rule)',
        enabled: rule.isEnabled ?? true,
        actions,
        destinations,
      },
    ];
  });
}

/** The grants; the apps' names and publishers are a later read. */
export function toConsents(grants: readonly GraphGrant[]): ConsentGrant[] {
  return grants.map((grant) => ({
    id: grant.id,
    clientId: grant.clientId,
    scopes: (grant.scope ?? '').split(' ').filter((scope) => scope !== ''),
  }));
}

/**
 * The roles the user may activate: eligibilities of the user, and of the groups the user is in
 * (named); one the user inherits from a group Graph did not list among them says "a group".
 */
export function toEligibleRoles(
  userId: string,
  eligibilities: readonly GraphEligibility[],
  groups: readonly GraphUserGroup[],
): EligibleRole[] {
  const id = userId.toLowerCase();
  const groupNames = new Map(groups.map((g) => [g.id.toLowerCase(), g.displayName || g.id]));
  const found = new Map<string, EligibleRole>();
  const add = (eligibility: GraphEligibility, throughGroup?: string): void => {
    const roleTemplateId = eligibility.roleDefinition?.templateId || eligibility.roleDefinitionId;
    const key = `${roleTemplateId.toLowerCase()}|${throughGroup ?? ''}`;
    if (found.has(key)) return;
    found.set(key, {
      displayName: eligibility.roleDefinition?.displayName || roleTemplateId,
      roleTemplateId,
      ...(throughGroup === undefined ? {} : { throughGroup }),
    });
  };
  const inherited: GraphEligibility[] = [];
  for (const eligibility of eligibilities) {
    const principal = eligibility.principalId.toLowerCase();
    if (principal === id && eligibility.memberType?.toLowerCase() === 'group') {
      inherited.push(eligibility);
    } else if (principal === id) {
      add(eligibility);
    } else if (groupNames.has(principal)) {
      add(eligibility, groupNames.get(principal));
    }
  }
  const viaGroups = [...found.values()].filter((role) => role.throughGroup !== undefined);
  for (const eligibility of inherited) {
    const template = (
      eligibility.roleDefinition?.templateId || eligibility.roleDefinitionId
    ).toLowerCase();
    if (!viaGroups.some((role) => role.roleTemplateId.toLowerCase() === template)) {
      add(eligibility, 'a group');
    }
  }
  return [...found.values()];
}

/** One record, or none. */
export function toRisk(records: readonly GraphRiskyUser[]): RiskState[] {
  return records.slice(0, 1).map((r) => ({ level: r.riskLevel, state: r.riskState }));
}

/** The newest `count`, newest first. */
export function toSignIns(signIns: readonly GraphSignIn[], count: number): SignInSummary[] {
  return [...signIns]
    .sort((a, b) => Date.parse(b.createdDateTime) - Date.parse(a.createdDateTime))
    .slice(0, count)
    .map((signIn) => {
      const location = [signIn.location?.city, signIn.location?.countryOrRegion]
        .filter((part): part is string => Boolean(part))
        .join(', ');
      const errorCode = signIn.status?.errorCode ?? 0;
      return {
        at: signIn.createdDateTime,
        app: signIn.appDisplayName || 'unknown app',
        ipAddress: signIn.ipAddress ?? '',
        ...(location ? { location } : {}),
        result: errorCode === 0 ? 'success' : signIn.status?.failureReason || `error ${errorCode}`,
      };
    });
}
