/** A step picked up well after its time (workers down, the run paused): the rules of plan.ts. */
import { patched } from '@temporalio/workflow';
import { LATE_AFTER_MS, lateStepAction, type LateStepAction } from '../domain/plan';
import type { PlannedStep } from '../domain/plan-types';
import { STEPS } from '../domain/steps';
import { timingOf } from './contract';
import type { RunState } from './run-state';
import { dueAt, windowOpensAt } from './timing';

/** patched() id of the late-step rules (domain/plan.ts lateStepAction); never reuse it. */
const LATE_STEPS_PATCH = 'late-steps-keep-their-day-and-window';
/** patched() id of keeping the window for a step only minutes late; never reuse it. */
const GRACE_ONLY_IN_WINDOW_PATCH = 'steps-minutes-late-keep-the-window';

/**
 * What to do with `next` now: send, wait for the window, or skip it. Only late client steps (or
 * ones outside the window) reach patched(), so runs recorded before the rules replay as they were;
 * demo runs ignore them.
 */
export function lateStep(run: RunState, next: PlannedStep): LateStepAction {
  const toClient = STEPS[next.step].to === 'client';
  const late = toClient && Date.now() - dueAt(next.sendAt, run.input.enrolledAt, run.demoScale) > LATE_AFTER_MS;
  // The window narrowed to the law's hours where the client lives (the clinic's own without a region).
  const { window } = timingOf(run.input);
  const facts = { step: next.step, sendAt: next.sendAt, now: Date.now(), zone: run.zone, window };
  if (run.demoScale) return { kind: 'send' };
  if (late) return patched(LATE_STEPS_PATCH) ? lateStepAction(facts) : { kind: 'send' };
  // Only a few minutes late, but past the window's end (held by a pause, a slow worker): the
  // window still holds. Steps inside it never reach patched(), so their runs replay as they were.
  const outsideWindow = windowOpensAt(run.zone, window, false) > Date.now();
  if (toClient && outsideWindow && patched(GRACE_ONLY_IN_WINDOW_PATCH)) return lateStepAction({ ...facts, graceOnlyInWindow: true });
  return { kind: 'send' };
}
