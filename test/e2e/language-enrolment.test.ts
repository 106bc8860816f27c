/**
 * The client's language at enrolment, through the real API stack (a dev server, a worker, the API
 * over loopback HTTP): `client.locale` picks it (a regional tag is its language), an unsupported
 * one is a 400 naming `client.locale` that starts nothing, and without one the clinic's
 * `defaultLocale` decides. The answer, the run's input and its status all show the language. A
 * clinic cannot be saved with a default no message is written in; one stored before that rule
 * enrols its clients in English.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { DateTime } from 'luxon';
import { CLINIC } from '../../dev/aftercare-harness';
import { clinicRecord } from '../../dev/clinics';
import { workflowIdFor } from '../../domain/identifiers';
import { createLogger } from '../../platform/logger';
import { TASK_QUEUE, type AftercareInput, type AftercareStatus } from '../../workflows/contract';
import { startApiStack, testApiConfig, TEST_API_KEY } from '../support/api-stack';
import { eventually, middayZone } from '../support/eventually';

jest.setTimeout(180_000);

const ENGLISH = clinicRecord({ ...CLINIC, id: 'northside', name: 'Northside Scalp Studio' });
const SPANISH = clinicRecord({ ...CLINIC, id: 'miami-smp', name: 'Miami SMP' }, { defaultLocale: 'es-US' });
/** Saved before unsupported defaults were refused: its clients get English. */
const LEGACY = clinicRecord({ ...CLINIC, id: 'lisboa', name: 'Lisboa SMP' }, { defaultLocale: 'pt-BR' });
const auth = { authorization: `Bearer ${TEST_API_KEY}` };
const logger = createLogger({ level: 'error', write: () => undefined });

let stack: Awaited<ReturnType<typeof startApiStack>>;

beforeAll(async () => {
  stack = await startApiStack({ clinics: [ENGLISH, SPANISH, LEGACY], config: testApiConfig(), logger, taskQueue: TASK_QUEUE });
});
afterAll(async () => {
  await stack?.stop();
});

async function call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const res = await fetch(`${stack.baseUrl}${path}`, {
    method,
    headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as T };
}

let refs = 0;
function enrollment(clinicId: string, client: Record<string, unknown> = {}) {
  return {
    clinicId,
    clientRef: `LANG${Date.now().toString(36)}${++refs}`,
    client: { firstName: 'Lucía', phone: '+12125554477', email: 'lucia@example.com', timezone: middayZone(), consent: { sms: true, email: true }, ...client },
    session: { number: 1, performedAt: DateTime.now().minus({ hours: 1 }).toISO(), plannedSessions: 3 },
  };
}

async function inputOf(workflowId: string): Promise<AftercareInput> {
  const history = await stack.env.client.workflow.getHandle(workflowId).fetchHistory();
  const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0]?.data;
  return JSON.parse(Buffer.from(payload!).toString('utf8')) as AftercareInput;
}

type Enrolled = { workflowId: string; locale?: string };

