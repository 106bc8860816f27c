/**
 * The steps that follow up `book-next` (the client's nudge, the clinic's call) speak of a request
 * already made: they go only when `book-next` reached the client on some channel. It may never
 * have gone: enrolled after its day, skipped as late, or failed on every channel.
 */
import { patched } from '@temporalio/workflow';
import type { StepId } from '../domain/steps';
import type { RunState } from './run-state';

/** patched() id of dropping the follow-ups of a book-next that never went; never reuse it. */
const FOLLOW_UPS_NEED_BOOK_NEXT_PATCH = 'booking-follow-ups-need-book-next-sent';

const FOLLOWS_UP_BOOK_NEXT: ReadonlySet<StepId> = new Set(['book-nudge', 'clinic-follow-up']);

/** Why `step` must not go now (book-next never went), or undefined when it may. */
export function unaskedFollowUp(run: RunState, step: StepId): string | undefined {
  if (!FOLLOWS_UP_BOOK_NEXT.has(step) || run.wasSent('book-next')) return undefined;
  // Runs that reached this point before the change replay as they were: the step went.
  if (!patched(FOLLOW_UPS_NEED_BOOK_NEXT_PATCH)) return undefined;
  return 'book-next was never sent, so there is nothing to follow up';
}
