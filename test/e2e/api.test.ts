/**
 * The clinic-facing HTTP API (api/server.ts) against a real Temporal dev server with the search
 * attributes registered and a real worker on the `aftercare` task queue (real activities, Twilio
 * stand-in, SMTP sink): every route's happy path over real HTTP or app.inject, and each error
 * status.
 */
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { mkdtempSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { FastifyInstance } from 'fastify';
import { DateTime } from 'luxon';
import { ApiStartError, apiConnectionOptions, startApi } from '../../api/main';
import { openApiDocument } from '../../api/openapi/document';
import { PUBLIC_ROUTES } from '../../api/routes/session';
import { buildApp, BODY_LIMIT, routesOf, type ApiConfig } from '../../api/server';
import { phoneHash } from '../../app/phone-hash';
import { BOOKING_HORIZON_HINT } from '../../domain/booking';
import { SEARCH_ATTRIBUTES, TASK_QUEUE, type AftercareInput, type AftercareStatus } from '../../workflows/contract';
import { createLogger } from '../../platform/logger';
import { CLINIC, type Harness } from '../../dev/aftercare-harness';
import { eventually, middayZone } from '../support/eventually';
import { startApiStack } from '../support/api-stack';

jest.setTimeout(180_000);

const API_KEY = 'test-api-key-0123456789abcdef';
const PHONE_HASH_KEY = 'phone-hash-key-for-tests-0123';
const PHONE = '+12125554477';
const EMAIL = 'jordan@example.com';
const CONFIG: ApiConfig = {
  API_KEY,
  PUBLIC_BASE_URL: 'https://aftercare.example.com',
  TWILIO_AUTH_TOKEN: 'twilio-auth-token-for-tests',
  TWILIO_WEBHOOK_AUTH_TOKEN: undefined,
  PHONE_HASH_KEY,
  API_RATE_LIMIT_PER_MINUTE: 1000,
  // The 401 sweep below sends a few hundred wrong keys from one address.
  API_AUTH_FAILURES_PER_MINUTE: 10_000,
};
const CLINICS = new Map([[CLINIC.id, CLINIC]]);
const auth = { authorization: `Bearer ${API_KEY}` };

/** A zone where it is now mid-day, so the welcome goes at once whenever the suite runs. */
let refs = 0;
function enrollment(overrides: { clientRef?: string; session?: number; extra?: Record<string, unknown> } = {}) {
  return {
    clinicId: CLINIC.id,
    clientRef: overrides.clientRef ?? `API${Date.now().toString(36)}${++refs}`,
    client: {
      firstName: 'Jordan',
      phone: PHONE,
      email: EMAIL,
      timezone: middayZone(),
      consent: { sms: true, email: true, text: 'I agree to aftercare texts and emails.' },
      ...(overrides.extra ?? {}),
    },
    session: { number: overrides.session ?? 1, performedAt: DateTime.now().minus({ hours: 1 }).toISO(), plannedSessions: 3 },
  };
}

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface Answer {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  json(): unknown;
}

/**
 * Real HTTP to a listening app, shaped like Fastify's `inject` answer. (Fastify's own `inject`
 * loads light-my-request, whose ESM-only `cookie` dependency jest's CommonJS runtime cannot load.)
 */
async function request(
  target: FastifyInstance,
  r: { method?: 'GET' | 'POST'; url: string; headers?: Record<string, string>; payload?: unknown },
): Promise<Answer> {
  if (!target.server.listening) await target.listen({ port: 0, host: '127.0.0.1' });
  const { port } = target.server.address() as AddressInfo;
  const headers: Record<string, string> = { ...(r.headers ?? {}) };
  let body: string | undefined;
  if (r.payload !== undefined) {
    body = typeof r.payload === 'string' ? r.payload : JSON.stringify(r.payload);
    if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  }
  const res = await fetch(`http://127.0.0.1:${port}${r.url}`, { method: r.method ?? 'GET', headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  return { statusCode: res.status, headers: Object.fromEntries(res.headers), body: text, json: () => JSON.parse(text) as unknown };
}

let stack: Awaited<ReturnType<typeof startApiStack>>;
let env: TestWorkflowEnvironment;
let h: Harness;
let app: FastifyInstance;
let baseUrl: string;
const logLines: string[] = [];

beforeAll(async () => {
  stack = await startApiStack({
    clinics: CLINICS,
    config: CONFIG,
    logger: createLogger({ level: 'debug', write: (line) => logLines.push(line) }),
    taskQueue: TASK_QUEUE,
  });
  ({ env, h, app, baseUrl } = stack);
});

afterAll(async () => {
  await stack?.stop();
});

async function post(path: string, body: unknown, headers: Record<string, string> = auth) {
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
}

async function enrollOne(overrides: Parameters<typeof enrollment>[0] = {}) {
  const body = enrollment(overrides);
  const res = await post('/api/enrollments', body);
  expect(res.status).toBe(201);
  return { body, workflowId: res.json.workflowId as string, res };
}

describe('POST /api/enrollments', () => {
  it('enrolls over real HTTP: 201 with the workflow ID and the plan, PhoneHash and consent record set, request id logged without personal data', async () => {
    const body = enrollment();
    const res = await post('/api/enrollments', body, { ...auth, 'x-request-id': 'req-enroll-0001' });
    expect(res.status).toBe(201);
    const workflowId = `aftercare-${CLINIC.id}~${body.clientRef}-s1`;
    expect(res.json.workflowId).toBe(workflowId);
    expect(res.headers.get('location')).toBe(`/api/enrollments/${workflowId}`);
    expect(res.headers.get('x-request-id')).toBe('req-enroll-0001');
    const plan = res.json.plan as { step: string; sendAt: string; local: string; to: string; day: number }[];
    expect(plan[0]).toMatchObject({ step: 'welcome', to: 'client' });
    expect(plan.map((p) => p.step)).toEqual(expect.arrayContaining(['days-1-4', 'book-next', 'one-month']));

    const handle = env.client.workflow.getHandle(workflowId);
    const description = await handle.describe();
    expect(description.taskQueue).toBe(TASK_QUEUE);
    expect(description.typedSearchAttributes.get(SEARCH_ATTRIBUTES.PhoneHash)).toBe(phoneHash(PHONE, PHONE_HASH_KEY));
    // The workflow input carries the consent record the front desk sent.
    const history = await handle.fetchHistory();
    const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0]?.data;
    const input = JSON.parse(Buffer.from(payload!).toString('utf8')) as AftercareInput;
    expect(input.consentRecord).toEqual({ text: 'I agree to aftercare texts and emails.', at: expect.any(String) });
    expect(input.phoneHash).toBe(phoneHash(PHONE, PHONE_HASH_KEY));

    const lines = logLines.filter((l) => l.includes('req-enroll-0001'));
    expect(lines.some((l) => JSON.parse(l).msg === 'request completed' && JSON.parse(l).statusCode === 201)).toBe(true);
    const all = logLines.join('\n');
    for (const secret of [PHONE, PHONE.slice(2), EMAIL, 'Jordan', 'I agree to aftercare']) expect(all).not.toContain(secret);
  });

  it('refuses an invalid body with 400 naming each field, and starts nothing', async () => {
    const body = enrollment({ extra: { phone: undefined, timezone: 'Mars/Olympus', nickname: 'JJ' } });
    body.session.number = 0;
    const res = await request(app, { method: 'POST', url: '/api/enrollments', headers: auth, payload: body });
    expect(res.statusCode).toBe(400);
    const json = res.json() as { error: string; issues: { path: string; message: string }[]; requestId: string };
    expect(json.error).toBe('invalid_request');
    const paths = json.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['client.timezone', 'session.number', 'client']));
    expect(json.issues.find((i) => i.path === 'client')?.message).toMatch(/unknown field\(s\): nickname/);
    expect(json.requestId).toBe(res.headers['x-request-id']);
    await expect(env.client.workflow.getHandle(`aftercare-${CLINIC.id}~${body.clientRef}-s0`).describe()).rejects.toThrow(WorkflowNotFoundError);

    // SMS consent without a phone names client.phone.
    const noPhone = enrollment();
    delete (noPhone.client as { phone?: string }).phone;
    const res2 = await request(app, { method: 'POST', url: '/api/enrollments', headers: auth, payload: noPhone });
    expect(res2.statusCode).toBe(400);
    expect((res2.json() as { issues: { path: string }[] }).issues).toEqual([{ path: 'client.phone', message: expect.stringMatching(/required/) }]);
    await expect(env.client.workflow.getHandle(`aftercare-${CLINIC.id}~${noPhone.clientRef}-s1`).describe()).rejects.toThrow(WorkflowNotFoundError);
  });

  it('refuses an unknown top-level field', async () => {
    const res = await request(app, { method: 'POST', url: '/api/enrollments', headers: auth, payload: { ...enrollment(), priority: 'high' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'invalid_request', issues: [{ path: '(body)', message: 'unknown field(s): priority' }] });
  });

  it('answers 404 for an unknown clinic, naming clinicId', async () => {
    const res = await request(app, { method: 'POST', url: '/api/enrollments', headers: auth, payload: { ...enrollment(), clinicId: 'elsewhere' } });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: 'not_found', issues: [{ path: 'clinicId' }] });
  });

  it('answers 409 when the same session is enrolled again', async () => {
    const { body, workflowId } = await enrollOne();
    const again = await request(app, { method: 'POST', url: '/api/enrollments', headers: auth, payload: body });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: 'already_enrolled', workflowId });
  });

  it('answers 413 for a body over the limit, 415 for a body that is not JSON, 400 for broken JSON', async () => {
    const big = await request(app, {
      method: 'POST',
      url: '/api/enrollments',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ ...enrollment(), padding: 'x'.repeat(BODY_LIMIT) }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ error: 'payload_too_large' });

    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const res = await request(app, { method: 'POST', url: '/api/enrollments', headers: { ...auth, 'content-type': type }, payload: 'clinicId=northside' });
      expect(res.statusCode).toBe(415);
      expect(res.json()).toMatchObject({ error: 'unsupported_media_type' });
    }

    const broken = await request(app, { method: 'POST', url: '/api/enrollments', headers: { ...auth, 'content-type': 'application/json' }, payload: '{"clinicId": ' });
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toMatchObject({ error: 'invalid_request', issues: [{ path: '(body)', message: 'is not valid JSON' }] });
  });
});

