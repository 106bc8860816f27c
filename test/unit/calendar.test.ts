/**
 * A session's calendar (issue 16, point 2): the events a plan makes, in the client's zone and
 * language, their .ics (PUBLISH, SEQUENCE, CANCEL), the signed address's token, and the email
 * activities that carry the file (nodemailer -> SMTP sink, parsed back).
 */
import { calendarEvents, calendarUid, cancelledAppointment, healingEvents, type CalendarFacts } from '../../domain/calendar';
import { renderIcs } from '../../activities/email/ics';
import { calendarUpdateEmail } from '../../domain/messages/calendar-update';
import { buildPlan } from '../../domain/plan';
import { calendarToken, calendarUrl, readCalendarToken } from '../../app/calendar-token';
import { unsubscribeToken } from '../../app/unsubscribe-token';
import { createActivities } from '../../activities';
import { InMemorySendRecordStore } from '../../activities/send-records';
import { createSmtpMailer, type SmtpMailer } from '../../activities/email/smtp-mailer';
import type { ClientMessageRequest } from '../../activities/types';
import { CLINIC } from '../../dev/aftercare-harness';
import { startSmtpSink, type SmtpSink } from '../../dev/smtp-sink';
import { calendarProp, eventsOf, parseIcal } from '../support/ical';

const NEW_YORK = 'America/New_York';
const WORKFLOW_ID = 'aftercare-northside~C1042-s1';
const KEY = 'phone-hash-key-for-tests-0123';
const STAMP = new Date('2026-03-06T21:00:00Z');

/** Session on Friday, March 6, 2026 at 3 PM in New York, enrolled an hour later (or on `enrolledDay`). */
function planOf(enrolledAt = '2026-03-06T16:00:00-05:00') {
  return buildPlan({
    sessionAt: '2026-03-06T15:00:00-05:00',
    timezone: NEW_YORK,
    sessionNumber: 1,
    plannedSessions: 3,
    sendTime: '10:00',
    window: { start: '09:00', end: '20:00' },
    enrolledAt,
  });
}

const facts = (over: Partial<CalendarFacts> = {}): CalendarFacts => ({
  workflowId: WORKFLOW_ID,
  plan: planOf(),
  timezone: NEW_YORK,
  clinicName: 'Northside Scalp Studio',
  sessionNumber: 1,
  sequence: 0,
  ...over,
});

describe('the events of a plan', () => {
  it('has each healing phase as whole local days, the month away from pools and sun, and stable UIDs', () => {
    const events = calendarEvents(facts());
    expect(events.map((e) => [e.id, e.when])).toEqual([
      ['days-1-4', { kind: 'days', first: '2026-03-07', last: '2026-03-10' }],
      ['days-5-7', { kind: 'days', first: '2026-03-11', last: '2026-03-13' }],
      ['days-8-14', { kind: 'days', first: '2026-03-14', last: '2026-03-20' }],
      ['day-15', { kind: 'days', first: '2026-03-21', last: '2026-03-21' }],
      ['first-month', { kind: 'days', first: '2026-03-07', last: '2026-04-04' }],
    ]);
    expect(events.map((e) => e.uid)).toEqual(events.map((e) => `${WORKFLOW_ID}-${e.id}@smp-aftercare`));
    expect(events[0]!.title).toBe('Aftercare days 1-4: keep your scalp dry');
  });

  it('uses the client’s own calendar days: a session late in the evening in Tokyo is on the Tokyo date', () => {
    const plan = buildPlan({
      sessionAt: '2026-03-06T22:30:00+09:00',
      timezone: 'Asia/Tokyo',
      sessionNumber: 1,
      plannedSessions: 1,
      sendTime: '10:00',
      window: { start: '09:00', end: '20:00' },
      enrolledAt: '2026-03-06T23:00:00+09:00',
    });
    expect(healingEvents(facts({ plan, timezone: 'Asia/Tokyo' }))[0]!.when).toEqual({ kind: 'days', first: '2026-03-07', last: '2026-03-10' });
  });

  it('leaves out the phases that were over when the client was enrolled', () => {
    const late = planOf('2026-03-15T12:00:00-04:00'); // day 9
    expect(healingEvents(facts({ plan: late })).map((e) => e.id)).toEqual(['days-8-14', 'day-15', 'first-month']);
  });

  it('adds the booked next session as a timed event, and speaks the client’s language', () => {
    const events = calendarEvents(facts({ appointmentAt: '2026-04-03T18:30:00Z', locale: 'es', sequence: 2 }));
    const appointment = events.find((e) => e.id === 'appointment')!;
    expect(appointment).toMatchObject({ uid: calendarUid(WORKFLOW_ID, 'appointment'), when: { kind: 'timed', start: '2026-04-03T18:30:00.000Z', minutes: 120 }, sequence: 2 });
    expect(appointment.title).toBe('Sesión 2: micropigmentación capilar en Northside Scalp Studio');
    expect(events[0]!.title).toBe('Cuidados días 1-4: cuero cabelludo seco');
    expect(events.every((e) => e.sequence === 2)).toBe(true);
  });

  it('carries no phone number and no email address', () => {
    for (const locale of ['en', 'es'] as const) {
      const text = renderIcs(calendarEvents(facts({ appointmentAt: '2026-04-03T18:30:00Z', locale })), { method: 'PUBLISH', stamp: STAMP });
      expect(text).not.toMatch(/@(?!smp-aftercare)|\+?\d[\d ()-]{7,}\d/);
    }
  });
});

