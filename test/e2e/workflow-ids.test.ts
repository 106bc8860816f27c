/**
 * Workflow IDs across clinics (issue 13, bad input): clinic `north` with client `side-C1` and clinic
 * `north-side` with client `C1` once shared `aftercare-north-side-C1-s1`. Through the HTTP API, on a
 * real dev server and worker: the two get two IDs and two runs, a newer session supersedes only
 * its own clinic's client, and runs enrolled under the first scheme (started here directly, with
 * the search attributes the enrolment gave them then) still answer the routes, are superseded by a
 * newer session of their own client only, and find their own siblings.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import { legacyWorkflowIdFor } from '../../domain/identifiers';
import { createLogger } from '../../platform/logger';
import { SEARCH_ATTRIBUTES, TASK_QUEUE, type AftercareInput, type AftercareStatus, type ClinicProfile } from '../../workflows/contract';
import { CLINIC, inputAt, type Harness } from '../../dev/aftercare-harness';
import { eventually, middayZone } from '../support/eventually';
import { receivedBy } from '../support/received';
import { startApiStack, TEST_API_KEY, testApiConfig } from '../support/api-stack';

jest.setTimeout(180_000);

const API_KEY = TEST_API_KEY;
const CONFIG = testApiConfig();
const NORTH: ClinicProfile = { ...CLINIC, id: 'north', name: 'North Studio' };
const NORTH_SIDE: ClinicProfile = { ...CLINIC, id: 'north-side', name: 'North Side Studio' };
const auth = { authorization: `Bearer ${API_KEY}` };

let stack: Awaited<ReturnType<typeof startApiStack>>;
let env: TestWorkflowEnvironment;
let h: Harness;
let baseUrl: string;
let zone: string;
let legacy: { northSideC7: string; c8: string; c9: string };

beforeAll(async () => {
  stack = await startApiStack({
    clinics: new Map([NORTH, NORTH_SIDE].map((c) => [c.id, c])),
    config: CONFIG,
    logger: createLogger({ level: 'error', write: () => undefined }),
    taskQueue: TASK_QUEUE,
  });
  ({ env, h, baseUrl } = stack);
  zone = middayZone();
  // First-scheme runs were all started before the API ever enrolled at their clinic (nothing makes
  // them any more): so are they here, and the API finds them as it would (app/legacy-sessions.ts).
  legacy = {
    northSideC7: await startLegacy(NORTH, 'side-C7', 1),
    c8: await startLegacy(NORTH_SIDE, 'C8', 1),
    c9: await startLegacy(NORTH_SIDE, 'C9', 3),
  };
  await eventually(async () => (await env.client.workflow.count(`WorkflowId STARTS_WITH 'aftercare-north-'`)).count, (n) => n >= 3);
});
afterAll(async () => {
  await stack?.stop();
});

async function api(method: 'GET' | 'POST', url: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${baseUrl}${url}`, {
    method,
    headers: { ...auth, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

function enrollment(clinicId: string, clientRef: string, sessionNumber = 1) {
  return {
    clinicId,
    clientRef,
    client: { firstName: 'Jordan', phone: '+12125550147', email: 'jordan@example.com', timezone: zone, consent: { sms: true, email: true } },
    session: { number: sessionNumber, performedAt: DateTime.now().minus({ hours: 1 }).toISO(), plannedSessions: 3 },
  };
}

async function enroll(clinicId: string, clientRef: string, sessionNumber = 1): Promise<string> {
  const res = await api('POST', '/api/enrollments', enrollment(clinicId, clientRef, sessionNumber));
  expect(res).toMatchObject({ status: 201 });
  return res.json.workflowId as string;
}

const statusOf = async (workflowId: string) => (await api('GET', `/api/enrollments/${encodeURIComponent(workflowId)}`)).json as unknown as AftercareStatus;
const phaseOf = async (workflowId: string) => (await statusOf(workflowId)).phase;
async function until(workflowId: string, phase: string): Promise<void> {
  expect(await eventually(() => phaseOf(workflowId), (p) => p === phase)).toBe(phase);
}
/** Waits for the run's welcome to have gone out, so it is under way. */
async function underWay(workflowId: string): Promise<AftercareStatus> {
  const status = await eventually(() => statusOf(workflowId), (s) => s.sent?.length > 0);
  expect(status.sent.length).toBeGreaterThan(0);
  return status;
}