describe('authentication', () => {
  it.each([
    ['no Authorization header', {}, 'Bearer realm="aftercare"'],
    ['a wrong key', { authorization: 'Bearer not-the-key' }, 'Bearer realm="aftercare", error="invalid_token"'],
    ['a key of another length', { authorization: `Bearer ${API_KEY}x` }, 'Bearer realm="aftercare", error="invalid_token"'],
    ['Basic instead of Bearer', { authorization: `Basic ${Buffer.from(`x:${API_KEY}`).toString('base64')}` }, 'Bearer realm="aftercare", error="invalid_token"'],
  ])('answers 401 with WWW-Authenticate for %s, on every /api route', async (_what, headers, challenge) => {
    // Every route the app serves under /api, read from the app itself so a new one is covered too.
    const requests = routesOf(app)
      .filter((r) => r.url.startsWith('/api/') && !(PUBLIC_ROUTES as readonly string[]).includes(`${r.method} ${r.url}`))
      .map((r) => ({
        method: r.method as 'GET' | 'POST',
        url: r.url.replace(/:workflowId/g, 'aftercare-northside-C1-s1'),
        ...(r.method === 'POST' ? { payload: r.url === '/api/enrollments' ? enrollment() : {} } : {}),
      }));
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining(['POST /api/enrollments', 'GET /api/enrollments', 'GET /api/clinics', 'POST /api/enrollments/aftercare-northside-C1-s1/cancel']),
    );
    for (const r of requests) {
      const res = await request(app, { ...r, headers });
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe(challenge);
      expect(res.json()).toMatchObject({ error: 'unauthorized' });
    }
  });
});