describe('client.locale at enrolment', () => {
  it('es-MX enrols in Spanish: the answer, the run input and the status say es', async () => {
    const res = await call<Enrolled>('POST', '/api/enrollments', enrollment(ENGLISH.id, { locale: 'es-MX' }));
    expect(res.status).toBe(201);
    expect(res.json.locale).toBe('es');
    expect((await inputOf(res.json.workflowId)).client.locale).toBe('es');
    const status = await eventually(
      async () => (await call<AftercareStatus>('GET', `/api/enrollments/${res.json.workflowId}`)).json,
      (s) => s.locale !== undefined,
    );
    expect(status.locale).toBe('es');
  });

  it.each([
    ['fr', /must be a language the messages are written in: en, es/],
    ['pt-BR', /en, es \(a regional tag such as es-MX is fine\)/],
    ['', /must be a language the messages are written in/],
    [42, /must be a language the messages are written in/],
  ])('refuses locale %j with 400 naming client.locale, and starts nothing', async (locale, reason) => {
    const body = enrollment(ENGLISH.id, { locale });
    const res = await call<{ error: string; issues: { path: string; message: string }[] }>('POST', '/api/enrollments', body);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: 'invalid_request', issues: [{ path: 'client.locale', message: expect.stringMatching(reason) }] });
    expect(res.json.issues).toHaveLength(1);
    await expect(stack.env.client.workflow.getHandle(workflowIdFor(ENGLISH.id, body.clientRef, 1)).describe()).rejects.toThrow(WorkflowNotFoundError);
  });

  it("without one, the clinic's defaultLocale decides; the client's own choice wins over it", async () => {
    const spanishClinic = await call<Enrolled>('POST', '/api/enrollments', enrollment(SPANISH.id));
    expect(spanishClinic.status).toBe(201);
    expect(spanishClinic.json.locale).toBe('es');
    expect((await inputOf(spanishClinic.json.workflowId)).client.locale).toBe('es');

    const englishClinic = await call<Enrolled>('POST', '/api/enrollments', enrollment(ENGLISH.id));
    expect(englishClinic.json.locale).toBe('en');

    const ownChoice = await call<Enrolled>('POST', '/api/enrollments', enrollment(SPANISH.id, { locale: 'en-US' }));
    expect(ownChoice.json.locale).toBe('en');
    expect((await inputOf(ownChoice.json.workflowId)).client.locale).toBe('en');
  });

  it('a clinic stored with a default no message is written in enrols its clients in English', async () => {
    const res = await call<Enrolled>('POST', '/api/enrollments', enrollment(LEGACY.id));
    expect(res.status).toBe(201);
    expect(res.json.locale).toBe('en');
  });

  it("the preview says the language too: the client's, else the clinic's", async () => {
    const body = (clinicId: string, client: Record<string, unknown> = {}) => ({
      clinicId,
      client: { timezone: 'America/New_York', ...client },
      session: { number: 1, performedAt: DateTime.now().minus({ hours: 1 }).toISO() },
    });
    expect((await call<{ locale: string }>('POST', '/api/preview', body(ENGLISH.id, { locale: 'es-MX' }))).json.locale).toBe('es');
    expect((await call<{ locale: string }>('POST', '/api/preview', body(SPANISH.id))).json.locale).toBe('es');
    const bad = await call<{ issues: { path: string }[] }>('POST', '/api/preview', body(ENGLISH.id, { locale: 'fr' }));
    expect(bad.status).toBe(400);
    expect(bad.json.issues.map((i) => i.path)).toEqual(['client.locale']);
  });
});

describe('GET /api/languages', () => {
  it('lists the languages messages are written in, each named in itself (what the front desk offers)', async () => {
    expect(await call('GET', '/api/languages')).toEqual({ status: 200, json: [{ code: 'en', name: 'English' }, { code: 'es', name: 'Español' }] });
  });
});

describe("a clinic's defaultLocale", () => {
  const profile = (extra: Record<string, unknown>) => ({
    id: 'valencia',
    name: 'Valencia SMP',
    phone: '+12125550147',
    email: 'desk@valencia.example.com',
    bookingUrl: 'https://valencia.example.com/book',
    ...extra,
  });

  it('is refused when no message is written in it (400 naming defaultLocale, nothing saved), kept in canonical form when one is', async () => {
    const refused = await call<{ issues: { path: string; message: string }[] }>('POST', '/api/clinics', profile({ defaultLocale: 'fr-FR' }));
    expect(refused.status).toBe(400);
    expect(refused.json.issues).toEqual([{ path: 'defaultLocale', message: expect.stringMatching(/must be a language the messages are written in: en, es/) }]);
    expect((await call('GET', '/api/clinics/valencia')).status).toBe(404);

    const saved = await call<{ defaultLocale: string }>('POST', '/api/clinics', profile({ defaultLocale: 'es-es' }));
    expect(saved.status).toBe(201);
    expect(saved.json.defaultLocale).toBe('es-ES');

    const patched = await call<{ issues: { path: string }[] }>('PATCH', '/api/clinics/valencia', { defaultLocale: 'de' });
    expect(patched.status).toBe(400);
    expect(patched.json.issues.map((i) => i.path)).toEqual(['defaultLocale']);
    expect((await call<{ defaultLocale: string }>('GET', '/api/clinics/valencia')).json.defaultLocale).toBe('es-ES');
  });
});
