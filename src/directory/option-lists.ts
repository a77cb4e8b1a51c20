/**
 * What the containment options act on, listed now by the user's object id: sign-in methods,
 * the inbox rules an attacker uses (with the verified domains that tell where mail goes) and
 * delegated grants, mapped exactly as the look-up maps them (foothold-sections.ts).
 *
 * The account chain may read them after its writes (see account-operations.ts): those first pages
 * are kept briefly, taken once, so the option steps that run next write without reading again.
 */
import type { z } from 'zod';
import { DirectoryError } from '../lockdown/directory';
import type { AuthMethod, ConsentGrant, MailRule } from '../lockdown/foothold';
import type { Logger } from 'pino';
import type { BatchItem, BatchOutcome } from './batch-wire';
import * as requests from './foothold-requests';
import {
  authMethodPageSchema,
  type GraphAuthMethod,
  type GraphGrant,
  type GraphMessageRule,
  grantPageSchema,
  messageRulePageSchema,
  organizationPageSchema,
} from './foothold-schemas';
import { toAuthMethods, toConsents, toMailRules } from './foothold-sections';
import { runBatch } from './graph-batch';
import { followPages, type Page } from './graph-pages';
import type { GraphRequest } from './graph-requests';
import type { PrefetchList } from '../lockdown/directory';
import type { BodySchema } from './graph-schemas';
import type { GraphTransport } from './graph-transport';
import { Prefetched } from './prefetch';
import type { RetryBudget } from './retry-policy';

/** A list the options act on, named as the foothold's sections (the domain's `PrefetchList`). */
export type FootholdList = PrefetchList;

/** Every list, in the order the account chain reads them (the mailbox, likeliest to fail, last). */
export const FOOTHOLD_LISTS: readonly FootholdList[] = ['methods', 'consents', 'mailRules'];

type OrganizationPage = z.infer<typeof organizationPageSchema>;

/** The inbox rules' first page, and the verified domains when they could be read. */
interface RulesRead {
  readonly rules: Page<GraphMessageRule>;
  readonly domains?: OrganizationPage;
}

/** First pages read inside an earlier batch. */
export interface ListPrefetch {
  readonly methods?: Page<GraphAuthMethod>;
  readonly consents?: Page<GraphGrant>;
  readonly mailRules?: RulesRead;
}

const ITEM_IDS = { methods: 'methods', consents: 'consents', mailRules: 'mail-rules' } as const;
const DOMAINS = 'domains';

/** The reads of `lists` as optional batch items (a prefetch: never retried, never waited for). */
export function listItems(userId: string, lists: readonly FootholdList[]): BatchItem[] {
  const item = (id: string, request: BatchItem['request'], schema: BatchItem['schema']) => ({
    id,
    request,
    schema,
    optional: true,
  });
  return FOOTHOLD_LISTS.filter((list) => lists.includes(list)).flatMap((list) => {
    switch (list) {
      case 'methods':
        return [
          item(ITEM_IDS.methods, requests.listAuthenticationMethods(userId), authMethodPageSchema),
        ];
      case 'consents':
        return [item(ITEM_IDS.consents, requests.listConsents(userId), grantPageSchema)];
      case 'mailRules':
        return [
          item(ITEM_IDS.mailRules, requests.listInboxRules(userId), messageRulePageSchema),
          item(DOMAINS, requests.listVerifiedDomains(), organizationPageSchema),
        ];
    }
  });
}

/** The pages Graph answered (the bodies were checked against the items' schemas). */
export function listPrefetchOf(outcomes: ReadonlyMap<string, BatchOutcome>): ListPrefetch {
  const body = <T>(id: string): T | undefined => {
    const outcome = outcomes.get(id);
    return outcome?.ok ? (outcome.body as T) : undefined;
  };
  const methods = body<Page<GraphAuthMethod>>(ITEM_IDS.methods);
  const consents = body<Page<GraphGrant>>(ITEM_IDS.consents);
  const rules = body<Page<GraphMessageRule>>(ITEM_IDS.mailRules);
  const domains = body<OrganizationPage>(DOMAINS);
  return {
    ...(methods ? { methods } : {}),
    ...(consents ? { consents } : {}),
    ...(rules ? { mailRules: { rules, ...(domains ? { domains } : {}) } } : {}),
  };
}

