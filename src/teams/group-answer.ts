/**
 * The answer to a request for several accounts, wherever it was asked (a command, an alert):
 * the group's card, or why no request was made (pure).
 */
import type { GroupAskResult } from '../lockdown/lockdown-service';
import { type AdaptiveCard, buildErrorCard } from './cards';
import { type RenderOptions, renderGroupCard } from './render-card';

/** A group ask that made no request. */
export type GroupRefusal = Exclude<GroupAskResult, { readonly kind: 'created' }>;

/** Why no request was made, one sentence each: the refusal, or each account left out. */
export function refusalSentences(answer: GroupRefusal): readonly string[] {
  return answer.kind === 'refused'
    ? [answer.reason]
    : answer.leftOut.map((left) => `${left.userPrincipalName}: ${left.reason}`);
}

/**
 * The group's card, or an error card saying why there is none, titled `title` (by default "Not
 * allowed" for a refused requester, "Nothing to do" when every account was left out).
 */
export function groupAnswerCard(
  answer: GroupAskResult,
  render: RenderOptions,
  title?: string,
): AdaptiveCard {
  if (answer.kind === 'created') return renderGroupCard(answer.view, render);
  return buildErrorCard(
    title ?? (answer.kind === 'refused' ? 'Not allowed' : 'Nothing to do'),
    `${refusalSentences(answer).join(' ')} Nothing was changed.`,
  );
}
