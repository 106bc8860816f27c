/**
 * Touch-up reminders at the edges (issue 16): the stop route (and its 404 for another clinic or
 * an unknown client, and its audit entry), the view, and a client's STOP text reaching their
 * touch-up run through the Twilio webhook (found by PhoneHash on the dev server's visibility).
 */
import { createHash, randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { phoneHash } from '../../app/phone-hash';
import { CLINIC } from '../../dev/aftercare-harness';
import { clinicRecord } from '../../dev/clinics';
import { touchUpWorkflowIdFor } from '../../domain/identifiers';
import { createLogger } from '../../platform/logger';
import { TASK_QUEUE } from '../../workflows/contract';
import { TOUCH_UP_WORKFLOW_TYPE, touchUpSearchAttributes, touchUpStatusQuery, type TouchUpInput } from '../../workflows/touch-up-contract';
import { startApiStack, TEST_API_KEY, testApiConfig } from '../support/api-stack';
import { eventually } from '../support/eventually';

jest.setTimeout(240_000);

const A = clinicRecord({ ...CLINIC, id: 'northside', phone: '+12125550147' });
const B = clinicRecord({ ...CLINIC, id: 'southbank', name: 'Southbank Hair Clinic', email: 'desk@southbank.example.com', phone: '+12125550160' });
const CONFIG = testApiConfig();
const ADMIN = { authorization: `Bearer ${TEST_API_KEY}` };

let stack: Awaited<ReturnType<typeof startApiStack>>;
let keyOfB: Record<string, string>;

beforeAll(async () => {
  stack = await startApiStack({ clinics: [A, B], config: CONFIG, logger: createLogger({ write: () => undefined }), taskQueue: TASK_QUEUE });
  const id = randomBytes(6).toString('hex');
  const key = `ak_${id}_${randomBytes(32).toString('base64url')}`;
  await stack.access.keys.create({ id, clinicId: B.id, name: 'systems of southbank', keyDigest: createHash('sha256').update(key).digest('hex'), createdBy: 'test' });
  keyOfB = { authorization: `Bearer ${key}` };
});
afterAll(async () => {
  await stack?.stop();
});

let refs = 0;
/** Starts a client's touch-ups at A as a course's end would, with the phone's hash as the search attribute. */
async function touchUpsAtA(phone: string) {
  const clientRef = `TU${Date.now().toString(36)}${++refs}`;
  const input: TouchUpInput = {
    clinic: A,
    clientRef,
    client: { firstName: 'Jordan', phone, email: 'jordan@example.com', timezone: 'America/New_York', consent: { sms: true, email: true } },
    phoneHash: phoneHash(phone, CONFIG.PHONE_HASH_KEY!),
    courseEndedAt: new Date().toISOString(),
    courseRef: `aftercare-${A.id}~${clientRef}-s3`,
  };
  const workflowId = touchUpWorkflowIdFor(A.id, clientRef);
  await stack.env.client.workflow.start(TOUCH_UP_WORKFLOW_TYPE, { taskQueue: TASK_QUEUE, workflowId, args: [input], typedSearchAttributes: touchUpSearchAttributes(input) });
  return { clientRef, workflowId, handle: stack.env.client.workflow.getHandle(workflowId) };
}

async function call(method: string, url: string, headers: Record<string, string>, body?: unknown) {
  const res = await fetch(`${stack.baseUrl}${url}`, {
    method,
    headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('POST /api/clinics/:clinicId/clients/:clientRef/touch-ups/stop', () => {
  it("stops the client's touch-ups (200, the view; audited), answers 404 to another clinic's caller and for an unknown client, and stopping again answers the same", async () => {
    const { clientRef, workflowId, handle } = await touchUpsAtA('+16465550301');
    const url = `/api/clinics/${A.id}/clients/${clientRef}/touch-ups`;

    const shown = await eventually(() => call('GET', url, ADMIN), (r) => r.status === 200 && r.json.intervalMonths === 18);
    expect(shown.json).toMatchObject({ workflowId, state: 'waiting', intervalMonths: 18, remindersSent: 0 });
    expect(typeof shown.json.nextReminderAt).toBe('string');

    // Southbank's key: A's client is not there, whether asked under A or under its own clinic.
    expect((await call('POST', `${url}/stop`, keyOfB, {})).status).toBe(404);
    expect((await call('POST', `/api/clinics/${B.id}/clients/${clientRef}/touch-ups/stop`, keyOfB, {})).status).toBe(404);
    expect((await call('GET', url, keyOfB)).status).toBe(404);
    expect((await handle.query(touchUpStatusQuery)).state).toBe('waiting');
    expect((await call('POST', `/api/clinics/${A.id}/clients/NOBODY-1/touch-ups/stop`, ADMIN, {})).status).toBe(404);

    const stopped = await call('POST', `${url}/stop`, ADMIN, { reason: 'asked at the desk' });
    expect(stopped).toEqual({ status: 200, json: { workflowId, state: 'stopped', intervalMonths: 18, remindersSent: 0, stoppedBy: 'staff' } });
    expect(await handle.result()).toMatchObject({ state: 'stopped', stoppedBy: 'staff' });
    expect((await call('POST', `${url}/stop`, ADMIN)).json).toMatchObject({ state: 'stopped', stoppedBy: 'staff' });

    const audit = await stack.access.audit.list({ clinicId: A.id, workflowId, limit: 10 });
    expect(audit.map((e) => e.action)).toContain('touch-ups.stopped');
  });
});

describe('STOP by text', () => {
  /** A client's touch-up run at A, visible by PhoneHash, as the webhook finds it. */
  async function findableTouchUps(phone: string) {
    const started = await touchUpsAtA(phone);
    const query = `WorkflowType = '${TOUCH_UP_WORKFLOW_TYPE}' AND ExecutionStatus = 'Running' AND PhoneHash = '${phoneHash(phone, CONFIG.PHONE_HASH_KEY!)}'`;
    await eventually(
      async () => {
        let n = 0;
        for await (const wf of stack.env.client.workflow.list({ query })) if (wf) n++;
        return n;
      },
      (n) => n === 1,
    );
    return started;
  }

  /** The text as Twilio posts it, signed. */
  async function text(phone: string, body: string) {
    const params = { AccountSid: `AC${'1'.repeat(32)}`, From: phone, To: '+13125559999', Body: body, MessageSid: `SM${randomBytes(16).toString('hex')}`, NumMedia: '0' };
    const path = '/webhooks/twilio/inbound';
    return fetch(`${stack.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(CONFIG.TWILIO_AUTH_TOKEN!, `${CONFIG.PUBLIC_BASE_URL}${path}`, params) },
      body: new URLSearchParams(params).toString(),
    });
  }

  it("reaches the client's touch-up run, found by PhoneHash, when no aftercare run is left", async () => {
    const phone = '+16465550302';
    const { handle } = await findableTouchUps(phone);
    const res = await text(phone, 'STOP');
    expect(res.status).toBe(200);
    const status = await eventually(() => handle.query(touchUpStatusQuery), (s) => s.channels.sms === 'opted-out');
    expect(status.channels).toEqual({ sms: 'opted-out', email: 'active' });
  });

  it('a Spanish PARAR reaches it too, and is confirmed in Spanish (Twilio knows only the English words)', async () => {
    const phone = '+16465550303';
    const { handle } = await findableTouchUps(phone);
    const res = await text(phone, 'Parar');
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/<Message>[^<]*COMENZAR[^<]*<\/Message>/);
    const status = await eventually(() => handle.query(touchUpStatusQuery), (s) => s.channels.sms === 'opted-out');
    expect(status.channels).toEqual({ sms: 'opted-out', email: 'active' });
  });
});
