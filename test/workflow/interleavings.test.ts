/**
 * Random interleavings (issue 12): fast-check generates an enrolment and a list of timed actions
 * (bookings, cancel, pause and resume, opt-outs and opt-ins, contact changes, client replies,
 * Twilio and SMTP faults, a next session), plays them on the time-skipping server with the real
 * activities, and checks the invariants of test/support/interleavings/invariants.ts on each run's
 * history and on what the providers received.
 *
 * CI runs a fixed seed and a modest count; INTERLEAVINGS_RUNS and INTERLEAVINGS_SEED ask for more
 * (INTERLEAVINGS_MINUTES raises the time limit, which otherwise grows with the count):
 *   INTERLEAVINGS_RUNS=300 INTERLEAVINGS_SEED=7 npx jest test/workflow/interleavings --selectProjects workflow
 * A failure prints the seed and path, the shrunk scenario (its action list) and each broken
 * invariant with the history event it broke at, then the runner's log of the shrunk run.
 * INTERLEAVINGS_SEED=<seed> INTERLEAVINGS_PATH=<path> replays that one case.
 */
import fc from 'fast-check';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startHarness, type Harness } from '../../dev/aftercare-harness';
import { createTimeSkippingEnv } from '../../dev/temporal-env';
import type { ActivityFact, HistoryFacts } from '../support/history-facts';
import { checkObservation, describeViolations, type InvariantId } from '../support/interleavings/invariants';
import { runScenario, type Observation, type RunRecord } from '../support/interleavings/run-scenario';
import { scenarioArb, type Scenario } from '../support/interleavings/scenario';

/** A run takes about 1.5 s on 2 cores: 40 runs keep the file near 1.5 minutes when it passes. */
const CI_RUNS = 40;
const CI_SEED = 20_260_412;
const RUNS = Number(process.env.INTERLEAVINGS_RUNS ?? CI_RUNS);
const SEED = Number(process.env.INTERLEAVINGS_SEED ?? CI_SEED);
/** Real time for the runs and, after a failure, for shrinking it (fast-check stops at this limit). */
const TIME_LIMIT_MS = Number(process.env.INTERLEAVINGS_MINUTES ?? 0) * 60_000 || Math.max(240_000, RUNS * 6_000);

let env: TestWorkflowEnvironment;
let h: Harness;
let runNo = 0;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  h = await startHarness(env);
});
afterAll(async () => {
  await h?.stop();
  await env?.teardown();
});

const plain: Scenario = { zone: 'Asia/Tokyo', consent: { sms: true, email: true }, sessionNumber: 1, enrolAt: { hour: 11, minute: 5 }, actions: [], finish: 'complete' };
const brokenBy = (obs: Observation, runs: RunRecord[] = obs.runs, copies = obs.copies): InvariantId[] => [
  ...new Set(checkObservation(runs, copies).map((v) => v.invariant)),
];
/** The run with its history changed by `edit`, as if the workflow had done something else. */
const withFacts = (run: RunRecord, edit: (f: HistoryFacts) => HistoryFacts): RunRecord => ({ ...run, facts: edit(structuredClone(run.facts)) });
const sendOf = (f: HistoryFacts, type: string, step: string): ActivityFact => f.activities.find((a) => a.type === type && (a.input as { step: string }).step === step)!;