/** A run as the enrolment started it before the ID change: first-scheme ID, its own search attributes. */
async function startLegacy(clinic: ClinicProfile, clientRef: string, sessionNumber: number): Promise<string> {
  const input: AftercareInput = { ...inputAt(Date.now(), { clientRef, sessionNumber }), clinic };
  input.client.timezone = zone;
  const workflowId = legacyWorkflowIdFor(clinic.id, clientRef, sessionNumber);
  await env.client.workflow.start('aftercareWorkflow', {
    taskQueue: TASK_QUEUE,
    workflowId,
    args: [input],
    typedSearchAttributes: [
      { key: SEARCH_ATTRIBUTES.ClinicId, value: clinic.id },
      { key: SEARCH_ATTRIBUTES.ClientRef, value: clientRef },
      { key: SEARCH_ATTRIBUTES.SessionNumber, value: sessionNumber },
    ],
  });
  return workflowId;
}

describe('workflow IDs are unambiguous across clinics', () => {
  it('north + side-C1 and north-side + C1 get two IDs and two independent runs', async () => {
    const a = await enroll('north', 'side-C1');
    const b = await enroll('north-side', 'C1');
    expect(a).toBe('aftercare-north~side-C1-s1');
    expect(b).toBe('aftercare-north-side~C1-s1');
    const [sa, sb] = await Promise.all([underWay(a), underWay(b)]);
    expect([sa.clinicId, sa.clientRef]).toEqual(['north', 'side-C1']);
    expect([sb.clinicId, sb.clientRef]).toEqual(['north-side', 'C1']);
    expect(receivedBy(h, a).sms).toEqual(['welcome']);
    expect(receivedBy(h, b).sms).toEqual(['welcome']);

    // The second session of north-side's C1 ends only that client's first session.
    const b2 = await enroll('north-side', 'C1', 2);
    expect(b2).toBe('aftercare-north-side~C1-s2');
    await until(b, 'superseded');
    expect(await phaseOf(a)).not.toBe('superseded');
    // And the other way round.
    await enroll('north', 'side-C1', 2);
    await until(a, 'superseded');
    expect(await phaseOf(b2)).not.toBe('superseded');
  });

  it('a run under a first-scheme ID still answers the status and cancel routes', async () => {
    const id = await startLegacy(NORTH_SIDE, 'C5', 1);
    expect(id).toBe('aftercare-north-side-C5-s1');
    const status = await underWay(id);
    expect([status.clinicId, status.clientRef]).toEqual(['north-side', 'C5']);
    const cancelled = await api('POST', `/api/enrollments/${id}/cancel`, { reason: 'client moved away' });
    expect(cancelled).toEqual({ status: 200, json: { workflowId: id, cancelled: true, reason: 'client moved away' } });
    await until(id, 'cancelled');
  });

  it('an enrolment supersedes its client’s first-scheme sessions, never another clinic’s run under the same ID', async () => {
    // `aftercare-north-side-C7-s1` is north's client side-C7 here; north-side's client C7 would have had it too.
    const northsRun = legacy.northSideC7;
    expect(northsRun).toBe(legacyWorkflowIdFor('north-side', 'C7', 1));
    const ownRun = legacy.c8;
    await Promise.all([northsRun, ownRun].map(underWay));

    await enroll('north-side', 'C7', 2);
    await enroll('north-side', 'C8', 2);
    await until(ownRun, 'superseded');
    expect(await phaseOf(northsRun)).not.toBe('superseded');

    // A session enrolled under the first scheme is not enrolled a second time under the new one.
    const again = await api('POST', '/api/enrollments', enrollment('north-side', 'C8', 1));
    expect(again.status).toBe(409);
    expect(JSON.stringify(again.json)).toContain(ownRun);
    const northAgain = await api('POST', '/api/enrollments', enrollment('north', 'side-C7', 1));
    expect(northAgain.status).toBe(409);
    // north-side's C7 session 1 is not north's run: it enrols.
    const c7first = await api('POST', '/api/enrollments', enrollment('north-side', 'C7', 1));
    expect(c7first.status).toBe(201);
  });

  it('a session enrolled late while a newer one runs under a first-scheme ID ends at once and sends nothing', async () => {
    const newer = legacy.c9;
    await underWay(newer);
    const late = await enroll('north-side', 'C9', 2);
    await until(late, 'superseded');
    expect((await statusOf(late)).sent).toEqual([]);
    const got = receivedBy(h, late);
    expect([...got.sms, ...got.email, ...got.clinic]).toEqual([]);
    expect(await phaseOf(newer)).not.toBe('superseded');
  });

  it('a first-scheme run finds its own earlier session in its own scheme', async () => {
    const first = await startLegacy(NORTH_SIDE, 'C10', 1);
    await underWay(first);
    await startLegacy(NORTH_SIDE, 'C10', 2);
    await until(first, 'superseded');
  });
});
