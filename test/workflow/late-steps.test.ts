/**
 * Steps held up past their time (every worker down for hours or days): the rule as a pure
 * function, then the workflow on the time-skipping server with its workers stopped and started
 * again at chosen local times.
 */
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import { planFor } from '../../app/enrollment-service';
import { LATE_AFTER_MS, lateStepAction } from '../../domain/plan';
import type { StepId } from '../../domain/steps';
import { pauseSignal, resendStepUpdate, resumeSignal, statusQuery, type AftercareInput } from '../../workflows/contract';
import { workflowIdFor } from '../../domain/identifiers';
import { inputAt, startHarness, type Harness } from '../../dev/aftercare-harness';
import { createTimeSkippingEnv } from '../../dev/temporal-env';
import { zoneAtLocalHour } from '../../dev/zones';

const ZONE = 'America/New_York';
const HISTORY_DIR = process.env.RECORD_HISTORIES ? path.join(__dirname, 'histories') : undefined;
const WINDOW = { start: '09:00', end: '20:00' };
const at = (local: string) => DateTime.fromISO(local, { zone: ZONE });

describe('lateStepAction', () => {
  const due = at('2026-03-12T10:00');
  const action = (step: string, nowLocal: string) =>
    lateStepAction({ step, sendAt: due.toUTC().toISO()!, now: at(nowLocal).toMillis(), zone: ZONE, window: WINDOW });

  it('sends a step that is on time or only a little late', () => {
    expect(action('days-5-7', '2026-03-12T10:00')).toEqual({ kind: 'send' });
    expect(lateStepAction({ step: 'days-5-7', sendAt: due.toUTC().toISO()!, now: due.toMillis() + LATE_AFTER_MS, zone: ZONE, window: WINDOW })).toEqual({ kind: 'send' });
  });

  it('with graceOnlyInWindow, a step only minutes late but past the window\'s end is not sent then', () => {
    const evening = at('2026-03-12T19:55').toUTC().toISO()!;
    const minutesLate = (nowLocal: string, graceOnlyInWindow: boolean) =>
      lateStepAction({ step: 'days-5-7', sendAt: evening, now: at(nowLocal).toMillis(), zone: ZONE, window: WINDOW, graceOnlyInWindow });
    expect(minutesLate('2026-03-12T20:05', false)).toEqual({ kind: 'send' });
    expect(minutesLate('2026-03-12T20:05', true)).toMatchObject({ kind: 'skip' });
    expect(minutesLate('2026-03-12T19:59', true)).toEqual({ kind: 'send' });
  });

  it('sends a late step that can still go out on its own day, inside the window', () => {
    expect(action('days-5-7', '2026-03-12T16:30')).toEqual({ kind: 'send' });
    expect(action('days-5-7', '2026-03-12T19:59')).toEqual({ kind: 'send' });
  });

  it('skips a step whose day is over: at night after its window, or days later', () => {
    expect(action('days-5-7', '2026-03-12T20:30')).toMatchObject({ kind: 'skip', reason: expect.stringContaining('Mar 12, 10:00 America/New_York') });
    expect(action('days-5-7', '2026-03-14T11:00')).toMatchObject({ kind: 'skip' });
  });

  it('keeps a late welcome, waiting for the window when it is night', () => {
    expect(action('welcome', '2026-03-12T23:15')).toEqual({ kind: 'wait', until: at('2026-03-13T09:00').toUTC().toISO() });
    expect(action('welcome', '2026-03-15T12:00')).toEqual({ kind: 'send' });
  });

  it('waits for a window that opens later on the step\'s own day (a window ending after midnight\'s send)', () => {
    // A late-opening window: the step was due at 10:00 local, the window is 10:00-20:00 and a
    // worker comes back at 10:20 with the window open: it goes; at 09:50 the next morning it
    // would be another day.
    const late = { start: '10:00', end: '20:00' };
    expect(lateStepAction({ step: 'day-15', sendAt: due.toUTC().toISO()!, now: at('2026-03-12T10:20').toMillis(), zone: ZONE, window: late })).toEqual({ kind: 'send' });
    expect(lateStepAction({ step: 'day-15', sendAt: due.toUTC().toISO()!, now: at('2026-03-13T09:50').toMillis(), zone: ZONE, window: late })).toMatchObject({ kind: 'skip' });
  });
});

/**
 * A workflow whose steps were due long before a worker first runs it, as after an outage of every
 * worker: its enrollment (and so its plan) lies in the past of the server's clock.
 */
