/**
 * An urgent concern through the real API stack (a dev server, a worker with the real activities,
 * the API over loopback HTTP): the client's urgent text reaches the run (as the inbound webhook
 * signals it), the status and the client list show the concern, and staff mark it handled with
 * POST .../concern/handled. A bad note and a concern that is not open are 400s naming the field;
 * the audit log records that a note was given, never its text.
 */
import { DateTime } from 'luxon';
import { CLINIC } from '../../dev/aftercare-harness';
import { createLogger } from '../../platform/logger';
import { clientReplySignal, TASK_QUEUE, type AftercareStatus } from '../../workflows/contract';
import type { ListRow } from '../../app/list';
import { startApiStack, testApiConfig, TEST_API_KEY } from '../support/api-stack';
import { eventually, middayZone } from '../support/eventually';

jest.setTimeout(180_000);

const auth = { authorization: `Bearer ${TEST_API_KEY}` };
const logger = createLogger({ level: 'error', write: () => undefined });

let stack: Awaited<ReturnType<typeof startApiStack>>;

beforeAll(async () => {
  stack = await startApiStack({ clinics: [CLINIC], config: testApiConfig(), logger, taskQueue: TASK_QUEUE });
});
afterAll(async () => {
  await stack?.stop();
});

async function call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const res = await fetch(`${stack.baseUrl}${path}`, {
    method,
    headers: { ...auth, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: (await res.json()) as T };
}

const NOTE = 'Called her: the pus has cleared, healing as expected';

it('an urgent text opens a concern the status and the list show; staff mark it handled once, with a note the audit log does not keep', async () => {
  const clientRef = `URG${Date.now().toString(36)}`;
  const enrolled = await call('POST', '/api/enrollments', {
    clinicId: CLINIC.id,
    clientRef,
    client: {
      firstName: 'Jordan',
      phone: '+12125554477',
      email: 'jordan@example.com',
      timezone: middayZone(),
      consent: { sms: true, email: true, text: 'I agree to aftercare texts and emails.' },
    },
    session: { number: 1, performedAt: DateTime.now().minus({ hours: 1 }).toISO(), plannedSessions: 3 },
  });
  expect(enrolled.status).toBe(201);
  const workflowId = enrolled.json.workflowId as string;

  // Nothing to handle yet: refused, naming the concern.
  const early = await call('POST', `/api/enrollments/${workflowId}/concern/handled`, {});
  expect(early.status).toBe(400);
  expect(early.json).toMatchObject({ issues: [{ path: 'concern', message: expect.stringMatching(/no open concern/) }] });

  await stack.env.client.workflow
    .getHandle(workflowId)
    .signal(clientReplySignal, { kind: 'message', text: "it's hot and there's yellow pus", messageSid: 'SMe2eurgent01', triage: { class: 'urgent', matched: ['hot', 'pus'] } });
  const open = await eventually(
    async () => (await call<AftercareStatus>('GET', `/api/enrollments/${workflowId}`)).json,
    (s) => s.concern !== null && s.concern !== undefined && s.sent.some((r) => r.id === 'urgent-reply'),
  );
  expect(open.concern).toMatchObject({ messageSids: ['SMe2eurgent01'], matched: ['hot', 'pus'] });
  const row = async () => (await call<ListRow[]>('GET', `/api/enrollments?clinicId=${CLINIC.id}&clientRef=${clientRef}`)).json[0];
  expect((await eventually(row, (r) => r?.concern === 'open'))?.concern).toBe('open');

  for (const [note, message] of [
    ['', /empty/],
    ['x'.repeat(1001), /at most 1000/],
    [42, /text/],
  ] as const) {
    const bad = await call('POST', `/api/enrollments/${workflowId}/concern/handled`, { note });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ issues: [{ path: 'note', message: expect.stringMatching(message) }] });
  }

  const handled = await call<AftercareStatus>('POST', `/api/enrollments/${workflowId}/concern/handled`, { note: NOTE });
  expect(handled.status).toBe(200);
  expect(handled.json.concern).toBeNull();
  expect((await eventually(row, (r) => r?.concern === 'none'))?.concern).toBe('none');
  expect((await call('POST', `/api/enrollments/${workflowId}/concern/handled`, {})).status).toBe(400);

  const entries = (await stack.access.audit.list({ limit: 1000 })).filter((e) => e.workflowId === workflowId && e.action === 'concern.handled');
  expect(entries).toEqual([expect.objectContaining({ detail: { hasNote: true } })]);
  expect(JSON.stringify(await stack.access.audit.list({ limit: 1000 }))).not.toContain('pus');
});
