/**
 * The care operations of the front desk (issue 14) through the real API stack (a dev server, a
 * worker with the real activities, the API over loopback HTTP): a time-zone change, a channel
 * switched off and on, a booking cleared and rescheduled, a whole clinic paused and resumed, a
 * search by client reference or phone, and a plan preview. Each new field's bad input is a 400
 * naming it.
 */
import { DateTime } from 'luxon';
import { buildApp } from '../../api/server';
import { CLINIC } from '../../dev/aftercare-harness';
import { PHONE_COUNTRY_HINT } from '../../domain/phone';
import { TIMEZONE_HINT } from '../../domain/time';
import { createLogger } from '../../platform/logger';
import { optOutSignal, SEARCH_ATTRIBUTES, TASK_QUEUE, type AftercareStatus, type ClinicProfile } from '../../workflows/contract';
import { startApiStack, testApiConfig, TEST_API_KEY } from '../support/api-stack';
import { eventually, middayZone } from '../support/eventually';

jest.setTimeout(180_000);

/** A second clinic, paused and resumed whole without touching the other tests' clients. */
const QUIET: ClinicProfile = { ...CLINIC, id: 'quietside', name: 'Quietside Scalp Studio' };
const auth = { authorization: `Bearer ${TEST_API_KEY}` };
const logger = createLogger({ level: 'error', write: () => undefined });

let stack: Awaited<ReturnType<typeof startApiStack>>;

beforeAll(async () => {
  stack = await startApiStack({ clinics: [CLINIC, QUIET], config: testApiConfig(), logger, taskQueue: TASK_QUEUE });
});
afterAll(async () => {
  await stack?.stop();
});

interface Answer<T = Record<string, unknown>> {
  status: number;
  json: T;
}

async function call<T = Record<string, unknown>>(method: string, path: string, body?: unknown, baseUrl = stack.baseUrl): Promise<Answer<T>> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...auth, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: (await res.json()) as T };
}

let refs = 0;
async function enroll(opts: { clinicId?: string; phone?: string; consent?: { sms: boolean; email: boolean }; clientRef?: string } = {}) {
  const clientRef = opts.clientRef ?? `CARE${Date.now().toString(36)}${++refs}`;
  const res = await call('POST', '/api/enrollments', {
    clinicId: opts.clinicId ?? CLINIC.id,
    clientRef,
    client: {
      firstName: 'Jordan',
      phone: opts.phone ?? '+12125554477',
      email: 'jordan@example.com',
      timezone: middayZone(),
      consent: { ...(opts.consent ?? { sms: true, email: true }), text: 'I agree to aftercare texts and emails.' },
    },
    session: { number: 1, performedAt: DateTime.now().minus({ hours: 1 }).toISO(), plannedSessions: 3 },
  });
  expect(res.status).toBe(201);
  return { clientRef, workflowId: res.json.workflowId as string };
}

const issuesOf = (a: Answer) => (a.json as { issues?: { path: string; message: string }[] }).issues;

describe('POST /api/enrollments/:workflowId/contact with a time zone', () => {
  it('moves the client: the steps to come keep their days, at the clinic send time in the new zone; a bad zone is a 400 naming timezone', async () => {
    const { workflowId } = await enroll();
    const before = (await call<AftercareStatus>('GET', `/api/enrollments/${workflowId}`)).json;
    const moved = await call<AftercareStatus>('POST', `/api/enrollments/${workflowId}/contact`, { timezone: 'Pacific/Auckland' });
    expect(moved.status).toBe(200);
    expect(moved.json.timezone).toBe('Pacific/Auckland');
    const old = (step: string) => before.plan.find((s) => s.step === step)!;
    for (const step of moved.json.plan.filter((s) => s.step !== 'welcome')) {
      const at = DateTime.fromISO(step.sendAt, { zone: 'Pacific/Auckland' });
      expect(at.toFormat('HH:mm')).toBe(CLINIC.sendTime);
      expect(at.toISODate()).toBe(DateTime.fromISO(old(step.step).sendAt, { zone: before.timezone }).toISODate());
    }
    expect((await call<AftercareStatus>('GET', `/api/enrollments/${workflowId}`)).json.timezone).toBe('Pacific/Auckland');

    for (const timezone of ['Mars/Olympus_Mons', 5, '']) {
      const bad = await call('POST', `/api/enrollments/${workflowId}/contact`, { timezone });
      expect(bad.status).toBe(400);
      expect(issuesOf(bad)).toEqual([{ path: 'timezone', message: TIMEZONE_HINT }]);
    }
    expect((await call<AftercareStatus>('GET', `/api/enrollments/${workflowId}`)).json.timezone).toBe('Pacific/Auckland');
  });
});

