/**
 * A client's course over the HTTP API, against a real Temporal dev server and worker: sessions
 * enrolled one after another show as one course; on the booked appointment's day the next
 * enrolment comes prefilled from the run before it and is accepted as it is; another clinic's
 * client and runs are 404.
 */
import { createHash, randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Course } from '../../app/course';
import type { NextEnrollment } from '../../app/next-enrollment';
import { CLINIC } from '../../dev/aftercare-harness';
import { clinicRecord } from '../../dev/clinics';
import { createLogger } from '../../platform/logger';
import { TASK_QUEUE } from '../../workflows/contract';
import { startApiStack, TEST_API_KEY, testApiConfig } from '../support/api-stack';
import { eventually, middayZone } from '../support/eventually';

jest.setTimeout(300_000);

const A = clinicRecord({ ...CLINIC, id: 'northside', phone: '+12125550147' });
const B = clinicRecord({ ...CLINIC, id: 'southbank', name: 'Southbank Hair Clinic', email: 'desk@southbank.example.com', phone: '+12125550160' });
const ADMIN = { authorization: `Bearer ${TEST_API_KEY}` };

let stack: Awaited<ReturnType<typeof startApiStack>>;
let keyA: Record<string, string>;
let keyB: Record<string, string>;

async function clinicKey(clinicId: string): Promise<Record<string, string>> {
  const id = randomBytes(6).toString('hex');
  const key = `ak_${id}_${randomBytes(32).toString('base64url')}`;
  await stack.access.keys.create({ id, clinicId, name: `systems of ${clinicId}`, keyDigest: createHash('sha256').update(key).digest('hex'), createdBy: 'test' });
  return { authorization: `Bearer ${key}` };
}