describe('GET /api/enrollments and /api/enrollments/:workflowId', () => {
  it('returns the status query and lists the clinic, with delivery problem', async () => {
    const { workflowId } = await enrollOne();
    // The welcome goes at once (mid-day in the client's zone): wait for it to be recorded.
    const status = await eventually(
      async () => (await request(app, { url: `/api/enrollments/${workflowId}`, headers: auth })).json() as AftercareStatus,
      (s) => s.sent.some((r) => r.id === 'welcome' && r.channel === 'email'),
    );
    expect(status).toMatchObject({
      phase: 'welcome',
      sessionNumber: 1,
      clinicId: CLINIC.id,
      channels: { sms: 'active', email: 'active' },
      booking: { status: 'awaiting', appointmentAt: null },
    });
    expect(status.nextStep).toMatchObject({ id: 'days-1-4' });

    const rows = await eventually(
      async () => (await request(app, { url: `/api/enrollments?clinicId=${CLINIC.id}`, headers: auth })).json() as { workflowId: string }[],
      (r) => r.some((row) => row.workflowId === workflowId),
    );
    expect(rows.find((r) => r.workflowId === workflowId)).toMatchObject({
      workflowId,
      clinicId: CLINIC.id,
      sessionNumber: 1,
      bookingStatus: 'awaiting',
      deliveryProblem: expect.any(String),
    });
    const all = (await request(app, { url: '/api/enrollments', headers: auth })).json() as { workflowId: string }[];
    expect(all.some((r) => r.workflowId === workflowId)).toBe(true);
  });

  it('answers 404 for an unknown workflow or clinic, 400 for a malformed clinicId or unknown query parameter', async () => {
    const unknown = await request(app, { url: '/api/enrollments/aftercare-northside-NOPE1-s1', headers: auth });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: 'not_found' });
    const malformed = await request(app, { url: '/api/enrollments/not-a-workflow', headers: auth });
    expect(malformed.statusCode).toBe(404);

    const clinic = await request(app, { url: '/api/enrollments?clinicId=elsewhere', headers: auth });
    expect(clinic.statusCode).toBe(404);
    expect(clinic.json()).toMatchObject({ issues: [{ path: 'clinicId' }] });
    const bad = await request(app, { url: '/api/enrollments?clinicId=Not_A_Clinic', headers: auth });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ issues: [{ path: 'clinicId' }] });
    const extra = await request(app, { url: '/api/enrollments?clinic=northside', headers: auth });
    expect(extra.statusCode).toBe(400);
    expect(extra.json()).toMatchObject({ issues: [{ path: 'clinic', message: 'is not a known query parameter' }] });
  });
});

