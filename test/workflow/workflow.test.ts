/**
 * The aftercare workflow on the time-skipping test server, with the real activities talking to a
 * Twilio stand-in (over HTTP, through the real `twilio` package) and a real local SMTP server.
 *
 * With RECORD_HISTORIES=1 the runs' histories are written to test/workflow/histories for the replay test.
 */
import { receivedBy } from '../support/received';
import { skipPast } from '../support/time-skip';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import { planFor } from '../../app/enrollment-service';
import type { StepId } from '../../domain/steps';
import { cancelSignal, clientReplySignal, deliveryStatusSignal, optInSignal, optOutSignal, pauseSignal, recordBookingUpdate, resumeSignal, SEARCH_ATTRIBUTES, statusQuery, updateContactUpdate, type AftercareInput } from '../../workflows/contract';
import { workflowIdFor } from '../../domain/identifiers';
import type { AftercareResult } from '../../workflows/aftercare';
import { CLINIC, inputAt, type Harness } from '../../dev/aftercare-harness';
import { harnessPerTest } from '../support/harness-per-test';

const DAY = 86_400_000;

let env: TestWorkflowEnvironment;
let h: Harness;
harnessPerTest((e, harness) => {
  env = e;
  h = harness;
});

let refCounter = 0;
async function enrollNow(overrides: Parameters<typeof inputAt>[1] = {}) {
  const input = inputAt(await env.currentTimeMs(), { clientRef: `C${1000 + ++refCounter}`, ...overrides });
  const workflowId = workflowIdFor(input.clinic.id, input.clientRef, input.session.number);
  const handle = await h.start(input, workflowId);
  return { input, workflowId, handle };
}


const received = (workflowId: string) => receivedBy(h, workflowId);

const clientSteps = (steps: { step: StepId; to: string }[]) => steps.filter((s) => s.to === 'client').map((s) => s.step);

