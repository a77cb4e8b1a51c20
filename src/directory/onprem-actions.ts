/**
 * Acts on a synced user's on-premises AD account through Microsoft Defender for Identity
 * (issue 11): one look-up of the identity account by the on-premises SID, then one
 * `invokeAction` per action, one after the other in the order given (a disable lands before a
 * forced password reset). One retry budget for the whole call, like the other calls. Nothing
 * throws for a refusal: each action gets its own result, failed with the look-up's refusal, with
 * `IdentityAccountNotFound` when Defender for Identity does not know the account, or with its own
 * refusal.
 */
import { z } from 'zod';
import { DirectoryError, type OnPremisesAction, type OperationResult } from '../lockdown/directory';
import type { DirectoryFailure } from '../lockdown/request';
import { pageSchema } from './graph-schemas';
import type { GraphTransport } from './graph-transport';
import { receiptOf } from './operation-result';
import { findIdentityAccount, invokeIdentityAction } from './onprem-requests';
import type { RetryBudget } from './retry-policy';

/** An identity account as the bot reads it: its id, and its accounts per identity provider. */
const identityAccountSchema = z.object({
  id: z.string(),
  accounts: z.array(z.object({ identifier: z.string(), identityProvider: z.string() })).nullish(),
});

const identityAccountPageSchema = pageSchema(identityAccountSchema);

/** `invokeActionResult`: only its presence matters (an object). */
const invokeActionResultSchema = z.object({}).passthrough();

/** The failure of each action when Defender for Identity does not know the account. */
export function identityAccountNotFound(securityIdentifier: string): DirectoryFailure {
  return {
    status: 0,
    code: 'IdentityAccountNotFound',
    message: `Defender for Identity does not know this account (is its sensor covering the domain?): no Active Directory account with SID ${securityIdentifier}.`,
  };
}

function failed(failure: DirectoryFailure): OperationResult {
  return { ok: false, failure };
}

/** The DirectoryError's failure; anything else is a bug and is thrown again. */
function failureOf(error: unknown): DirectoryFailure {
  if (error instanceof DirectoryError) return error.failure;
  throw error;
}

/** The identity account and its Active Directory account's identifier, or a failure. */
async function findAccount(
  transport: GraphTransport,
  securityIdentifier: string,
  budget: RetryBudget,
): Promise<{ id: string; accountId: string } | DirectoryFailure> {
  let page;
  try {
    page = await transport.send(
      findIdentityAccount(securityIdentifier),
      identityAccountPageSchema,
      budget,
    );
  } catch (error) {
    return failureOf(error);
  }
  for (const identity of page.body.value) {
    const onPremises = (identity.accounts ?? []).find(
      (account) => account.identityProvider.toLowerCase() === 'activedirectory',
    );
    if (onPremises) return { id: identity.id, accountId: onPremises.identifier };
  }
  return identityAccountNotFound(securityIdentifier);
}

/** See the module comment. */
export async function onPremisesActions(
  transport: GraphTransport,
  securityIdentifier: string,
  actions: readonly OnPremisesAction[],
  budget: RetryBudget,
): Promise<OperationResult[]> {
  if (actions.length === 0) return [];
  const found = await findAccount(transport, securityIdentifier, budget);
  if (!('accountId' in found)) return actions.map(() => failed(found));
  const results: OperationResult[] = [];
  for (const action of actions) {
    try {
      const answer = await transport.send(
        invokeIdentityAction(found.id, found.accountId, action),
        invokeActionResultSchema,
        budget,
      );
      results.push({ ok: true, receipt: receiptOf(answer) });
    } catch (error) {
      results.push(failed(failureOf(error)));
    }
  }
  return results;
}
