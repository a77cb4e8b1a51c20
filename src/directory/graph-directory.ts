/**
 * The domain's {@link Directory} over Microsoft Graph v1.0 with app-only credentials, in as few
 * round trips as Graph allows: the look-up is one `$batch`, the account's three operations (or
 * the unlock's one) are one sequential `$batch` (which also reads the account back, lists the
 * devices and, for a lockdown, what its options act on), the devices and the options' items are
 * written 20 to a batch with several batches in flight. Every request has a timeout; every
 * throttled, unanswered or unusable one is retried within one budget per call. Every answer is
 * checked against the shape the bot relies on. Every write answers Graph's request id and clock;
 * every refusal becomes a {@link DirectoryError} or a failed result with Graph's status, code,
 * message and request id.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import type { Logger } from 'pino';
import type {
  AccountOperation,
  AppDescriptions,
  Directory,
  DirectoryUser,
  OnPremisesAction,
  OperationResult,
  ReadBack,
} from '../lockdown/directory';
import type { AuthMethod, ConsentGrant, MailRule } from '../lockdown/foothold';
import type { DeviceSummary } from '../lockdown/request';
import { listsFor, runAccountChain } from './account-operations';
import { describeApps } from './app-descriptions';
import { allDevices, firstDevicePage } from './device-listing';
import { toReadBack } from './graph-pages';
import * as requests from './graph-requests';
import { type GraphDevice, type Page, readBackSchema } from './graph-schemas';
import { GraphTransport } from './graph-transport';
import { memberGroupsOf, usersInGroups } from './group-reads';
import { postIncidentComment } from './incident-comments';
import { type FootholdList, OptionLists } from './option-lists';
import {
  confirmUserCompromised,
  deleteGrants,
  deleteMethods,
  disableRules,
} from './option-operations';
import { onPremisesActions } from './onprem-actions';
import { WriteCoalescer } from './parallel-writes';
import { receiptOf } from './operation-result';
import { Prefetched } from './prefetch';
import { DEFAULT_GRAPH_TIMEOUT_MS } from './request-timeout';
import {
  checkRetryPolicy,
  DEFAULT_RETRY_POLICY,
  RetryBudget,
  type RetryPolicy,
} from './retry-policy';
import { type DeviceListing, devicesOrManaged } from './managed-device-fallback';
import { SharedThrottle } from './shared-throttle';
import { lookUpUser } from './user-lookup';

/** Tuning of {@link GraphDirectory}; every field has a production default. */
export interface GraphDirectoryOptions {
  /**
   * Retries of throttled, unanswered (network error, timeout) and unusable answers, per
   * directory call; default {@link DEFAULT_RETRY_POLICY}.
   */
  readonly retryPolicy?: RetryPolicy;
  /**
   * Longest time one Graph HTTP exchange may take, in ms: the token when one is needed, the
   * request and the whole answer; default 30 s. A timed-out exchange is aborted and counts as a
   * network error (retried within the retry policy).
   */
  readonly timeoutMs?: number;
  /**
   * Write batches (of up to 20: devices, methods, rules, grants) in flight at once; default 4.
   * Writes asked for at the same moment share these batches.
   */
  readonly deviceBatchConcurrency?: number;
  /** How long the reads made inside the account batch stay usable, in ms; default 30 s. */
  readonly prefetchTtlMs?: number;
}

/** {@link Directory} over Graph. */
export class GraphDirectory implements Directory {
  private readonly transport: GraphTransport;
  private readonly retryPolicy: RetryPolicy;
  private readonly deviceBatchConcurrency: number;
  private readonly readBacks: Prefetched<ReadBack>;
  private readonly devicePages: Prefetched<Page<GraphDevice>>;
  private readonly lists: OptionLists;
  /** Every independent write goes through it: writes asked for together share batches. */
  private readonly writer: WriteCoalescer;
  /** The last device listing of each user (by object id): where the devices came from. */
  private readonly listings = new Map<string, DeviceListing>();

