/**
 * What staff do to a running plan beyond pause and resend (issue 14): move the client to another
 * time zone (updateContact's `timezone`), clear a booking (clearBooking), switch a channel off or
 * on (switchChannel). On the time-skipping server with the real activities, asserting what the
 * client receives. A refused update stops the server's time skipping, so each test has its own
 * server and refusals come last.
 *
 * With RECORD_HISTORIES=1 the runs' histories are written to test/workflow/histories.
 */
import { DateTime } from 'luxon';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { workflowIdFor } from '../../domain/identifiers';
import type { StepId } from '../../domain/steps';
import { TIMEZONE_HINT } from '../../domain/time';
import { inputAt, type Harness } from '../../dev/aftercare-harness';
import { msUntilLocalHour } from '../../dev/zones';
import {
  cancelSignal,
  clearBookingUpdate,
  optInSignal,
  optOutSignal,
  recordBookingUpdate,
  SEARCH_ATTRIBUTES,
  statusQuery,
  switchChannelUpdate,
  updateContactUpdate,
  type AftercareStatus,
} from '../../workflows/contract';
import { refusalOf } from '../../workflows/validation';
import { harnessPerTest } from '../support/harness-per-test';
import { eventually } from '../support/eventually';
import { receivedBy } from '../support/received';
import { skipPast, skipPastPlanned } from '../support/time-skip';

const DAY = 86_400_000;
const NEW_YORK = 'America/New_York';
const LONDON = 'Europe/London';

let env: TestWorkflowEnvironment;
let h: Harness;
harnessPerTest(
  (e, harness) => {
    env = e;
    h = harness;
  },
  { serverPerTest: true },
);

async function enrollNow(clientRef: string, overrides: Parameters<typeof inputAt>[1] = {}) {
  // At noon in New York whatever the hour the suite runs: a session late in the evening would put
  // the next steps on a day a move to London makes past, and the plan would hang on the clock.
  await env.sleep(msUntilLocalHour(await env.currentTimeMs(), NEW_YORK, 12));
  const input = inputAt(await env.currentTimeMs(), { clientRef, ...overrides });
  const workflowId = workflowIdFor(input.clinic.id, input.clientRef, input.session.number);
  const handle = await h.start(input, workflowId);
  await skipPast(env, input, 'welcome');
  return { input, workflowId, handle };
}

/** The patch ids the run recorded (docs/versioning.md): a change behind patched() leaves its marker. */
async function patchesOf(handle: WorkflowHandle): Promise<string[]> {
  const { events } = await handle.fetchHistory();
  return (events ?? []).flatMap((e) => {
    const data = e.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0]?.data;
    return data ? [(JSON.parse(Buffer.from(data).toString('utf8')) as { id: string }).id] : [];
  });
}

const sentAt = (status: AftercareStatus, step: StepId) => status.sent.find((r) => r.id === step && r.channel === 'sms')?.at;

