/**
 * The `sendCalendarUpdate` activity: the client's email with the updated .ics after the next
 * session was booked, moved or cancelled (workflows/calendar-updates.ts). One per run and
 * `sequence`, through the dedupe store as every email (send-email.ts), keyed
 * `<workflowId>:calendar-update:email:sequence-<n>`.
 *
 * A booking (or a move) publishes the whole calendar, phases and appointment, at the new SEQUENCE;
 * a cleared booking cancels the appointment alone (METHOD:CANCEL, STATUS:CANCELLED).
 */
import { calendarEvents, calendarName, CALENDAR_UPDATE, cancelledAppointment } from '../../domain/calendar';
import { calendarUpdateEmail } from '../../domain/messages/calendar-update';
import { clinicAtSendTime, clinicFacts } from '../clinic-at-send-time';
import { activityLog } from '../errors';
import type { KeyParts, SendResult } from '../types';
import { calendarAttachment, calendarFactsOf } from './calendar-file';
import type { CalendarUpdateInput } from './port';
import { dedupedSend, oneClickUnsubscribeHeaders, trackingHeaders, type SendEmailDeps } from './send-email';

/** The dedupe key of one version of a session's calendar. */
export function calendarUpdateKey(input: Pick<CalendarUpdateInput, 'workflowId' | 'sequence'>): KeyParts {
  return { workflowId: input.workflowId, step: CALENDAR_UPDATE, notice: `sequence-${input.sequence}` };
}

export function createSendCalendarUpdate(deps: SendEmailDeps): (input: CalendarUpdateInput) => Promise<SendResult> {
  return async function sendCalendarUpdate(input: CalendarUpdateInput): Promise<SendResult> {
    const key = calendarUpdateKey(input);
    const ids = { workflowId: input.workflowId, step: CALENDAR_UPDATE, channel: 'email' };
    const { message } = input;
    const clinic = await clinicAtSendTime(deps.clinics, message.clinicId, activityLog(deps.log), ids);
    const facts = clinicFacts(message, clinic);
    const unsubscribe = deps.unsubscribeUrl?.({ to: input.to, clinicId: message.clinicId });
    const context = { ...message.context, clinic: facts, ...(unsubscribe ? { unsubscribeUrl: unsubscribe } : {}) };
    const calendar = calendarFactsOf(input.workflowId, message, facts.name, input.sequence);
    const stamp = deps.clock.now();
    const attachment =
      input.change === 'booked'
        ? calendarAttachment(calendarEvents({ ...calendar, appointmentAt: input.appointmentAt }), 'PUBLISH', stamp, calendarName(facts.name, calendar.locale))
        : calendarAttachment([cancelledAppointment(calendar, input.appointmentAt)], 'CANCEL', stamp);
    return dedupedSend(deps, key, 'email', {
      to: input.to,
      ...calendarUpdateEmail(input.change, input.appointmentAt, context),
      headers: { ...trackingHeaders(key, 'email'), ...(unsubscribe ? oneClickUnsubscribeHeaders(unsubscribe) : {}) },
      ...(clinic?.emailFrom ? { from: clinic.emailFrom } : {}),
      ...(clinic?.replyTo ? { replyTo: clinic.replyTo } : {}),
      attachments: [attachment],
    });
  };
}
