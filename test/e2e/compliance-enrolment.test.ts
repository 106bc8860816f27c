/**
 * The client's region through the real API stack (a dev server, a worker, the API over loopback
 * HTTP): enrolment fills it from the phone's country when none is given, refuses a bad one with a
 * 400 naming `client.region` (starting nothing), carries it into the workflow input, and the
 * preview and the enrolment's plan use the window narrowed to the law's hours. The OpenAPI document
 * describes the field.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { DateTime } from 'luxon';
import { CLINIC } from '../../dev/aftercare-harness';
import { workflowIdFor } from '../../domain/identifiers';
import { createLogger } from '../../platform/logger';
import { TASK_QUEUE, type AftercareInput, type ClinicProfile } from '../../workflows/contract';
import { startApiStack, testApiConfig, TEST_API_KEY } from '../support/api-stack';
import { middayZone } from '../support/eventually';

jest.setTimeout(180_000);

/** A clinic that would text from 07:00 to 22:00, first thing at 07:30. */
const EARLY: ClinicProfile = { ...CLINIC, id: 'earlybird', name: 'Early Bird SMP', sendTime: '07:30', window: { start: '07:00', end: '22:00' } };
const auth = { authorization: `Bearer ${TEST_API_KEY}` };
const logger = createLogger({ level: 'error', write: () => undefined });

let stack: Awaited<ReturnType<typeof startApiStack>>;

beforeAll(async () => {
  stack = await startApiStack({ clinics: [EARLY], config: testApiConfig(), logger, taskQueue: TASK_QUEUE });
});
afterAll(async () => {
  await stack?.stop();
});

async function post<T = Record<string, unknown>>(path: string, body: unknown): Promise<{ status: number; json: T }> {
  const res = await fetch(`${stack.baseUrl}${path}`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as T };
}

let refs = 0;
function enrollment(client: Record<string, unknown>, timezone = middayZone()) {
  return {
    clinicId: EARLY.id,
    clientRef: `REG${Date.now().toString(36)}${++refs}`,
    client: { firstName: 'Jordan', email: 'jordan@example.com', timezone, consent: { sms: true, email: true }, ...client },
    session: { number: 1, performedAt: DateTime.now().minus({ hours: 1 }).toISO(), plannedSessions: 3 },
  };
}

/** The workflow's input as the run got it. */
async function inputOf(workflowId: string): Promise<AftercareInput> {
  const history = await stack.env.client.workflow.getHandle(workflowId).fetchHistory();
  const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0]?.data;
  return JSON.parse(Buffer.from(payload!).toString('utf8')) as AftercareInput;
}

type Plan = { step: string; local: string }[];
const hourOf = (plan: Plan, step: string) => plan.find((s) => s.step === step)!.local.slice(11, 16);

describe('client.region at enrolment', () => {
  it('defaults from the phone number: a +44 number is GB (the clinic window stays), a US number is US (federal hours only)', async () => {
    const british = await post<{ workflowId: string; plan: Plan; region?: string }>('/api/enrollments', enrollment({ phone: '+447400123456' }, 'Europe/London'));
    expect(british.status).toBe(201);
    expect(british.json.region).toBe('GB');
    expect((await inputOf(british.json.workflowId)).client.region).toBe('GB');
    expect(hourOf(british.json.plan, 'days-1-4')).toBe('07:30');

    const american = await post<{ workflowId: string; plan: Plan; region?: string }>('/api/enrollments', enrollment({ phone: '+12125554477' }, 'America/New_York'));
    expect(american.status).toBe(201);
    expect(american.json.region).toBe('US');
    expect((await inputOf(american.json.workflowId)).client.region).toBe('US');
    expect(hourOf(american.json.plan, 'days-1-4')).toBe('08:00');
  });

  it('takes a state from the clinic: a Florida client of a 07:00-22:00 clinic gets its steps at 08:00', async () => {
    const res = await post<{ workflowId: string; plan: Plan; region?: string }>('/api/enrollments', enrollment({ phone: '+12125554477', region: 'US-FL' }, 'America/New_York'));
    expect(res.status).toBe(201);
    expect(res.json.region).toBe('US-FL');
    expect((await inputOf(res.json.workflowId)).client.region).toBe('US-FL');
    for (const step of res.json.plan.filter((s) => s.step !== 'welcome' && s.step !== 'appointment-reminder')) expect(hourOf(res.json.plan, step.step)).toBe('08:00');
  });

  it.each([
    ['US-ZZ', /ZZ is not a US state code/],
    ['florida', /country code such as GB or US/],
    ['XX', /XX is not a country code in use/],
    ['GB-SCT', /country code such as GB or US/],
    [42, /country code such as GB or US/],
  ])('refuses region %j with 400 naming client.region, and starts nothing', async (region, reason) => {
    const body = enrollment({ phone: '+12125554477', region });
    const res = await post<{ issues: { path: string; message: string }[] }>('/api/enrollments', body);
    expect(res.status).toBe(400);
    expect(res.json.issues).toEqual([{ path: 'client.region', message: expect.stringMatching(reason) }]);
    await expect(stack.env.client.workflow.getHandle(workflowIdFor(EARLY.id, body.clientRef, 1)).describe()).rejects.toThrow(WorkflowNotFoundError);
  });
});

describe('POST /api/preview with a region', () => {
  it('shows the narrowed window and plan, the clinic window beside it; without a region the phone decides', async () => {
    const performedAt = DateTime.now().minus({ hours: 1 }).toISO();
    const body = (client: Record<string, unknown>) => ({ clinicId: EARLY.id, client: { timezone: 'America/New_York', ...client }, session: { number: 1, performedAt } });
    type Preview = { region: string | null; sendTime: string; window: { start: string; end: string }; clinicWindow?: unknown; steps: Plan };

    const florida = await post<Preview>('/api/preview', body({ region: 'US-FL' }));
    expect(florida.status).toBe(200);
    expect(florida.json).toMatchObject({ region: 'US-FL', sendTime: '08:00', window: { start: '08:00', end: '20:00' }, clinicWindow: EARLY.window });
    expect(hourOf(florida.json.steps, 'days-1-4')).toBe('08:00');

    const british = await post<Preview>('/api/preview', body({ phone: '+447400123456' }));
    expect(british.json).toMatchObject({ region: 'GB', sendTime: '07:30', window: EARLY.window });
    expect(british.json.clinicWindow).toBeUndefined();

    const bad = await post<{ issues: { path: string }[] }>('/api/preview', body({ region: 'US-ZZ' }));
    expect(bad.status).toBe(400);
    expect(bad.json.issues.map((i) => i.path)).toEqual(['client.region']);
  });

  it('the OpenAPI document describes client.region on the enrolment and the preview', async () => {
    const doc = (await (await fetch(`${stack.baseUrl}/openapi.json`)).json()) as { components: { schemas: Record<string, { properties: Record<string, { properties?: Record<string, { description?: string; pattern?: string }> }> }> } };
    for (const name of ['Enrollment', 'PreviewRequest']) {
      const region = doc.components.schemas[name]!.properties.client!.properties!.region;
      expect(region?.description).toContain('US-FL');
      expect(region?.pattern).toBeDefined();
    }
  });
});
