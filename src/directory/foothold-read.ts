/**
 * The foothold's part of the look-up `$batch` (issue 11): its items, and the sections read from
 * their outcomes. Each section degrades on its own: a refusal, a missing licence or mailbox, a
 * failed later page makes that section unreadable, in words a responder can act on, and never
 * fails the look-up.
 */
import type { Foothold, RiskState, Section } from '../lockdown/foothold';
import type { DirectoryFailure } from '../lockdown/request';
import { DirectoryError } from '../lockdown/directory';
import type { BatchItem, BatchOutcome } from './batch-wire';
import * as requests from './foothold-requests';
import {
  authMethodPageSchema,
  eligibilityPageSchema,
  type GraphEligibility,
  type GraphRiskyUser,
  type GraphUserGroup,
  grantPageSchema,
  messageRulePageSchema,
  organizationPageSchema,
  riskyUserPageSchema,
  signInPageSchema,
  userGroupPageSchema,
} from './foothold-schemas';
import {
  toAuthMethods,
  toConsents,
  toEligibleRoles,
  toMailRules,
  toRisk,
  toSignIns,
} from './foothold-sections';
import { isNetworkFailure, UNEXPECTED_RESPONSE } from './graph-failure';
import { followPages } from './graph-pages';
import type { BodySchema, Page } from './graph-schemas';
import type { GraphTransport } from './graph-transport';
import type { RetryBudget } from './retry-policy';

/** What each section needs, for the words of its refusals. */
interface SectionNeeds {
  /** The permission a 403 names. */
  readonly permission: string;
  /** The licence a licence refusal names. */
  readonly licence?: 'Microsoft Entra ID P1' | 'Microsoft Entra ID P2';
}

/** The permissions and licences of each read (README material; see the report of issue 11). */
export const FOOTHOLD_NEEDS = {
  methods: { permission: 'UserAuthenticationMethod.Read.All' },
  mailRules: { permission: 'MailboxSettings.Read' },
  domains: { permission: 'Organization.Read.All' },
  consents: { permission: 'Directory.Read.All' },
  groups: { permission: 'GroupMember.Read.All' },
  eligibility: {
    permission: 'RoleEligibilitySchedule.Read.Directory',
    licence: 'Microsoft Entra ID P2',
  },
  risk: { permission: 'IdentityRiskyUser.Read.All', licence: 'Microsoft Entra ID P2' },
  signIns: {
    permission: 'AuditLog.Read.All or Directory.Read.All',
    licence: 'Microsoft Entra ID P1',
  },
} as const satisfies Record<string, SectionNeeds>;

type ItemId = keyof typeof FOOTHOLD_NEEDS;

/** The foothold's items of the look-up batch (8), addressing the user as the look-up does. */
export function footholdItems(userPrincipalName: string): BatchItem[] {
  const item = (id: ItemId, request: BatchItem['request'], schema: BodySchema<unknown>) => ({
    id,
    request,
    schema,
  });
  return [
    item('methods', requests.listAuthenticationMethods(userPrincipalName), authMethodPageSchema),
    item('mailRules', requests.listInboxRules(userPrincipalName), messageRulePageSchema),
    item('domains', requests.listVerifiedDomains(), organizationPageSchema),
    item('consents', requests.listConsents(userPrincipalName), grantPageSchema),
    item('groups', requests.listUserGroups(userPrincipalName), userGroupPageSchema),
    item('eligibility', requests.listRoleEligibilities(), eligibilityPageSchema),
    item('risk', requests.getUserRisk(userPrincipalName), riskyUserPageSchema),
    item('signIns', requests.listRecentSignIns(userPrincipalName), signInPageSchema),
  ];
}

/** Licence refusals: PIM's 400, sign-ins' and Identity Protection's 403s. */
const LICENCE_CODES = [
  'AadPremiumLicenseRequired',
  'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
];

function isLicenceRefusal(failure: DirectoryFailure): boolean {
  return (
    LICENCE_CODES.includes(failure.code) ||
    ((failure.status === 403 || failure.status === 400) &&
      /licen[cs]e|premium/i.test(failure.message))
  );
}

