/**
 * The clinic's numbers (issue 17) through the real paths, against a dev server, a worker with the
 * real activities (the Twilio stand-in, the SMTP sink) and the API, whose database the worker's
 * send records share as in production: clients enrolled through the API (welcome texts and
 * emails sent, one text refused for good), Twilio's status callback, an urgent text staff mark
 * handled, a STOP. The JSON, the CSV and /metrics then say so; another clinic's numbers are 404,
 * a bad `days` 400 naming it.
 */
import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import twilio from 'twilio';
import { CLINIC } from '../../dev/aftercare-harness';
import { createLogger } from '../../platform/logger';
import { TASK_QUEUE, type AftercareStatus } from '../../workflows/contract';
import type { ClinicNumbers } from '../../app/clinic-numbers';
import { startApiStack, testApiConfig, TEST_API_KEY } from '../support/api-stack';
import { eventually, middayZone } from '../support/eventually';
import { dashboardExpressions, metricNamesIn, readDashboard } from '../support/grafana-dashboard';
import { buildApp } from '../../api/server';

jest.setTimeout(240_000);

const config = testApiConfig();
const auth = { authorization: `Bearer ${TEST_API_KEY}` };
const logger = createLogger({ level: 'error', write: () => undefined });
const OTHER = { ...CLINIC, id: 'eastgate', name: 'Eastgate SMP', phone: '+1 212 555 0147', email: 'desk@eastgate.example.com' };
const PHONE = '+12125554477';
const BAD_PHONE = '+12125550021';

let stack: Awaited<ReturnType<typeof startApiStack>>;

beforeAll(async () => {
  stack = await startApiStack({ clinics: [CLINIC, OTHER], config, logger, taskQueue: TASK_QUEUE, sharedRecords: true });
});
afterAll(async () => {
  await stack?.stop();
});

