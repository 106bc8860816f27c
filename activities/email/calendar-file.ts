/**
 * A session's calendar as an email attachment: the facts come from the message request the run
 * sent (plan, zone, language, booking) and the clinic's name as it is now.
 */
import { calendarEvents, calendarName, type CalendarEvent, type CalendarFacts } from '../../domain/calendar';
import { calendarContentType, renderIcs, type CalendarMethod } from './ics';
import type { ClientMessageRequest } from '../types';
import type { MailAttachment } from './port';

/** The file name clients see; the same in every language, as calendar programs show their own label. */
const CALENDAR_FILE_NAME = 'aftercare.ics';

/** The calendar facts of a run's message request, at `sequence`. */
export function calendarFactsOf(workflowId: string, request: ClientMessageRequest, clinicName: string, sequence: number): CalendarFacts {
  const { context } = request;
  return {
    workflowId,
    plan: context.plan,
    timezone: context.timezone,
    locale: context.locale,
    clinicName,
    sessionNumber: context.sessionNumber,
    appointmentAt: context.appointmentAt ?? null,
    sequence,
  };
}

/** `events` as an .ics attachment of `method`, stamped `stamp`. */
export function calendarAttachment(events: readonly CalendarEvent[], method: CalendarMethod, stamp: Date, name?: string): MailAttachment {
  return { filename: CALENDAR_FILE_NAME, contentType: calendarContentType(method), content: renderIcs(events, { method, stamp, ...(name ? { name } : {}) }) };
}

/** The whole calendar of the session as it stands (the welcome's attachment). */
export function sessionCalendar(facts: CalendarFacts, stamp: Date): MailAttachment {
  return calendarAttachment(calendarEvents(facts), 'PUBLISH', stamp, calendarName(facts.clinicName, facts.locale));
}
