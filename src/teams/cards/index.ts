/**
 * Adaptive Card builders for Lockdown: pure functions from a request's state to card JSON.
 */
export * from './adaptive-card';
export * from './text-budget';
export {
  ALERT_TITLE_BYTES,
  MAX_ALERT_URL_LENGTH,
  OPEN_ALERT,
  alertHeader,
  safeAlertUrl,
} from './alert-header';
export { buildClosedCard } from './closed-card';
export { cardForRequest } from './card-for-request';
export {
  CANCEL_VERB,
  CONFIRM_VERB,
  REFRESH_VERB,
  GUEST_NOTE,
  SELF_APPROVAL_NOTE,
  SYNCED_WARNING,
  buildConfirmationCard,
  type ConfirmationCardOptions,
} from './confirmation-card';
export { buildDryRunCard, type DryRunView } from './dry-run-card';
export { buildErrorCard } from './error-card';
export { buildGroupCard } from './group-card';
export { buildGroupClosedCard } from './group-closed-card';
export { buildGroupConfirmationCard } from './group-confirmation-card';
export { GROUP_CARD_BYTES } from './group-layout';
export { buildGroupProgressCard, groupCounts } from './group-progress-card';
export { GROUP_STATUS_HINT } from './group-sections';
export { GROUP_VERDICT_BYTES, MAX_NAMED_PROBLEMS, groupVerdictLine } from './group-verdict-line';
export { buildHistoryCard, STATE_SYMBOLS } from './history-card';
export { ADD_COMMENT_BY_HAND, incidentCommentLines } from './incident-comment-line';
export { KIND_WORDS, type KindWords } from './kind-words';
export { buildLookingUpCard, type LookingUpAsk } from './looking-up-card';
export { buildStatusCard, groupMembershipLine } from './status-card';
export { formatDuration } from './format-duration';
export { formatUtc } from './format-time';
export { MODE_DESCRIPTIONS, MODE_NAMES } from './mode-text';
export { buildProgressCard } from './progress-card';
export { STATUS_SYMBOLS } from './status-symbols';
export { UNLOCK_USAGE_LINE, USAGE_LINE, buildUsageCard } from './usage-card';
export {
  UNLOCK_PASSWORD_NOTE,
  UNLOCK_SYNCED_WARNING,
  undoneLine,
  undoSentence,
} from './unlock-text';
export { ALERT_REQUESTER_NOTE, requesterText } from './requester-text';
export { verdictLine } from './verdict-line';