/** Why a section could not be read, in words a responder can act on. */
export function unreadableReason(failure: DirectoryFailure, needs: SectionNeeds): string {
  if (isLicenceRefusal(failure)) {
    return `not readable: needs ${needs.licence ?? 'a licence the tenant lacks'}`;
  }
  if (failure.status === 403) return `not readable: the app lacks ${needs.permission}`;
  if (failure.code === 'MailboxNotEnabledForRESTAPI' || failure.code === 'MailboxNotFound') {
    return 'no Exchange Online mailbox';
  }
  if (failure.status === 429) return 'not readable: Graph kept throttling the read';
  if (isNetworkFailure(failure)) return 'not readable: no answer from Graph';
  if (failure.code === UNEXPECTED_RESPONSE) return 'not readable: an unusable answer from Graph';
  return `not readable: Graph answered ${failure.status} ${failure.code}`;
}

/** The failure a thrown error stands for (a later page), or the error itself when not Graph's. */
function failureOf(error: unknown): DirectoryFailure {
  if (error instanceof DirectoryError) return error.failure;
  throw error;
}

/** Reads the foothold from the batch's outcomes, following later pages where there are any. */
export async function readFoothold(
  transport: GraphTransport,
  outcomes: ReadonlyMap<string, BatchOutcome>,
  userId: string,
  budget: RetryBudget,
): Promise<Foothold> {
  /** Every item of a paged list, or the failure that stopped it. */
  async function all<T>(
    id: ItemId,
    schema: BodySchema<Page<T>>,
  ): Promise<{ items: T[] } | { failure: DirectoryFailure }> {
    const outcome = outcomes.get(id);
    if (!outcome) {
      return { failure: { status: 0, code: 'NoResult', message: `No answer for ${id}.` } };
    }
    if (!outcome.ok) return { failure: outcome.failure };
    try {
      return { items: await followPages(transport, outcome.body as Page<T>, schema, budget, id) };
    } catch (error) {
      return { failure: failureOf(error) };
    }
  }
  const section = async <T, S>(
    id: ItemId,
    schema: BodySchema<Page<T>>,
    map: (items: T[]) => S[],
  ): Promise<Section<S>> => {
    const read = await all(id, schema);
    return 'items' in read
      ? { items: map(read.items) }
      : { unreadable: unreadableReason(read.failure, FOOTHOLD_NEEDS[id]) };
  };
  const [domains, groups, eligibility] = await Promise.all([
    all('domains', organizationPageSchema),
    all<GraphUserGroup>('groups', userGroupPageSchema),
    all<GraphEligibility>('eligibility', eligibilityPageSchema),
  ]);
  const verified =
    'items' in domains
      ? domains.items.flatMap((org) => (org.verifiedDomains ?? []).map((d) => d.name))
      : undefined;
  const [methods, mailRules, consents, risk, signIns] = await Promise.all([
    section('methods', authMethodPageSchema, toAuthMethods),
    section('mailRules', messageRulePageSchema, (rules) => toMailRules(rules, verified)),
    section('consents', grantPageSchema, toConsents),
    riskSection(outcomes.get('risk')),
    section('signIns', signInPageSchema, (items) => toSignIns(items, requests.SIGN_IN_COUNT)),
  ]);
  return {
    methods,
    mailRules,
    consents,
    eligibleRoles: eligibleRolesSection(userId, eligibility, groups),
    risk,
    signIns,
  };
}

/** One page is plenty: a UPN names one user. A 404 means Identity Protection has no record. */
function riskSection(outcome: BatchOutcome | undefined): Section<RiskState> {
  if (outcome?.ok) return { items: toRisk((outcome.body as Page<GraphRiskyUser>).value) };
  if (outcome && outcome.failure.status === 404 && !isLicenceRefusal(outcome.failure)) {
    return { items: [] };
  }
  const failure = outcome?.failure ?? { status: 0, code: 'NoResult', message: 'No answer.' };
  return { unreadable: unreadableReason(failure, FOOTHOLD_NEEDS.risk) };
}

/** Eligibility needs both lists: without the user's groups, what they inherit is unknown. */
function eligibleRolesSection(
  userId: string,
  eligibility: { items: GraphEligibility[] } | { failure: DirectoryFailure },
  groups: { items: GraphUserGroup[] } | { failure: DirectoryFailure },
): Foothold['eligibleRoles'] {
  if ('failure' in eligibility) {
    return { unreadable: unreadableReason(eligibility.failure, FOOTHOLD_NEEDS.eligibility) };
  }
  if ('failure' in groups) {
    return { unreadable: unreadableReason(groups.failure, FOOTHOLD_NEEDS.groups) };
  }
  return { items: toEligibleRoles(userId, eligibility.items, groups.items) };
}
