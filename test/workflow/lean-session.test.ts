/**
 * The cheaper session of issue 17 (workflows/lean-session.ts), judged on the run's history and at
 * the providers: one `deliverStep` per step on both channels, a retry of it sending only the
 * channel that has not gone, one search-attribute upsert per workflow task and none before the
 * first step, and a booking that leaves the next step where it was keeping the running timer.
 *
 * With RECORD_HISTORIES=1 the runs' histories are written to test/workflow/histories for the replay test.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporal } from '@temporalio/proto';
import { DateTime } from 'luxon';
import { CLINIC, inputAt, type Harness } from '../../dev/aftercare-harness';
import { zoneAtLocalHour } from '../../dev/zones';
import { workflowIdFor } from '../../domain/identifiers';
import { recordBookingUpdate, SEARCH_ATTRIBUTES, statusQuery } from '../../workflows/contract';
import { KEPT_STEP_TIMER_PATCH, ONE_ACTIVITY_PER_STEP_PATCH, UPSERT_ONCE_PER_TASK_PATCH } from '../../workflows/lean-session';
import { readHistory } from '../support/history-facts';
import { harnessPerTest } from '../support/harness-per-test';
import { receivedBy } from '../support/received';

const DAY = 86_400_000;
const T = temporal.api.enums.v1.EventType;
type Event = temporal.api.history.v1.IHistoryEvent;

let env: TestWorkflowEnvironment;
let h: Harness;
harnessPerTest((e, harness) => {
  env = e;
  h = harness;
});

let refCounter = 0;
/** A client in a zone where it is daytime now, so the welcome goes at once (as in the bench). */
async function enrollNow(client: Partial<ReturnType<typeof inputAt>['client']> = {}) {
  const nowMs = await env.currentTimeMs();
  const base = inputAt(nowMs, { clientRef: `L${100 + ++refCounter}` });
  const input = { ...base, client: { ...base.client, timezone: zoneAtLocalHour(nowMs, 10, 16), ...client } };
  const workflowId = workflowIdFor(input.clinic.id, input.clientRef, input.session.number);
  return { input, workflowId, handle: await h.start(input, workflowId) };
}

const events = async (workflowId: string): Promise<Event[]> => (await env.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
const ofType = (all: Event[], type: number) => all.filter((e) => e.eventType === type);
const id = (e: Event) => Number(e.eventId);
const activityNames = (all: Event[]) => ofType(all, T.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED).map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name);
/** The patch ids the run recorded (docs/versioning.md). */
const markers = (all: Event[]) =>
  all.flatMap((e) => {
    const data = e.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0]?.data;
    return data ? [(JSON.parse(Buffer.from(data).toString('utf8')) as { id: string }).id] : [];
  });

