/**
 * Issue 12's races: what the timeline does when something changes while it is busy (forwarding
 * replies, retrying a send), and when a provider is down for longer than a step's retries. Time-skipping server, real activities (dev/aftercare-harness.ts).
 *
 * With RECORD_HISTORIES=1 the runs' histories are written to test/workflow/histories.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import { inputAt, type Harness } from '../../dev/aftercare-harness';
import { workflowIdFor } from '../../domain/identifiers';
import { cancelSignal, clientReplySignal, optInSignal, optOutSignal, recordBookingUpdate, SEARCH_ATTRIBUTES, statusQuery, type AftercareInput } from '../../workflows/contract';
import { receivedBy } from '../support/received';
import { skipPast } from '../support/time-skip';
import { harnessPerTest } from '../support/harness-per-test';

const DAY = 86_400_000;
const MINUTE = 60_000;
const ZONE = 'America/New_York';

let env: TestWorkflowEnvironment;
let h: Harness;
harnessPerTest((e, harness) => {
  env = e;
  h = harness;
});

let refCounter = 0;
async function start(input: AftercareInput) {
  const workflowId = workflowIdFor(input.clinic.id, input.clientRef, input.session.number);
  return { input, workflowId, handle: await h.start(input, workflowId) };
}
async function enrollNow(overrides: Parameters<typeof inputAt>[1] = {}) {
  return start(inputAt(await env.currentTimeMs(), { clientRef: `R${1000 + ++refCounter}`, ...overrides }));
}
const received = (workflowId: string) => receivedBy(h, workflowId);
const localTime = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toFormat('HH:mm');

describe('changes that arrive while the run is busy are seen before the next step goes', () => {
  it('a cancel at 10:02, while a reply is still being forwarded, stops the 10:00 step', async () => {
    const { input, workflowId, handle } = await enrollNow();
    await skipPast(env, input, 'days-1-4', -5 * MINUTE);
    // The clinic's mail server refuses for a while: the reply's forward retries until about 10:06.
    h.smtp.failNext(6);
    await handle.signal(clientReplySignal, { kind: 'message', text: 'Is some redness normal?', messageSid: 'SMrace0001' });
    await env.sleep(7 * MINUTE);
    await handle.signal(cancelSignal, { reason: 'client asked to stop' });

    expect((await handle.result()).phase).toBe('cancelled');
    expect(received(workflowId).sms).toEqual(['welcome']);
    expect(received(workflowId).email).toEqual(['welcome']);
    // The reply still reached the clinic.
    expect(h.smtp.messages.filter((m) => (m.text ?? '').includes('Is some redness normal?'))).toHaveLength(1);
    await h.saveHistory(workflowId, 'cancel-while-forwarding');
  });

  it('a booking recorded at 21:00, while a reply is still being forwarded, drops the next morning\'s book-nudge', async () => {
    const { input, workflowId, handle } = await enrollNow();
    // 20:55 the evening before book-nudge (day 14, 10:00).
    await skipPast(env, input, 'book-nudge', -(13 * 60 + 5) * MINUTE);
    // Forwarding keeps failing until about 10:20 the next morning.
    h.smtp.failNext(21);
    await handle.signal(clientReplySignal, { kind: 'wants-to-book', text: 'BOOK', messageSid: 'SMrace0002' });
    await env.sleep(5 * MINUTE);
    const appointment = DateTime.fromISO(input.session.performedAt, { zone: ZONE }).plus({ days: 30 }).set({ hour: 14, minute: 0 });
    await handle.executeUpdate(recordBookingUpdate, { args: [{ appointmentAt: appointment.toISO() as string }] });

    expect((await handle.result()).phase).toBe('completed');
    const got = received(workflowId);
    for (const channel of [got.sms, got.email]) {
      expect(channel).toContain('book-next');
      expect(channel).not.toContain('book-nudge');
      expect(channel).toContain('appointment-reminder');
    }
    expect(got.clinic.filter((s) => /call/i.test(s))).toEqual([]);
  });
});

describe('a send already retrying stops when its channel is switched off or the run stops', () => {
  it('an SMS opt-out during Twilio 429s: the text never goes, the email does', async () => {
    const { input, workflowId, handle } = await enrollNow();
    await skipPast(env, input, 'days-1-4', -MINUTE);
    // Attempts at 10:00:00, :10, :30 and 10:01:10 are refused; a fifth would go at 10:02:30.
    h.twilio.failNext(4, { status: 429, code: 20429, message: 'Too Many Requests' });
    await env.sleep(2 * MINUTE);
    await handle.signal(optOutSignal, { channel: 'sms' });
    await env.sleep(30 * MINUTE);

    const got = received(workflowId);
    expect(got.sms).toEqual(['welcome']);
    expect(got.email).toEqual(['welcome', 'days-1-4']);
    const status = await handle.query(statusQuery);
    expect(status.channels.sms).toBe('opted-out');
    expect(status.sent.filter((r) => r.id === 'days-1-4').map((r) => [r.channel, r.status])).toEqual(
      expect.arrayContaining([
        ['sms', 'skipped'],
        ['email', 'sent'],
      ]),
    );
    await handle.signal(cancelSignal, { reason: 'test over' });
    await handle.result();
    await h.saveHistory(workflowId, 'opt-out-while-retrying');
  });

  it('a cancel while both providers are failing: nothing goes on attempt 5', async () => {
    const { input, workflowId, handle } = await enrollNow();
    await skipPast(env, input, 'days-1-4', -MINUTE);
    h.twilio.failNext(4, { status: 429, code: 20429, message: 'Too Many Requests' });
    h.smtp.failNext(4);
    await env.sleep(2 * MINUTE);
    await handle.signal(cancelSignal, { reason: 'client moved away' });

    expect((await handle.result()).phase).toBe('cancelled');
    await env.sleep(30 * MINUTE);
    const got = received(workflowId);
    expect(got.sms).toEqual(['welcome']);
    expect(got.email).toEqual(['welcome']);
  });
});

describe('a step that fails on every channel is seen', () => {
  it('an email-only welcome lost to a 20-minute SMTP outage: the clinic is told, and it goes when the window next opens', async () => {
    const { input, workflowId, handle } = await enrollNow({ client: { ...inputAt(0).client, consent: { sms: false, email: true } } });
    h.smtp.failNext(8);
    await skipPast(env, input, 'welcome', 40 * MINUTE);
    const problem = async () => (await handle.describe()).typedSearchAttributes.get(SEARCH_ATTRIBUTES.DeliveryProblem);
    expect(await problem()).toMatch(/welcome/);
    expect(received(workflowId).email).toEqual([]);
    expect(received(workflowId).clinic.filter((s) => /could not/i.test(s))).toHaveLength(1);

    // The next thing the run waits for is the welcome again, at the window's next opening.
    const next = (await handle.query(statusQuery)).nextStep;
    expect(next?.id).toBe('welcome');
    expect(localTime(next!.sendAt)).toBe(input.clinic.window.start);
    await env.sleep(Date.parse(next!.sendAt) + 2 * MINUTE - (await env.currentTimeMs()));
    const status = await handle.query(statusQuery);
    const welcome = status.sent.filter((r) => r.id === 'welcome' && r.channel === 'email' && r.status === 'sent');
    expect(welcome).toHaveLength(1);
    expect(Math.abs(Date.parse(welcome[0]!.at) - Date.parse(next!.sendAt))).toBeLessThan(MINUTE);
    expect(received(workflowId).email[0]).toBe('welcome');
    expect(await problem()).toBe('none');
    await handle.signal(cancelSignal, { reason: 'test over' });
    await handle.result();
    await h.saveHistory(workflowId, 'welcome-retried-after-outage');
  });

  it('a later step that fails on both channels shows in DeliveryProblem and the clinic hears of it once', async () => {
    const { input, workflowId, handle } = await enrollNow();
    await skipPast(env, input, 'days-1-4', -MINUTE);
    h.twilio.failNext(8, { status: 500, code: 20500, message: 'Internal error' });
    h.smtp.failNext(8);
    await skipPast(env, input, 'days-1-4', 60 * MINUTE);
    expect((await handle.describe()).typedSearchAttributes.get(SEARCH_ATTRIBUTES.DeliveryProblem)).toMatch(/days-1-4/);
    await skipPast(env, input, 'days-5-7');
    const got = received(workflowId);
    expect(got.sms).toEqual(['welcome', 'days-5-7']);
    expect(got.clinic.filter((s) => /could not/i.test(s))).toHaveLength(1);
    // The missed step stays visible.
    expect((await handle.describe()).typedSearchAttributes.get(SEARCH_ATTRIBUTES.DeliveryProblem)).toMatch(/days-1-4/);
    await handle.signal(cancelSignal, { reason: 'test over' });
    await handle.result();
  });

  it('book-next failing on every channel: the nudge and the clinic\'s call do not follow a request never made', async () => {
    const { input, workflowId, handle } = await enrollNow();
    await skipPast(env, input, 'book-next', -MINUTE);
    h.twilio.failNext(8, { status: 500, code: 20500, message: 'Internal error' });
    h.smtp.failNext(8);
    await skipPast(env, input, 'clinic-follow-up');
    const got = received(workflowId);
    for (const channel of [got.sms, got.email]) {
      expect(channel).not.toContain('book-next');
      expect(channel).not.toContain('book-nudge');
      expect(channel).toContain('day-15');
    }
    expect(got.clinic.filter((s) => /could not/i.test(s))).toHaveLength(1);
    expect(got.clinic.filter((s) => /call/i.test(s))).toEqual([]);
    const status = await handle.query(statusQuery);
    expect(status.sent.filter((r) => r.id === 'book-nudge' || r.id === 'clinic-follow-up').map((r) => [r.id, r.status])).toEqual([
      ['book-nudge', 'skipped'],
      ['book-nudge', 'skipped'],
      ['clinic-follow-up', 'skipped'],
    ]);
    expect((await handle.describe()).typedSearchAttributes.get(SEARCH_ATTRIBUTES.DeliveryProblem)).toMatch(/book-next/);
    await handle.signal(cancelSignal, { reason: 'test over' });
    await handle.result();
  });

  it('a START after Twilio refused the number for good leaves SMS off, and the lost welcome stays in DeliveryProblem', async () => {
    // Found by the interleavings property (seed 99): the opt-in made the failed channel active
    // again, and DeliveryProblem went back to none with the welcome never sent.
    h.twilio.failFor('+12125550061', { status: 400, code: 21211, message: "The 'To' number is not a valid phone number." });
    const { input, workflowId, handle } = await enrollNow({ client: { ...inputAt(0).client, phone: '+12125550061', email: undefined, consent: { sms: true, email: false } } });
    await skipPast(env, input, 'welcome');
    await handle.signal(optInSignal, { channel: 'sms' });
    await env.sleep(MINUTE);
    const status = await handle.query(statusQuery);
    expect(status.channels.sms).toBe('failed');
    const problem = (await handle.describe()).typedSearchAttributes.get(SEARCH_ATTRIBUTES.DeliveryProblem);
    expect(problem).toMatch(/sms failed/);
    expect(problem).toMatch(/not sent: welcome/);
    expect(received(workflowId).clinic.filter((s) => /can't reach/i.test(s))).toHaveLength(1);
    await handle.signal(cancelSignal, { reason: 'test over' });
    await handle.result();
    await h.saveHistory(workflowId, 'opt-in-after-invalid-number');
  });
});
