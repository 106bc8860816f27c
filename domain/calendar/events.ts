/**
 * A session's calendar: each healing phase as an all-day event on the client's own dates, the
 * month away from pools and sun, and the booked next session as a timed event. Pure: the welcome
 * email's attachment, the booking update and the subscribed feed are all built from the same facts,
 * so a phone that imported one and subscribed to the other sees one set of events (same UIDs).
 */
import type { DateTime } from 'luxon';
import { DEFAULT_LANGUAGE, translator, type Language } from '../i18n';
import { dayZero } from '../messages/dates';
import type { PlannedStep } from '../plan-types';
import { fixedDay, PHASE_DAYS } from '../steps';
import { CALENDAR_CATALOG } from './catalog';

const t = translator(CALENDAR_CATALOG);

/** The events a session's calendar can hold; part of each event's UID, so never rename one. */
export const CALENDAR_EVENT_IDS = ['days-1-4', 'days-5-7', 'days-8-14', 'day-15', 'first-month', 'appointment'] as const;
export type CalendarEventId = (typeof CALENDAR_EVENT_IDS)[number];

/**
 * The right-hand side of every UID. Fixed rather than the public host: a UID must never change for
 * the life of the event, and a deployment may move to another address.
 */
export const CALENDAR_UID_HOST = 'smp-aftercare';

/** `<workflowId>-<event>@smp-aftercare`: one per session and event, the same in every file and feed. */
export function calendarUid(workflowId: string, id: CalendarEventId): string {
  return `${workflowId}-${id}@${CALENDAR_UID_HOST}`;
}

export type CalendarWhen =
  /** Whole local days, first and last included (ISO dates in the client's zone). */
  | { kind: 'days'; first: string; last: string }
  /** An instant (UTC ISO) and a length. */
  | { kind: 'timed'; start: string; minutes: number };

export interface CalendarEvent {
  id: CalendarEventId;
  uid: string;
  title: string;
  description: string;
  when: CalendarWhen;
  /** RFC 5545 SEQUENCE: higher in each later version of the event. */
  sequence: number;
  /** Set on the appointment of a CANCEL: the booking was cleared. */
  cancelled?: true;
}

/** What a session's calendar is made of: the run's status and the clinic's name, nothing personal. */
export interface CalendarFacts {
  workflowId: string;
  plan: readonly PlannedStep[];
  /** The client's IANA zone: the phases' dates are their local days. */
  timezone: string;
  locale?: Language | undefined;
  clinicName: string;
  sessionNumber: number;
  /** The booked next session (UTC ISO), if any. */
  appointmentAt?: string | null | undefined;
  /** The version of the calendar (workflows count the booking changes); 0 for the first. */
  sequence: number;
}

/** Each phase's days after the session, first and last included; the month ends the day before day 30's message says it is over. */
const PHASE_SPANS: Record<Exclude<CalendarEventId, 'appointment'>, readonly [number, number]> = {
  'days-1-4': PHASE_DAYS['days-1-4'],
  'days-5-7': PHASE_DAYS['days-5-7'],
  'days-8-14': PHASE_DAYS['days-8-14'],
  'day-15': [fixedDay('day-15'), fixedDay('day-15')],
  'first-month': [PHASE_DAYS['days-1-4'][0], fixedDay('one-month') - 1],
};

/**
 * How long the booked session is held in the calendar. The protocol gives "about 30 minutes" for a
 * third session and later; the second is "much shorter than the first" with no figure, so it
 * holds two hours rather than guess short.
 */
export function appointmentMinutes(sessionNumber: number): number {
  return sessionNumber >= 3 ? 30 : 120;
}

const isoDate = (d: DateTime): string => d.toISODate() as string;

/**
 * The healing phases of the plan, on the client's dates. A phase that was over before the client
 * was enrolled (a late enrolment) is left out, like the plan's own steps.
 */
export function healingEvents(facts: CalendarFacts): CalendarEvent[] {
  const d0 = dayZero({ plan: [...facts.plan], timezone: facts.timezone });
  if (!d0) return [];
  const language = facts.locale ?? DEFAULT_LANGUAGE;
  const enrolledOnDay = facts.plan.find((s) => s.step === 'welcome')?.day ?? 0;
  const values = { clinic: facts.clinicName, session: facts.sessionNumber };
  return (Object.keys(PHASE_SPANS) as (keyof typeof PHASE_SPANS)[])
    .filter((id) => PHASE_SPANS[id][1] >= enrolledOnDay)
    .map((id) => {
      const [first, last] = PHASE_SPANS[id];
      return {
        id,
        uid: calendarUid(facts.workflowId, id),
        title: t(language, `${id}.title`),
        description: t(language, `${id}.description`, values),
        when: { kind: 'days', first: isoDate(d0.plus({ days: first })), last: isoDate(d0.plus({ days: last })) },
        sequence: facts.sequence,
      };
    });
}

/** The booked next session at `appointmentAt`. */
export function appointmentEvent(facts: Omit<CalendarFacts, 'plan' | 'appointmentAt'>, appointmentAt: string): CalendarEvent {
  const language = facts.locale ?? DEFAULT_LANGUAGE;
  const next = facts.sessionNumber + 1;
  return {
    id: 'appointment',
    uid: calendarUid(facts.workflowId, 'appointment'),
    title: t(language, 'appointment.title', { next, clinic: facts.clinicName }),
    description: t(language, 'appointment.description', { clinic: facts.clinicName }),
    when: { kind: 'timed', start: new Date(appointmentAt).toISOString(), minutes: appointmentMinutes(next) },
    sequence: facts.sequence,
  };
}

/** Every event of the session's calendar as it stands: the phases, and the appointment once booked. */
export function calendarEvents(facts: CalendarFacts): CalendarEvent[] {
  const appointment = facts.appointmentAt ? [appointmentEvent(facts, facts.appointmentAt)] : [];
  return [...healingEvents(facts), ...appointment];
}

/** The appointment withdrawn (its booking cleared): what a METHOD:CANCEL carries. */
export function cancelledAppointment(facts: Omit<CalendarFacts, 'plan' | 'appointmentAt'>, appointmentAt: string): CalendarEvent {
  return { ...appointmentEvent(facts, appointmentAt), cancelled: true };
}

/** The subscribed calendar's name in the client's language. */
export function calendarName(clinicName: string, locale: Language | undefined): string {
  return t(locale ?? DEFAULT_LANGUAGE, 'calendar.name', { clinic: clinicName });
}
