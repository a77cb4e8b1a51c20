/**
 * The account's operations (disable, password, revocation; or enable, to unlock) as ONE
 * sequential `$batch`: Graph applies them in order, in one round trip. Reads ride at the end of
 * the same chain, after the writes: the read-back of the account; when the account is being
 * disabled or enabled, the first page of its devices; and for a lockdown, what its options act
 * on (sign-in methods, delegated grants, inbox rules and verified domains). The pipeline asks for
 * them next, and finds them already there: the device and option writes go out in the next round
 * trip, together.
 */
import type { Logger } from 'pino';
import type { AccountOperation, OperationResult, ReadBack } from '../lockdown/directory';
import { type BatchItem, type BatchOutcome, runBatch } from './graph-batch';
import { toReadBack } from './graph-pages';
import * as requests from './graph-requests';
import type { GraphRequest } from './graph-requests';
import {
  devicePageSchema,
  type GraphDevice,
  type GraphReadBack,
  type Page,
  readBackSchema,
} from './graph-schemas';
import type { GraphTransport } from './graph-transport';
import {
  FOOTHOLD_LISTS,
  type FootholdList,
  type ListPrefetch,
  listItems,
  listPrefetchOf,
} from './option-lists';
import { receiptOf, toOperationResult } from './operation-result';
import type { RetryBudget } from './retry-policy';

/** What the chain read after the writes, when Graph answered the reads. */
export interface AccountPrefetch {
  readonly readBack?: ReadBack;
  readonly devices?: Page<GraphDevice>;
  readonly lists: ListPrefetch;
}

const READ_BACK = 'read-back';
const SWITCHES_ACCOUNT: ReadonlySet<AccountOperation['kind']> = new Set([
  'disable-account',
  'enable-account',
]);
const DEVICES = 'devices';
/** A lockdown's operations (either mode); an unlock only enables the account. */
const CONTAINS_ACCOUNT: ReadonlySet<AccountOperation['kind']> = new Set([
  'disable-account',
  'reset-password',
  'revoke-sessions',
]);

/**
 * The lists a chain reads for the steps after it, when the caller does not say: all of them for
 * a lockdown (the adapter is not told its options; any may carry some, and four optional reads
 * at the end of the chain cost no round trip: the look-up reads the same), none for an unlock
 * (it never touches them).
 */
export function listsFor(operations: readonly AccountOperation[]): readonly FootholdList[] {
  return operations.some((operation) => CONTAINS_ACCOUNT.has(operation.kind)) ? FOOTHOLD_LISTS : [];
}

/**
 * Applies `operations` to the user in order and answers one result per operation, same order.
 * A failed operation does not stop the later ones: those Graph skipped with 424 are sent again
 * in a second chain.
 */
export async function runAccountChain(
  transport: GraphTransport,
  logger: Logger,
  userId: string,
  operations: readonly AccountOperation[],
  lists: readonly FootholdList[],
  budget: RetryBudget,
): Promise<{ readonly results: readonly OperationResult[]; readonly prefetch: AccountPrefetch }> {
  if (operations.length === 0) return { results: [], prefetch: { lists: {} } };
  const items = chainItems(userId, operations, lists);
  const outcomes = await runBatch(transport, logger, items, 'sequential', budget);
  const results = operations.map((_, index) => toOperationResult(outcomes.get(operationId(index))));
  return { results, prefetch: prefetchOf(outcomes) };
}

/** The writes in order, then the optional reads (`lists`: by default, {@link listsFor}). */
export function chainItems(
  userId: string,
  operations: readonly AccountOperation[],
  lists: readonly FootholdList[] = listsFor(operations),
): BatchItem[] {
  const writes = operations.map((operation, index) => ({
    id: operationId(index),
    request: accountRequest(userId, operation),
  }));
  const reads: BatchItem[] = [
    { id: READ_BACK, request: requests.readBack(userId), schema: readBackSchema, optional: true },
  ];
  // What comes next lists the devices when the account's state changes: a full lockdown
  // disables them, an unlock lists them to skip those already enabled. Keep-enabled does not.
  if (operations.some((operation) => SWITCHES_ACCOUNT.has(operation.kind))) {
    reads.push({
      id: DEVICES,
      request: requests.listRegisteredDevices(userId),
      schema: devicePageSchema,
      optional: true,
    });
  }
  return [...writes, ...reads, ...listItems(userId, lists)];
}

function operationId(index: number): string {
  return String(index + 1);
}

function prefetchOf(outcomes: ReadonlyMap<string, BatchOutcome>): AccountPrefetch {
  const readBack = outcomes.get(READ_BACK);
  const devices = outcomes.get(DEVICES);
  // Both bodies were checked against their items' schemas by runBatch.
  return {
    ...(readBack?.ok
      ? { readBack: toReadBack(readBack.body as GraphReadBack, receiptOf(readBack)) }
      : {}),
    ...(devices?.ok ? { devices: devices.body as Page<GraphDevice> } : {}),
    lists: listPrefetchOf(outcomes),
  };
}

/** The Graph request of one account operation. */
export function accountRequest(userId: string, operation: AccountOperation): GraphRequest {
  switch (operation.kind) {
    case 'disable-account':
      return requests.disableAccount(userId);
    case 'enable-account':
      return requests.enableAccount(userId);
    case 'reset-password':
      return requests.resetPassword(userId, operation.password);
    case 'revoke-sessions':
      return requests.revokeSignInSessions(userId);
  }
}