describe('POST /api/enrollments/:workflowId/booking and /cancel', () => {
  it('records a booking, refuses what the workflow validator refuses (400 naming appointmentAt), then cancels', async () => {
    const { workflowId } = await enrollOne();
    const at = DateTime.now().plus({ days: 28 }).set({ hour: 14, minute: 0, second: 0, millisecond: 0 }).toISO()!;
    const booked = await post(`/api/enrollments/${workflowId}/booking`, { appointmentAt: at });
    expect(booked.status).toBe(200);
    expect((booked.json as unknown as AftercareStatus).booking).toEqual({ status: 'booked', appointmentAt: at });
    expect((booked.json as unknown as AftercareStatus).plan.map((p) => p.step)).toContain('appointment-reminder');

    // In the past: well-formed, so only the workflow's validator can refuse it.
    const past = await request(app, {
      method: 'POST',
      url: `/api/enrollments/${workflowId}/booking`,
      headers: auth,
      payload: { appointmentAt: DateTime.now().minus({ days: 2 }).toISO() },
    });
    expect(past.statusCode).toBe(400);
    expect(past.json()).toMatchObject({ error: 'invalid_request', issues: [{ path: 'appointmentAt', message: 'the appointment must be in the future' }] });

    // Far ahead (a typo for a year, say): refused too, not waited for.
    const farAhead = await request(app, { method: 'POST', url: `/api/enrollments/${workflowId}/booking`, headers: auth, payload: { appointmentAt: '9999-01-05T10:00:00Z' } });
    expect(farAhead.statusCode).toBe(400);
    expect(farAhead.json()).toMatchObject({
      error: 'invalid_request',
      issues: [{ path: 'appointmentAt', message: BOOKING_HORIZON_HINT }],
    });
    expect(((await request(app, { url: `/api/enrollments/${workflowId}`, headers: auth })).json() as AftercareStatus).booking).toEqual({ status: 'booked', appointmentAt: at });

    for (const payload of [{ appointmentAt: 'next tuesday' }, {}, { appointmentAt: at, room: 2 }]) {
      const res = await request(app, { method: 'POST', url: `/api/enrollments/${workflowId}/booking`, headers: auth, payload });
      expect(res.statusCode).toBe(400);
      expect((res.json() as { issues: { path: string }[] }).issues[0]!.path).toMatch(/^(appointmentAt|\(body\))$/);
    }
    const missing = await request(app, { method: 'POST', url: '/api/enrollments/aftercare-northside-NOPE2-s1/booking', headers: auth, payload: { appointmentAt: at } });
    expect(missing.statusCode).toBe(404);

    const cancelled = await post(`/api/enrollments/${workflowId}/cancel`, { reason: 'client moved away' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.json).toEqual({ workflowId, cancelled: true, reason: 'client moved away' });
    await env.client.workflow.getHandle(workflowId).result();
    const status = (await request(app, { url: `/api/enrollments/${workflowId}`, headers: auth })).json() as AftercareStatus;
    expect(status.phase).toBe('cancelled');

    // The plan has ended: a booking or a second cancel is a conflict, nothing changes.
    const late = await request(app, { method: 'POST', url: `/api/enrollments/${workflowId}/booking`, headers: auth, payload: { appointmentAt: at } });
    expect(late.statusCode).toBe(409);
    const again = await request(app, { method: 'POST', url: `/api/enrollments/${workflowId}/cancel`, headers: auth });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: 'workflow_closed', workflowId });
  });

  it('cancels without a body, and refuses unknown fields and unknown workflows', async () => {
    const { workflowId } = await enrollOne();
    const bad = await request(app, { method: 'POST', url: `/api/enrollments/${workflowId}/cancel`, headers: auth, payload: { why: 'x' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ issues: [{ path: '(body)', message: 'unknown field(s): why' }] });
    const missing = await request(app, { method: 'POST', url: '/api/enrollments/aftercare-northside-NOPE3-s1/cancel', headers: auth });
    expect(missing.statusCode).toBe(404);
    const res = await request(app, { method: 'POST', url: `/api/enrollments/${workflowId}/cancel`, headers: auth });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ workflowId, cancelled: true, reason: 'cancelled through the API' });
  });
});

