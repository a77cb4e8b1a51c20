import type { StepStatus } from '../../lockdown/request';

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
