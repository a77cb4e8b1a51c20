/**
 * The containment options' writes (issue 11): each item a request of its own in parallel
 * `$batch`es shared with the other writes of the moment (parallel-writes.ts), one result per
 * item in input order. What must never be sent (the password method, a method type without a
 * delete path) gets a failed result of its own and is not sent; the other items still go.
 */
import type { OperationResult } from '../lockdown/directory';
import type { AuthMethod } from '../lockdown/foothold';
import type { DirectoryFailure } from '../lockdown/request';
import type { GraphRequest } from './graph-requests';
import {
  confirmCompromised,
  deleteAuthMethod,
  deleteConsent,
  disableInboxRule,
  isDeletableMethodType,
} from './option-requests';
import type { WriteCoalescer } from './parallel-writes';

/** The refusal of a request the adapter will not send. */
function notSent(code: string, message: string): OperationResult {
  const failure: DirectoryFailure = { status: 0, code, message };
  return { ok: false, failure };
}

/** Why the password method is never deleted. */
export const PASSWORD_KEPT = notSent(
  'PasswordMethodKept',
  'Not sent: the password method is never deleted (the lockdown replaces the password instead).',
);

function unknownType(method: AuthMethod): OperationResult {
  return notSent(
    'MethodTypeNotDeletable',
    `Not sent: Graph v1.0 has no path to delete this kind of method (${method.display}); remove it in the Entra admin center.`,
  );
}

/** Sends the requests among `planned`, and answers the refusals in place, in order. */
async function sendPlanned(
  writer: WriteCoalescer,
  planned: readonly (GraphRequest | OperationResult)[],
): Promise<OperationResult[]> {
  const isRequest = (entry: GraphRequest | OperationResult): entry is GraphRequest =>
    'method' in entry;
  const sent = await writer.send(planned.filter(isRequest));
  let next = 0;
  return planned.map((entry) => (isRequest(entry) ? (sent[next++] as OperationResult) : entry));
}

/** Deletes each method by its type's path; the password, and unknown types, are not sent. */
export function deleteMethods(
  writer: WriteCoalescer,
  userId: string,
  methods: readonly AuthMethod[],
): Promise<OperationResult[]> {
  return sendPlanned(
    writer,
    methods.map((method) => {
      if (method.type === 'password') return PASSWORD_KEPT;
      if (!isDeletableMethodType(method.type)) return unknownType(method);
      return deleteAuthMethod(userId, method.type, method.id);
    }),
  );
}

/** Disables (`isEnabled: false`) each inbox rule. */
export function disableRules(
  writer: WriteCoalescer,
  userId: string,
  ruleIds: readonly string[],
): Promise<OperationResult[]> {
  return sendPlanned(
    writer,
    ruleIds.map((ruleId) => disableInboxRule(userId, ruleId)),
  );
}

/** Deletes each delegated grant. */
export function deleteGrants(
  writer: WriteCoalescer,
  grantIds: readonly string[],
): Promise<OperationResult[]> {
  return sendPlanned(writer, grantIds.map(deleteConsent));
}

/** Confirms the user compromised (one request, retried like a batch item). */
export async function confirmUserCompromised(
  writer: WriteCoalescer,
  userId: string,
): Promise<OperationResult> {
  const [result] = await sendPlanned(writer, [confirmCompromised([userId])]);
  return result as OperationResult;
}