/** Lists by user id, from a fresh prefetch when there is one, else from Graph. */
export class OptionLists {
  private readonly methods: Prefetched<Page<GraphAuthMethod>>;
  private readonly consents: Prefetched<Page<GraphGrant>>;
  private readonly rules: Prefetched<RulesRead>;

  constructor(
    private readonly transport: GraphTransport,
    private readonly logger: Logger,
    ttlMs: number,
  ) {
    this.methods = new Prefetched(ttlMs);
    this.consents = new Prefetched(ttlMs);
    this.rules = new Prefetched(ttlMs);
  }

  /** Keeps what a batch read for `userId` (replacing anything older). */
  put(userId: string, prefetch: ListPrefetch): void {
    if (prefetch.methods) this.methods.put(userId, prefetch.methods);
    if (prefetch.consents) this.consents.put(userId, prefetch.consents);
    if (prefetch.mailRules) this.rules.put(userId, prefetch.mailRules);
  }

  /** Drops what is kept for `userId` (a write made it stale), or for everyone. */
  forget(userId: string | undefined, lists: readonly FootholdList[] = FOOTHOLD_LISTS): void {
    const stores = { methods: this.methods, consents: this.consents, mailRules: this.rules };
    for (const list of lists) {
      if (userId === undefined) stores[list].clear();
      else stores[list].forget(userId);
    }
  }

  /** Every sign-in method (the password included). */
  async authMethods(userId: string, budget: RetryBudget): Promise<AuthMethod[]> {
    const request = requests.listAuthenticationMethods(userId);
    const first =
      this.methods.take(userId) ?? (await this.read(request, authMethodPageSchema, budget));
    return toAuthMethods(
      await followPages(this.transport, first, authMethodPageSchema, budget, 'methods'),
    );
  }

  /** Every delegated grant. */
  async delegatedGrants(userId: string, budget: RetryBudget): Promise<ConsentGrant[]> {
    const request = requests.listConsents(userId);
    const first = this.consents.take(userId) ?? (await this.read(request, grantPageSchema, budget));
    return toConsents(
      await followPages(this.transport, first, grantPageSchema, budget, 'consents'),
    );
  }

  private async read<T>(
    request: GraphRequest,
    schema: BodySchema<Page<T>>,
    budget: RetryBudget,
  ): Promise<Page<T>> {
    return (await this.transport.send(request, schema, budget)).body;
  }

  /**
   * The inbox rules that forward, redirect, delete or hide mail, with each destination outside
   * the verified domains marked (unmarked when the domains could not be read). Throws the
   * DirectoryError of the rules' read (no mailbox, no permission).
   */
  async mailRules(userId: string, budget: RetryBudget): Promise<MailRule[]> {
    const read = this.rules.take(userId) ?? (await this.readRules(userId, budget));
    const rules = await followPages(
      this.transport,
      read.rules,
      messageRulePageSchema,
      budget,
      'inbox rules',
    );
    const verified = read.domains?.value.flatMap((org) =>
      (org.verifiedDomains ?? []).map((domain) => domain.name),
    );
    return toMailRules(rules, verified);
  }

  /** The rules and the verified domains in one `$batch`; only the rules must be read. */
  private async readRules(userId: string, budget: RetryBudget): Promise<RulesRead> {
    const items = listItems(userId, ['mailRules']).map((item) =>
      item.id === ITEM_IDS.mailRules ? { ...item, optional: false } : item,
    );
    const outcomes = await runBatch(this.transport, this.logger, items, 'parallel', budget);
    const rules = outcomes.get(ITEM_IDS.mailRules);
    if (!rules?.ok) {
      throw new DirectoryError(
        rules?.failure ?? {
          status: 0,
          code: 'NoResult',
          message: 'No answer for the inbox rules.',
        },
      );
    }
    return listPrefetchOf(outcomes).mailRules ?? { rules: rules.body as Page<GraphMessageRule> };
  }
}
