import { defined, listAnswer, pathUser } from './foothold-answers';
import type { SeedMessageRule } from './foothold-seed';
import { GraphError } from './graph-error';
import { type GraphResult, objectBody } from './graph-request';
import type { Route, RouteContext } from './graph-router';
import { READ_MAIL_RULES, WRITE_MAIL_RULES } from './permissions';
import type { TenantUser } from './tenant';

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

function itemNotFound(): GraphError {
  return new GraphError(
    404,
    'ErrorItemNotFound',
    'The specified object was not found in the store.',
  );
}

/**
 * The inbox the path names, or Exchange's refusals: a user without an Exchange Online mailbox
 * gets 404 `MailboxNotEnabledForRESTAPI`; a folder other than the inbox, 404 `ErrorItemNotFound`
 * (the simulator models the inbox's rules only).
 */
function inboxOf(context: RouteContext): TenantUser {
  const user = pathUser(context);
  if (!context.footholds.hasMailbox(user)) {
    throw new GraphError(
      404,
      'MailboxNotEnabledForRESTAPI',
      'The mailbox is either inactive, soft-deleted, or is hosted on-premise.',
    );
  }
  if ((context.params['folder'] ?? '').toLowerCase() !== INBOX) throw itemNotFound();
  return user;
}

/** `GET /users/{id}/mailFolders/inbox/messageRules`. */
function listRules(context: RouteContext): GraphResult {
  const user = inboxOf(context);
  return listAnswer(
    context,
    `users('${encodeURIComponent(user.id)}')/mailFolders('${INBOX}')/messageRules`,
    context.footholds.messageRulesOf(user).map(ruleAsGraph),
  );
}

/**
 * `PATCH /users/{id}/mailFolders/inbox/messageRules/{id}` (MailboxSettings.ReadWrite): answers
 * 200 with the rule as changed. Only `isEnabled` is modelled: another property is refused rather
 * than silently ignored.
 */
function updateRule(context: RouteContext): GraphResult {
  const user = inboxOf(context);
  const id = context.params['id'] ?? '';
  const rule = context.footholds.messageRulesOf(user).find((r) => r.id === id);
  if (!rule) throw itemNotFound();
  const change = objectBody(context.call.body);
  const other = Object.keys(change).find((name) => name !== 'isEnabled');
  if (other !== undefined) {
    throw new GraphError(
      400,
      'BadRequest',
      `The Graph simulator changes only 'isEnabled' of a message rule, not '${other}'.`,
    );
  }
  const enabled = change['isEnabled'];
  if (enabled !== undefined && typeof enabled !== 'boolean') {
    throw new GraphError(400, 'RequestBodyRead', "'isEnabled' must be a boolean.");
  }
  if (enabled !== undefined) context.footholds.setRuleEnabled(user, rule.id, enabled);
  const changed = context.footholds.messageRulesOf(user).find((r) => r.id === id) ?? rule;
  return {
    status: 200,
    body: {
      '@odata.context': `${context.origin}/v1.0/$metadata#users('${encodeURIComponent(user.id)}')/mailFolders('${INBOX}')/messageRules/$entity`,
      ...ruleAsGraph(changed),
    },
  };
}

/** A user's inbox rules (Exchange Online). */
export const MAIL_RULE_ROUTES: readonly Route[] = [
  {
    method: 'GET',
    pattern: '/users/:user/mailFolders/:folder/messageRules',
    permissions: READ_MAIL_RULES,
    handle: listRules,
  },
  {
    method: 'PATCH',
    pattern: '/users/:user/mailFolders/:folder/messageRules/:id',
    permissions: WRITE_MAIL_RULES,
    handle: updateRule,
  },
];