describe('aftercare workflow', () => {
  it('delivers every step of a full timeline exactly once, at its instant, by each consented channel', async () => {
    const { input, workflowId, handle } = await enrollNow();
    const result: AftercareResult = await handle.result();
    expect(result.phase).toBe('completed');

    const plan = planFor(input);
    const expectedClient = clientSteps(plan);
    expect(expectedClient).toEqual(['welcome', 'days-1-4', 'days-5-7', 'days-8-14', 'book-next', 'book-nudge', 'day-15', 'one-month']);

    const got = received(workflowId);
    expect(got.sms).toEqual(expectedClient);
    expect(got.email.filter((s) => s !== 'clinic-follow-up')).toEqual(expectedClient);
    // No booking: the nudge went on day 14 and the clinic was asked to call on day 21.
    const clinicMail = h.smtp.messages.filter((m) => m.headers.get('x-aftercare-workflow') === workflowId && m.headers.get('x-aftercare-step') === 'clinic-follow-up');
    expect(clinicMail).toHaveLength(1);
    expect(clinicMail[0]!.to).toBeDefined();
    expect(JSON.stringify(clinicMail[0]!.to)).toContain(CLINIC.email);
    expect(clinicMail[0]!.text).toContain(input.clientRef);

    // Each step went out at its planned instant (workflow time), never early.
    const status = await handle.query(statusQuery);
    for (const step of plan) {
      const records = status.sent.filter((r) => r.id === step.step && r.status === 'sent');
      expect(records.length).toBeGreaterThan(0);
      for (const r of records) {
        expect(Date.parse(r.at)).toBeGreaterThanOrEqual(Date.parse(step.sendAt));
        expect(Date.parse(r.at) - Date.parse(step.sendAt)).toBeLessThan(5 * 60_000);
      }
    }
    expect(status.phase).toBe('completed');
    expect(status.nextStep).toBeNull();

    const described = await handle.describe();
    expect(described.typedSearchAttributes.get(SEARCH_ATTRIBUTES.AftercarePhase)).toBe('completed');
    expect(described.typedSearchAttributes.get(SEARCH_ATTRIBUTES.BookingStatus)).toBe('awaiting');
    await h.saveHistory(workflowId, 'full-timeline');
  });

  it('a booking before day 10 means no book-next or book-nudge, and a reminder the day before', async () => {
    const { input, workflowId, handle } = await enrollNow();
    await env.sleep(3 * DAY);
    const appointment = DateTime.fromISO(input.session.performedAt, { zone: 'America/New_York' }).plus({ days: 25 }).set({ hour: 14, minute: 30 });
    const updated = await handle.executeUpdate(recordBookingUpdate, { args: [{ appointmentAt: appointment.toISO() as string }] });
    expect(updated.booking.status).toBe('booked');
    expect(updated.plan.map((s) => s.step)).toContain('appointment-reminder');

    const result = await handle.result();
    expect(result.phase).toBe('completed');
    const got = received(workflowId);
    for (const channel of [got.sms, got.email]) {
      expect(channel).not.toContain('book-next');
      expect(channel).not.toContain('book-nudge');
      expect(channel).not.toContain('clinic-follow-up');
      expect(channel.filter((s) => s === 'appointment-reminder')).toHaveLength(1);
    }
    const status = await handle.query(statusQuery);
    const reminder = status.sent.find((r) => r.id === 'appointment-reminder' && r.channel === 'sms');
    expect(DateTime.fromISO(reminder!.at, { zone: 'America/New_York' }).toISODate()).toBe(appointment.minus({ days: 1 }).toISODate());
    expect(DateTime.fromISO(reminder!.at, { zone: 'America/New_York' }).toFormat('HH:mm')).toBe('10:00');
    expect((await handle.describe()).typedSearchAttributes.get(SEARCH_ATTRIBUTES.BookingStatus)).toBe('booked');
    await h.saveHistory(workflowId, 'booking-day-3');
  });

  it('a rebooking keeps the booking prompts dropped; the reminder follows the latest appointment', async () => {
    const { input, workflowId, handle } = await enrollNow();
    const zone = 'America/New_York';
    const session = DateTime.fromISO(input.session.performedAt, { zone });
    const book = (days: number) =>
      handle.executeUpdate(recordBookingUpdate, { args: [{ appointmentAt: session.plus({ days }).set({ hour: 14, minute: 30 }).toISO() as string }] });
    await env.sleep(3 * DAY);
    await book(25);
    // Rebooked on day 10 after book-next's time, and again on day 22 after the clinic follow-up's.
    await skipPast(env, input, 'book-next', 2 * 60 * 60_000);
    await book(26);
    await skipPast(env, input, 'clinic-follow-up', 2 * 60 * 60_000);
    const last = await book(28);
    expect(last.plan.map((s) => s.step)).not.toContain('book-next');

    expect((await handle.result()).phase).toBe('completed');
    const got = received(workflowId);
    for (const channel of [got.sms, got.email]) {
      expect(channel).not.toContain('book-next');
      expect(channel).not.toContain('book-nudge');
      expect(channel.filter((s) => s === 'appointment-reminder')).toHaveLength(1);
    }
    expect(got.clinic).toEqual([]);
    const status = await handle.query(statusQuery);
    const reminder = status.sent.find((r) => r.id === 'appointment-reminder' && r.channel === 'sms');
    expect(DateTime.fromISO(reminder!.at, { zone }).toISODate()).toBe(session.plus({ days: 27 }).toISODate());
    await h.saveHistory(workflowId, 'rebooking-keeps-prompts-dropped');
  });

  it('enrolled on day 11, after book-next\'s day: no book-nudge and no clinic follow-up, not even in the plan', async () => {
    const now = await env.currentTimeMs();
    const base = inputAt(now, { clientRef: `C${1000 + ++refCounter}` });
    const input: AftercareInput = { ...base, session: { ...base.session, performedAt: new Date(now - 11 * DAY).toISOString() } };
    const workflowId = workflowIdFor(input.clinic.id, input.clientRef, 1);
    const handle = await h.start(input, workflowId);
    // The nudge would remind the client of a request never made, and the clinic would be told
    // "we asked them on day 10": the preview the clinic sees at enrolment leaves them out.
    expect(planFor(input).map((p) => p.step)).toEqual(['welcome', 'day-15', 'one-month']);
    expect((await handle.query(statusQuery)).plan.map((p) => p.step)).toEqual(['welcome', 'day-15', 'one-month']);
    const result = await handle.result();
    expect(result.phase).toBe('completed');
    const got = received(workflowId);
    expect(got.sms).toEqual(['welcome', 'day-15', 'one-month']);
    expect(got.email).toEqual(['welcome', 'day-15', 'one-month']);
    expect(got.clinic).toEqual([]);
    const status = await handle.query(statusQuery);
    expect(status.sent.filter((r) => r.id === 'book-nudge' || r.id === 'clinic-follow-up')).toEqual([]);
    await h.saveHistory(workflowId, 'late-enrolment-plan-without-follow-ups');
  });

  it('book-next skipped (paused across its day): no book-nudge and no clinic follow-up either', async () => {
    const { input, workflowId, handle } = await enrollNow();
    await skipPast(env, input, 'days-8-14');
    await handle.signal(pauseSignal, { reason: 'clinic closed' });
    await skipPast(env, input, 'book-next', DAY);
    await handle.signal(resumeSignal, {});
    const result = await handle.result();
    expect(result.phase).toBe('completed');
    const got = received(workflowId);
    expect(got.sms).toEqual(['welcome', 'days-1-4', 'days-5-7', 'days-8-14', 'day-15', 'one-month']);
    expect(got.clinic).toEqual([]);
    const status = await handle.query(statusQuery);
    expect(status.sent.filter((r) => r.status === 'skipped').map((r) => r.id)).toEqual(['book-next', 'book-next', 'book-nudge', 'book-nudge', 'clinic-follow-up']);
  });

  it('after an SMS opt-out mid-timeline, the rest goes by email only', async () => {
    const { workflowId, handle } = await enrollNow();
    await env.sleep(6 * DAY);
    await handle.signal(optOutSignal, { channel: 'sms' });
    await handle.result();
    const got = received(workflowId);
    expect(got.sms).toEqual(['welcome', 'days-1-4', 'days-5-7']);
    expect(got.email).toEqual(expect.arrayContaining(['days-8-14', 'book-next', 'day-15', 'one-month']));
    const status = await handle.query(statusQuery);
    expect(status.channels.sms).toBe('opted-out');
    await h.saveHistory(workflowId, 'sms-opt-out');
  });

  it('optIn (a START text) does not turn on SMS for a client who refused texts at enrolment', async () => {
    const { input, workflowId, handle } = await enrollNow({
      client: { ...inputAt(0).client, consent: { sms: false, email: true } },
    });
    await skipPast(env, input, 'welcome');
    // A START text from the client's phone reaches the run as optIn sms: it must not start texts.
    await handle.signal(optInSignal, { channel: 'sms' });
    await skipPast(env, input, 'days-1-4');
    const status = await handle.query(statusQuery);
    expect(status.channels.sms).toBe('none');
    const got = received(workflowId);
    expect(got.sms).toEqual([]);
    expect(got.email).toEqual(['welcome', 'days-1-4']);
    await handle.signal(cancelSignal, { reason: 'test over' });
    await handle.result();
    await h.saveHistory(workflowId, 'opt-in-without-enrolment-consent');
  });

  it('a client reply during a pause reaches the clinic at once; the pause holds only messages to the client', async () => {
    const { input, workflowId, handle } = await enrollNow();
    await skipPast(env, input, 'welcome');
    await handle.signal(pauseSignal, { reason: 'template under review' });
    // days-1-4 falls due while paused: the run now holds.
    await skipPast(env, input, 'days-1-4');
    expect(received(workflowId).sms).toEqual(['welcome']);
    await handle.signal(clientReplySignal, { kind: 'message', text: 'Still swollen, help', messageSid: 'SMreply0001' });
    await env.sleep(10 * 60_000);
    const forwarded = h.smtp.messages.filter((m) => m.headers.get('x-aftercare-workflow') === workflowId && m.headers.get('x-aftercare-channel') === 'clinic');
    expect(forwarded.map((m) => m.text ?? '').filter((t) => t.includes('Still swollen, help'))).toHaveLength(1);
    // Still paused: nothing more went to the client.
    expect((await handle.query(statusQuery)).paused).toMatchObject({ reason: 'template under review' });
    expect(received(workflowId).sms).toEqual(['welcome']);
    await handle.signal(cancelSignal, { reason: 'test over' });
    await handle.result();
    await h.saveHistory(workflowId, 'reply-while-paused');
  });

  it('cancel stops every later message', async () => {
    const { workflowId, handle } = await enrollNow();
    await env.sleep(2 * DAY);
    await handle.signal(cancelSignal, { reason: 'client moved away' });
    const result = await handle.result();
    expect(result.phase).toBe('cancelled');
    const got = received(workflowId);
    expect(got.sms).toEqual(['welcome', 'days-1-4']);
    expect(got.email).toEqual(['welcome', 'days-1-4']);
    expect((await handle.describe()).typedSearchAttributes.get(SEARCH_ATTRIBUTES.AftercarePhase)).toBe('cancelled');
    await h.saveHistory(workflowId, 'cancel');
  });

  it('shows pause and cancel reasons in the Temporal UI details as inert text, never as markup', async () => {
    const { handle } = await enrollNow();
    // The Temporal UI renders current details as Markdown with HTML.
    const details = async () => (await handle.query<{ currentDetails: string }>('__temporal_workflow_metadata')).currentDetails;
    const pauseReason = '<img src=x onerror=alert(1)> template under review';
    await handle.signal(pauseSignal, { reason: pauseReason });
    const paused = await details();
    expect(paused).toMatch(/^PAUSED since /);
    expect(paused).toContain('&lt;img src=x onerror=alert\\(1\\)&gt; template under review');
    expect(paused).not.toMatch(/<img/i);

    await handle.signal(cancelSignal, { reason: '[call us](javascript:alert(1)) ![x](https://evil.example/t.png)' });
    expect((await handle.result()).phase).toBe('cancelled');
    const cancelled = await details();
    expect(cancelled).toMatch(/^cancelled: \\\[call us\\\]/);
    expect(cancelled).not.toMatch(/\]\(javascript:|!\[|<img/i);
  });

  it('session 2 supersedes session 1: no steps from two timelines', async () => {
    const first = await enrollNow({ clientRef: 'C7001' });
    await env.sleep(9 * DAY);
    const secondInput = inputAt(await env.currentTimeMs(), { clientRef: 'C7001', sessionNumber: 2 });
    const secondId = workflowIdFor(CLINIC.id, 'C7001', 2);
    const second = await h.start(secondInput, secondId);
    expect((await first.handle.result()).phase).toBe('superseded');
    const firstGot = received(first.workflowId);
    expect(firstGot.sms).toEqual(['welcome', 'days-1-4', 'days-5-7', 'days-8-14']);
    expect((await second.result()).phase).toBe('completed');
    expect(received(secondId).sms).toContain('day-15');
    expect((await first.handle.describe()).typedSearchAttributes.get(SEARCH_ATTRIBUTES.AftercarePhase)).toBe('superseded');
    await h.saveHistory(first.workflowId, 'superseded');
  });

  it('Twilio 21211 (invalid number) moves this step and the rest to email', async () => {
    h.twilio.failFor('+12125550021', { status: 400, code: 21211, message: "The 'To' number is not a valid phone number." });
    const { input, workflowId, handle } = await enrollNow({
      client: { ...inputAt(0).client, phone: '+12125550021' },
    });
    await handle.result();
    const got = received(workflowId);
    expect(got.sms).toEqual([]);
    expect(got.email.filter((s) => s !== 'clinic-follow-up')).toEqual(clientSteps(planFor(input)));
    // Twilio was asked once; after the permanent failure no later step tried SMS again.
    expect(h.twilio.requests.filter((r) => r.to === '+12125550021')).toHaveLength(1);
    const status = await handle.query(statusQuery);
    expect(status.channels.sms).toBe('failed');
    expect(status.sent.find((r) => r.id === 'welcome' && r.channel === 'sms')).toMatchObject({ status: 'failed', detail: 'SmsInvalidNumber' });
    // The clinic is told once to fix the number; the client is still reached by email.
    expect(got.clinic.filter((subject) => /phone number/.test(subject))).toEqual(['Please check the phone number of Jordan (client ref ' + input.clientRef + ')']);
    expect(status.sent.filter((r) => r.channel === 'clinic-email' && r.detail === 'sms-failed')).toHaveLength(1);
    await h.saveHistory(workflowId, 'sms-invalid-number');
  });

  it('a permanent delivery callback (Twilio 30006, landline) switches SMS off, moves the rest to email and tells the clinic once', async () => {
    const { input, workflowId, handle } = await enrollNow();
    await skipPast(env, input, 'welcome');
    await handle.signal(deliveryStatusSignal, { step: 'welcome', channel: 'sms', status: 'undelivered', detail: '30006', errorCode: '30006' });
    await skipPast(env, input, 'days-1-4');
    const status = await handle.query(statusQuery);
    expect(status.channels.sms).toBe('failed');
    expect(status.sent.find((r) => r.id === 'welcome' && r.channel === 'sms')).toMatchObject({ status: 'undelivered', detail: '30006' });
    const got = received(workflowId);
    expect(got.sms).toEqual(['welcome']);
    expect(got.email).toEqual(['welcome', 'days-1-4']);
    expect(got.clinic.filter((subject) => /phone number/.test(subject))).toEqual(['Please check the phone number of Jordan (client ref ' + input.clientRef + ')']);
    expect((await handle.describe()).typedSearchAttributes.get(SEARCH_ATTRIBUTES.DeliveryProblem)).toBe('sms failed: 30006');
    await skipPast(env, input, 'days-5-7');
    expect(received(workflowId).clinic).toHaveLength(1);
    await handle.signal(cancelSignal, { reason: 'test over' });
    await handle.result();
    await h.saveHistory(workflowId, 'sms-undelivered-callback');
  });

  it('a 21610 delivery callback opts SMS out; a transient one (30003) is only shown', async () => {
    const { input, workflowId, handle } = await enrollNow();
    await skipPast(env, input, 'welcome');
    await handle.signal(deliveryStatusSignal, { step: 'welcome', channel: 'sms', status: 'undelivered', detail: '30003', errorCode: '30003' });
    await skipPast(env, input, 'days-1-4');
    let status = await handle.query(statusQuery);
    expect(status.channels.sms).toBe('active');
    expect(status.sent.find((r) => r.id === 'welcome' && r.channel === 'sms')).toMatchObject({ status: 'undelivered', detail: '30003' });
    expect(received(workflowId).sms).toEqual(['welcome', 'days-1-4']);
    await handle.signal(deliveryStatusSignal, { step: 'days-1-4', channel: 'sms', status: 'failed', detail: '21610', errorCode: '21610' });
    await skipPast(env, input, 'days-5-7');
    status = await handle.query(statusQuery);
    expect(status.channels.sms).toBe('opted-out');
    const got = received(workflowId);
    expect(got.sms).toEqual(['welcome', 'days-1-4']);
    expect(got.email).toEqual(['welcome', 'days-1-4', 'days-5-7']);
    // The client's choice, not a fault: no notice while email still reaches them.
    expect(got.clinic).toEqual([]);
    await handle.signal(cancelSignal, { reason: 'test over' });
    await handle.result();
  });

  it('tells the clinic when the client can be reached by neither channel', async () => {
    h.twilio.failFor('+12125550022', { status: 400, code: 21614, message: 'not a mobile number' });
    const { input, workflowId, handle } = await enrollNow({
      client: { ...inputAt(0).client, phone: '+12125550022', consent: { sms: true, email: false } },
    });
    await skipPast(env, input, 'welcome');
    await handle.signal(cancelSignal, { reason: 'unreachable' });
    await handle.result();
    const notices = h.smtp.messages.filter((m) => m.headers.get('x-aftercare-workflow') === workflowId);
    expect(notices).toHaveLength(1);
    expect(JSON.stringify(notices[0]!.to)).toContain(CLINIC.email);
    expect(notices[0]!.text).toMatch(/reach/i);
  });

  it('a transient SMTP failure is delivered after a retry, once', async () => {
    h.smtp.failNext(1);
    const { input, workflowId, handle } = await enrollNow();
    await skipPast(env, input, 'welcome');
    const got = received(workflowId);
    expect(got.email).toEqual(['welcome']);
    expect(h.smtp.failures).toBeGreaterThanOrEqual(1);
    await handle.signal(cancelSignal, { reason: 'test over' });
    await handle.result();
  });

  it('status reports the phase, the next step and what was sent at each phase', async () => {
    const { input, handle } = await enrollNow({ sessionNumber: 3 });
    const plan = planFor(input);
    expect(plan.map((p) => p.step)).not.toContain('book-next');
    for (const days of [0, 2, 6, 9, 16, 31]) {
      const target = Date.parse(input.enrolledAt) + days * DAY + 60 * 60_000;
      const now = await env.currentTimeMs();
      if (target > now) await env.sleep(target - now);
      const at = await env.currentTimeMs();
      const due = plan.filter((p) => Date.parse(p.sendAt) <= at);
      const upcoming = plan.filter((p) => Date.parse(p.sendAt) > at);
      const s = await handle.query(statusQuery);
      expect(s.phase).toBe(upcoming.length ? (due.at(-1)?.step ?? 'welcome') : 'completed');
      expect(s.nextStep).toEqual(upcoming[0] ? { id: upcoming[0].step, sendAt: upcoming[0].sendAt } : null);
      expect(s.sent.filter((r) => r.channel === 'sms').map((r) => r.id)).toEqual(due.map((p) => p.step));
      expect(s.booking).toEqual({ status: 'not-needed', appointmentAt: null });
    }
  });
});
