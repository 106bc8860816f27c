/**
 * Issue 16, point 5: touch-up reminders over years. One workflow per client, started when a course
 * ends, reminds the client every `touchUpIntervalMonths` months, at the clinic's send time inside
 * its window in the client's zone, continues as new after each reminder (so no run's history grows
 * with the years), honours STOP for good, and ends when staff stop it or a new course begins.
 *
 * The time-skipping server with the real activities (dev/aftercare-harness.ts): five years pass
 * in seconds. With RECORD_HISTORIES=1 the runs named below are written to test/workflow/histories.
 */
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import { startAftercare } from '../../app/enrollment-service';
import { touchUpWorkflowIdFor, workflowIdFor } from '../../domain/identifiers';
import { touchUpDueAt } from '../../domain/touch-up-schedule';
import { CLINIC, inputAt, startHarness, type Harness } from '../../dev/aftercare-harness';
import { createTimeSkippingEnv } from '../../dev/temporal-env';
import { optInSignal, optOutSignal, SEARCH_ATTRIBUTES, TASK_QUEUE, type AftercareInput } from '../../workflows/contract';
import {
  newCourseSignal,
  stopTouchUpsUpdate,
  TOUCH_UP_WORKFLOW_TYPE,
  touchUpSearchAttributes,
  touchUpStatusQuery,
  type TouchUpInput,
  type TouchUpStatus,
} from '../../workflows/touch-up-contract';
import { runsOf } from '../support/continue-as-new';

const HISTORY_DIR = process.env.RECORD_HISTORIES ? path.join(__dirname, 'histories') : undefined;
const DAY_MS = 86_400_000;
/** Past the last step of a session's timeline (day 30, one-month). */
const COURSE_MS = 32 * DAY_MS;
/** The bound on any one run. */
const MAX_EVENTS_PER_RUN = 1_000;

let env: TestWorkflowEnvironment;
let h: Harness;

// A time-skipping server of each test's own: a course's child run and the years of timers of one
// test were seen to leave a shared server's clock stuck for the next.
beforeEach(async () => {
  env = await createTimeSkippingEnv();
  // The production queue, so that enrolment starts runs as the app does.
  h = await startHarness(env, { taskQueue: TASK_QUEUE, ...(HISTORY_DIR ? { historyDir: HISTORY_DIR } : {}) });
});
const started: string[] = [];
afterEach(async () => {
  for (const id of started.splice(0)) await env.client.workflow.getHandle(id).terminate('test finished').catch(() => undefined);
  await h?.stop();
  await env?.teardown();
});

let refCounter = 0;
const nextRef = () => `T${7000 + ++refCounter}`;

/** A touch-up input whose course ended `endedAgoMs` ago (workflow time). */
async function touchUpInput(overrides: Partial<TouchUpInput> = {}): Promise<TouchUpInput> {
  const now = await env.currentTimeMs();
  const clientRef = overrides.clientRef ?? nextRef();
  return {
    clinic: CLINIC,
    clientRef,
    client: { firstName: 'Jordan', phone: '+12125554477', email: 'jordan@example.com', timezone: 'America/New_York', consent: { sms: true, email: true } },
    phoneHash: 'hash-of-4477',
    courseEndedAt: new Date(now).toISOString(),
    courseRef: `aftercare-${CLINIC.id}~${clientRef}-s3`,
    ...overrides,
  };
}

async function startTouchUps(input: TouchUpInput) {
  const workflowId = touchUpWorkflowIdFor(input.clinic.id, input.clientRef);
  const handle = await env.client.workflow.start(TOUCH_UP_WORKFLOW_TYPE, {
    taskQueue: TASK_QUEUE,
    workflowId,
    args: [input],
    typedSearchAttributes: touchUpSearchAttributes(input),
  });
  started.push(workflowId);
  return { workflowId, handle, firstRunId: handle.firstExecutionRunId };
}

/** Which reminder each channel of the client received, in order, read at the providers. */
function received(workflowId: string) {
  const sms = h.twilio.messages.filter((m) => new URL(m.statusCallback ?? 'x:/').searchParams.get('wf') === workflowId);
  const email = h.smtp.messages.filter((m) => m.headers.get('x-aftercare-workflow') === workflowId);
  return { sms, email };
}