describe('the invariant checker, on runs whose answer is known', () => {
  it('passes a plain full run, and flags each invariant once the same run is told a different story', async () => {
    const obs = await runScenario(h, plain, ++runNo);
    expect(obs.runs[0]!.end).toBe('completed');
    expect(obs.copies.filter((c) => c.channel === 'sms')).toHaveLength(8);
    expect(describeViolations(checkObservation(obs.runs, obs.copies))).toBe('');
    const run = obs.runs[0]!;
    const welcomeSms = sendOf(run.facts, 'sendSms', 'welcome');

    // A cancel right after the welcome was scheduled: the welcome and every later send break 1.
    const cancelled = withFacts(run, (f) => ({ ...f, signals: [{ eventId: welcomeSms.scheduled.eventId + 0.5, at: welcomeSms.scheduled.at, name: 'cancel', input: { reason: 'x' } }] }));
    expect(brokenBy(obs, [cancelled])).toEqual([1]);
    // A window that opens at 10:30: the 10:00 steps break 2.
    expect(brokenBy(obs, [{ ...run, input: { ...run.input, clinic: { ...run.input.clinic, window: { start: '10:30', end: '20:00' } } } }])).toEqual([2]);
    // No SMS consent, an opt-out never taken back, or Twilio refusing the number for good: 3.
    expect(brokenBy(obs, [{ ...run, input: { ...run.input, client: { ...run.input.client, consent: { sms: false, email: true } } } }])).toEqual([3]);
    const optedOut = withFacts(run, (f) => ({ ...f, signals: [{ eventId: 1.5, at: f.activities[0]!.scheduled.at, name: 'optOut', input: { channel: 'email' } }] }));
    expect(brokenBy(obs, [optedOut])).toEqual([3]);
    const welcomeEmail = sendOf(run.facts, 'sendEmail', 'welcome');
    const optedBackIn = withFacts(optedOut, (f) => ({ ...f, signals: [...f.signals, { eventId: welcomeEmail.closed!.eventId + 0.5, at: 0, name: 'optIn', input: { channel: 'email' } }] }));
    expect(checkObservation([optedBackIn], obs.copies).map((v) => v.text)).toEqual([expect.stringMatching(/^sendEmail welcome completed/)]);
    const refused = withFacts(run, (f) => {
      sendOf(f, 'sendSms', 'welcome').closed = { ...welcomeSms.closed!, outcome: 'failed', nonRetryable: true, failureType: 'SmsInvalidNumber' };
      return f;
    });
    expect(brokenBy(obs, [refused])).toEqual([3]);
    const numberFixed = withFacts(refused, (f) => ({
      ...f,
      updates: [{ name: 'updateContact', input: { phone: '+13125550001', phoneHash: 'h' }, accepted: welcomeSms.closed!, completed: { ...welcomeSms.closed!, eventId: welcomeSms.closed!.eventId + 0.5, ok: true } }],
    }));
    expect(brokenBy(obs, [numberFixed])).toEqual([]);
    // A booking recorded before book-next: the prompts and the clinic's follow-up break 4.
    const bookNext = sendOf(run.facts, 'sendSms', 'book-next');
    const booked = withFacts(run, (f) => ({
      ...f,
      updates: [{ name: 'recordBooking', input: {}, accepted: bookNext.scheduled, completed: { ...bookNext.scheduled, eventId: bookNext.scheduled.eventId - 0.5, ok: true } }],
    }));
    const prompts = checkObservation([booked], obs.copies).map((v) => `${v.invariant} ${v.text.split(' completed')[0]}`);
    expect(prompts.sort()).toEqual(['4 notifyClinic clinic-follow-up (clinic-follow-up)', '4 sendEmail book-next', '4 sendEmail book-nudge', '4 sendSms book-next', '4 sendSms book-nudge']);
    // A second copy at Twilio, or a second completion in the history: 5.
    expect(brokenBy(obs, obs.runs, [...obs.copies, { ...obs.copies.find((c) => c.channel === 'sms')! }])).toEqual([5]);
    expect(brokenBy(obs, [withFacts(run, (f) => ({ ...f, activities: [...f.activities, welcomeSms] }))])).toEqual([5]);
    // A step failed on both channels, with DeliveryProblem still 'none': 6.
    const failedStatus = { ...run.status!, sent: run.status!.sent.map((r) => (r.id === 'day-15' ? { ...r, status: 'failed' as const, detail: 'gave up' } : r)) };
    expect(run.deliveryProblem).toBe('none');
    expect(brokenBy(obs, [{ ...run, status: failedStatus }])).toEqual([6]);
    expect(brokenBy(obs, [{ ...run, status: failedStatus, deliveryProblem: 'day-15 failed' }])).toEqual([]);
    // A run that never ended: 0.
    expect(brokenBy(obs, [{ ...run, end: 'did not end within 45 s of the finish; terminated' }])).toEqual([0]);
  });

  it('a number refused for good keeps SMS off until the contact update, and a booking drops the prompts', async () => {
    const scenario: Scenario = {
      ...plain,
      zone: 'America/New_York',
      enrolAt: { hour: 9, minute: 40 },
      actions: [
        { wait: { kind: 'for', ms: 60_000 }, action: { kind: 'twilio-invalid-number' } },
        { wait: { kind: 'for', ms: 2 * 86_400_000 }, action: { kind: 'update-contact', phone: true, email: false } },
        { wait: { kind: 'for', ms: 86_400_000 }, action: { kind: 'book', day: 20, hour: 15 } },
      ],
    };
    const obs = await runScenario(h, scenario, ++runNo);
    expect(describeViolations(checkObservation(obs.runs, obs.copies))).toBe('');
    const run = obs.runs[0]!;
    const smsSteps = run.facts.activities.filter((a) => a.type === 'sendSms').map((a) => `${(a.input as { step: string }).step} ${a.closed?.outcome}`);
    expect(smsSteps).toEqual(['welcome completed', 'days-1-4 failed', 'days-5-7 completed', 'days-8-14 completed', 'day-15 completed', 'appointment-reminder completed', 'one-month completed']);
    expect(obs.log.join('\n')).toMatch(/book day 20 15:30 -> \w+ \d+ 15:30: ok/);
  });
});

describe('random interleavings (fast-check)', () => {
  it(`keeps every invariant over ${RUNS} generated runs (seed ${SEED})`, async () => {
    let ran = 0;
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (scenario) => {
        ran++;
        const obs = await runScenario(h, scenario, ++runNo);
        const violations = checkObservation(obs.runs, obs.copies);
        if (violations.length) throw new Error(`${describeViolations(violations)}\nas run (client's local time):\n  ${obs.log.join('\n  ')}`);
      }),
      {
        seed: SEED,
        numRuns: RUNS,
        // INTERLEAVINGS_PATH (the report's `path`) with its seed replays the shrunk case alone.
        ...(process.env.INTERLEAVINGS_PATH ? { path: process.env.INTERLEAVINGS_PATH, endOnFailure: true } : {}),
        plugins: [fc.interruptAfterTimeLimit(TIME_LIMIT_MS)],
      },
    );
    // The count the README states is the count that ran: running out of time is a failure.
    // (A replay of one case through INTERLEAVINGS_PATH runs that case alone.)
    if (ran < RUNS && !process.env.INTERLEAVINGS_PATH) throw new Error(`interleavings: only ${ran} of ${RUNS} runs fitted in ${TIME_LIMIT_MS / 1000} s`);
  }, TIME_LIMIT_MS + 60_000);
});
