/**
 * Quiet hours and the solicitation cap where the client lives (domain/compliance), in the workflow
 * on the time-skipping server with the real activities: a Florida client of a clinic that would
 * text from 07:00 gets every step at 08:00, a client without a region exactly as before, and no
 * more than 3 booking prompts go to a Florida client in 24 hours, planned ones and resends alike.
 *
 * With RECORD_HISTORIES=1 the runs' histories are written to test/workflow/histories for the replay test.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import { CLINIC, inputAt, type Harness } from '../../dev/aftercare-harness';
import { workflowIdFor } from '../../domain/identifiers';
import type { StepId } from '../../domain/steps';
import { planOf, resendStepUpdate, statusQuery, type AftercareInput, type AftercareStatus, type ClinicProfile } from '../../workflows/contract';
import { harnessPerTest } from '../support/harness-per-test';

const ZONE = 'America/New_York';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/**
 * The harness's clinic (its workers poll that clinic's text queue), as a run's input would carry it
 * had it set its window to 07:00-22:00 and its send time to 07:30.
 */
const EARLY: ClinicProfile = { ...CLINIC, sendTime: '07:30', window: { start: '07:00', end: '22:00' } };

let env: TestWorkflowEnvironment;
let h: Harness;
harnessPerTest((e, harness) => {
  env = e;
  h = harness;
});

let refs = 0;
async function enroll(region: string | undefined) {
  const base = inputAt(await env.currentTimeMs(), { clinic: EARLY, clientRef: `LAW${++refs}` });
  const input: AftercareInput = { ...base, client: { ...base.client, timezone: ZONE, ...(region ? { region } : {}) } };
  const workflowId = workflowIdFor(EARLY.id, input.clientRef, 1);
  const handle = await h.start(input, workflowId);
  return { input, workflowId, handle };
}

/** Sleeps the time-skipping server until `at` (ms), if it is still ahead. */
async function sleepUntil(at: number): Promise<void> {
  const now = await env.currentTimeMs();
  if (at > now) await env.sleep(at - now);
}

/** The local day `days` after `from`, at `hhmm` in the client's zone (ms). */
const localAt = (from: string, days: number, hhmm: string) =>
  DateTime.fromISO(from, { zone: ZONE }).startOf('day').plus({ days }).set({ hour: Number(hhmm.slice(0, 2)), minute: Number(hhmm.slice(3)) }).toMillis();

const smsOf = (status: AftercareStatus, steps: StepId[]) => status.sent.filter((r) => r.channel === 'sms' && (steps as string[]).includes(r.id) && r.status !== 'skipped');
const localTime = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toFormat('HH:mm');

describe('quiet hours where the client lives', () => {
  it('a 07:00-22:00 clinic sending at 07:30: a US-FL client gets each step at 08:00, a client without a region at 07:30 as before', async () => {
    const florida = await enroll('US-FL');
    const before = await enroll(undefined);
    expect(planOf(florida.input).find((s) => s.step === 'days-1-4')!.local.slice(11, 16)).toBe('08:00');

    await sleepUntil(localAt(florida.input.session.performedAt, 5, '08:10'));
    const [fl, old] = [await florida.handle.query(statusQuery), await before.handle.query(statusQuery)];
    for (const step of ['days-1-4', 'days-5-7'] as const) {
      expect(smsOf(fl, [step]).map((r) => localTime(r.at))).toEqual(['08:00']);
      expect(smsOf(old, [step]).map((r) => localTime(r.at))).toEqual(['07:30']);
    }
    // The status and the Temporal UI show the narrowed time of the next step.
    expect(localTime(fl.nextStep!.sendAt)).toBe('08:00');
    await h.saveHistory(florida.workflowId, 'compliance-florida-window');
  });
});

describe('at most 3 booking prompts in 24 hours in Florida', () => {
  it('a fourth resend asked within 24 hours waits until the first is 24 hours old', async () => {
    const { input, workflowId, handle } = await enroll('US-FL');
    const bookNext = Date.parse(planOf(input).find((s) => s.step === 'book-next')!.sendAt);
    await sleepUntil(bookNext + 2 * 60_000);
    for (let i = 1; i <= 3; i++) await handle.executeUpdate(resendStepUpdate, { args: [{ step: 'book-next', channel: 'sms', reason: `asked again ${i}` }] });
    await env.sleep(10 * 60_000);

    let status = await handle.query(statusQuery);
    const prompts = smsOf(status, ['book-next']);
    expect(prompts).toHaveLength(3);
    const first = Date.parse(prompts[0]!.at);

    // Still held an hour before the first is 24 hours old...
    await sleepUntil(first + DAY - HOUR);
    status = await handle.query(statusQuery);
    expect(smsOf(status, ['book-next'])).toHaveLength(3);

    // ...and sent once it is.
    await sleepUntil(first + DAY + 10 * 60_000);
    status = await handle.query(statusQuery);
    const all = smsOf(status, ['book-next']);
    expect(all).toHaveLength(4);
    expect(Date.parse(all[3]!.at)).toBeGreaterThanOrEqual(first + DAY);
    expect(all[3]!.detail).toBe('resent: asked again 3');
    await h.saveHistory(workflowId, 'compliance-resend-held-by-cap');
  });

  it('a planned booking nudge after 3 prompts that day moves to when the first is 24 hours old; care messages keep their time', async () => {
    const { input, workflowId, handle } = await enroll('US-FL');
    const { performedAt } = input.session;
    // Day 13 at noon: three resends of book-next go at once (book-next itself is 3 days old).
    await sleepUntil(localAt(performedAt, 13, '12:00'));
    for (let i = 1; i <= 3; i++) await handle.executeUpdate(resendStepUpdate, { args: [{ step: 'book-next', reason: `client asked ${i}` }] });
    await env.sleep(10 * 60_000);
    let status = await handle.query(statusQuery);
    const resent = smsOf(status, ['book-next']).slice(1);
    expect(resent).toHaveLength(3);
    const first = Date.parse(resent[0]!.at);

    // Day 14 at 08:00 the nudge would be the fourth in 24 hours: it waits for noon.
    await sleepUntil(localAt(performedAt, 14, '09:00'));
    status = await handle.query(statusQuery);
    expect(smsOf(status, ['book-nudge'])).toHaveLength(0);
    expect(status.nextStep).toEqual({ id: 'book-nudge', sendAt: expect.any(String) });
    expect(Date.parse(status.nextStep!.sendAt)).toBeGreaterThanOrEqual(first + DAY);

    await sleepUntil(localAt(performedAt, 15, '08:10'));
    status = await handle.query(statusQuery);
    const nudge = smsOf(status, ['book-nudge']);
    expect(nudge).toHaveLength(1);
    expect(Date.parse(nudge[0]!.at)).toBeGreaterThanOrEqual(first + DAY);
    expect(Date.parse(nudge[0]!.at)).toBeLessThan(first + DAY + HOUR);
    // Day 15 is a care message: no cap, at the narrowed send time.
    expect(smsOf(status, ['day-15']).map((r) => localTime(r.at))).toEqual(['08:00']);
    await h.saveHistory(workflowId, 'compliance-nudge-held-by-cap');
  });
});