describe('POST /api/enrollments/:workflowId/channels', () => {
  it('switches SMS off and on; refuses on after a STOP or without consent, naming channel; 400 for bad fields, 404, 409', async () => {
    const { workflowId } = await enroll();
    const off = await call<AftercareStatus>('POST', `/api/enrollments/${workflowId}/channels`, { channel: 'sms', enabled: false });
    expect(off.status).toBe(200);
    expect(off.json.channels).toEqual({ sms: 'off', email: 'active' });
    const on = await call<AftercareStatus>('POST', `/api/enrollments/${workflowId}/channels`, { channel: 'sms', enabled: true });
    expect(on.status).toBe(200);
    expect(on.json.channels).toEqual({ sms: 'active', email: 'active' });

    for (const [body, path] of [
      [{ channel: 'fax', enabled: true }, 'channel'],
      [{ enabled: true }, 'channel'],
      [{ channel: 'sms' }, 'enabled'],
      [{ channel: 'sms', enabled: 'yes' }, 'enabled'],
      [{ channel: 'sms', enabled: true, extra: 1 }, '(body)'],
    ] as const) {
      const bad = await call('POST', `/api/enrollments/${workflowId}/channels`, body);
      expect(bad.status).toBe(400);
      expect(issuesOf(bad)![0]!.path).toBe(path);
    }

    // The client's STOP (as the inbound webhook signals it): staff cannot take it back.
    await stack.env.client.workflow.getHandle(workflowId).signal(optOutSignal, { channel: 'sms' });
    const afterStop = await call('POST', `/api/enrollments/${workflowId}/channels`, { channel: 'sms', enabled: true });
    expect(afterStop.status).toBe(400);
    expect(issuesOf(afterStop)).toEqual([{ path: 'channel', message: expect.stringMatching(/STOP/) }]);
    expect((await call<AftercareStatus>('GET', `/api/enrollments/${workflowId}`)).json.channels.sms).toBe('opted-out');

    const emailOnly = await enroll({ consent: { sms: false, email: true } });
    const noConsent = await call('POST', `/api/enrollments/${emailOnly.workflowId}/channels`, { channel: 'sms', enabled: true });
    expect(noConsent.status).toBe(400);
    expect(issuesOf(noConsent)).toEqual([{ path: 'channel', message: 'the client has not agreed to SMS: record their consent first' }]);

    expect((await call('POST', '/api/enrollments/aftercare-northside~NOPE-s1/channels', { channel: 'sms', enabled: false })).status).toBe(404);
    expect((await call('POST', `/api/enrollments/${workflowId}/cancel`, {})).status).toBe(200);
    await stack.env.client.workflow.getHandle(workflowId).result();
    const late = await call('POST', `/api/enrollments/${workflowId}/channels`, { channel: 'email', enabled: false });
    expect(late.status).toBe(409);
  });
});