  constructor(
    client: Client,
    private readonly logger: Logger,
    options: GraphDirectoryOptions = {},
  ) {
    this.retryPolicy = checkRetryPolicy(options.retryPolicy ?? DEFAULT_RETRY_POLICY);
    // One throttle for every call: a Retry-After longer than a call may wait is not waited out.
    const throttle = new SharedThrottle({ maxPauseMs: this.retryPolicy.maxWaitMs });
    this.transport = new GraphTransport(
      client,
      logger,
      options.timeoutMs ?? DEFAULT_GRAPH_TIMEOUT_MS,
      throttle,
    );
    this.deviceBatchConcurrency = options.deviceBatchConcurrency ?? 4;
    const ttl = options.prefetchTtlMs ?? 30_000;
    this.readBacks = new Prefetched(ttl);
    this.devicePages = new Prefetched(ttl);
    this.lists = new OptionLists(this.transport, logger, ttl);
    this.writer = new WriteCoalescer(this.transport, logger, this.deviceBatchConcurrency, () =>
      this.budget(),
    );
  }

  /** One budget per call: however many round trips it takes, it sleeps at most the policy's. */
  private budget(): RetryBudget {
    return new RetryBudget(this.retryPolicy);
  }

  async findUser(userPrincipalName: string): Promise<DirectoryUser | undefined> {
    const found = await lookUpUser(this.transport, this.logger, userPrincipalName, this.budget());
    if (!found) return undefined;
    this.remember(found.user.id, found.listing);
    return found.user;
  }

  /**
   * How the user's devices were last listed (by {@link findUser} or {@link listDevices}):
   * `source: 'managedDevices'` when Graph refused the registered-devices listing and the devices
   * came from Intune, with the managed devices that have no directory device (`unmatched`: not
   * in the list, so never disabled) and Graph's refusal. `undefined` before any listing.
   */
  deviceListing(userId: string): DeviceListing | undefined {
    return this.listings.get(userId.toLowerCase());
  }

  private remember(userId: string, listing: DeviceListing): void {
    const key = userId.toLowerCase();
    // A small map: one entry per user looked up; the oldest go first.
    this.listings.delete(key);
    this.listings.set(key, listing);
    if (this.listings.size > 1000) {
      const oldest = this.listings.keys().next().value;
      if (oldest !== undefined) this.listings.delete(oldest);
    }
  }

  /**
   * One sequential `$batch` (two when an operation fails: Graph skips the rest with 424, and they
   * are sent again). The reads at its end are kept for {@link readBack}, {@link listDevices} and
   * the option lists. `lists`: what the steps after it will list (default: every list for a
   * lockdown, none for an unlock); a list the chain could not read is simply read when asked.
   */
  async runAccountOperations(
    userId: string,
    operations: readonly AccountOperation[],
    lists: readonly FootholdList[] = listsFor(operations),
  ): Promise<readonly OperationResult[]> {
    // Whatever was read before these writes no longer describes the account.
    this.readBacks.forget(userId);
    this.devicePages.forget(userId);
    this.lists.forget(userId);
    const { results, prefetch } = await runAccountChain(
      this.transport,
      this.logger,
      userId,
      operations,
      lists,
      this.budget(),
    );
    if (prefetch.readBack) this.readBacks.put(userId, prefetch.readBack);
    if (prefetch.devices) this.devicePages.put(userId, prefetch.devices);
    this.lists.put(userId, prefetch.lists);
    return results;
  }

  /**
   * Batches of 20 PATCHes, a few batches in flight at once, shared with the other writes asked
   * for at the same moment (the options'); results in input order.
   */
  disableDevices(deviceIds: readonly string[]): Promise<readonly OperationResult[]> {
    return this.writer.send(deviceIds.map((id) => requests.disableDevice(id)));
  }

  /**
   * The unlock's undo of {@link disableDevices}: the same batches, parallelism, retries and
   * failure mapping (a non-Windows device refused app-only is a failed result, not a throw).
   */
  enableDevices(deviceIds: readonly string[]): Promise<readonly OperationResult[]> {
    return this.writer.send(deviceIds.map((id) => requests.enableDevice(id)));
  }

  /**
   * Every registered device; the first page may come from the account batch (which asks through
   * the cast only: when Graph refused it there, this asks again, falling back without it). When
   * Graph refuses the listing (400 or 403), the devices come from the user's Intune managed
   * devices (DeviceManagementManagedDevices.Read.All); {@link deviceListing} tells which.
   */
  async listDevices(userId: string): Promise<readonly DeviceSummary[]> {
    const budget = this.budget();
    const listing = await devicesOrManaged(this.transport, this.logger, userId, budget, async () =>
      allDevices(
        this.transport,
        this.devicePages.take(userId) ??
          (await firstDevicePage(this.transport, this.logger, userId, budget)),
        budget,
      ),
    );
    this.remember(userId, listing);
    return listing.devices;
  }