describe('the .ics', () => {
  it('parses: all-day phases (DTEND the day after), the appointment in UTC with a duration, METHOD:PUBLISH, SEQUENCE', () => {
    const text = renderIcs(calendarEvents(facts({ appointmentAt: '2026-04-03T18:30:00Z', sequence: 3 })), { method: 'PUBLISH', stamp: STAMP, name: 'Aftercare' });
    const calendar = parseIcal(text);
    expect(calendarProp(calendar, 'METHOD')).toBe('PUBLISH');
    const events = eventsOf(calendar);
    expect(events).toHaveLength(6);
    expect(events[0]).toMatchObject({ UID: `${WORKFLOW_ID}-days-1-4@smp-aftercare`, DTSTART: '20260307', DTEND: '20260311', SEQUENCE: '3', DTSTAMP: '20260306T210000Z' });
    expect(events[5]).toMatchObject({ UID: `${WORKFLOW_ID}-appointment@smp-aftercare`, DTSTART: '20260403T183000Z', DURATION: 'PT2H', SEQUENCE: '3' });
    expect(calendar.children[0]!.params.DTSTART).toEqual({ VALUE: 'DATE' });
    // The same facts at the same moment: the same bytes (nothing random, nothing from the clock).
    expect(renderIcs(calendarEvents(facts({ appointmentAt: '2026-04-03T18:30:00Z', sequence: 3 })), { method: 'PUBLISH', stamp: STAMP, name: 'Aftercare' })).toBe(text);
  });

  it('a cancel withdraws the appointment alone: METHOD:CANCEL, STATUS:CANCELLED, the same UID and a higher SEQUENCE', () => {
    const booked = eventsOf(parseIcal(renderIcs(calendarEvents(facts({ appointmentAt: '2026-04-03T18:30:00Z', sequence: 1 })), { method: 'PUBLISH', stamp: STAMP })));
    const calendar = parseIcal(renderIcs([cancelledAppointment(facts({ sequence: 2 }), '2026-04-03T18:30:00Z')], { method: 'CANCEL', stamp: STAMP }));
    expect(calendarProp(calendar, 'METHOD')).toBe('CANCEL');
    const [cancel] = eventsOf(calendar);
    const appointment = booked.find((e) => e.UID!.endsWith('-appointment@smp-aftercare'))!;
    expect(eventsOf(calendar)).toHaveLength(1);
    expect(cancel).toMatchObject({ UID: appointment.UID, STATUS: 'CANCELLED', DTSTART: appointment.DTSTART });
    expect(Number(cancel!.SEQUENCE)).toBeGreaterThan(Number(appointment.SEQUENCE));
  });
});

describe('the calendar address token', () => {
  const token = calendarToken(WORKFLOW_ID, KEY);

  it('reads back as the workflow ID it was signed for', () => {
    expect(readCalendarToken(token, KEY)).toBe(WORKFLOW_ID);
    expect(calendarUrl('https://aftercare.example.com/', KEY, WORKFLOW_ID)).toBe(`https://aftercare.example.com/calendar/${encodeURIComponent(token)}.ics`);
  });

  it('is refused when forged: another session’s ID on this signature, any changed character, another key, an unsubscribe token', () => {
    const signature = token.slice(WORKFLOW_ID.length + 1);
    expect(readCalendarToken(`aftercare-northside~C1043-s1.${signature}`, KEY)).toBeUndefined();
    expect(readCalendarToken(`aftercare-northside~C1042-s2.${signature}`, KEY)).toBeUndefined();
    for (let i = 0; i < token.length; i++) {
      const c = token[i] === 'A' ? 'B' : 'A';
      expect(readCalendarToken(`${token.slice(0, i)}${c}${token.slice(i + 1)}`, KEY)).toBeUndefined();
    }
    expect(readCalendarToken(token.slice(0, -1), KEY)).toBeUndefined();
    expect(readCalendarToken(`${token}A`, KEY)).toBeUndefined();
    expect(readCalendarToken(token, `${KEY}x`)).toBeUndefined();
    expect(readCalendarToken(`not-a-workflow.${signature}`, KEY)).toBeUndefined();
    expect(readCalendarToken(unsubscribeToken({ clinicId: 'northside', emailHash: 'a'.repeat(32) }, KEY), KEY)).toBeUndefined();
  });
});