describe('DELETE /api/enrollments/:workflowId/booking', () => {
  it('clears a booking: the booking prompts ahead return and BookingStatus goes back; rescheduling replaces the appointment; no booking is a 400 naming booking', async () => {
    const { workflowId } = await enroll();
    const none = await call('DELETE', `/api/enrollments/${workflowId}/booking`);
    expect(none.status).toBe(400);
    expect(issuesOf(none)).toEqual([{ path: 'booking', message: 'there is no booking to clear' }]);

    const first = DateTime.now().plus({ days: 20 }).set({ hour: 15, minute: 0, second: 0, millisecond: 0 }).toISO() as string;
    const second = DateTime.now().plus({ days: 22 }).set({ hour: 11, minute: 30, second: 0, millisecond: 0 }).toISO() as string;
    const booked = await call<AftercareStatus>('POST', `/api/enrollments/${workflowId}/booking`, { appointmentAt: first });
    expect(booked.json.plan.map((s) => s.step)).not.toContain('book-next');
    const rescheduled = await call<AftercareStatus>('POST', `/api/enrollments/${workflowId}/booking`, { appointmentAt: second });
    expect(rescheduled.status).toBe(200);
    expect(rescheduled.json.booking).toEqual({ status: 'booked', appointmentAt: second });
    const reminder = rescheduled.json.plan.find((s) => s.step === 'appointment-reminder')!;
    expect(DateTime.fromISO(reminder.sendAt).toISODate()).toBe(DateTime.fromISO(second).minus({ days: 1 }).setZone(rescheduled.json.timezone).toISODate());

    const cleared = await call<AftercareStatus>('DELETE', `/api/enrollments/${workflowId}/booking`);
    expect(cleared.status).toBe(200);
    expect(cleared.json.booking).toEqual({ status: 'awaiting', appointmentAt: null });
    expect(cleared.json.plan.map((s) => s.step)).toEqual(expect.arrayContaining(['book-next', 'book-nudge', 'clinic-follow-up']));
    expect(cleared.json.plan.map((s) => s.step)).not.toContain('appointment-reminder');
    const attribute = await eventually(
      async () => (await stack.env.client.workflow.getHandle(workflowId).describe()).typedSearchAttributes.get(SEARCH_ATTRIBUTES.BookingStatus),
      (v) => v === 'awaiting',
    );
    expect(attribute).toBe('awaiting');

    expect((await call('DELETE', '/api/enrollments/aftercare-northside~NOPE-s1/booking')).status).toBe(404);
    expect((await call('POST', `/api/enrollments/${workflowId}/cancel`, {})).status).toBe(200);
    await stack.env.client.workflow.getHandle(workflowId).result();
    expect((await call('DELETE', `/api/enrollments/${workflowId}/booking`)).status).toBe(409);
  });
});

describe('POST /api/clinics/:clinicId/pause and /resume', () => {
  it("holds and releases every running client of the clinic, and no other clinic's; 404 for an unknown clinic, 400 for a bad reason", async () => {
    const a = await enroll({ clinicId: QUIET.id });
    const b = await enroll({ clinicId: QUIET.id });
    const elsewhere = await enroll();
    const ours = [a.workflowId, b.workflowId].sort();
    // Visibility lists new runs within moments: ask until both are held.
    const paused = await eventually(
      () => call<{ workflowIds: string[] }>('POST', `/api/clinics/${QUIET.id}/pause`, { reason: 'template under review' }),
      (r) => r.json.workflowIds.length === 2,
    );
    expect(paused.status).toBe(200);
    expect({ ...paused.json, workflowIds: [...paused.json.workflowIds].sort() }).toEqual({ clinicId: QUIET.id, workflowIds: ours, paused: true, reason: 'template under review' });
    for (const id of ours) {
      const s = await eventually(async () => (await call<AftercareStatus>('GET', `/api/enrollments/${id}`)).json, (v) => Boolean(v.paused));
      expect(s.paused).toMatchObject({ reason: 'template under review' });
    }
    expect((await call<AftercareStatus>('GET', `/api/enrollments/${elsewhere.workflowId}`)).json.paused).toBeNull();

    const resumed = await call<{ workflowIds: string[] }>('POST', `/api/clinics/${QUIET.id}/resume`);
    expect(resumed.status).toBe(200);
    expect({ ...resumed.json, workflowIds: [...resumed.json.workflowIds].sort() }).toEqual({ clinicId: QUIET.id, workflowIds: ours, resumed: true, reason: 'clinic resumed through the API' });
    for (const id of ours) {
      expect((await eventually(async () => (await call<AftercareStatus>('GET', `/api/enrollments/${id}`)).json, (v) => !v.paused)).paused).toBeNull();
    }

    const unknown = await call('POST', '/api/clinics/no-such-clinic/pause', {});
    expect(unknown.status).toBe(404);
    expect(issuesOf(unknown)).toEqual([{ path: 'clinicId', message: 'unknown clinic "no-such-clinic"' }]);
    for (const [body, path] of [
      [{ reason: '' }, 'reason'],
      [{ reason: 'x'.repeat(201) }, 'reason'],
      [{ why: 'no' }, '(body)'],
    ] as const) {
      const bad = await call('POST', `/api/clinics/${QUIET.id}/pause`, body);
      expect(bad.status).toBe(400);
      expect(issuesOf(bad)![0]!.path).toBe(path);
    }
  });
});