describe('a workflow that runs long after its steps were due', () => {
  let env: TestWorkflowEnvironment;
  let h: Harness;

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    h = await startHarness(env, HISTORY_DIR ? { historyDir: HISTORY_DIR } : {});
  });
  afterAll(async () => {
    await h?.stop();
    await env?.teardown();
  });

  const received = (workflowId: string) => ({
    sms: h.twilio.messages.filter((m) => new URL(m.statusCallback ?? 'x:/').searchParams.get('wf') === workflowId).length,
    emails: h.smtp.messages.filter((m) => m.headers.get('x-aftercare-workflow') === workflowId).map((m) => m.headers.get('x-aftercare-step') as StepId),
  });

  /** Enrolled at 13:00 local `daysAgo` days before today, after a session at noon. */
  async function startOverdue(ref: string, zone: string, daysAgo: number) {
    const now = await env.currentTimeMs();
    const session = DateTime.fromMillis(now, { zone }).startOf('day').minus({ days: daysAgo }).set({ hour: 12 });
    const base = inputAt(now, { clientRef: ref });
    const input: AftercareInput = {
      ...base,
      client: { ...base.client, timezone: zone },
      session: { ...base.session, performedAt: session.toUTC().toISO()! },
      enrolledAt: session.plus({ hours: 1 }).toUTC().toISO()!,
    };
    const workflowId = workflowIdFor(input.clinic.id, input.clientRef, 1);
    const handle = await h.start(input, workflowId);
    const sendAt = (step: StepId) => DateTime.fromISO(planFor(input).find((p) => p.step === step)!.sendAt, { zone });
    return { handle, workflowId, sendAt };
  }

  it('in the daytime: sends the held-up welcome, skips the step whose day has passed, then goes on as planned', async () => {
    const zone = zoneAtLocalHour(await env.currentTimeMs(), 10, 18);
    const { handle, workflowId, sendAt } = await startOverdue('LATE1', zone, 2);
    await env.sleep(5 * 60_000);
    const status = await handle.query(statusQuery);
    // Two days late, but the window is open: the welcome goes now.
    expect(received(workflowId).emails).toEqual(['welcome']);
    expect(received(workflowId).sms).toBe(1);
    // days-1-4 was yesterday's: its text no longer fits the day, so it is recorded as skipped.
    expect(status.sent.filter((r) => r.id === 'days-1-4').map((r) => [r.channel, r.status])).toEqual([
      ['sms', 'skipped'],
      ['email', 'skipped'],
    ]);
    expect(status.sent.find((r) => r.id === 'days-1-4')!.detail).toMatch(/^held up past its day/);
    expect(status.nextStep?.id).toBe('days-5-7');

    // The next step is not late: it goes at its planned instant.
    const next = sendAt('days-5-7');
    await env.sleep(next.toMillis() + 2 * 60_000 - (await env.currentTimeMs()));
    await handle.query(statusQuery);
    expect(received(workflowId).emails).toEqual(['welcome', 'days-5-7']);
    await h.saveHistory(workflowId, 'late-skipped-step');
  });

  it('a paused run sends nothing; on resume a step still on its day goes, one whose day passed is skipped', async () => {
    const zone = zoneAtLocalHour(await env.currentTimeMs(), 10, 18);
    const now = await env.currentTimeMs();
    const base = inputAt(now, { clientRef: 'PAUSE1' });
    const input: AftercareInput = { ...base, client: { ...base.client, timezone: zone } };
    const workflowId = workflowIdFor(input.clinic.id, input.clientRef, 1);
    const handle = await h.start(input, workflowId);
    const sendAt = (step: StepId) => DateTime.fromISO(planFor(input).find((p) => p.step === step)!.sendAt, { zone });
    await env.sleep(5 * 60_000);
    expect(received(workflowId).emails).toEqual(['welcome']);

    await handle.signal(pauseSignal, { reason: 'template under review' });
    const rules = sendAt('days-1-4');
    await env.sleep(rules.plus({ hours: 2 }).toMillis() - (await env.currentTimeMs()));
    let status = await handle.query(statusQuery);
    expect(status.paused).toMatchObject({ reason: 'template under review' });
    expect(received(workflowId).emails).toEqual(['welcome']);

    // Resumed two hours late, on the step's day and in the window: it goes now.
    await handle.signal(resumeSignal, {});
    await env.sleep(5 * 60_000);
    status = await handle.query(statusQuery);
    expect(status.paused).toBeNull();
    expect(received(workflowId).emails).toEqual(['welcome', 'days-1-4']);

    // Paused across the whole day of days-5-7: on resume it is skipped, and the plan goes on.
    await handle.signal(pauseSignal, { reason: 'clinic closed for the week' });
    await env.sleep(sendAt('days-5-7').plus({ days: 1 }).toMillis() - (await env.currentTimeMs()));
    expect(received(workflowId).emails).toEqual(['welcome', 'days-1-4']);
    await handle.signal(resumeSignal, {});
    await env.sleep(5 * 60_000);
    status = await handle.query(statusQuery);
    expect(status.sent.filter((r) => r.id === 'days-5-7').map((r) => r.status)).toEqual(['skipped', 'skipped']);
    expect(received(workflowId).emails).toEqual(['welcome', 'days-1-4']);
    expect(status.nextStep?.id).toBe('days-8-14');
    await h.saveHistory(workflowId, 'paused-and-resumed');
  });

  it('resends on request: a skipped step, and the welcome by email only, each as a message of its own', async () => {
    const zone = zoneAtLocalHour(await env.currentTimeMs(), 10, 18);
    const { handle, workflowId } = await startOverdue('RESEND1', zone, 2);
    await env.sleep(5 * 60_000);
    expect((await handle.query(statusQuery)).sent.filter((r) => r.id === 'days-1-4').map((r) => r.status)).toEqual(['skipped', 'skipped']);

    await handle.executeUpdate(resendStepUpdate, { args: [{ step: 'days-1-4', reason: 'clinic asked after the outage' }] });
    await handle.executeUpdate(resendStepUpdate, { args: [{ step: 'welcome', channel: 'email', reason: 'client deleted it' }] });
    await env.sleep(5 * 60_000);
    const status = await handle.query(statusQuery);
    expect(received(workflowId)).toEqual({ sms: 2, emails: ['welcome', 'days-1-4', 'welcome'] });
    expect(status.sent.filter((r) => r.detail?.startsWith('resent:')).map((r) => [r.id, r.channel, r.status])).toEqual([
      ['days-1-4', 'sms', 'sent'],
      ['days-1-4', 'email', 'sent'],
      ['welcome', 'email', 'sent'],
    ]);
    // A mail client must not fold the resend into the first copy.
    const welcomes = h.smtp.messages.filter((m) => m.headers.get('x-aftercare-workflow') === workflowId && m.headers.get('x-aftercare-step') === 'welcome');
    expect(new Set(welcomes.map((m) => m.messageId)).size).toBe(2);
    await h.saveHistory(workflowId, 'resend-after-skip');
  });

  it('a step less than 15 minutes late never goes outside the window (sent 19:55, paused 19:50-20:05)', async () => {
    const base = inputAt(await env.currentTimeMs(), { clientRef: 'EDGE1' });
    const input: AftercareInput = { ...base, clinic: { ...base.clinic, sendTime: '19:55', window: WINDOW } };
    const workflowId = workflowIdFor(input.clinic.id, input.clientRef, 1);
    const handle = await h.start(input, workflowId);
    const due = DateTime.fromISO(planFor(input).find((p) => p.step === 'days-1-4')!.sendAt, { zone: ZONE });
    expect(due.toFormat('HH:mm')).toBe('19:55');
    await env.sleep(due.minus({ minutes: 5 }).toMillis() - (await env.currentTimeMs()));
    await handle.signal(pauseSignal, { reason: 'template under review' });
    await env.sleep(due.plus({ minutes: 10 }).toMillis() - (await env.currentTimeMs()));
    await handle.signal(resumeSignal, {});
    await env.sleep(5 * 60_000);
    const status = await handle.query(statusQuery);
    // Resumed at 20:05, after the window: the next opening is another day, so the step is skipped.
    expect(received(workflowId).emails).toEqual(['welcome']);
    expect(received(workflowId).sms).toBe(1);
    expect(status.sent.filter((r) => r.id === 'days-1-4').map((r) => [r.channel, r.status])).toEqual([
      ['sms', 'skipped'],
      ['email', 'skipped'],
    ]);
    for (const r of status.sent.filter((s) => s.status === 'sent')) {
      const local = DateTime.fromISO(r.at, { zone: ZONE }).toFormat('HH:mm');
      expect(local >= WINDOW.start && local < WINDOW.end).toBe(true);
    }
    await h.saveHistory(workflowId, 'late-by-minutes-after-the-window');
  });

  it('at night: sends nothing until the window opens, then the held-up welcome', async () => {
    const zone = zoneAtLocalHour(await env.currentTimeMs(), 21, 24);
    const { handle, workflowId } = await startOverdue('LATE2', zone, 1);
    await env.sleep(5 * 60_000);
    let status = await handle.query(statusQuery);
    expect(received(workflowId)).toEqual({ sms: 0, emails: [] });
    expect(status.sent).toEqual([]);

    // The next morning at the window's opening (09:00), the welcome goes.
    const opening = DateTime.fromMillis(await env.currentTimeMs(), { zone }).plus({ days: 1 }).set({ hour: 9, minute: 2 });
    await env.sleep(opening.toMillis() - (await env.currentTimeMs()));
    status = await handle.query(statusQuery);
    expect(received(workflowId).emails).toEqual(['welcome']);
    const welcome = status.sent.find((r) => r.id === 'welcome' && r.channel === 'email')!;
    expect(DateTime.fromISO(welcome.at, { zone }).toFormat('HH:mm')).toBe('09:00');
    await h.saveHistory(workflowId, 'late-welcome-at-night');
  });
});