describe('the emails that carry the calendar (nodemailer -> SMTP sink)', () => {
  let smtp: SmtpSink;
  let mail: SmtpMailer;
  beforeAll(async () => {
    smtp = await startSmtpSink();
    mail = createSmtpMailer({ url: smtp.url, from: 'Aftercare <aftercare@example.com>', timeoutMs: 5_000 });
  });
  afterAll(async () => {
    mail.close();
    await smtp.close();
  });
  beforeEach(() => smtp.reset());

  const request = (over: Partial<ClientMessageRequest['context']> = {}): ClientMessageRequest => ({
    clinicId: CLINIC.id,
    clinicSnapshot: { name: CLINIC.name, phone: CLINIC.phone, bookingUrl: CLINIC.bookingUrl },
    context: {
      clientFirstName: 'Jordan',
      sessionNumber: 1,
      plannedSessions: 3,
      timezone: NEW_YORK,
      currentPhase: 'day-0',
      plan: planOf(),
      hasEmail: true,
      ...over,
    },
  });
  const activities = () =>
    createActivities({
      sms: { send: async () => ({ providerId: 'x' }) } as never,
      mail,
      records: new InMemorySendRecordStore(),
      clock: { now: () => STAMP },
      calendarUrl: (workflowId) => calendarUrl('https://aftercare.example.com', KEY, workflowId),
    });
  const icsOf = (i: number) => {
    const attachment = smtp.messages[i]!.attachments.find((a) => a.filename === 'aftercare.ics')!;
    return { attachment, calendar: parseIcal(attachment.content.toString('utf8')) };
  };

  it('the welcome has the .ics attached (PUBLISH) and names the calendar address', async () => {
    await activities().sendEmail({ workflowId: WORKFLOW_ID, step: 'welcome', to: 'jordan@example.com', message: request() });
    const { attachment, calendar } = icsOf(0);
    expect(attachment.contentType).toBe('text/calendar');
    expect(calendarProp(calendar, 'METHOD')).toBe('PUBLISH');
    expect(eventsOf(calendar).map((e) => e.UID)).toContain(`${WORKFLOW_ID}-day-15@smp-aftercare`);
    expect(smtp.messages[0]!.text).toContain(calendarUrl('https://aftercare.example.com', KEY, WORKFLOW_ID));
  });

  it('a later step carries no calendar', async () => {
    await activities().sendEmail({ workflowId: WORKFLOW_ID, step: 'days-1-4', to: 'jordan@example.com', message: request() });
    expect(smtp.messages[0]!.attachments).toEqual([]);
    expect(smtp.messages[0]!.text).not.toContain('/calendar/');
  });

  it('a booking update publishes the appointment at its SEQUENCE, once per sequence; a cancel sends METHOD:CANCEL', async () => {
    const a = activities();
    const booked = { workflowId: WORKFLOW_ID, to: 'jordan@example.com', sequence: 1, change: 'booked' as const, appointmentAt: '2026-04-03T18:30:00Z', message: request({ locale: 'es' }) };
    await a.sendCalendarUpdate(booked);
    const again = await a.sendCalendarUpdate(booked);
    expect(again.alreadySent).toBe(true);
    await a.sendCalendarUpdate({ ...booked, sequence: 2, change: 'cancelled' });
    expect(smtp.messages).toHaveLength(2);
    expect(smtp.messages[0]!.subject).toBe('Northside Scalp Studio: la sesión 2 ya está en tu calendario');
    expect(smtp.messages[0]!.headers.get('x-aftercare-step')).toBe('calendar-update');
    const first = icsOf(0).calendar;
    expect(calendarProp(first, 'METHOD')).toBe('PUBLISH');
    expect(eventsOf(first).find((e) => e.UID!.endsWith('-appointment@smp-aftercare'))).toMatchObject({ SEQUENCE: '1', DTSTART: '20260403T183000Z' });
    const second = icsOf(1).calendar;
    expect(calendarProp(second, 'METHOD')).toBe('CANCEL');
    expect(eventsOf(second)).toEqual([expect.objectContaining({ UID: `${WORKFLOW_ID}-appointment@smp-aftercare`, STATUS: 'CANCELLED', SEQUENCE: '2' })]);
    expect(smtp.messages[1]!.text).toContain('está cancelada');
  });
});

describe("the calendar update's words", () => {
  it('are all in the client\'s language, the unsubscribe footer and the HTML language included', () => {
    const ctx = {
      clientFirstName: 'Lucía',
      clinic: { name: 'Northside Scalp Studio', phone: '+13125550142', bookingUrl: 'https://book.example.com/northside' },
      sessionNumber: 1,
      plannedSessions: 3,
      timezone: 'Europe/Madrid',
      currentPhase: 'days-1-4' as const,
      plan: [],
      locale: 'es' as const,
      unsubscribeUrl: 'https://aftercare.example.com/unsubscribe/t',
    };
    const es = calendarUpdateEmail('booked', '2027-01-08T10:00:00Z', ctx);
    expect(es.subject).toContain('sesión 2');
    expect(es.text).toContain('viernes, 8 de enero');
    expect(es.text).toContain('date de baja aquí: https://aftercare.example.com/unsubscribe/t');
    expect(es.text).not.toContain('unsubscribe here');
    expect(es.html).toContain('lang="es"');
    const en = calendarUpdateEmail('booked', '2027-01-08T10:00:00Z', { ...ctx, locale: 'en' });
    expect(en.text).toContain('unsubscribe here: https://aftercare.example.com/unsubscribe/t');
  });
});