  /**
   * The account's `accountEnabled` and `signInSessionsValidFromDateTime`. Right after
   * {@link runAccountOperations} this is the read Graph made in the same batch, after the writes
   * (while fresh); otherwise one GET. Either way it carries Graph's clock (`serverTime`).
   */
  async readBack(userId: string): Promise<ReadBack> {
    const prefetched = this.readBacks.take(userId);
    if (prefetched) return prefetched;
    const answer = await this.transport.send(
      requests.readBack(userId),
      readBackSchema,
      this.budget(),
    );
    return toReadBack(answer.body, receiptOf(answer));
  }

  /** Every sign-in method, the password's included; from the account chain's read if fresh. */
  listAuthMethods(userId: string): Promise<readonly AuthMethod[]> {
    return this.lists.authMethods(userId, this.budget());
  }

  /**
   * Deletes each method through its type's path (`.../authentication/phoneMethods/{id}`, ...),
   * 20 to a batch. The password method is never sent: its result is a failure saying so. Graph's
   * refusals (the default method while others remain, say) are failed results; the rest go.
   */
  deleteAuthMethods(
    userId: string,
    methods: readonly AuthMethod[],
  ): Promise<readonly OperationResult[]> {
    this.lists.forget(userId, ['methods']);
    return deleteMethods(this.writer, userId, methods);
  }

  /** The inbox rules that forward, redirect, delete or hide mail; throws when unreadable. */
  listMailRules(userId: string): Promise<readonly MailRule[]> {
    return this.lists.mailRules(userId, this.budget());
  }

  /** `isEnabled: false` on each rule (never a delete), 20 to a batch. */
  disableMailRules(
    userId: string,
    ruleIds: readonly string[],
  ): Promise<readonly OperationResult[]> {
    this.lists.forget(userId, ['mailRules']);
    return disableRules(this.writer, userId, ruleIds);
  }

  /** The user's delegated permission grants. */
  listConsents(userId: string): Promise<readonly ConsentGrant[]> {
    return this.lists.delegatedGrants(userId, this.budget());
  }

  /** The apps' service principals, 20 to a batch, a few batches at once (see app-descriptions.ts). */
  describeApps(clientIds: readonly string[]): Promise<AppDescriptions> {
    const { transport, logger } = this;
    return describeApps(transport, logger, clientIds, this.deviceBatchConcurrency, this.budget());
  }

  /** Deletes each grant, 20 to a batch. */
  revokeConsents(grantIds: readonly string[]): Promise<readonly OperationResult[]> {
    // Whose grants these are is not said: no kept list of grants can be trusted any more.
    this.lists.forget(undefined, ['consents']);
    return deleteGrants(this.writer, grantIds);
  }

  /** `POST /identityProtection/riskyUsers/confirmCompromised` for the user. */
  confirmCompromised(userId: string): Promise<OperationResult> {
    return confirmUserCompromised(this.writer, userId);
  }

  /**
   * Defender for Identity's actions on the on-premises AD account of `securityIdentifier`, one
   * after the other (see onprem-actions.ts); never throws for a refusal.
   */
  onPremisesActions(
    securityIdentifier: string,
    actions: readonly OnPremisesAction[],
  ): Promise<readonly OperationResult[]> {
    return onPremisesActions(this.transport, securityIdentifier, actions, this.budget());
  }

  memberGroups(userId: string, groupIds: readonly string[]): Promise<readonly string[]> {
    return memberGroupsOf(this.transport, userId, groupIds, this.budget());
  }

  groupUserIds(groupIds: readonly string[]): Promise<readonly string[]> {
    return usersInGroups(this.transport, groupIds, this.budget());
  }

  /** `POST /security/incidents/{id}/comments`, like the other writes (see incident-comments.ts). */
  commentOnIncident(incidentId: string, comment: string): Promise<OperationResult> {
    return postIncidentComment(this.writer, incidentId, comment);
  }
}