async function call<T = Record<string, unknown>>(method: string, path: string, body?: unknown, headers: Record<string, string> = auth): Promise<{ status: number; json: T; text: string; headers: Headers }> {
  const res = await fetch(`${stack.baseUrl}${path}`, {
    method,
    headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let json = undefined as T;
  try {
    json = JSON.parse(text) as T;
  } catch {
    // CSV and metrics are text.
  }
  return { status: res.status, json, text, headers: res.headers };
}

/** Posts a form as Twilio would, signed for the API's public address. */
async function twilioPost(pathAndQuery: string, params: Record<string, string>): Promise<number> {
  const signature = twilio.getExpectedTwilioSignature(config.TWILIO_AUTH_TOKEN!, `${config.PUBLIC_BASE_URL}${pathAndQuery}`, params);
  const res = await fetch(`${stack.baseUrl}${pathAndQuery}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    body: new URLSearchParams(params).toString(),
  });
  await res.text();
  return res.status;
}

let sids = 0;
const inbound = (from: string, body: string) => ({ AccountSid: `AC${'1'.repeat(32)}`, From: from, To: '+13125559999', Body: body, MessageSid: `SM${String(++sids).padStart(32, '0')}`, NumMedia: '0' });

async function enrol(clientRef: string, phone: string): Promise<string> {
  const res = await call('POST', '/api/enrollments', {
    clinicId: CLINIC.id,
    clientRef,
    client: { firstName: 'Jordan', phone, email: `${clientRef.toLowerCase()}@example.com`, timezone: middayZone(), consent: { sms: true, email: true } },
    session: { number: 1, performedAt: DateTime.now().minus({ hours: 1 }).toISO(), plannedSessions: 3 },
  });
  expect(res.status).toBe(201);
  return res.json.workflowId as string;
}

const status = async (workflowId: string) => (await call<AftercareStatus>('GET', `/api/enrollments/${workflowId}`)).json;

it('counts sends, deliveries, an urgent reply handled and a STOP, by day, in JSON, CSV and /metrics', async () => {
  stack.h.twilio.failFor(BAD_PHONE, { status: 400, code: 21211, message: "The 'To' number is not a valid phone number." });
  const suffix = Date.now().toString(36);
  const workflowId = await enrol(`NUM${suffix}`, PHONE);
  const refused = await enrol(`BAD${suffix}`, BAD_PHONE);
  await eventually(() => status(workflowId), (s) => s.sent.filter((r) => r.id === 'welcome' && r.status === 'sent').length === 2);
  // The refused number's welcome goes by email instead.
  await eventually(() => status(refused), (s) => s.sent.some((r) => r.id === 'welcome' && r.channel === 'email' && r.status === 'sent'));

  // Twilio reports the good text delivered, through the callback URL the sender gave it.
  const text = stack.h.twilio.messages.find((m) => m.to === PHONE)!;
  const callback = new URL(text.statusCallback!);
  expect(await twilioPost(`${callback.pathname}${callback.search}`, { MessageSid: text.sid, MessageStatus: 'delivered', AccountSid: text.accountSid })).toBe(200);

  // An urgent text, which staff then mark handled; then a STOP.
  expect(await twilioPost('/webhooks/twilio/inbound', inbound(PHONE, "my scalp is hot and there's yellow pus"))).toBe(200);
  await eventually(() => status(workflowId), (s) => s.concern !== null && s.concern !== undefined);
  expect((await call('POST', `/api/enrollments/${workflowId}/concern/handled`, {})).status).toBe(200);
  expect(await twilioPost('/webhooks/twilio/inbound', inbound(PHONE, 'STOP'))).toBe(200);

  // Texts sent: the welcome and the urgent text's answer; the refused number's welcome failed.
  const today = new Date().toISOString().slice(0, 10);
  const numbers = await eventually(
    async () => (await call<ClinicNumbers>('GET', `/api/clinics/${CLINIC.id}/numbers`)).json,
    (n) => n.clients.running === 2 && n.optOuts.sms === 1,
  );
  expect(numbers).toMatchObject({ clinicId: CLINIC.id, days: 30, to: today, generatedAt: expect.any(String) });
  expect(numbers.sends.byDay).toHaveLength(30);
  expect(numbers.sends.byDay[0]!.day).toBe(numbers.from);
  expect(numbers.sends.byDay.at(-1)).toEqual({ day: today, sms: { sent: 2, delivered: 1, failed: 1 }, email: { sent: 2, delivered: 2, failed: 0 } });
  expect(numbers.sends.totals).toEqual({ sms: { sent: 2, delivered: 1, failed: 1 }, email: { sent: 2, delivered: 2, failed: 0 } });
  expect(numbers.clients.byPhase.reduce((t, p) => t + p.count, 0)).toBe(2);
  expect(numbers.clients.byPhase.map((p) => p.phase)[0]).toBe('enrolled');
  // The phase counts say when they were taken; asked again at once, the API answers from the same counting.
  expect(numbers.clients.counting).toBe(false);
  expect(Date.parse(numbers.clients.countedAt ?? '')).toBeLessThanOrEqual(Date.parse(numbers.generatedAt));
  const again = (await call<ClinicNumbers>('GET', `/api/clinics/${CLINIC.id}/numbers`)).json;
  expect(again.clients).toEqual(numbers.clients);
  expect(numbers.booking).toEqual({ asked: 0, bookedByDay14: 0, conversion: null });
  expect(numbers.urgent).toMatchObject({ replies: 1, handled: 1, medianMinutesToHandled: expect.any(Number) });
  expect(numbers.urgent.byDay.at(-1)).toEqual({ day: today, replies: 1, handled: 1 });
  expect(numbers.optOuts).toMatchObject({ sms: 1, email: 0 });
  expect(numbers.optOuts.byDay.at(-1)).toEqual({ day: today, sms: 1, email: 0 });

  const ninety = await call<ClinicNumbers>('GET', `/api/clinics/${CLINIC.id}/numbers?days=90`);
  expect(ninety.status).toBe(200);
  expect(ninety.json.urgent.byDay).toHaveLength(90);

  const csv = await call('GET', `/api/clinics/${CLINIC.id}/numbers.csv?days=30`);
  expect(csv.status).toBe(200);
  expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
  expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="${CLINIC.id}-numbers-${numbers.from}-to-${today}.csv"`);
  const lines = csv.text.trimEnd().split('\r\n');
  expect(lines[0]).toBe('day,sms_sent,sms_delivered,sms_failed,email_sent,email_delivered,email_failed,urgent_replies,urgent_handled,opt_outs_sms,opt_outs_email');
  expect(lines).toHaveLength(31);
  expect(lines.at(-1)).toBe(`${today},2,1,1,2,2,0,1,1,1,0`);
  expect(lines[1]).toBe(`${numbers.from},0,0,0,0,0,0,0,0,0,0`);

  // An import in progress, as the import area writes it (migration 0008).
  const at = new Date();
  await stack.db
    .insertInto('imports')
    .values({ id: 'imp-e2e-1', clinic_id: CLINIC.id, source_digest: 'f'.repeat(64), actor: 'cli', via: 'cli', state: 'running', total_rows: 10, refused_rows: 2, enrolled: 5, already_enrolled: 1, failed_rows: 0, checkpoint_line: 9, refusals: '[]', started_at: at, updated_at: at })
    .execute();
  const metrics = await call('GET', '/metrics', undefined, {});
  expect(metrics.status).toBe(200);
  expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  for (const line of [
    `aftercare_sends_total{clinic="${CLINIC.id}",channel="sms",outcome="sent"} 2`,
    `aftercare_sends_total{clinic="${CLINIC.id}",channel="sms",outcome="failed"} 1`,
    `aftercare_sends_total{clinic="${CLINIC.id}",channel="email",outcome="sent"} 2`,
    `aftercare_text_deliveries_total{clinic="${CLINIC.id}",status="delivered"} 1`,
    `aftercare_urgent_replies_total{clinic="${CLINIC.id}"} 1`,
    `aftercare_opt_outs_total{clinic="${CLINIC.id}",channel="sms"} 1`,
    `aftercare_import_rows{import="imp-e2e-1",clinic="${CLINIC.id}",state="enrolled"} 5`,
    `aftercare_import_rows{import="imp-e2e-1",clinic="${CLINIC.id}",state="refused"} 2`,
    `aftercare_import_rows{import="imp-e2e-1",clinic="${CLINIC.id}",state="waiting"} 2`,
    `aftercare_import_state{import="imp-e2e-1",clinic="${CLINIC.id}",state="running"} 1`,
  ]) {
    expect(metrics.text.split('\n')).toContain(line);
  }
  // Clinic ids and fixed words only: no phone number, address or workflow ID.
  expect(metrics.text).not.toMatch(/\+1212|example\.com|aftercare-northside/);
  // Every series the Grafana dashboard queries of the API is served here.
  const exported = new Set([...metrics.text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
  const queried = metricNamesIn(dashboardExpressions(readDashboard())).filter((n) => n.startsWith('aftercare_'));
  expect(queried.length).toBeGreaterThan(4);
  expect(queried.filter((n) => !exported.has(n))).toEqual([]);
});

it("answers 404 for another clinic's numbers or none, and 400 naming days for a period it does not offer", async () => {
  const key = await call<{ key: string }>('POST', `/api/clinics/${OTHER.id}/keys`, { name: 'numbers test' });
  expect(key.status).toBe(201);
  const otherKey = { authorization: `Bearer ${key.json.key}` };
  expect((await call('GET', `/api/clinics/${OTHER.id}/numbers`, undefined, otherKey)).status).toBe(200);
  for (const path of [`/api/clinics/${CLINIC.id}/numbers`, `/api/clinics/${CLINIC.id}/numbers.csv`]) {
    expect((await call('GET', path, undefined, otherKey)).status).toBe(404);
  }
  expect((await call('GET', '/api/clinics/no-such-clinic/numbers')).status).toBe(404);
  for (const days of ['7', '30.0', 'abc', '']) {
    const bad = await call('GET', `/api/clinics/${CLINIC.id}/numbers?days=${days}`);
    expect([days, bad.status]).toEqual([days, 400]);
    expect(bad.json).toMatchObject({ issues: [{ path: 'days' }] });
  }
  expect((await call('GET', `/api/clinics/${CLINIC.id}/numbers.csv?days=7`)).status).toBe(400);
  expect((await call('GET', `/api/clinics/${CLINIC.id}/numbers`, undefined, {})).status).toBe(401);
});

it('serves /metrics only with METRICS_TOKEN when it is set', async () => {
  const token = 'metrics-token-for-tests-0123';
  const app = await buildApp({ temporalClient: stack.env.client, clinics: stack.clinics, access: stack.access, config: { ...config, METRICS_TOKEN: token }, logger });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/metrics`;
  try {
    for (const authorization of [undefined, 'Bearer wrong-token-0123456789', `Basic ${token}`, `Bearer ${TEST_API_KEY}`]) {
      const res = await fetch(url, { headers: authorization ? { authorization } : {} });
      expect([authorization, res.status]).toEqual([authorization, 401]);
      expect(await res.text()).not.toContain('aftercare_sends_total');
    }
    const ok = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('# TYPE aftercare_sends_total counter');
  } finally {
    await app.close();
  }
});
