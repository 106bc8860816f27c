/**
 * Issue 16, point 2, on a real stack (dev server, worker, API, SMTP sink): a Spanish-speaking
 * client's welcome email, as it arrives over SMTP, has an .ics attached that parses, with the
 * healing phases in Spanish, and names the session's calendar address; that address serves the same
 * events (text/calendar) and, once the next session is booked, the appointment too, which also
 * arrives by email in an updated .ics. The front desk's status shows the address. A forged or
 * altered address gets 404 and changes nothing.
 */
import { DateTime } from 'luxon';
import type { ParsedMail } from 'mailparser';
import { CLINIC } from '../../dev/aftercare-harness';
import { clinicRecord } from '../../dev/clinics';
import { createLogger } from '../../platform/logger';
import { TASK_QUEUE, type AftercareStatus } from '../../workflows/contract';
import { startApiStack, TEST_API_KEY, testApiConfig } from '../support/api-stack';
import { eventually, middayZone } from '../support/eventually';
import { calendarProp, eventsOf, parseIcal } from '../support/ical';

jest.setTimeout(240_000);

const config = testApiConfig();
const auth = { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' };
let stack: Awaited<ReturnType<typeof startApiStack>>;

beforeAll(async () => {
  stack = await startApiStack({ clinics: [clinicRecord(CLINIC)], config, logger: createLogger({ write: () => undefined }), taskQueue: TASK_QUEUE, calendarLinks: true });
});
afterAll(async () => {
  await stack?.stop();
});

async function enrollSpanish(): Promise<{ workflowId: string; zone: string }> {
  const zone = middayZone();
  const res = await fetch(`${stack.baseUrl}/api/enrollments`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({
      clinicId: CLINIC.id,
      clientRef: `CAL${Date.now().toString(36)}`,
      client: { firstName: 'Lucía', email: 'lucia@example.com', phone: '+12125554499', timezone: zone, locale: 'es-MX', consent: { sms: false, email: true } },
      session: { number: 1, performedAt: DateTime.now().minus({ hours: 1 }).toISO(), plannedSessions: 3 },
    }),
  });
  if (res.status !== 201) throw new Error(`enrolment: ${res.status} ${await res.text()}`);
  return { workflowId: ((await res.json()) as { workflowId: string }).workflowId, zone };
}

async function mailOf(workflowId: string, step: string, nth = 0): Promise<ParsedMail> {
  const find = () => stack.h.smtp.messages.filter((m) => m.headers.get('x-aftercare-workflow') === workflowId && m.headers.get('x-aftercare-step') === step)[nth];
  const mail = await eventually(async () => find(), (m) => m !== undefined, 60_000);
  if (!mail) throw new Error(`no ${step} email for ${workflowId}`);
  return mail;
}

const icsOf = (mail: ParsedMail) => {
  const file = mail.attachments.find((a) => a.filename === 'aftercare.ics');
  if (!file) throw new Error('no .ics attached');
  return parseIcal(file.content.toString('utf8'));
};

const uids = (events: Record<string, string>[]) => events.map((e) => e.UID).sort();

describe('calendar files', () => {
  it('the welcome’s .ics parses and its address serves the same events, then the booking; a forged address is 404', async () => {
    const { workflowId } = await enrollSpanish();
    const welcome = await mailOf(workflowId, 'welcome');
    const attached = icsOf(welcome);
    expect(calendarProp(attached, 'METHOD')).toBe('PUBLISH');
    const phases = eventsOf(attached);
    expect(phases.map((e) => e.SUMMARY)).toContain('Cuidados días 1-4: cuero cabelludo seco');
    expect(phases.every((e) => e.UID!.startsWith(`${workflowId}-`))).toBe(true);
    expect(welcome.attachments[0]!.content.toString('utf8')).not.toMatch(/lucia@|\+1212/);

    // The address in the email (its text part) is the one the front desk shows.
    const url = /(http:\/\/127\.0\.0\.1:\d+\/calendar\/\S+\.ics)/.exec(welcome.text ?? '')?.[1];
    expect(url).toBeDefined();
    const status = (await (await fetch(`${stack.baseUrl}/api/enrollments/${workflowId}`, { headers: auth })).json()) as AftercareStatus & { calendarUrl?: string };
    expect(status.calendarUrl?.replace('https://aftercare.example.com', stack.baseUrl)).toBe(url);

    const feed = await fetch(url!);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toMatch(/^text\/calendar/);
    const served = parseIcal(await feed.text());
    expect(uids(eventsOf(served))).toEqual(uids(phases));

    // Booked: the update arrives by email, and the address serves the appointment too.
    const appointmentAt = DateTime.now().plus({ days: 25 }).set({ hour: 14, minute: 30, second: 0, millisecond: 0 }).toUTC();
    const booked = await fetch(`${stack.baseUrl}/api/enrollments/${workflowId}/booking`, { method: 'POST', headers: auth, body: JSON.stringify({ appointmentAt: appointmentAt.toISO() }) });
    expect(booked.status).toBe(200);
    const update = icsOf(await mailOf(workflowId, 'calendar-update'));
    const appointment = eventsOf(update).find((e) => e.UID === `${workflowId}-appointment@smp-aftercare`);
    expect(appointment).toMatchObject({ DTSTART: appointmentAt.toFormat("yyyyMMdd'T'HHmmss'Z'"), SEQUENCE: '1' });
    const after = eventsOf(parseIcal(await (await fetch(url!)).text()));
    expect(after.find((e) => e.UID === appointment!.UID)).toMatchObject({ DTSTART: appointment!.DTSTART, SEQUENCE: '1' });

    // Forged: a changed signature, another session's ID on this signature, garbage. All 404, nothing served.
    const token = decodeURIComponent(url!.split('/calendar/')[1]!.slice(0, -'.ics'.length));
    const signature = token.slice(workflowId.length + 1);
    const forged = [
      `${workflowId}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`,
      `${workflowId.replace(/-s1$/, '-s2')}.${signature}`,
      'aftercare-northside~SOMEONE-s1.AAAAAAAAAAAAAAAAAAAAAA',
      'nothing',
    ];
    for (const t of forged) {
      const res = await fetch(`${stack.baseUrl}/calendar/${encodeURIComponent(t)}.ics`);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('BEGIN:VCALENDAR');
    }
    expect((await fetch(url!.replace(/\.ics$/, '.txt'))).status).toBe(404);
    // Nothing changed in the run.
    const unchanged = (await (await fetch(`${stack.baseUrl}/api/enrollments/${workflowId}`, { headers: auth })).json()) as AftercareStatus;
    expect(unchanged.booking).toEqual({ status: 'booked', appointmentAt: expect.any(String) });
    expect(unchanged.channels.email).toBe('active');
  });
});
