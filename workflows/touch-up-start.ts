/**
 * Starting the client's touch-up workflow when a course ends: the aftercare run of a course's
 * final session (`courseEnd`), once its timeline is done, starts `touchup-<clinicId>~<clientRef>`
 * as a child that outlives it (ParentClosePolicy ABANDON).
 *
 * Why a child and not an activity calling signal-with-start: the start is a command of this run,
 * recorded once in its history, so a retry or a replay never starts a second one; it needs no
 * Temporal client inside the worker; the input (the client's phone and email) goes through the
 * worker's payload codec like every other payload; and a touch-up workflow already running for the
 * client (a course that ended before, never stopped) answers "already started", which leaves it as
 * it is. The ID may be reused once an earlier touch-up run has closed, so a later course starts the
 * reminders again.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { log, ParentClosePolicy, patched, startChild, WorkflowIdReusePolicy } from '@temporalio/workflow';
import { touchUpWorkflowIdFor } from '../domain/identifiers';
import type { RunState } from './run-state';
import { nowIso } from './timing';
import { TOUCH_UP_WORKFLOW_TYPE, touchUpSearchAttributes, type TouchUpInput } from './touch-up-contract';

/** patched() id of a course's end starting the touch-up reminders; never reuse it. */
const TOUCH_UPS_PATCH = 'touch-ups';

/** The touch-up input of a run whose course just ended: the client as the run knows them now. */
export function touchUpInputOf(run: RunState): TouchUpInput {
  const { input } = run;
  const { client } = input;
  return {
    clinic: input.clinic,
    clientRef: input.clientRef,
    client: {
      firstName: client.firstName,
      ...(run.contact.phone ? { phone: run.contact.phone } : {}),
      ...(run.contact.email ? { email: run.contact.email } : {}),
      timezone: run.zone,
      ...(client.region ? { region: client.region } : {}),
      ...(client.locale ? { locale: client.locale } : {}),
      consent: { ...run.consent },
    },
    ...(input.phoneHash ? { phoneHash: input.phoneHash } : {}),
    ...(input.emailHash ? { emailHash: input.emailHash } : {}),
    // A demo's compressed course ends now; a real one on its final session's day.
    courseEndedAt: input.demoSecondsPerDay ? nowIso() : input.session.performedAt,
    courseRef: run.workflowId,
    // A demo month lasts as long as a demo day of the course.
    ...(input.demoSecondsPerDay ? { demoSecondsPerMonth: input.demoSecondsPerDay } : {}),
    // A STOP, an unsubscribe or a failed detail during the course holds for the touch-ups too.
    carried: { channels: { ...run.channels }, reminders: 0, remindersSent: 0, monthsElapsed: 0, sent: [] },
  };
}

/** After the step loop: starts the client's touch-ups when this run's course ended (and was not cancelled or superseded). */
export async function startTouchUps(run: RunState): Promise<void> {
  if (run.input.courseEnd !== true || run.stopped) return;
  // Only runs with `courseEnd` get here, a field newer than every recorded history; the marker dates the change.
  if (!patched(TOUCH_UPS_PATCH)) return;
  const touchUp = touchUpInputOf(run);
  const workflowId = touchUpWorkflowIdFor(run.input.clinic.id, run.input.clientRef);
  try {
    await startChild(TOUCH_UP_WORKFLOW_TYPE, {
      workflowId,
      args: [touchUp],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
      typedSearchAttributes: touchUpSearchAttributes(touchUp),
      staticSummary: `${touchUp.demoSecondsPerMonth ? '[DEMO] ' : ''}Touch-ups ${run.input.clinic.id}/${run.input.clientRef}`,
    });
    log.info('touch-up reminders started', { workflowId: run.workflowId, touchUps: workflowId });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    log.info('touch-up reminders already running for the client: left as they are', { workflowId: run.workflowId, touchUps: workflowId });
  }
}
