/**
 * The steps that follow up `book-next` (the client's nudge, the clinic's call) speak of a request
 * already made: they go only when `book-next` reached the client on some channel. It may never
 * have gone: enrolled after its day, skipped as late, or failed on every channel.
 */
import { patched } from '@temporalio/workflow';
import type { PlannedStep } from '../domain/plan-types';
import { FOLLOWS_UP_BOOK_NEXT, type StepId } from '../domain/steps';
import { planOf, type AftercareInput } from './contract';
import type { RunState } from './run-state';

/** patched() id of dropping the follow-ups of a book-next that never went; never reuse it. */
const FOLLOW_UPS_NEED_BOOK_NEXT_PATCH = 'booking-follow-ups-need-book-next-sent';

/** patched() id of leaving the follow-ups out of the plan of a run enrolled after book-next's day. */
const LATE_ENROLMENT_PLAN_PATCH = 'late-enrolment-plans-no-booking-follow-ups';

/**
 * The plan a run starts with. Enrolled after book-next's day, it no longer lists the follow-ups
 * (they used to be planned, then skipped when due); runs that started with them keep them.
 */
export function initialPlan(input: AftercareInput): PlannedStep[] {
  const plan = planOf(input);
  const before = planOf(input, undefined, { keepUnaskedFollowUps: true });
  return before.length === plan.length || patched(LATE_ENROLMENT_PLAN_PATCH) ? plan : before;
}

/** Why `step` must not go now (book-next never went), or undefined when it may. */
export function unaskedFollowUp(run: RunState, step: StepId): string | undefined {
  if (!FOLLOWS_UP_BOOK_NEXT.has(step) || run.wasSent('book-next')) return undefined;
  // Runs that reached this point before the change replay as they were: the step went.
  if (!patched(FOLLOW_UPS_NEED_BOOK_NEXT_PATCH)) return undefined;
  return 'book-next was never sent, so there is nothing to follow up';
}
