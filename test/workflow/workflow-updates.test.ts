/**
 * The validated updates (recordBooking, updateContact, resendStep) on the time-skipping server,
 * and the typed refusals (`refusalOf`) the API and the CLI read.
 *
 * After an update is rejected, the time-skipping test server stops skipping time for the rest of
 * its life, so every test here gets a server of its own.
 */
import { skipPast } from '../support/time-skip';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import { BOOKING_HORIZON_DAYS, BOOKING_HORIZON_HINT } from '../../domain/booking';
import type { StepId } from '../../domain/steps';
import { cancelSignal, recordBookingUpdate, resendStepUpdate, SEARCH_ATTRIBUTES, statusQuery, updateContactUpdate } from '../../workflows/contract';
import { workflowIdFor } from '../../domain/identifiers';
import { inputAt, startHarness, type Harness } from '../../dev/aftercare-harness';
import { createTimeSkippingEnv } from '../../dev/temporal-env';
import { eventually } from '../support/eventually';
import { refusalOf } from '../../workflows/validation';

const DAY = 86_400_000;
let env: TestWorkflowEnvironment;
let h: Harness;

beforeEach(async () => {
  env = await createTimeSkippingEnv();
  h = await startHarness(env);
});
afterEach(async () => {
  await h?.stop();
  await env?.teardown();
});

async function enrollNow(overrides: Parameters<typeof inputAt>[1] = {}) {
  const input = inputAt(await env.currentTimeMs(), { clientRef: 'C3001', ...overrides });
  const workflowId = workflowIdFor(input.clinic.id, input.clientRef, input.session.number);
  const handle = await h.start(input, workflowId);
  // Past the welcome, so that it cannot go out between a test's before and after snapshots.
  await skipPast(env, input, 'welcome');
  return { input, workflowId, handle };
}

const smsSteps = (workflowId: string) =>
  h.twilio.messages
    .filter((m) => new URL(m.statusCallback ?? 'x:/').searchParams.get('wf') === workflowId)
    .map((m) => new URL(m.statusCallback as string).searchParams.get('step'));

