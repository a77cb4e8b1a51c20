/**
 * The look-up's second read (issue 11): the consented apps' service principals, for their names
 * and verified publishers. 20 reads to a `$batch`, a few batches in flight, under one retry
 * budget (throttled and unanswered reads are sent again as everywhere else). It never throws for
 * a refusal: an app Graph does not know (404) is left out, and any other failure says, once, why
 * names could not be read.
 */
import type { Logger } from 'pino';
import type { AppDescription, AppDescriptions } from '../lockdown/directory';
import type { DirectoryFailure } from '../lockdown/request';
import { chunk, mapWithConcurrency } from '../lockdown/concurrency';
import { unreadableReason } from './foothold-read';
import { getServicePrincipal } from './foothold-requests';
import { type GraphServicePrincipal, servicePrincipalSchema } from './foothold-schemas';
import { type BatchOutcome, MAX_BATCH_SIZE, runBatch } from './graph-batch';
import type { GraphTransport } from './graph-transport';
import type { RetryBudget } from './retry-policy';

/** The permission a 403 names (Directory.Read.All, which the grants need, covers it too). */
export const APP_NAMES_NEEDS = { permission: 'Application.Read.All' } as const;

/** An app as the card needs it; verified when Graph gives its verified publisher's id. */
export function toAppDescription(principal: GraphServicePrincipal): AppDescription {
  const appName = principal.displayName?.trim() || principal.appDisplayName?.trim() || principal.id;
  const publisher = principal.verifiedPublisher;
  const verified = Boolean(publisher?.verifiedPublisherId?.trim());
  const name = publisher?.displayName?.trim();
  return {
    appName,
    ...(verified && name ? { publisher: name } : {}),
    verifiedPublisher: verified,
  };
}

/** "names not readable: the app lacks Application.Read.All", and the like. */
function namesUnreadable(failure: DirectoryFailure): string {
  const reason = unreadableReason(failure, APP_NAMES_NEEDS);
  return reason.startsWith('not readable') ? `names ${reason}` : `names not readable: ${reason}`;
}

/** Describes each app (by service principal id) in as few round trips as Graph allows. */
export async function describeApps(
  transport: GraphTransport,
  logger: Logger,
  clientIds: readonly string[],
  concurrency: number,
  budget: RetryBudget,
): Promise<AppDescriptions> {
  const ids = [...new Set(clientIds)];
  const slices = await mapWithConcurrency(
    chunk(ids, MAX_BATCH_SIZE),
    concurrency,
    async (slice) => {
      const items = slice.map((id, index) => ({
        id: String(index + 1),
        request: getServicePrincipal(id),
        schema: servicePrincipalSchema,
      }));
      const outcomes = await runBatch(transport, logger, items, 'parallel', budget);
      return slice.map((id, index) => [id, outcomes.get(String(index + 1))] as const);
    },
  );
  const apps: [string, AppDescription][] = [];
  let failure: DirectoryFailure | undefined;
  for (const [id, outcome] of slices.flat()) {
    const read = readOf(outcome);
    if ('app' in read) apps.push([id, read.app]);
    else if (read.failure.status !== 404) failure ??= read.failure;
  }
  return {
    // fromEntries defines own properties: no id can reach the prototype.
    apps: Object.fromEntries(apps),
    ...(failure ? { unreadable: namesUnreadable(failure) } : {}),
  };
}

function readOf(
  outcome: BatchOutcome | undefined,
): { readonly app: AppDescription } | { readonly failure: DirectoryFailure } {
  if (!outcome) return { failure: { status: 0, code: 'NoResult', message: 'No answer.' } };
  if (!outcome.ok) return { failure: outcome.failure };
  return { app: toAppDescription(outcome.body as GraphServicePrincipal) };
}
