import type { GroupView } from './group';
import type { LockdownRequest } from './request';

/**
 * Told about every recorded change of a request, e.g. to edit its card. Implementations must
 * return at once: the containment never waits for the chat.
 */
export interface ProgressListener {
  /** The request changed (a step started or ended, a decision was made). */
  onChange(request: LockdownRequest): void;
  /** The request reached a final state after running. */
  onFinished(request: LockdownRequest): void;
  /**
   * Every member of a group of requests finished (told once per group, after the last
   * member's {@link onFinished}).
   */
  onGroupFinished?(view: GroupView): void;
}