describe('aftercare workflow: validated updates', () => {
  it('rejects a booking in the past or before the session, and a resend not due or on no channel, and changes nothing', async () => {
    const { input, handle } = await enrollNow();
    await env.sleep(2 * DAY);
    const before = await handle.query(statusQuery);
    const past = DateTime.fromISO(input.session.performedAt).minus({ days: 1 }).toISO() as string;
    const reason = async (appointmentAt: string) => {
      const err = await handle.executeUpdate(recordBookingUpdate, { args: [{ appointmentAt }] }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
      return ((err as WorkflowUpdateFailedError).cause as Error).message;
    };
    expect(await reason(past)).toMatch(/appointmentAt: the appointment must be in the future/);
    // The API and the CLI read the refusal's kind and field, never its text.
    const refused = await handle.executeUpdate(recordBookingUpdate, { args: [{ appointmentAt: past }] }).catch((e: unknown) => e);
    expect(refusalOf(refused)).toEqual({ kind: 'invalid', issue: { path: 'appointmentAt', message: 'the appointment must be in the future' } });
    expect(await reason(new Date((await env.currentTimeMs()) - 60_000).toISOString())).toMatch(/must be in the future/);
    expect(await reason('next tuesday')).toMatch(/appointmentAt: must be an ISO-8601/);
    const resend = (arg: { step: string; channel?: string }) =>
      handle.executeUpdate(resendStepUpdate, { args: [arg as { step: StepId }] }).catch((e: unknown) => e);
    expect(refusalOf(await resend({ step: 'day-15' }))).toMatchObject({ kind: 'invalid', issue: { path: 'step', message: expect.stringMatching(/^day-15 is not due yet/) } });
    expect(refusalOf(await resend({ step: 'welcome', channel: 'fax' }))).toEqual({ kind: 'invalid', issue: { path: 'channel', message: 'must be sms or email' } });
    const after = await handle.query(statusQuery);
    expect(after.booking).toEqual(before.booking);
    expect(after.plan).toEqual(before.plan);
    await handle.signal(cancelSignal, { reason: 'test over' });
  });


  it('refuses a booking beyond the booking horizon (year 9999, a day past it), and accepts one just inside it', async () => {
    const { handle } = await enrollNow();
    const now = await env.currentTimeMs();
    const inside = new Date(now + (BOOKING_HORIZON_DAYS - 1) * DAY).toISOString();
    expect((await handle.executeUpdate(recordBookingUpdate, { args: [{ appointmentAt: inside }] })).booking).toEqual({ status: 'booked', appointmentAt: inside });
    // The booking's calendar email goes first (workflows/calendar-updates.ts): the refusals change nothing after it.
    const before = await eventually(() => handle.query(statusQuery), (s) => s.sent.some((r) => r.id === 'calendar-update'));

    // Rejections last: the time-skipping server stops skipping after one.
    const book = (appointmentAt: string) => handle.executeUpdate(recordBookingUpdate, { args: [{ appointmentAt }] }).catch((e: unknown) => e);
    for (const appointmentAt of ['9999-12-31T10:00:00Z', new Date(now + (BOOKING_HORIZON_DAYS + 1) * DAY).toISOString()]) {
      const refused = await book(appointmentAt);
      expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
      expect(refusalOf(refused)).toEqual({ kind: 'invalid', issue: { path: 'appointmentAt', message: BOOKING_HORIZON_HINT } });
    }
    expect(await handle.query(statusQuery)).toEqual(before);
    await handle.signal(cancelSignal, { reason: 'test over' });
  });

  it('updateContact: a corrected number brings SMS back, a malformed one is refused and changes nothing', async () => {
    h.twilio.failFor('+12125550031', { status: 400, code: 21211, message: 'invalid' });
    const { input, workflowId, handle } = await enrollNow({ client: { ...inputAt(0).client, phone: '+12125550031' } });
    await skipPast(env, input, 'welcome');
    expect((await handle.query(statusQuery)).channels.sms).toBe('failed');

    const updated = await handle.executeUpdate(updateContactUpdate, { args: [{ phone: '+12125550032', phoneHash: 'h1' }] });
    expect(updated.channels.sms).toBe('active');
    await skipPast(env, input, 'days-1-4');
    expect(h.twilio.messages.filter((m) => m.to === '+12125550032')).toHaveLength(1);
    expect(smsSteps(workflowId)).toEqual(['days-1-4']);

    // Rejections last: the time-skipping server stops skipping after one.
    const before = await handle.query(statusQuery);
    const err = await handle.executeUpdate(updateContactUpdate, { args: [{ phone: '555-0100' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(((err as WorkflowUpdateFailedError).cause as Error).message).toMatch(/phone: must be in international E\.164 form/);
    expect(refusalOf(err)).toMatchObject({ kind: 'invalid', issue: { path: 'phone' } });
    const badEmail = await handle.executeUpdate(updateContactUpdate, { args: [{ email: 'not-an-address' }] }).catch((e: unknown) => e);
    expect(((badEmail as WorkflowUpdateFailedError).cause as Error).message).toMatch(/email: must be an email address/);
    expect(refusalOf(badEmail)).toEqual({ kind: 'invalid', issue: { path: 'email', message: 'must be an email address' } });
    expect(await handle.query(statusQuery)).toEqual(before);
    await handle.signal(cancelSignal, { reason: 'test over' });
  });

  it('updateContact: a phone without its phoneHash is refused, and PhoneHash keeps the last hash', async () => {
    const { handle } = await enrollNow();
    const phoneHashNow = async () => (await handle.describe()).typedSearchAttributes.get(SEARCH_ATTRIBUTES.PhoneHash);
    await handle.executeUpdate(updateContactUpdate, { args: [{ phone: '+12125550041', phoneHash: 'hash-of-0041' }] });
    expect(await phoneHashNow()).toBe('hash-of-0041');
    const before = await handle.query(statusQuery);

    // Rejections last: the time-skipping server stops skipping after one.
    const refused = await handle.executeUpdate(updateContactUpdate, { args: [{ phone: '+12125550042' }] }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(refusalOf(refused)).toMatchObject({ kind: 'invalid', issue: { path: 'phoneHash' } });
    expect(await phoneHashNow()).toBe('hash-of-0041');
    expect(await handle.query(statusQuery)).toEqual(before);
    await handle.signal(cancelSignal, { reason: 'test over' });
  });
});