describe('care operations on a running plan', () => {
  it('a move to another zone replans the steps to come: the same days, at the send time in the new zone', async () => {
    const { input, workflowId, handle } = await enrollNow('C8101');
    const before = await handle.query(statusQuery);
    const moved = await handle.executeUpdate(updateContactUpdate, { args: [{ timezone: LONDON }] });
    expect(moved.timezone).toBe(LONDON);
    // The welcome went already and stays as it was; every later step keeps its day, at 10:00 London.
    expect(moved.plan.find((s) => s.step === 'welcome')).toEqual(before.plan.find((s) => s.step === 'welcome'));
    for (const step of moved.plan.filter((s) => s.step !== 'welcome')) {
      const old = before.plan.find((s) => s.step === step.step)!;
      expect(DateTime.fromISO(step.sendAt, { zone: LONDON }).toISODate()).toBe(DateTime.fromISO(old.sendAt, { zone: NEW_YORK }).toISODate());
      expect(DateTime.fromISO(step.sendAt, { zone: LONDON }).toFormat('HH:mm')).toBe(input.clinic.sendTime);
    }
    expect((await handle.describe()).typedSearchAttributes.get(SEARCH_ATTRIBUTES.NextStepAt)?.toISOString()).toBe(moved.nextStep?.sendAt);

    await skipPastPlanned(env, moved.plan, 'days-1-4');
    // The sends finish after the timer fires: wait for both to reach the providers.
    const received = await eventually(async () => receivedBy(h, workflowId), (r) => r.sms.length >= 2 && r.email.length >= 2);
    const after = await eventually(() => handle.query(statusQuery), (s) => sentAt(s, 'days-1-4') !== undefined);
    expect(received).toMatchObject({ sms: ['welcome', 'days-1-4'], email: ['welcome', 'days-1-4'] });
    expect(DateTime.fromISO(sentAt(after, 'days-1-4')!, { zone: LONDON }).toFormat('HH:mm')).toBe(input.clinic.sendTime);
    expect(after.timezone).toBe(LONDON);
    await handle.signal(cancelSignal, { reason: 'test over' });
    await handle.result();
    expect(await patchesOf(handle)).toContain('contact-timezone');
    await h.saveHistory(workflowId, 'contact-timezone');
  });

  it('a cleared booking brings book-next back and it is sent; a rebooking after that drops it again and moves the reminder', async () => {
    const { input, workflowId, handle } = await enrollNow('C8102');
    const session = DateTime.fromISO(input.session.performedAt, { zone: NEW_YORK });
    const appointment = (days: number) => session.plus({ days }).set({ hour: 14, minute: 30 }).toISO() as string;
    await env.sleep(2 * DAY);
    const booked = await handle.executeUpdate(recordBookingUpdate, { args: [{ appointmentAt: appointment(25) }] });
    expect(booked.plan.map((s) => s.step)).not.toContain('book-next');

    await env.sleep(DAY);
    const cleared = await handle.executeUpdate(clearBookingUpdate, { args: [] });
    expect(cleared.booking).toEqual({ status: 'awaiting', appointmentAt: null });
    expect(cleared.plan.map((s) => s.step)).toEqual(expect.arrayContaining(['book-next', 'book-nudge', 'clinic-follow-up']));
    expect(cleared.plan.map((s) => s.step)).not.toContain('appointment-reminder');
    expect((await handle.describe()).typedSearchAttributes.get(SEARCH_ATTRIBUTES.BookingStatus)).toBe('awaiting');

    await skipPast(env, input, 'book-next');
    expect(receivedBy(h, workflowId).sms).toContain('book-next');
    expect(receivedBy(h, workflowId).email).toContain('book-next');

    // Reschedule: a booking, then another one while it is recorded.
    await handle.executeUpdate(recordBookingUpdate, { args: [{ appointmentAt: appointment(24) }] });
    const rebooked = await handle.executeUpdate(recordBookingUpdate, { args: [{ appointmentAt: appointment(27) }] });
    expect(rebooked.booking).toEqual({ status: 'booked', appointmentAt: appointment(27) });
    expect(rebooked.plan.map((s) => s.step)).not.toContain('book-nudge');
    const reminder = rebooked.plan.find((s) => s.step === 'appointment-reminder')!;
    expect(DateTime.fromISO(reminder.sendAt, { zone: NEW_YORK }).toISODate()).toBe(session.plus({ days: 26 }).toISODate());
    await handle.signal(cancelSignal, { reason: 'test over' });
    await handle.result();
    expect(await patchesOf(handle)).toContain('clear-booking');
    await h.saveHistory(workflowId, 'booking-cleared');
  });

  it('a booking cleared after book-next\'s day does not send book-next late', async () => {
    const { input, workflowId, handle } = await enrollNow('C8103');
    const session = DateTime.fromISO(input.session.performedAt, { zone: NEW_YORK });
    await env.sleep(2 * DAY);
    await handle.executeUpdate(recordBookingUpdate, { args: [{ appointmentAt: session.plus({ days: 25 }).toISO() as string }] });
    await skipPast(env, input, 'book-next', DAY);
    const cleared = await handle.executeUpdate(clearBookingUpdate, { args: [] });
    expect(cleared.plan.map((s) => s.step)).not.toContain('book-next');
    await skipPast(env, input, 'day-15');
    const got = receivedBy(h, workflowId);
    expect(got.sms).not.toContain('book-next');
    expect(got.sms).toContain('day-15');
    await handle.signal(cancelSignal, { reason: 'test over' });
  });

  it('SMS switched off by staff stays off through a START and a new phone, and goes again once staff switch it on', async () => {
    const { input, workflowId, handle } = await enrollNow('C8104');
    const off = await handle.executeUpdate(switchChannelUpdate, { args: [{ channel: 'sms', enabled: false }] });
    expect(off.channels).toEqual({ sms: 'off', email: 'active' });
    await handle.signal(optInSignal, { channel: 'sms' });
    await handle.executeUpdate(updateContactUpdate, { args: [{ phone: '+12125550199', phoneHash: 'a'.repeat(32) }] });
    expect((await handle.query(statusQuery)).channels.sms).toBe('off');
    await skipPast(env, input, 'days-1-4');
    expect(receivedBy(h, workflowId)).toMatchObject({ sms: ['welcome'], email: ['welcome', 'days-1-4'] });

    const on = await handle.executeUpdate(switchChannelUpdate, { args: [{ channel: 'sms', enabled: true }] });
    expect(on.channels).toEqual({ sms: 'active', email: 'active' });
    await skipPast(env, input, 'days-5-7');
    expect(receivedBy(h, workflowId)).toMatchObject({ sms: ['welcome', 'days-5-7'], email: ['welcome', 'days-1-4', 'days-5-7'] });
    await handle.signal(cancelSignal, { reason: 'test over' });
    await handle.result();
    expect(await patchesOf(handle)).toContain('staff-channel-switch');
    await h.saveHistory(workflowId, 'channel-switched-by-staff');
  });

  it('refuses an unknown zone, clearing no booking, switching on after STOP or without consent, and any change to an ended run', async () => {
    const { handle } = await enrollNow('C8105', { client: { ...inputAt(0).client, consent: { sms: true, email: false } } });
    const refusal = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => refusalOf(e));
    expect(await refusal(handle.executeUpdate(updateContactUpdate, { args: [{ timezone: 'Mars/Olympus' }] }))).toEqual({
      kind: 'invalid',
      issue: { path: 'timezone', message: TIMEZONE_HINT },
    });
    expect(await refusal(handle.executeUpdate(clearBookingUpdate, { args: [] }))).toEqual({
      kind: 'invalid',
      issue: { path: 'booking', message: 'there is no booking to clear' },
    });
    expect(await refusal(handle.executeUpdate(switchChannelUpdate, { args: [{ channel: 'email', enabled: true }] }))).toMatchObject({
      kind: 'invalid',
      issue: { path: 'channel', message: expect.stringMatching(/not agreed to email/) },
    });
    await handle.signal(optOutSignal, { channel: 'sms' });
    expect(await refusal(handle.executeUpdate(switchChannelUpdate, { args: [{ channel: 'sms', enabled: true }] }))).toMatchObject({
      kind: 'invalid',
      issue: { path: 'channel', message: expect.stringMatching(/STOP/) },
    });
    expect((await handle.query(statusQuery)).channels).toEqual({ sms: 'opted-out', email: 'none' });
    await handle.signal(cancelSignal, { reason: 'test over' });
    await handle.result();
    // An ended run takes no more changes (the app layer turns this into RunEndedError).
    await expect(handle.executeUpdate(clearBookingUpdate, { args: [] })).rejects.toThrow();
    await expect(handle.executeUpdate(updateContactUpdate, { args: [{ timezone: LONDON }] })).rejects.toThrow();
  });
});