describe('GET /api/enrollments?clientRef=&phone=', () => {
  it('finds a client by reference (exact) and by phone (E.164, or national in the clinic country) through PhoneHash; bad values are a 400 naming the parameter', async () => {
    const phone = '+12125554488';
    const found = await enroll({ phone });
    await enroll();
    const rows = (q: string) => call<{ workflowId: string }[]>('GET', `/api/enrollments?${q}`);
    const ids = async (q: string) => (await eventually(() => rows(q), (r) => r.json.length > 0)).json.map((r) => r.workflowId);
    expect(await ids(`clientRef=${found.clientRef}`)).toEqual([found.workflowId]);
    expect((await rows(`clientRef=${found.clientRef.slice(0, -1)}`)).json.map((r) => r.workflowId)).not.toContain(found.workflowId);
    expect(await ids(`phone=${encodeURIComponent(phone)}`)).toEqual([found.workflowId]);
    expect(await ids(`clinicId=${CLINIC.id}&phone=${encodeURIComponent('(212) 555-4488')}`)).toEqual([found.workflowId]);
    expect(await ids(`clinicId=${CLINIC.id}&clientRef=${found.clientRef}&phone=${encodeURIComponent('+1 212 555 4488')}`)).toEqual([found.workflowId]);

    const national = await rows(`phone=${encodeURIComponent('(212) 555-4488')}`);
    expect(national.status).toBe(400);
    expect(issuesOf(national as unknown as Answer)).toEqual([{ path: 'phone', message: PHONE_COUNTRY_HINT }]);
    for (const q of ['phone=not-a-number', 'phone=%2B999999999999999', "clientRef=a'b", 'clientRef=', 'phone=']) {
      const bad = await rows(q);
      expect(bad.status).toBe(400);
      expect(issuesOf(bad as unknown as Answer)![0]!.path).toBe(q.split('=')[0]);
    }

    // Without PHONE_HASH_KEY a phone cannot be looked up: 503, and a reference search still works.
    const keyless = await buildApp({ temporalClient: stack.env.client, clinics: stack.clinics, access: stack.access, config: testApiConfig({ PHONE_HASH_KEY: undefined }), logger });
    await keyless.listen({ port: 0, host: '127.0.0.1' });
    try {
      const base = `http://127.0.0.1:${(keyless.server.address() as { port: number }).port}`;
      const noKey = await call('GET', `/api/enrollments?phone=${encodeURIComponent(phone)}`, undefined, base);
      expect(noKey.status).toBe(503);
      expect(noKey.json).toMatchObject({ error: 'not_configured', message: expect.stringContaining('PHONE_HASH_KEY') });
      expect((await call<unknown[]>('GET', `/api/enrollments?clientRef=${found.clientRef}`, undefined, base)).json).toHaveLength(1);
    } finally {
      await keyless.close();
    }
  });
});