async function send<T = unknown>(headers: Record<string, string>, method: string, url: string, body?: unknown): Promise<{ status: number; json: T }> {
  const res = await fetch(`${stack.baseUrl}${url}`, {
    method,
    headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: (await res.json()) as T };
}

beforeAll(async () => {
  stack = await startApiStack({ clinics: [A, B], config: testApiConfig(), logger: createLogger({ write: () => undefined }), taskQueue: TASK_QUEUE });
  keyA = await clinicKey(A.id);
  keyB = await clinicKey(B.id);
});
afterAll(async () => {
  await stack?.stop();
});

let refs = 0;
function firstSession(zone: string) {
  return {
    clinicId: A.id,
    clientRef: `CO${Date.now().toString(36)}${++refs}`,
    client: {
      firstName: 'Jordan',
      phone: '+12125554477',
      email: 'jordan@example.com',
      timezone: zone,
      locale: 'es',
      consent: { sms: true, email: true, text: 'I agree to aftercare texts and emails.' },
    },
    // Three weeks ago: the client has healed and books session 2.
    session: { number: 1, performedAt: DateTime.now().setZone(zone).minus({ days: 21 }).toISO(), plannedSessions: 3 },
  };
}

/** Later today, in the client's zone (it is mid-day there). */
const laterToday = (zone: string, hours: number) => DateTime.now().setZone(zone).plus({ hours }).set({ second: 0, millisecond: 0 }).toISO()!;

describe('a client course over the API', () => {
  it('shows the sessions as one course, and enrols each next one prefilled on its day', async () => {
    const zone = middayZone();
    const body = firstSession(zone);
    const enrolled = await send<{ workflowId: string }>(keyA, 'POST', '/api/enrollments', body);
    expect(enrolled.status).toBe(201);
    const s1 = enrolled.json.workflowId;
    const courseUrl = `/api/clinics/${A.id}/clients/${body.clientRef}/course`;

    let course = await send<Course>(keyA, 'GET', courseUrl);
    expect(course.status).toBe(200);
    expect(course.json).toMatchObject({ clinicId: A.id, clientRef: body.clientRef, plannedSessions: 3, complete: false, nextSession: null, touchUp: null });
    expect(course.json.sessions).toEqual([expect.objectContaining({ workflowId: s1, sessionNumber: 1, status: 'healing' })]);
    expect(Date.parse(course.json.sessions[0]!.performedAt!)).toBe(Date.parse(body.session.performedAt!));

    // Nothing booked yet: there is no next session to enrol.
    expect((await send(keyA, 'GET', `/api/enrollments/${s1}/next-enrollment`)).status).toBe(409);

    // Session 2 is booked for later today: the course offers to enrol it now.
    const appointment2 = laterToday(zone, 1);
    expect((await send(keyA, 'POST', `/api/enrollments/${s1}/booking`, { appointmentAt: appointment2 })).status).toBe(200);
    course = await send<Course>(keyA, 'GET', courseUrl);
    expect(course.json.nextSession).toEqual({ number: 2, appointmentAt: appointment2, fromWorkflowId: s1, enrolNow: true });
    expect(course.json.sessions[0]!.booking).toEqual({ appointmentAt: appointment2 });

    const prefill = await send<NextEnrollment>(keyA, 'GET', `/api/enrollments/${s1}/next-enrollment`);
    expect(prefill.status).toBe(200);
    expect(prefill.json).toMatchObject({
      clinicId: A.id,
      clientRef: body.clientRef,
      client: { firstName: 'Jordan', phone: body.client.phone, email: body.client.email, timezone: zone, locale: 'es', consent: { sms: true, email: true, text: body.client.consent.text } },
      session: { number: 2, plannedSessions: 3 },
    });
    // The appointment is still ahead: the session is taken as performed now.
    const performed2 = Date.parse(prefill.json.session.performedAt);
    expect(performed2).toBeLessThanOrEqual(Date.now());
    expect(performed2).toBeLessThan(Date.parse(appointment2));
    // Another clinic's key cannot read the client's details.
    expect((await send(keyB, 'GET', `/api/enrollments/${s1}/next-enrollment`)).status).toBe(404);

    // The prefilled body is accepted as it is.
    const second = await send<{ workflowId: string }>(keyA, 'POST', '/api/enrollments', prefill.json);
    expect(second.status).toBe(201);
    const s2 = second.json.workflowId;
    // Enrolled already: no second offer.
    expect((await send<{ error: string }>(keyA, 'GET', `/api/enrollments/${s1}/next-enrollment`)).json.error).toBe('no_next_session');

    // Session 3, the same way, from session 2.
    const appointment3 = laterToday(zone, 2);
    expect((await send(keyA, 'POST', `/api/enrollments/${s2}/booking`, { appointmentAt: appointment3 })).status).toBe(200);
    const prefill3 = await send<NextEnrollment>(ADMIN, 'GET', `/api/enrollments/${s2}/next-enrollment`);
    expect(prefill3.json.session.number).toBe(3);
    const third = await send<{ workflowId: string }>(keyA, 'POST', '/api/enrollments', prefill3.json);
    expect(third.status).toBe(201);

    // Session 3's run supersedes session 2's as it starts: the course shows it done once it has.
    course = await eventually(
      () => send<Course>(keyA, 'GET', courseUrl),
      (c) => c.json.sessions.every((s) => s.sessionNumber === 3 || s.status === 'done'),
    );
    expect(course.json.sessions.map((s) => [s.sessionNumber, s.status])).toEqual([
      [1, 'done'],
      [2, 'done'],
      [3, 'healing'],
    ]);
    expect(course.json.sessions[2]!.workflowId).toBe(third.json.workflowId);
    expect(course.json).toMatchObject({ complete: false, nextSession: null });
    // The last planned session has no next one.
    const last = await send<{ error: string }>(keyA, 'GET', `/api/enrollments/${third.json.workflowId}/next-enrollment`);
    expect(last.status).toBe(409);
    expect(last.json.error).toBe('no_next_session');

    // The administrator sees the same course; another clinic does not see the client at all.
    expect((await send<Course>(ADMIN, 'GET', courseUrl)).json.sessions).toHaveLength(3);
    const other = await send<{ error: string }>(keyB, 'GET', courseUrl);
    expect(other.status).toBe(404);
    expect((await send(keyB, 'GET', `/api/clinics/${B.id}/clients/${body.clientRef}/course`)).status).toBe(404);
  });

  it('a booking on a later day is shown but not offered for enrolment until that day', async () => {
    const zone = middayZone();
    const body = firstSession(zone);
    const { json } = await send<{ workflowId: string }>(keyA, 'POST', '/api/enrollments', body);
    const appointment = DateTime.now().setZone(zone).plus({ days: 3 }).set({ hour: 14, minute: 0, second: 0, millisecond: 0 }).toISO()!;
    expect((await send(keyA, 'POST', `/api/enrollments/${json.workflowId}/booking`, { appointmentAt: appointment })).status).toBe(200);
    const course = await send<Course>(keyA, 'GET', `/api/clinics/${A.id}/clients/${body.clientRef}/course`);
    expect(course.json.nextSession).toEqual({ number: 2, appointmentAt: appointment, fromWorkflowId: json.workflowId, enrolNow: false });
    const early = await send<{ error: string; message: string }>(keyA, 'GET', `/api/enrollments/${json.workflowId}/next-enrollment`);
    expect(early.status).toBe(409);
    expect(early.json.message).toContain('enrol it on that day');
  });

  it('an unknown client is 404 and a malformed reference 400', async () => {
    const unknown = await send<{ error: string }>(keyA, 'GET', `/api/clinics/${A.id}/clients/NOBODY-${Date.now()}/course`);
    expect(unknown.status).toBe(404);
    const bad = await send<{ issues: { path: string }[] }>(keyA, 'GET', `/api/clinics/${A.id}/clients/${encodeURIComponent('no such ref!')}/course`);
    expect(bad.status).toBe(400);
    expect(bad.json.issues[0]!.path).toBe('clientRef');
    expect((await send(keyA, 'GET', `/api/clinics/unknown-clinic/clients/C1/course`)).status).toBe(404);
  });
});