/** The reminders' due instants within five years of the course's end, as the clinic's timing puts them. */
function expectedReminders(courseEndedAt: string, intervalMonths: number): string[] {
  const due: string[] = [];
  const until = fiveYearsAfter(courseEndedAt);
  for (let months = intervalMonths; ; months += intervalMonths) {
    const at = touchUpDueAt(courseEndedAt, months, 'America/New_York', CLINIC);
    if (Date.parse(at) > until) return due;
    due.push(at);
  }
}

/** Five years and a day after the course's end (the day: a reminder due on the fifth anniversary counts). */
const fiveYearsAfter = (courseEndedAt: string) => DateTime.fromISO(courseEndedAt).plus({ years: 5, days: 1 }).toMillis();

/** Lets workflow time pass until `ms` (epoch). */
async function sleepUntil(ms: number): Promise<void> {
  const now = await env.currentTimeMs();
  if (ms > now) await env.sleep(ms - now);
}

/** The sends of each reminder, as the run records them (workflow time). */
const sentAt = (status: TouchUpStatus, channel: 'sms' | 'email') => status.sent.filter((s) => s.channel === channel && s.status === 'sent').map((s) => s.at);

describe('touch-up reminders over five years', () => {
  it.each([
    [18, 'touch-up-every-18-months'],
    [12, 'touch-up-every-12-months'],
  ])('every %i months: exactly the expected reminders, each on its day at the send time, in the window, every run under 1,000 events', async (interval, historyName) => {
    h.clinics.edit(CLINIC.id, { touchUpIntervalMonths: interval });
    const input = await touchUpInput();
    const { workflowId, handle, firstRunId } = await startTouchUps(input);
    await sleepUntil(fiveYearsAfter(input.courseEndedAt));

    const expected = expectedReminders(input.courseEndedAt, interval);
    expect(expected).toHaveLength(interval === 18 ? 3 : 5);
    const status = await handle.query(touchUpStatusQuery);
    expect(status).toMatchObject({ state: 'waiting', intervalMonths: interval, remindersSent: expected.length });
    expect(status.nextReminderAt).toBe(touchUpDueAt(input.courseEndedAt, interval * (expected.length + 1), 'America/New_York', CLINIC));
    // Each reminder within minutes of its due instant (the send itself takes a moment), at the clinic's 10:00 in New York.
    for (const channel of ['sms', 'email'] as const) {
      const at = sentAt(status, channel);
      expect(at).toHaveLength(expected.length);
      at.forEach((iso, i) => {
        expect(Date.parse(iso) - Date.parse(expected[i]!)).toBeGreaterThanOrEqual(0);
        expect(Date.parse(iso) - Date.parse(expected[i]!)).toBeLessThan(15 * 60_000);
        const local = DateTime.fromISO(iso, { zone: 'America/New_York' });
        expect(local.hour).toBe(10);
      });
    }
    // What the client got: one text and one email per reminder, in English, never twice.
    const { sms, email } = received(workflowId);
    expect(sms).toHaveLength(expected.length);
    expect(email).toHaveLength(expected.length);
    expect(sms[0]!.body).toMatch(/^Northside Scalp Studio: Hi Jordan! \d+ months since your SMP course: sun and time soften the pigment/);
    expect(sms[0]!.body).toContain('https://book.northside.example.com/smp');
    expect(email[0]!.subject).toBe('Time for a touch-up at Northside Scalp Studio?');
    expect(new Set(email.map((m) => m.headers.get('message-id'))).size).toBe(expected.length);

    // One run per reminder, plus the one waiting now; none anywhere near long.
    const runs = await runsOf(env.client, workflowId, firstRunId);
    expect(runs).toHaveLength(expected.length + 1);
    for (const events of runs) expect(events.length).toBeLessThan(MAX_EVENTS_PER_RUN);
    if (HISTORY_DIR) await h.saveHistory(workflowId, historyName, firstRunId);
  });

  it('in the client\'s language and zone: a Spanish client in Madrid gets the reminder in Spanish at 10:00 there, GSM-7 only', async () => {
    h.clinics.edit(CLINIC.id, { touchUpIntervalMonths: 12 });
    const input = await touchUpInput({
      client: { firstName: 'Lucía', phone: '+34612345678', email: 'lucia@example.com', timezone: 'Europe/Madrid', locale: 'es', consent: { sms: true, email: true } },
    });
    const { workflowId, handle } = await startTouchUps(input);
    await env.sleep(366 * DAY_MS + DAY_MS);
    const { sms, email } = received(workflowId);
    expect(sms).toHaveLength(1);
    expect(sms[0]!.body).toContain('Han pasado 12 meses desde tu tratamiento SMP');
    expect(sms[0]!.body).not.toMatch(/[áíóú]/);
    expect(email[0]!.subject).toBe('¿Es momento de un retoque en Northside Scalp Studio?');
    const [at] = sentAt(await handle.query(touchUpStatusQuery), 'sms');
    expect(DateTime.fromISO(at!, { zone: 'Europe/Madrid' }).hour).toBe(10);
  });
});