describe('the cheaper session (issue 17)', () => {
  it('a full timeline with a booking: one activity per step, one upsert per task and none before the first step, the timer kept across the booking', async () => {
    const { input, workflowId, handle } = await enrollNow();
    await env.sleep(3 * DAY);
    const appointment = DateTime.fromISO(input.session.performedAt, { zone: input.client.timezone }).plus({ days: 25 }).set({ hour: 14, minute: 30, second: 0, millisecond: 0 });
    await handle.executeUpdate(recordBookingUpdate, { args: [{ appointmentAt: appointment.toISO() as string }] });
    expect((await handle.result()).phase).toBe('completed');

    const steps = ['welcome', 'days-1-4', 'days-5-7', 'days-8-14', 'day-15', 'appointment-reminder', 'one-month'];
    const got = receivedBy(h, workflowId);
    expect(got.sms).toEqual(steps);
    expect(got.email.filter((s: string) => s !== 'calendar-update')).toEqual(steps);

    const all = await events(workflowId);
    expect(markers(all)).toEqual(expect.arrayContaining([UPSERT_ONCE_PER_TASK_PATCH, KEPT_STEP_TIMER_PATCH, ONE_ACTIVITY_PER_STEP_PATCH]));
    // One activity per step for both channels, on the clinic's text queue.
    const scheduled = ofType(all, T.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED).map((e) => e.activityTaskScheduledEventAttributes!);
    expect(scheduled.filter((a) => a.activityType?.name === 'deliverStep').map((a) => a.taskQueue?.name)).toEqual(steps.map(() => `${h.taskQueue}-sms-${CLINIC.id}`));
    expect(activityNames(all).filter((n) => n !== 'deliverStep')).toEqual(['sendCalendarUpdate']);

    // At most one upsert per workflow task, and none before the first send: the start set them.
    // (The SDK's own TemporalChangeVersion upserts, one per patch, are not billed and not ours.)
    const upserts = ofType(all, T.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES).filter((e) =>
      Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {}).some((k) => k !== 'TemporalChangeVersion'),
    );
    const tasks = upserts.map((e) => Number(e.upsertWorkflowSearchAttributesEventAttributes?.workflowTaskCompletedEventId));
    expect(new Set(tasks).size).toBe(tasks.length);
    expect(id(upserts[0]!)).toBeGreaterThan(id(ofType(all, T.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)[0]!));
    const described = await handle.describe();
    expect(described.typedSearchAttributes.get(SEARCH_ATTRIBUTES.AftercarePhase)).toBe('completed');
    expect(described.typedSearchAttributes.get(SEARCH_ATTRIBUTES.BookingStatus)).toBe('booked');
    expect(described.typedSearchAttributes.get(SEARCH_ATTRIBUTES.DeliveryProblem)).toBe('none');

    // The booking left days-5-7 where it was: its timer, started before the booking, is the one that fired.
    const booked = ofType(all, T.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)[0]!;
    const timers = ofType(all, T.EVENT_TYPE_TIMER_STARTED);
    expect(ofType(all, T.EVENT_TYPE_TIMER_CANCELED)).toEqual([]);
    const summaryOf = (e: Event) => Buffer.from(e.userMetadata?.summary?.data ?? []).toString('utf8');
    const daysFiveToSeven = timers.find((e) => summaryOf(e).includes('Days 5') || summaryOf(e).includes('days 5'));
    expect(daysFiveToSeven && id(daysFiveToSeven)).toBeLessThan(id(booked));
    expect(timers.filter((e) => id(e) > id(booked) && id(e) < id(ofType(all, T.EVENT_TYPE_TIMER_FIRED).find((f) => id(f) > id(booked))!))).toEqual([]);
    expect(timers).toHaveLength(steps.length - 1);
    await h.saveHistory(workflowId, 'lean-timeline-booked');
  });

  it('a retry sends only the channel that has not gone: the welcome text once, the email on the second attempt', async () => {
    h.smtp.failNext(1);
    const { workflowId, handle } = await enrollNow();
    await env.sleep(DAY / 2);
    const status = await handle.query(statusQuery);
    expect(status.sent.filter((r) => r.id === 'welcome').map((r) => `${r.channel} ${r.status}`).sort()).toEqual(['email sent', 'sms sent']);
    expect(receivedBy(h, workflowId).sms.filter((s) => s === 'welcome')).toHaveLength(1);
    expect(receivedBy(h, workflowId).email.filter((s) => s === 'welcome')).toHaveLength(1);
    const all = await events(workflowId);
    const welcome = readHistory({ events: all }).activities.filter((a) => (a.input as { step?: string }).step === 'welcome');
    // Read per channel: both closed by the second attempt of the one deliverStep, the text as already sent.
    expect(welcome.map((a) => [a.type, a.closed?.attempt, (a.closed?.result as { alreadySent?: boolean }).alreadySent])).toEqual([
      ['sendSms', 2, true],
      ['sendEmail', 2, false],
    ]);
    expect(activityNames(all).filter((n) => n !== 'deliverStep')).toEqual([]);
    await h.saveHistory(workflowId, 'lean-retry-sends-the-email-only');
    await handle.terminate('done');
  });

  it('a retry after the text failed for now sends the text, and the email that went is not sent again', async () => {
    h.twilio.failNext(1, { status: 500, code: 20500, message: 'Internal error' });
    const { workflowId, handle } = await enrollNow();
    await env.sleep(DAY / 2);
    expect(receivedBy(h, workflowId).sms.filter((s) => s === 'welcome')).toHaveLength(1);
    expect(receivedBy(h, workflowId).email.filter((s) => s === 'welcome')).toHaveLength(1);
    const welcome = readHistory({ events: await events(workflowId) }).activities.filter((a) => (a.input as { step?: string }).step === 'welcome');
    expect(welcome.map((a) => [a.type, a.closed?.attempt, (a.closed?.result as { alreadySent?: boolean }).alreadySent])).toEqual([
      ['sendSms', 2, false],
      ['sendEmail', 2, true],
    ]);
    await handle.terminate('done');
  });

  it('a number refused for good while the email fails for now: the text is not tried again, the email goes alone, the clinic is told', async () => {
    h.twilio.failFor('+12125554477', { status: 400, code: 21211, message: "The 'To' number is not a valid phone number." });
    h.smtp.failNext(1);
    const { workflowId, handle } = await enrollNow();
    await env.sleep(DAY / 2);
    const status = await handle.query(statusQuery);
    expect(status.channels.sms).toBe('failed');
    expect(status.sent.filter((r) => r.id === 'welcome').map((r) => `${r.channel} ${r.status}`)).toEqual(expect.arrayContaining(['sms failed', 'email sent']));
    const all = await events(workflowId);
    expect(activityNames(all).slice(0, 3)).toEqual(['deliverStep', 'sendEmail', 'notifyClinic']);
    // The stand-in refused one text: the one attempt of deliverStep, none after.
    expect(h.twilio.failures).toBe(1);
    expect(receivedBy(h, workflowId).email.filter((s) => s === 'welcome')).toHaveLength(1);
    await h.saveHistory(workflowId, 'lean-sms-refused-email-alone');
    await handle.terminate('done');
  });
});
