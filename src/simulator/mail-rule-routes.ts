import { defined, listAnswer, pathUser } from './foothold-answers';
import type { SeedMessageRule } from './foothold-seed';
import { GraphError } from './graph-error';
import type { GraphResult } from './graph-request';
import type { Route, RouteContext } from './graph-router';
import { READ_MAIL_RULES } from './permissions';

/** A recipient list as Graph writes it. */
function recipients(addresses: readonly string[] | undefined) {
  return addresses?.map((address) => ({ emailAddress: { name: address, address } }));
}

/** A rule as Graph v1.0 answers it: only the predicates and actions that are set. */
export function ruleAsGraph(rule: SeedMessageRule & { sequence: number }): Record<string, unknown> {
  const { actions, conditions } = rule;
  return {
    id: rule.id,
    displayName: rule.displayName,
    sequence: rule.sequence,
    isEnabled: rule.isEnabled ?? true,
    hasError: false,
    isReadOnly: false,
    conditions: defined({ ...conditions }),
    actions: defined({
      ...actions,
      forwardTo: recipients(actions.forwardTo),
      forwardAsAttachmentTo: recipients(actions.forwardAsAttachmentTo),
      redirectTo: recipients(actions.redirectTo),
    }),
  };
}

/** The inbox by its well-known name (Graph matches it case-insensitively). */
const INBOX = 'inbox';

/**
 * `GET /users/{id}/mailFolders/inbox/messageRules`. A user without an Exchange Online mailbox
 * gets Exchange's 404 `MailboxNotEnabledForRESTAPI`; a folder other than the inbox, 404
 * `ErrorItemNotFound` (the simulator models the inbox's rules only).
 */
function listRules(context: RouteContext): GraphResult {
  const user = pathUser(context);
  if (!context.footholds.hasMailbox(user)) {
    throw new GraphError(
      404,
      'MailboxNotEnabledForRESTAPI',
      'The mailbox is either inactive, soft-deleted, or is hosted on-premise.',
    );
  }
  if ((context.params['folder'] ?? '').toLowerCase() !== INBOX) {
    throw new GraphError(
      404,
      'ErrorItemNotFound',
      'The specified object was not found in the store.',
    );
  }
  return listAnswer(
    context,
    `users('${encodeURIComponent(user.id)}')/mailFolders('${INBOX}')/messageRules`,
    context.footholds.messageRulesOf(user).map(ruleAsGraph),
  );
}

/** A user's inbox rules (Exchange Online). */
export const MAIL_RULE_ROUTES: readonly Route[] = [
  {
    method: 'GET',
    pattern: '/users/:user/mailFolders/:folder/messageRules',
    permissions: READ_MAIL_RULES,
    handle: listRules,
  },
];
