/**
 * The logs of a full run hold no personal data and no secret. The real worker and the real HTTP
 * API run as processes (as deployed, LOG_LEVEL=debug so that everything that can be logged is)
 * against a dev server, the Twilio stand-in and an SMTP server, with payloads encrypted. The run:
 * - a client enrolled through the API, read back, listed, booked, sent HELP and STOP by text,
 *   and cancelled; a bad enrollment whose fields hold a phone number and an email address;
 * - a client whose whole month runs (compressed), by SMS and email;
 * - a client whose number Twilio refuses for good: email instead, and the clinic told.
 * Then every line both processes wrote is searched for each phone number, email address and first
 * name, for anything shaped like one, and for every secret they were given.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import { codecDataConverter } from '../../platform/codec/wiring';
import { twilioSignature } from '../../examples/send-inbound-sms';
import { PROJECT_ROOT } from '../../platform/paths';
import { spawnChild, stopChild, type Child } from '../../dev/child-processes';
import { enrollClients, TWILIO_PERMANENT, writeClinicsFile, type EnrolledClient } from '../faults/fault-clients';
import { workerProcess, type WorkerProcess } from '../../dev/worker-process';
import { eventually, middayZone } from '../support/eventually';
import { freePort } from '../../dev/ports';
import { startSmtpSink, type SmtpSink } from '../../dev/smtp-sink';
import { createLocalEnv } from '../../dev/temporal-env';
import { startTwilioStandIn, type TwilioStandIn } from '../../dev/twilio-stand-in';

const SECRETS = {
  API_KEY: randomBytes(24).toString('base64url'),
  PHONE_HASH_KEY: randomBytes(24).toString('base64url'),
  CODEC_KEY: randomBytes(32).toString('base64'),
};
const API_CLIENT = { firstName: 'Zephyrine', phone: '+12125554242', email: 'zephyrine.client@example.org' };

let dir: string;
let env: TestWorkflowEnvironment;
let twilio: TwilioStandIn;
let smtp: SmtpSink;
let worker: WorkerProcess;
let api: Child | undefined;
let baseUrl: string;
let clients: EnrolledClient[] = [];
let apiWorkflowId = '';

function processEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TEMPORAL_ADDRESS: env.address,
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    TWILIO_FROM: '+12125559999',
    TWILIO_API_BASE_URL: twilio.baseUrl,
    SMTP_URL: smtp.url,
    CODEC_KEYS: `scan:${SECRETS.CODEC_KEY}`,
    PHONE_HASH_KEY: SECRETS.PHONE_HASH_KEY,
    SMS_RATE_LIMIT_PER_SECOND: '50',
    METRICS_PORT: '0',
    LOG_LEVEL: 'debug',
    ...extra,
  };
}

async function callApi(method: string, url: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${baseUrl}${url}`, {
    method,
    headers: { authorization: `Bearer ${SECRETS.API_KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function textFromClient(body: string): Promise<number> {
  const params = { AccountSid: twilio.accountSid, Body: body, From: API_CLIENT.phone, MessageSid: `SM${randomBytes(16).toString('hex')}`, To: '+12125559999' };
  const res = await fetch(`${baseUrl}/webhooks/twilio/inbound`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilioSignature(twilio.authToken, `${baseUrl}/webhooks/twilio/inbound`, params),
    },
    body: new URLSearchParams(params).toString(),
  });
  await res.text();
  return res.status;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'log-scan-'));
  const { file: clinicsFile, clinic } = writeClinicsFile(dir);
  const dataConverter = codecDataConverter({ CODEC_KEYS: `scan:${SECRETS.CODEC_KEY}` })!;
  [env, twilio, smtp] = await Promise.all([createLocalEnv({ dataConverter }), startTwilioStandIn(), startSmtpSink()]);
  mkdirSync(path.join(dir, 'data'));
  worker = workerProcess({ env: processEnv({ DATA_DIR: path.join(dir, 'data'), CLINICS_FILE: clinicsFile }), logFile: path.join(dir, 'worker.log') });
  await worker.start();

  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  api = spawnChild('api', process.execPath, [path.join(PROJECT_ROOT, 'bin', 'run.js'), 'api/main.ts'], {
    env: processEnv({ PORT: String(port), API_KEY: SECRETS.API_KEY, PUBLIC_BASE_URL: baseUrl, CLINICS_FILE: clinicsFile, ENV_LOCAL_FILE: path.join(dir, 'none'), DATA_DIR: path.join(dir, 'api-data') }),
    cwd: PROJECT_ROOT,
    logFile: path.join(dir, 'api.log'),
  });
  await eventually(
    () => fetch(`${baseUrl}/openapi.json`).then(async (r) => (await r.arrayBuffer(), r.status), () => 0),
    (status) => status === 200,
    60_000,
  );

  // Through the API, everything a front desk and a client do.
  const zone = middayZone();
  const enrolled = await callApi('POST', '/api/enrollments', {
    clinicId: clinic.id,
    clientRef: 'SCAN1',
    client: { ...API_CLIENT, timezone: zone, consent: { sms: true, email: true } },
    session: { number: 1, performedAt: DateTime.now().setZone(zone).minus({ hours: 1 }).toISO() },
  });
  expect(enrolled.status).toBe(201);
  apiWorkflowId = String(enrolled.json.workflowId);
  const bad = await callApi('POST', '/api/enrollments', {
    clinicId: clinic.id,
    clientRef: 'SCAN2',
    client: { firstName: API_CLIENT.email, phone: `${API_CLIENT.phone}x`, email: API_CLIENT.phone, timezone: zone, consent: { sms: true, email: true } },
    session: { number: 1, performedAt: DateTime.now().toISO() },
  });
  expect(bad.status).toBe(400);
  await eventually(async () => twilio.messages.filter((m) => m.to === API_CLIENT.phone).length, (n) => n >= 1, 30_000);
  expect((await callApi('GET', `/api/enrollments/${apiWorkflowId}`)).status).toBe(200);
  expect((await callApi('GET', `/api/enrollments?clinicId=${clinic.id}`)).status).toBe(200);
  expect((await callApi('POST', `/api/enrollments/${apiWorkflowId}/booking`, { appointmentAt: DateTime.now().plus({ weeks: 2 }).toISO() })).status).toBe(200);
  expect(await textFromClient('HELP')).toBe(200);
  expect(await textFromClient('STOP')).toBe(200);
  expect((await callApi('POST', `/api/enrollments/${apiWorkflowId}/cancel`, { reason: 'moved away' })).status).toBe(200);

  // A whole (compressed) month, and a number Twilio refuses for good.
  clients = await enrollClients({
    client: env.client,
    clinic,
    specs: [
      { ref: 'SCAN3', consent: { sms: true, email: true } },
      { ref: 'SCAN4', consent: { sms: true, email: true }, smsRejectedWith: TWILIO_PERMANENT.invalidNumber },
    ],
    demoSecondsPerDay: 1,
    prepare: ({ spec, phone }) => {
      if (spec.smsRejectedWith) twilio.failFor(phone, spec.smsRejectedWith);
    },
  });
  for (const c of clients) await env.client.workflow.getHandle(c.workflowId).result();
}, 240_000);

afterAll(async () => {
  if (api) await stopChild(api, 10_000);
  await worker?.stop();
  for (const c of clients) await env?.client.workflow.getHandle(c.workflowId).terminate('test finished').catch(() => undefined);
  await env?.teardown();
  await twilio?.close();
  await smtp?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('logs the whole run without a phone number, email address, first name or secret', async () => {
  // Stop both first so that every line is written.
  if (api) await stopChild(api, 10_000);
  await worker.stop();
  // Both stopped on SIGTERM by themselves, not by the SIGKILL that follows a grace period.
  expect(await api!.exited).toEqual({ code: 0, signal: null });
  const logs = ['worker.log', 'api.log'].map((f) => readFileSync(path.join(dir, f), 'utf8')).join('\n');
  const lines = logs.split('\n');

  // The logs cover the run: start-up, each workflow's activities, every API route used, shutdown.
  expect(lines.length).toBeGreaterThan(100);
  for (const id of [apiWorkflowId, ...clients.map((c) => c.workflowId)]) expect(logs).toContain(id);
  for (const marker of ['"worker started"', '"worker stopped"', '/api/enrollments/:workflowId/booking', '/webhooks/twilio/inbound', '"statusCode":400']) {
    expect(logs).toContain(marker);
  }
  // The permanent failure happened and was logged as such (by type, not by number).
  expect(logs).toContain('SmsInvalidNumber');

  const personal = [API_CLIENT, ...clients.map((c) => ({ firstName: c.input.client.firstName, phone: c.phone, email: c.email }))];
  const found: string[] = [];
  for (const p of personal) {
    for (const value of [p.phone, p.phone.slice(2), p.email, p.firstName]) if (logs.includes(value)) found.push(value);
  }
  for (const [name, value] of Object.entries({ ...SECRETS, TWILIO_AUTH_TOKEN: twilio.authToken })) {
    if (logs.includes(value)) found.push(name);
  }
  // Anything shaped like a phone number or an email address, whoever's it is.
  for (const line of lines) {
    const m = /\+\d{10,15}\b|[\w.+-]+@[\w-]+\.[\w.-]+/.exec(line);
    if (m) found.push(`${m[0]} in: ${line.slice(0, 300)}`);
  }
  expect(found).toEqual([]);
});
