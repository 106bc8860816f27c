/**
 * A client's touch-up reminders (issue 16) as the front desk, the API and the CLI see and stop
 * them, and what ends them from outside: a new course enrolled for the client. The touch-up
 * workflow of a client at a clinic has one ID (`touchUpWorkflowIdFor`); the clinic is part of
 * it, so a caller limited to one clinic never reaches another's.
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { touchUpWorkflowIdFor } from '../domain/identifiers';
import { SEARCH_ATTRIBUTES } from '../workflows/contract';
import {
  newCourseSignal,
  TOUCH_UP_WORKFLOW_TYPE,
  stopTouchUpsUpdate,
  touchUpStatusQuery,
  type TouchUpStatus,
  type TouchUpView,
} from '../workflows/touch-up-contract';
import { requireClinicVisible, type Caller } from './caller';
import { NotFoundError } from './errors';
import type { RunOfPhone } from './inbound-route';
import { phoneHash } from './phone-hash';

export type { TouchUpView } from '../workflows/touch-up-contract';

function viewOf(workflowId: string, status: TouchUpStatus, closed: boolean): TouchUpView {
  // A run that closed without being stopped ran out of channels (or was ended by an operator).
  const state = status.state === 'waiting' && closed ? 'ended' : status.state;
  return {
    workflowId,
    state,
    intervalMonths: status.intervalMonths ?? 0,
    ...(state === 'waiting' && status.nextReminderAt ? { nextReminderAt: status.nextReminderAt } : {}),
    remindersSent: status.remindersSent,
    ...(status.stoppedBy ? { stoppedBy: status.stoppedBy } : {}),
  };
}

/**
 * The client's touch-ups: waiting for the next reminder, stopped (by staff or a new course), or
 * ended; null when the client never had any. A closed run is read from its result, so no worker
 * needs to replay it.
 */
export async function touchUpView(client: Client, clinicId: string, clientRef: string): Promise<TouchUpView | null> {
  const workflowId = touchUpWorkflowIdFor(clinicId, clientRef);
  const handle = client.workflow.getHandle(workflowId);
  try {
    const description = await handle.describe();
    if (description.status.name === 'RUNNING') return viewOf(workflowId, await handle.query(touchUpStatusQuery), false);
    if (description.status.name === 'COMPLETED') return viewOf(workflowId, (await handle.result()) as TouchUpStatus, true);
    return { workflowId, state: 'ended', intervalMonths: 0, remindersSent: 0 };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return null;
    throw err;
  }
}

/**
 * Staff stop a client's touch-ups. Another clinic's client, or a client who never had any, is
 * NotFoundError; reminders already stopped or ended answer as they are (stopping twice is no error).
 */
export async function stopTouchUps(req: { client: Client; caller: Caller; clinicId: string; clientRef: string }): Promise<TouchUpView> {
  requireClinicVisible(req.caller, req.clinicId);
  const workflowId = touchUpWorkflowIdFor(req.clinicId, req.clientRef);
  try {
    const status = await req.client.workflow.getHandle(workflowId).executeUpdate(stopTouchUpsUpdate, { args: [{}] });
    return viewOf(workflowId, status, false);
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError || err instanceof WorkflowUpdateFailedError)) throw err;
  }
  const view = await touchUpView(req.client, req.clinicId, req.clientRef);
  if (!view) throw new NotFoundError(workflowId, `no touch-up reminders for client '${req.clientRef}' at clinic '${req.clinicId}'`);
  return view;
}

/**
 * A new course was enrolled for the client: their touch-ups end (the new course's end starts them
 * again). Returns whether a running touch-up run heard it.
 *
 * Every enrolment sends it, though most clients have no touch-up run: it costs one signal (about
 * 0.4 ms of the server's CPU and 0.5 ms of the caller's for the not-found answer, against ~12 ms
 * for the start). Nothing cheaper says that a client has none: the run is started by a workflow
 * (a final session's run, at its end, which a late enrolment reaches at once), so the app never
 * sees it begin, and a visibility query costs the server more than the signal (a count measured
 * ~3.9 ms) and may miss a run started a moment ago. Sending it after the answer would save no
 * CPU, only one round trip of the enrolment's wait, and would lose it if the process stopped
 * first (the CLI's would, at once); sending it alongside the start would end the touch-ups of a
 * repeated enrolment that is refused.
 */
export async function endTouchUpsForNewCourse(client: Client, clinicId: string, clientRef: string, newCourse: string): Promise<boolean> {
  try {
    await client.workflow.getHandle(touchUpWorkflowIdFor(clinicId, clientRef)).signal(newCourseSignal, { workflowId: newCourse });
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}

/** At most this many touch-up runs of one phone are touched by one text (one per clinic and client). */
const MAX_TOUCH_UPS_OF_A_PHONE = 100;

/** The running touch-up runs of a phone, found by its PhoneHash, with their clinics. */
export async function runningTouchUpsOfPhone(req: { client: Client; phone: string; phoneHashKey: string }): Promise<RunOfPhone[]> {
  const query = [
    `WorkflowType = '${TOUCH_UP_WORKFLOW_TYPE}'`,
    `ExecutionStatus = 'Running'`,
    `${SEARCH_ATTRIBUTES.PhoneHash.name} = '${phoneHash(req.phone, req.phoneHashKey)}'`,
  ].join(' AND ');
  const found: RunOfPhone[] = [];
  for await (const wf of req.client.workflow.list({ query })) {
    const clinicId = wf.typedSearchAttributes.get(SEARCH_ATTRIBUTES.ClinicId);
    const clientRef = wf.typedSearchAttributes.get(SEARCH_ATTRIBUTES.ClientRef);
    if (clinicId) found.push({ workflowId: wf.workflowId, clinicId, startedAt: wf.startTime, ...(clientRef ? { clientRef } : {}) });
    if (found.length >= MAX_TOUCH_UPS_OF_A_PHONE) break;
  }
  return found;
}