describe('stopping touch-ups', () => {
  it('a STOP after the first reminder: no text ever again, while the emails the client agreed to go on; START brings texts back', async () => {
    h.clinics.edit(CLINIC.id, { touchUpIntervalMonths: 12 });
    const input = await touchUpInput();
    const { workflowId, handle } = await startTouchUps(input);
    await env.sleep(366 * DAY_MS + DAY_MS);
    expect(received(workflowId).sms).toHaveLength(1);

    await handle.signal(optOutSignal, { channel: 'sms' });
    await sleepUntil(fiveYearsAfter(input.courseEndedAt));
    const { sms, email } = received(workflowId);
    expect(sms).toHaveLength(1);
    expect(email).toHaveLength(5);
    const status = await handle.query(touchUpStatusQuery);
    expect(status.channels).toEqual({ sms: 'opted-out', email: 'active' });
    expect(status.remindersSent).toBe(5);
    if (HISTORY_DIR) await h.saveHistory(workflowId, 'touch-up-sms-opt-out');

    await handle.signal(optInSignal, { channel: 'sms' });
    await env.sleep(366 * DAY_MS);
    expect(received(workflowId).sms).toHaveLength(2);
  });

  it('staff stop them: the run ends, stopped by staff, and nothing more is sent', async () => {
    h.clinics.edit(CLINIC.id, { touchUpIntervalMonths: 12 });
    const input = await touchUpInput();
    const { workflowId, handle } = await startTouchUps(input);
    await env.sleep(30 * DAY_MS);
    const answer = await handle.executeUpdate(stopTouchUpsUpdate, { args: [{}] });
    expect(answer).toMatchObject({ state: 'stopped', stoppedBy: 'staff', nextReminderAt: null, remindersSent: 0 });
    const result = (await handle.result()) as TouchUpStatus;
    expect(result).toMatchObject({ state: 'stopped', stoppedBy: 'staff' });
    await env.sleep(2 * 366 * DAY_MS);
    expect(received(workflowId)).toEqual({ sms: [], email: [] });
  });

  it('a clinic that shortens its interval: the waiting reminder moves to the new date', async () => {
    h.clinics.edit(CLINIC.id, { touchUpIntervalMonths: 24 });
    const input = await touchUpInput();
    const { handle } = await startTouchUps(input);
    await env.sleep(30 * DAY_MS);
    expect((await handle.query(touchUpStatusQuery)).nextReminderAt).toBe(touchUpDueAt(input.courseEndedAt, 24, 'America/New_York', CLINIC));
    h.clinics.edit(CLINIC.id, { touchUpIntervalMonths: 6 });
    // The run reads the clinic again when its timer fires; until then it waits on the old date.
    await env.sleep(2 * 366 * DAY_MS);
    const status = await handle.query(touchUpStatusQuery);
    expect(status.intervalMonths).toBe(6);
    // The first reminder went when the old wait ended (past the new date), the later ones every 6 months from the course's end.
    expect(status.remindersSent).toBeGreaterThanOrEqual(1);
    expect(status.nextReminderAt).toBe(touchUpDueAt(input.courseEndedAt, 6 * (status.remindersSent + 1), 'America/New_York', CLINIC));
  });
});

