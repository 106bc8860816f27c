/** A step picked up well after its time (workers down, the run paused): the rules of plan.ts. */
import { patched } from '@temporalio/workflow';
import { LATE_AFTER_MS, lateStepAction, type LateStepAction } from '../domain/plan';
import type { PlannedStep } from '../domain/plan-types';
import { STEPS } from '../domain/steps';
import type { RunState } from './run-state';
import { dueAt } from './timing';

/** patched() id of the late-step rules (domain/plan.ts lateStepAction); never reuse it. */
const LATE_STEPS_PATCH = 'late-steps-keep-their-day-and-window';

/**
 * What to do with `next` now: send, wait for the window, or skip it. Only late client steps reach
 * patched(), so runs recorded before the rules replay as they were; demo runs ignore them.
 */
export function lateStep(run: RunState, next: PlannedStep): LateStepAction {
  const late = STEPS[next.step].to === 'client' && Date.now() - dueAt(next.sendAt, run.input.enrolledAt, run.demoScale) > LATE_AFTER_MS;
  if (run.demoScale || !late || !patched(LATE_STEPS_PATCH)) return { kind: 'send' };
  return lateStepAction({ step: next.step, sendAt: next.sendAt, now: Date.now(), zone: run.zone, window: run.input.clinic.window });
}