describe('POST /api/preview', () => {
  it("returns the plan in the client's zone with each step's message, starting nothing; 404 for an unknown clinic, 400 naming each bad field", async () => {
    const running = async () => {
      let n = 0;
      for await (const _ of stack.env.client.workflow.list({ query: "ExecutionStatus = 'Running'" })) n++;
      return n;
    };
    const before = await running();
    const performedAt = DateTime.now().minus({ hours: 1 }).toISO() as string;
    const res = await call<{ timezone: string; steps: { step: string; local: string; sendAt: string; label: string; message: Record<string, unknown> }[] }>(
      'POST',
      '/api/preview',
      { clinicId: CLINIC.id, client: { timezone: 'Europe/Paris', firstName: 'Sam' }, session: { number: 1, performedAt } },
    );
    expect(res.status).toBe(200);
    expect(res.json.timezone).toBe('Europe/Paris');
    const steps = res.json.steps;
    expect(steps[0]).toMatchObject({ step: 'welcome', label: 'welcome' });
    expect(steps.map((s) => s.step)).toEqual(expect.arrayContaining(['days-1-4', 'book-next', 'clinic-follow-up', 'one-month']));
    const day1 = steps.find((s) => s.step === 'days-1-4')!;
    expect(DateTime.fromISO(day1.sendAt, { zone: 'Europe/Paris' }).toFormat('HH:mm')).toBe(CLINIC.sendTime);
    expect(day1.local).toMatch(/\+0[12]:00$/);
    expect(day1.message).toMatchObject({ sms: expect.stringContaining('Sam'), email: { subject: expect.any(String), text: expect.any(String) } });
    expect(steps.find((s) => s.step === 'clinic-follow-up')!.message).toMatchObject({ clinicEmail: { subject: expect.any(String), text: expect.any(String) } });
    expect(await running()).toBe(before);

    const unknown = await call('POST', '/api/preview', { clinicId: 'nowhere', client: { timezone: 'Europe/Paris' }, session: { number: 1, performedAt } });
    expect(unknown.status).toBe(404);
    for (const [body, path] of [
      [{ clinicId: CLINIC.id, client: { timezone: 'Mars/Base' }, session: { number: 1, performedAt } }, 'client.timezone'],
      [{ clinicId: CLINIC.id, client: { timezone: 'Europe/Paris' }, session: { number: 0, performedAt } }, 'session.number'],
      [{ clinicId: CLINIC.id, client: { timezone: 'Europe/Paris' }, session: { number: 1, performedAt: 'yesterday' } }, 'session.performedAt'],
      [{ clinicId: CLINIC.id, client: { timezone: 'Europe/Paris' }, session: { number: 4, performedAt, plannedSessions: 3 } }, 'session.number'],
      [{ clinicId: 'Bad Id', client: { timezone: 'Europe/Paris' }, session: { number: 1, performedAt } }, 'clinicId'],
      [{ clinicId: CLINIC.id, session: { number: 1, performedAt } }, 'client'],
    ] as const) {
      const bad = await call('POST', '/api/preview', body);
      expect(bad.status).toBe(400);
      expect(issuesOf(bad)![0]!.path).toBe(path);
    }
  });
});

describe('OpenAPI document', () => {
  it('documents each care operation with its body and answers', async () => {
    const doc = (await (await fetch(`${stack.baseUrl}/openapi.json`)).json()) as { paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown>; parameters?: { name: string }[] }>> };
    const ops: [string, string, string | undefined, string[]][] = [
      ['/api/enrollments/{workflowId}/channels', 'post', 'ChannelSwitch', ['200', '400', '404', '409']],
      ['/api/enrollments/{workflowId}/booking', 'delete', undefined, ['200', '400', '404', '409']],
      ['/api/clinics/{clinicId}/pause', 'post', 'ClinicPause', ['200', '400', '404']],
      ['/api/clinics/{clinicId}/resume', 'post', 'ClinicResume', ['200', '400', '404']],
      ['/api/preview', 'post', 'PreviewRequest', ['200', '400', '404']],
    ];
    for (const [path, method, body, statuses] of ops) {
      const op = doc.paths[path]![method]!;
      if (body) expect(JSON.stringify(op.requestBody)).toContain(`#/components/schemas/${body}`);
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining([...statuses, '401']));
    }
    expect(JSON.stringify(doc.paths['/api/enrollments/{workflowId}/contact']!.post!.requestBody)).toContain('ContactChange');
    expect(doc.paths['/api/enrollments']!.get!.parameters!.map((p) => p.name)).toEqual(expect.arrayContaining(['clinicId', 'clientRef', 'phone']));
  });
});