describe('courses start and end the touch-ups', () => {
  /** A final session's aftercare, enrolled as the app does (courseEnd set), on the production queue. */
  async function finalSession(clientRef: string, overrides: Partial<AftercareInput> = {}, sessionNumber = 3) {
    const input = { ...inputAt(await env.currentTimeMs(), { clientRef, sessionNumber, phoneHash: 'hash-of-4477' }), courseEnd: true, ...overrides };
    const { workflowId } = await startAftercare(env.client, input);
    started.push(workflowId);
    return { input, workflowId, handle: env.client.workflow.getHandle(workflowId) };
  }

  it("the end of a final session's timeline starts them, carrying the STOP of the course; enrolling a new course ends them", async () => {
    h.clinics.edit(CLINIC.id, { touchUpIntervalMonths: 12 });
    const clientRef = nextRef();
    const touchUpId = touchUpWorkflowIdFor(CLINIC.id, clientRef);
    started.push(touchUpId);
    const course = await finalSession(clientRef);
    await env.sleep(2 * DAY_MS);
    await course.handle.signal(optOutSignal, { channel: 'sms' });
    await env.sleep(COURSE_MS);
    expect((await course.handle.result()).phase).toBe('completed');
    if (HISTORY_DIR) await h.saveHistory(course.workflowId, 'course-end-starts-touch-ups');

    const touchUps = env.client.workflow.getHandle(touchUpId);
    const first = await touchUps.query(touchUpStatusQuery);
    expect(first).toMatchObject({ state: 'waiting', clinicId: CLINIC.id, clientRef, channels: { sms: 'opted-out', email: 'active' } });
    expect(first.nextReminderAt).toBe(touchUpDueAt(course.input.session.performedAt, 12, 'America/New_York', CLINIC));
    const description = await touchUps.describe();
    expect(description.typedSearchAttributes.get(SEARCH_ATTRIBUTES.ClientRef)).toBe(clientRef);

    // A new course for the same client at the clinic: enrolling its first session ends the touch-ups.
    const next = await startAftercare(env.client, inputAt(await env.currentTimeMs(), { clientRef, sessionNumber: 1, phoneHash: 'hash-of-4477' }));
    started.push(next.workflowId);

    expect(await touchUps.result()).toMatchObject({ state: 'stopped', stoppedBy: 'new-course' });

  });

  it("a later course's end starts them again under the same ID, with a fresh count", async () => {
    const clientRef = nextRef();
    const earlier = await startTouchUps(await touchUpInput({ clientRef }));
    await earlier.handle.signal(newCourseSignal, { workflowId: workflowIdFor(CLINIC.id, clientRef, 1) });
    expect(await earlier.handle.result()).toMatchObject({ state: 'stopped', stoppedBy: 'new-course' });
    const input = { ...inputAt(await env.currentTimeMs(), { clientRef, sessionNumber: 2 }), courseEnd: true };
    const later = await h.start({ ...input, session: { ...input.session, plannedSessions: 2 } }, workflowIdFor(CLINIC.id, clientRef, 2));
    await env.sleep(COURSE_MS);
    expect((await later.result()).phase).toBe('completed');
    const again = env.client.workflow.getHandle(earlier.workflowId);
    expect((await again.describe()).runId).not.toBe(earlier.firstRunId);
    expect(await again.query(touchUpStatusQuery)).toMatchObject({ state: 'waiting', remindersSent: 0, channels: { sms: 'active', email: 'active' } });
  });

  it('a touch-up run already going for the client is left as it is', async () => {
    const clientRef = nextRef();
    const running = await startTouchUps(await touchUpInput({ clientRef }));
    // Started as the harness does, not through the enrolment (which would end the running touch-ups).
    const input = { ...inputAt(await env.currentTimeMs(), { clientRef, sessionNumber: 3 }), courseEnd: true };
    const course = await h.start(input, workflowIdFor(CLINIC.id, clientRef, 3));
    await env.sleep(COURSE_MS);
    expect((await course.result()).phase).toBe('completed');
    expect((await env.client.workflow.getHandle(running.workflowId).describe()).runId).toBe(running.firstRunId);
    const { events } = await course.fetchHistory();
    expect(events?.some((e) => e.startChildWorkflowExecutionFailedEventAttributes)).toBe(true);
  });

  it('a new course signal ends a waiting run at once', async () => {
    const { handle } = await startTouchUps(await touchUpInput());
    await handle.signal(newCourseSignal, { workflowId: 'aftercare-northside~X-s1' });
    expect(await handle.result()).toMatchObject({ state: 'stopped', stoppedBy: 'new-course' });
  });
});
