/**
 * The cheaper session of issue 17: fewer Temporal Actions for the same timeline. Each change has
 * its own patch, decided once when the run starts (before its handlers can run), so a run keeps
 * one behaviour for its whole life: runs started before the deployment replay without the markers
 * and keep theirs; a run continued as new decides again, as a new run.
 */
import { patched } from '@temporalio/workflow';

/** patched() id of upserting search attributes at most once per workflow task, and only what changed; never reuse it. */
export const UPSERT_ONCE_PER_TASK_PATCH = 'search-attributes-once-per-task';

/** patched() id of keeping the timer to the next step while that step's instant stays; never reuse it. */
export const KEPT_STEP_TIMER_PATCH = 'step-timer-kept-while-the-next-step-stays';

/** patched() id of sending a step on several channels from one activity (deliverStep); never reuse it. */
export const ONE_ACTIVITY_PER_STEP_PATCH = 'one-send-activity-per-step';

export interface LeanPaths {
  /** publish() marks the attributes stale; one upsert per task carries what changed (search-attribute-flush.ts). */
  upsertOncePerTask: boolean;
  /** The wait for the next step keeps its timer across changes that leave its instant (step-timer.ts). */
  keptStepTimer: boolean;
  /** A step for several channels is one `deliverStep` activity on the clinic's text queue (delivery.ts). */
  oneActivityPerStep: boolean;
}

/** Called once, as the run starts: records the three markers in a new run. */
export function leanPathsOf(): LeanPaths {
  return {
    upsertOncePerTask: patched(UPSERT_ONCE_PER_TASK_PATCH),
    keptStepTimer: patched(KEPT_STEP_TIMER_PATCH),
    oneActivityPerStep: patched(ONE_ACTIVITY_PER_STEP_PATCH),
  };
}
