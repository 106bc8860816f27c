/**
 * Which clinic a message goes with. Runs before the `clinic-read-at-send-time` patch render the
 * message here, from the copy of the clinic made at enrolment, and text from the platform's
 * sender on the shared SMS queue. Later sends hand the activity the clinic's id and everything
 * else the message is made of: the activity reads the clinic's current name, phone, booking link,
 * sender and email when the message goes (activities/clinic-at-send-time.ts), and texts wait on
 * the clinic's own SMS queue. A run started before the patch switches at its next send.
 */
import { patched } from '@temporalio/workflow';
import type { ClientMessageRequest } from '../activities/types';
import { renderClientMessage, type ClientMessage, type ClientStepId, type MessageContext } from '../domain/messages';
import { dayAfterSession } from '../domain/plan';
import { healingPhaseOnDay } from '../domain/steps';
import type { RunState } from './run-state';
import { nowIso } from './timing';

/** patched() id of reading the clinic at send time (and of a text queue per clinic); never reuse it. */
const CLINIC_AT_SEND_TIME_PATCH = 'clinic-read-at-send-time';

/** A client message as the channel's activity gets it. */
export type Outgoing = { rendered: ClientMessage } | { atSendTime: ClientMessageRequest };

/** True from the first send after the patch on; false while replaying what an older run sent. */
export function readsClinicAtSendTime(): boolean {
  return patched(CLINIC_AT_SEND_TIME_PATCH);
}

/** Everything the message of `step` depends on but the clinic. */
export function messageContext(run: RunState): Omit<MessageContext, 'clinic'> {
  const { client, session } = run.input;
  return {
    clientFirstName: client.firstName,
    sessionNumber: session.number,
    plannedSessions: session.plannedSessions,
    timezone: run.zone,
    currentPhase: healingPhaseOnDay(dayAfterSession(session.performedAt, nowIso(), run.zone)),
    plan: run.plan,
    hasEmail: run.channels.email === 'active',
    ...(client.region ? { clientRegion: client.region } : {}),
    ...(client.locale ? { locale: client.locale } : {}),
    ...(run.booking ? { appointmentAt: run.booking.appointmentAt } : {}),
    ...(run.demoScale ? { demo: true } : {}),
  };
}

/** The message of `step`: rendered now (older runs) or to be rendered when it goes. */
export function outgoingMessage(run: RunState, step: ClientStepId, extra: Pick<MessageContext, 'reviewUrl'> = {}): Outgoing {
  const { clinic } = run.input;
  const snapshot = { name: clinic.name, phone: clinic.phone, bookingUrl: clinic.bookingUrl };
  const context = { ...messageContext(run), ...extra };
  if (!readsClinicAtSendTime()) return { rendered: renderClientMessage(step, { ...context, clinic: snapshot }) };
  // The welcome's .ics carries the calendar's version (calendar-updates.ts); 0 goes unsaid.
  const calendar = run.bookingChanges ? { calendarSequence: run.bookingChanges } : {};
  return { atSendTime: { clinicId: clinic.id, clinicSnapshot: snapshot, context, ...calendar } };
}