describe('POST /api/enrollments/:workflowId/pause, /resume, /resend and /contact', () => {
  it('pauses and resumes, resends a step that went out, refuses one not due (400 naming step), and changes the phone with its PhoneHash', async () => {
    const { workflowId } = await enrollOne();
    await eventually(
      async () => (await request(app, { url: `/api/enrollments/${workflowId}`, headers: auth })).json() as AftercareStatus,
      (s) => s.sent.some((r) => r.id === 'welcome'),
    );

    const paused = await post(`/api/enrollments/${workflowId}/pause`, { reason: 'template under review' });
    expect(paused.status).toBe(200);
    expect(paused.json).toEqual({ workflowId, paused: true, reason: 'template under review' });
    const held = await eventually(
      async () => (await request(app, { url: `/api/enrollments/${workflowId}`, headers: auth })).json() as AftercareStatus,
      (s) => Boolean(s.paused),
    );
    expect(held.paused).toMatchObject({ reason: 'template under review' });
    const resumed = await request(app, { method: 'POST', url: `/api/enrollments/${workflowId}/resume`, headers: auth });
    expect(resumed.statusCode).toBe(200);
    expect(resumed.json()).toEqual({ workflowId, resumed: true, reason: 'resumed through the API' });
    await eventually(
      async () => (await request(app, { url: `/api/enrollments/${workflowId}`, headers: auth })).json() as AftercareStatus,
      (s) => !s.paused,
    );

    // Not due yet: well-formed, so only the workflow's validator can refuse it.
    const early = await request(app, { method: 'POST', url: `/api/enrollments/${workflowId}/resend`, headers: auth, payload: { step: 'day-15' } });
    expect(early.statusCode).toBe(400);
    expect(early.json()).toMatchObject({ error: 'invalid_request', issues: [{ path: 'step', message: expect.stringMatching(/day-15 is not due yet/) }] });
    const unknown = await request(app, { method: 'POST', url: `/api/enrollments/${workflowId}/resend`, headers: auth, payload: { step: 'day-99' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ issues: [{ path: 'step', message: expect.stringMatching(/^must be one of /) }] });
    const resent = await post(`/api/enrollments/${workflowId}/resend`, { step: 'welcome', channel: 'email', reason: 'client lost it' });
    expect(resent.status).toBe(200);
    expect((resent.json as unknown as AftercareStatus).phase).toBeDefined();

    for (const payload of [{}, { phone: '555-0199' }, { email: 'not-an-address' }, { phone: '+12125554400', fax: '1' }]) {
      const res = await request(app, { method: 'POST', url: `/api/enrollments/${workflowId}/contact`, headers: auth, payload });
      expect(res.statusCode).toBe(400);
      expect((res.json() as { issues: { path: string }[] }).issues[0]!.path).toMatch(/^(phone|email|\(body\))$/);
    }
    const NEW_PHONE = '+12125554400';
    const changed = await post(`/api/enrollments/${workflowId}/contact`, { phone: NEW_PHONE });
    expect(changed.status).toBe(200);
    expect((changed.json as unknown as AftercareStatus).channels.sms).toBe('active');
    // The new number's hash, computed by the app: an inbound STOP from it finds the client.
    await eventually(
      async () => (await env.client.workflow.getHandle(workflowId).describe()).typedSearchAttributes.get(SEARCH_ATTRIBUTES.PhoneHash),
      (hash) => hash === phoneHash(NEW_PHONE, PHONE_HASH_KEY),
    );

    const missing = await request(app, { method: 'POST', url: '/api/enrollments/aftercare-northside-NOPE4-s1/pause', headers: auth });
    expect(missing.statusCode).toBe(404);
    expect((await post(`/api/enrollments/${workflowId}/cancel`, {})).status).toBe(200);
    await env.client.workflow.getHandle(workflowId).result();
    for (const path of ['pause', 'resume']) {
      const late = await request(app, { method: 'POST', url: `/api/enrollments/${workflowId}/${path}`, headers: auth });
      expect(late.statusCode).toBe(409);
      expect(late.json()).toMatchObject({ error: 'workflow_closed', workflowId });
    }
    const lateResend = await request(app, { method: 'POST', url: `/api/enrollments/${workflowId}/resend`, headers: auth, payload: { step: 'welcome' } });
    expect(lateResend.statusCode).toBe(409);
  });
});

describe('POST /api/enrollments/:workflowId/consent', () => {
  const WORDING = 'I agree to receive aftercare texts from Northside. Reply STOP to stop.';
  const statusOf = async (workflowId: string) => (await request(app, { url: `/api/enrollments/${workflowId}`, headers: auth })).json() as AftercareStatus;
  const consent = (workflowId: string, payload?: unknown) => request(app, { method: 'POST', url: `/api/enrollments/${workflowId}/consent`, headers: auth, ...(payload === undefined ? {} : { payload }) });

  it('records texts agreed to after enrolment (wording, time) and turns SMS on; refuses bad fields with 400 naming them, 404 and 409 as the other changes', async () => {
    const { workflowId, body } = await enrollOne({ extra: { consent: { sms: false, email: true, text: 'I agree to aftercare emails.' } } });
    const before = await eventually(() => statusOf(workflowId), (s) => s.sent.some((r) => r.id === 'welcome'));
    expect(before.channels.sms).toBe('none');

    const refusals: [unknown, string, RegExp][] = [
      [undefined, '(body)', /^must be a JSON object/],
      [{ text: WORDING }, 'channel', /^must be sms or email$/],
      [{ channel: 'fax', text: WORDING }, 'channel', /^must be sms or email$/],
      [{ channel: 'sms' }, 'text', /^must be text/],
      [{ channel: 'sms', text: '  ' }, 'text', /^must not be empty$/],
      [{ channel: 'sms', text: 'a'.repeat(2001) }, 'text', /^must be at most 2000 characters$/],
      [{ channel: 'sms', text: WORDING, at: 'this morning' }, 'at', /^must be an ISO-8601/],
      [{ channel: 'sms', text: WORDING, by: 'front desk' }, '(body)', /^unknown field\(s\): by$/],
      // Well-formed, so only the workflow's validator can refuse these.
      [{ channel: 'sms', text: WORDING, at: DateTime.now().plus({ hours: 1 }).toISO() }, 'at', /^is in the future/],
      [{ channel: 'sms', text: WORDING, at: DateTime.fromISO(body.session.performedAt).minus({ minutes: 5 }).toISO() }, 'at', /^is before this session/],
    ];
    for (const [payload, path, message] of refusals) {
      const res = await consent(workflowId, payload);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: 'invalid_request', issues: [{ path, message: expect.stringMatching(message) }] });
    }
    expect(await statusOf(workflowId)).toEqual(before);

    const granted = await post(`/api/enrollments/${workflowId}/consent`, { channel: 'sms', text: WORDING });
    expect(granted.status).toBe(200);
    const status = granted.json as unknown as AftercareStatus;
    expect(status.channels).toEqual({ sms: 'active', email: 'active' });
    // `at` defaults to now; the status shows wording and times, never the client's number.
    expect(status.consents).toEqual([{ channel: 'sms', text: WORDING, at: expect.any(String), recordedAt: expect.any(String) }]);
    expect(Math.abs(Date.parse(status.consents![0]!.at) - Date.now())).toBeLessThan(60_000);
    expect(JSON.stringify(status.consents)).not.toContain(PHONE);
    expect((await statusOf(workflowId)).consents).toEqual(status.consents);
    expect(logLines.some((l) => l.includes('"consent recorded"') && l.includes(workflowId))).toBe(true);
    expect(logLines.filter((l) => l.includes(WORDING))).toEqual([]);

    expect((await consent('aftercare-northside-NOPE5-s1', { channel: 'sms', text: WORDING })).statusCode).toBe(404);
    expect((await consent('not-a-workflow', { channel: 'sms', text: WORDING })).statusCode).toBe(404);
    expect((await post(`/api/enrollments/${workflowId}/cancel`, {})).status).toBe(200);
    await env.client.workflow.getHandle(workflowId).result();
    const late = await consent(workflowId, { channel: 'email', text: WORDING });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ error: 'workflow_closed', workflowId });
  });

  it('refuses a channel with no contact detail on file, naming it', async () => {
    const { workflowId } = await enrollOne({ extra: { email: undefined, consent: { sms: true, email: false } } });
    const res = await consent(workflowId, { channel: 'email', text: 'I agree to aftercare emails.' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'invalid_request', issues: [{ path: 'channel', message: expect.stringMatching(/^email needs the client's email and there is none on file/) }] });
    expect((await statusOf(workflowId)).channels.email).toBe('none');
  });
});

describe('GET /api/clinics', () => {
  it('lists the clinics of the store for the front desk, with the whole profile', async () => {
    const res = await request(app, { url: '/api/clinics', headers: auth });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([
      {
        id: CLINIC.id,
        name: CLINIC.name,
        phone: CLINIC.phone,
        email: CLINIC.email,
        bookingUrl: CLINIC.bookingUrl,
        sendTime: CLINIC.sendTime,
        window: `${CLINIC.window.start}-${CLINIC.window.end}`,
        plannedSessions: CLINIC.plannedSessions,
        defaultLocale: 'en',
        photoCheckIns: false,
        touchUpIntervalMonths: 18,
        sms: { ratePerSecond: 1 },
        active: true,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      },
    ]);
    expect((await request(app, { url: '/api/clinics' })).statusCode).toBe(401);
  });
});

describe('limits and failures', () => {
  it('rate-limits per API key with 429 and Retry-After; requests without a valid key do not count', async () => {
    const limited = await buildApp({
      temporalClient: env.client,
      clinics: stack.clinics,
      access: stack.access,
      config: { ...CONFIG, API_RATE_LIMIT_PER_MINUTE: 3 },
      logger: createLogger({ write: () => undefined }),
    });
    try {
      for (let i = 0; i < 5; i++) expect((await request(limited, { url: '/api/enrollments/x', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);
      for (let i = 0; i < 3; i++) expect((await request(limited, { url: '/api/enrollments?clinicId=elsewhere', headers: auth })).statusCode).toBe(404);
      const over = await request(limited, { url: '/api/enrollments?clinicId=elsewhere', headers: auth });
      expect(over.statusCode).toBe(429);
      expect(over.headers['retry-after']).toBeDefined();
      expect(over.json()).toMatchObject({ error: 'rate_limited', requestId: expect.any(String) });
      expect((await request(limited, { url: '/api/enrollments', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);
    } finally {
      await limited.close();
    }
  });

  it("the page's conditional refreshes have a bucket of their own: polling never spends what the desk needs to act", async () => {
    const limited = await buildApp({
      temporalClient: env.client,
      clinics: stack.clinics,
      access: stack.access,
      config: { ...CONFIG, API_RATE_LIMIT_PER_MINUTE: 3 },
      logger: createLogger({ write: () => undefined }),
    });
    try {
      const first = await request(limited, { url: '/api/steps', headers: auth });
      expect(first.statusCode).toBe(200);
      const etag = first.headers.etag as string;
      expect(etag).toBeDefined();
      // Twenty refreshes, far over the limit of 3: each a 304, none refused.
      for (let i = 0; i < 20; i++) expect((await request(limited, { url: '/api/steps', headers: { ...auth, 'if-none-match': etag } })).statusCode).toBe(304);
      // The desk's own budget is untouched: two more requests (3 with the first), then 429.
      for (let i = 0; i < 2; i++) expect((await request(limited, { url: '/api/steps', headers: auth })).statusCode).toBe(200);
      expect((await request(limited, { url: '/api/steps', headers: auth })).statusCode).toBe(429);
    } finally {
      await limited.close();
    }
  });

  it('answers 503 with a clear message when Temporal cannot be reached', async () => {
    const connection = Connection.lazy(apiConnectionOptions({ address: `127.0.0.1:${await closedPort()}` }));
    const down = await buildApp({
      temporalClient: new Client({ connection }),
      clinics: stack.clinics,
      access: stack.access,
      config: CONFIG,
      logger: createLogger({ write: () => undefined }),
      temporalTimeoutMs: 5_000,
    });
    try {
      const started = Date.now();
      const res = await request(down, { url: '/api/enrollments/aftercare-northside-C1-s1', headers: auth });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ error: 'temporal_unavailable', message: expect.stringMatching(/Temporal server cannot be reached/) });
      expect(Date.now() - started).toBeLessThan(5_000);
      const enroll = await request(down, { method: 'POST', url: '/api/enrollments', headers: auth, payload: enrollment() });
      expect(enroll.statusCode).toBe(503);
      // An orchestrator sees it too: alive, but not ready.
      expect((await request(down, { url: '/healthz' })).statusCode).toBe(200);
      const ready = await request(down, { url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ status: 'not-ready' });
    } finally {
      await down.close();
      await connection.close();
    }
  });

  it('never shows a stack trace: an unexpected error is a generic 500 with the request id, logged on the server', async () => {
    const lines: string[] = [];
    const broken = {
      connection: { withDeadline: (_deadline: number, fn: () => Promise<unknown>) => fn() },
      workflow: {
        getHandle: () => {
          throw new TypeError('kaboom: internal detail /srv/secret/path.ts');
        },
      },
    } as unknown as Client;
    const failing = await buildApp({ temporalClient: broken, clinics: stack.clinics, access: stack.access, config: CONFIG, logger: createLogger({ write: (l) => lines.push(l) }) });
    try {
      const res = await request(failing, { url: '/api/enrollments/aftercare-northside-C1-s1', headers: auth });
      expect(res.statusCode).toBe(500);
      const json = res.json() as { error: string; message: string; requestId: string };
      expect(json).toEqual({ error: 'internal_error', message: expect.stringContaining(json.requestId), requestId: res.headers['x-request-id'] });
      expect(res.body).not.toMatch(/kaboom|secret|TypeError|\bat \S+ \(|\.ts:\d+/);
      const logged = lines.map((l) => JSON.parse(l) as { msg: string; reqId?: string; err?: { message: string } }).find((l) => l.msg === 'request failed');
      expect(logged).toMatchObject({ reqId: json.requestId, err: { message: expect.stringContaining('kaboom') } });
    } finally {
      await failing.close();
    }
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await request(app, { url: '/api/nothing-here', headers: auth });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: 'not_found', requestId: expect.any(String) });
  });
});

describe('health and the front desk', () => {
  it('is alive and ready with Temporal up, without a key', async () => {
    expect((await request(app, { url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await request(app, { url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready' });
  });

  it('serves the front desk page and its files when given the folder', async () => {
    const withPage = await buildApp({ temporalClient: env.client, clinics: stack.clinics, access: stack.access, config: CONFIG, logger: createLogger({ write: () => undefined }), frontDeskDir: path.join(__dirname, '..', '..', 'web') });
    try {
      const index = await request(withPage, { url: '/' });
      expect(index.statusCode).toBe(200);
      expect(index.headers['content-type']).toMatch(/^text\/html/);
      expect(index.body).toBe(readFileSync(path.join(__dirname, '..', '..', 'web', 'index.html'), 'utf8'));
      expect((await request(withPage, { url: '/app.js' })).headers['content-type']).toMatch(/^text\/javascript/);
      expect((await request(withPage, { url: '/styles.css' })).statusCode).toBe(200);
      expect((await request(withPage, { url: '/../package.json' })).statusCode).toBe(404);
    } finally {
      await withPage.close();
    }
  });
});

describe('OpenAPI document and docs page', () => {
  it('serves /openapi.json without a key, covering every route of the app, its bodies and statuses', async () => {
    const res = await fetch(`${baseUrl}/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown }>> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc).toEqual(JSON.parse(JSON.stringify(openApiDocument())));

    const served = routesOf(app).map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`).sort();
    const documented = Object.entries(doc.paths)
      .flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(documented).toEqual(served);
    expect(served).toEqual(
      expect.arrayContaining([
        'POST /api/enrollments',
        'GET /api/enrollments',
        'GET /api/enrollments/{workflowId}',
        'POST /api/enrollments/{workflowId}/booking',
        'POST /api/enrollments/{workflowId}/cancel',
        'POST /api/enrollments/{workflowId}/pause',
        'POST /api/enrollments/{workflowId}/resume',
        'POST /api/enrollments/{workflowId}/resend',
        'POST /api/enrollments/{workflowId}/contact',
        'POST /api/enrollments/{workflowId}/consent',
        'GET /api/steps',
        'GET /api/languages',
        'POST /webhooks/twilio/inbound',
        'POST /webhooks/twilio/status',
        'GET /api/clinics',
        'POST /api/clinics',
        'GET /api/clinics/{clinicId}',
        'PATCH /api/clinics/{clinicId}',
      ]),
    );
    const enroll = doc.paths['/api/enrollments']!.post!;
    expect(Object.keys(enroll.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '404', '409', '413', '415', '429', '500', '503']));
    expect(JSON.stringify(enroll.requestBody)).toContain('#/components/schemas/Enrollment');
    // Every route with a body documents it, every change names its 404 and 409, and each /api route its 401.
    const bodies: Record<string, string> = {
      '/api/enrollments/{workflowId}/booking': 'Booking',
      '/api/enrollments/{workflowId}/cancel': 'Cancel',
      '/api/enrollments/{workflowId}/pause': 'Pause',
      '/api/enrollments/{workflowId}/resume': 'Resume',
      '/api/enrollments/{workflowId}/resend': 'Resend',
      '/api/enrollments/{workflowId}/contact': 'ContactChange',
      '/api/enrollments/{workflowId}/consent': 'Consent',
    };
    for (const [path, schema] of Object.entries(bodies)) {
      const op = doc.paths[path]!.post!;
      expect(JSON.stringify(op.requestBody)).toContain(`#/components/schemas/${schema}`);
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '404', '409', '413', '415']));
    }
    for (const [path, item] of Object.entries(doc.paths)) {
      if (!path.startsWith('/api/')) continue;
      for (const [method, op] of Object.entries(item)) {
        if (!(PUBLIC_ROUTES as readonly string[]).includes(`${method.toUpperCase()} ${path}`)) expect(Object.keys(op.responses)).toContain('401');
      }
    }
    // The schemas are the ones the routes validate with: the enrollment's rules are in the document.
    const schemas = (doc as unknown as { components: { schemas: Record<string, { required?: string[]; additionalProperties?: boolean }> } }).components.schemas;
    expect(schemas.Enrollment).toMatchObject({ required: expect.arrayContaining(['clinicId', 'clientRef', 'client', 'session']), additionalProperties: false });
    expect(schemas.Booking).toMatchObject({ required: ['appointmentAt'], additionalProperties: false });
    expect(schemas.Consent).toMatchObject({ required: ['channel', 'text'], additionalProperties: false });
    expect(Object.keys(doc.paths['/webhooks/twilio/inbound']!.post!.responses)).toEqual(expect.arrayContaining(['200', '403', '503']));
  });

  it('serves a self-contained docs page that fetches nothing from outside', async () => {
    const res = await fetch(`${baseUrl}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('content-security-policy')).not.toMatch(/https?:|\*/);
    const html = await res.text();
    expect(html).toContain('POST</span> <code>/api/enrollments</code>');
    expect(html).toContain('/webhooks/twilio/status');
    expect(html).not.toMatch(/<script|<link|src=|@import|https?:\/\/(?!aftercare\.example\.com|json-schema\.org)/);
  });
});

describe('api/main.ts (standalone)', () => {
  const standaloneEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    TEMPORAL_ADDRESS: env.address,
    PORT: '0',
    ENV_LOCAL_FILE: path.join(tmpdir(), 'no-such-env-local-file'),
    CLINICS_FILE: path.join(__dirname, '..', '..', 'examples', 'clinics.json'),
    // Its own empty database: the clinics file is imported into it at start.
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'api-standalone-')),
    DATABASE_URL: '',
    API_KEY,
    LOG_LEVEL: 'warn',
    ...extra,
  });

  it('starts from the environment, serves the API, and stops', async () => {
    const lines: string[] = [];
    const api = await startApi(standaloneEnv(), { host: '127.0.0.1', logger: createLogger({ write: (l) => lines.push(l) }) });
    try {
      const res = await fetch(`${api.url}/api/enrollments?clinicId=harbour`, { headers: auth });
      expect(res.status).toBe(200);
      expect(Array.isArray(await res.json())).toBe(true);
      // Without PUBLIC_BASE_URL the webhooks say what to set.
      const hook = await fetch(`${api.url}/webhooks/twilio/inbound`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Body=STOP' });
      expect(hook.status).toBe(503);
      expect(lines.join('\n')).toContain('PUBLIC_BASE_URL is not set');
    } finally {
      await api.close();
    }
  });

  it('refuses to start without API_KEY, or with a bad setting, in one line', async () => {
    await expect(startApi(standaloneEnv({ API_KEY: '' }))).rejects.toThrow(new ApiStartError('Invalid configuration: API_KEY: required to run the HTTP API (clients send it as Authorization: Bearer <API_KEY>)'));
    await expect(startApi(standaloneEnv({ PHONE_HASH_KEY: 'short' }))).rejects.toThrow(/^Invalid configuration: PHONE_HASH_KEY: must be at least 16 characters/);
    await expect(startApi(standaloneEnv({ API_RATE_LIMIT_PER_MINUTE: 'lots' }))).rejects.toThrow(/API_RATE_LIMIT_PER_MINUTE: must be a whole number/);
  });
});
