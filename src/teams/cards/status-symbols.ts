import type { RequestState, StepStatus } from '../../lockdown/request';

/**
 * The one place that decides how a status looks, so every card, row and device line agree.
 * Plain Unicode: it renders in every Teams client without images.
 */
export const STATUS_SYMBOLS: Readonly<Record<StepStatus, string>> = {
  pending: '⏳',
  running: '🔄',
  done: '✅',
  skipped: '⏭️',
  failed: '❌',
  unconfirmed: '⚠️',
};

/** One symbol per request state, so a long list of requests (or a group's members) scans at a glance. */
export const STATE_SYMBOLS: Readonly<Record<RequestState, string>> = {
  pending: '⏳',
  approved: '🔄',
  running: '🔄',
  completed: '✅',
  partial: '⚠️',
  failed: '❌',
  cancelled: '🚫',
  expired: '⌛',
  rejected: '🚫',
};
