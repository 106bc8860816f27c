/**
 * Issue 12: a client who texts a lot. Replies that come together reach the clinic as one digest
 * email, and a run whose history grows long continues as new, carrying everything it knows, so
 * that no run nears Temporal's history limits and the client's timeline goes on as before.
 *
 * The time-skipping server with the real activities (dev/aftercare-harness.ts); the front desk's
 * list on the dev server, whose visibility the time-skipping server lacks. With RECORD_HISTORIES=1
 * the digest run's history and a short chain of runs are written to test/workflow/histories.
 */
import path from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import type { StepId } from '../../domain/steps';
import { CALENDAR_UPDATE } from '../../domain/calendar/update-id';
import { startAftercare } from '../../app/enrollment-service';
import { operatorCaller } from '../../app/caller';
import { listEnrollments } from '../../app/list';
import { CLINIC, inputAt, startHarness, type Harness } from '../../dev/aftercare-harness';
import { createTimeSkippingEnv } from '../../dev/temporal-env';
import { REPLIES_PER_DIGEST } from '../../workflows/clinic-notices';
import { SEEN_REPLY_SIDS_CARRIED } from '../../workflows/run-state';
import {
  cancelSignal,
  clientReplySignal,
  optOutSignal,
  pauseSignal,
  recordBookingUpdate,
  resumeSignal,
  SEARCH_ATTRIBUTES,
  statusQuery,
  TASK_QUEUE,
  type AftercareInput,
  type ClientReply,
} from '../../workflows/contract';
import { eventually, middayZone } from '../support/eventually';
import { continuingServer, replyUntilContinued, runsOf, startWatched } from '../support/continue-as-new';
import { skipPast } from '../support/time-skip';

const HISTORY_DIR = process.env.RECORD_HISTORIES ? path.join(__dirname, 'histories') : undefined;
/** Temporal warns about a run's history from 10,000 events on (and ends the run at 50,000). */
const EVENTS_TEMPORAL_WARNS_AT = 10_000;

let env: TestWorkflowEnvironment;
let h: Harness;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});
// The production queue, so that enrollment starts runs as the app does (with their search attributes).
beforeEach(async () => {
  h = await startHarness(env, { taskQueue: TASK_QUEUE, ...(HISTORY_DIR ? { historyDir: HISTORY_DIR } : {}) });
});
const started: string[] = [];
afterEach(async () => {
  // A run left open would hold the shared time-skipping clock for the next test.
  for (const id of started.splice(0)) await env.client.workflow.getHandle(id).terminate('test finished').catch(() => undefined);
  await h.stop();
});

let refCounter = 0;
/** Enrolls a client through the enrollment service; returns the handle and the first run's ID. */
async function enrollNow(overrides: Parameters<typeof inputAt>[1] = {}) {
  const input = inputAt(await env.currentTimeMs(), { clientRef: `C${5000 + ++refCounter}`, ...overrides });
  const { workflowId } = await startAftercare(env.client, input);
  started.push(workflowId);
  const handle = env.client.workflow.getHandle(workflowId);
  const { runId: firstRunId } = await handle.describe();
  return { input, workflowId, handle, firstRunId };
}

/** What the clinic's mailbox got from this workflow, in arrival order. */
function clinicMails(workflowId: string) {
  return h.smtp.messages.filter((m) => m.headers.get('x-aftercare-workflow') === workflowId && m.headers.get('x-aftercare-channel') === 'clinic');
}

/** The steps each channel of the client received, in order, read at the providers; and the calendar updates (booking changes). */
function clientReceived(workflowId: string) {
  const sms = h.twilio.messages
    .filter((m) => new URL(m.statusCallback ?? 'x:/').searchParams.get('wf') === workflowId)
    .map((m) => new URL(m.statusCallback as string).searchParams.get('step') as StepId);
  const mails = h.smtp.messages.filter((m) => m.headers.get('x-aftercare-workflow') === workflowId && m.headers.get('x-aftercare-channel') !== 'clinic');
  const isCalendarUpdate = (m: (typeof mails)[number]) => m.headers.get('x-aftercare-step') === CALENDAR_UPDATE;
  const email = mails.filter((m) => !isCalendarUpdate(m)).map((m) => m.headers.get('x-aftercare-step') as StepId);
  return { sms, email, calendarUpdates: mails.filter(isCalendarUpdate).length };
}

/** The input a run started with (the harness's data converter is the default one). */
function inputOf(events: temporal.api.history.v1.IHistoryEvent[]): AftercareInput {
  return defaultPayloadConverter.fromPayload(events[0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!);
}

describe('a client who texts a lot', () => {
  it('replies that arrive together reach the clinic as one digest email; a single reply keeps its own notice', async () => {
    const { input, workflowId, handle } = await enrollNow();
    await skipPast(env, input, 'welcome');

    // The first reply's notice fails once and waits 10 s for its retry: the next five come meanwhile.
    h.smtp.failNext(1);
    await handle.signal(clientReplySignal, { kind: 'message', text: 'Is some redness normal?', messageSid: 'SMdigest000' });
    await eventually(async () => h.smtp.failures, (n) => n >= 1);
    const together: ClientReply[] = [
      { kind: 'message', text: 'It is a bit itchy today', messageSid: 'SMdigest001' },
      { kind: 'wants-to-book', messageSid: 'SMdigest002' },
      { kind: 'message', text: 'Can I wear a cap?', messageSid: 'SMdigest003' },
      { kind: 'message', text: 'And go swimming on Sunday?', messageSid: 'SMdigest004' },
      { kind: 'message', text: 'Thanks!', messageSid: 'SMdigest005' },
    ];
    for (const reply of together) await handle.signal(clientReplySignal, reply);
    await env.sleep(10 * 60_000);

    const mails = clinicMails(workflowId);
    expect(mails.map((m) => m.subject)).toEqual([
      `Text message from Jordan (client ref ${input.clientRef})`,
      `5 text messages from Jordan (client ref ${input.clientRef}), one asks to book session 2`,
    ]);
    expect(mails[0]!.text).toContain('"Is some redness normal?"');
    const digest = mails[1]!.text ?? '';
    for (const { text } of together.filter((r) => r.text)) expect(digest.split(`"${text}"`)).toHaveLength(2);
    // Each reply on its own line, oldest first, with its local time; the booking wish flagged.
    const lines = digest.split('\n').filter((l) => /^\d+\. /.test(l));
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(line).toMatch(/^\d\. [A-Z][a-z]{2} \d{1,2}, \d{1,2}:\d\d [AP]M/);
    expect(lines[0]).toContain('It is a bit itchy today');
    expect(lines[1]).toContain('wants to book session 2');
    expect(digest).not.toContain('Is some redness normal?');

    await handle.signal(cancelSignal, { reason: 'test over' });
    await handle.result();
    await h.saveHistory(workflowId, 'reply-digest');
  });

  it('3,000 replies: every text reaches the clinic once, in few emails, no run nears the history limit, and the timeline completes as before', async () => {
    // Session 2, so that the first run signals session 1 (supersede): a continued run must not.
    const { input, workflowId, handle, firstRunId } = await enrollNow({ sessionNumber: 2, phoneHash: 'hash-of-0104' });
    await skipPast(env, input, 'welcome');
    // Before the replies, a booking and an SMS opt-out: both must outlive the continue-as-new.
    const appointmentAt = DateTime.fromISO(input.session.performedAt, { zone: input.client.timezone }).plus({ days: 25 }).set({ hour: 14, minute: 30 }).toISO() as string;
    await handle.executeUpdate(recordBookingUpdate, { args: [{ appointmentAt }] });
    await handle.signal(optOutSignal, { channel: 'sms' });

    const REPLIES = 3_000;
    // The last 2,000 come while an operator's pause holds a due step: alone they pass the history
    // budget, so a run continues from inside the hold.
    const HELD = 2_000;
    const BATCH = 150;
    const replyOf = (i: number): ClientReply =>
      i % 20 === 7 ? { kind: 'wants-to-book', messageSid: `SMlong${i}` } : { kind: 'message', text: `Question Q${String(i).padStart(4, '0')}: is this normal?`, messageSid: `SMlong${i}` };
    const replies = Array.from({ length: REPLIES }, (_, i) => replyOf(i));
    const sendReplies = async (from: number, to: number) => {
      for (let i = from; i < to; i += BATCH) await Promise.all(replies.slice(i, Math.min(i + BATCH, to)).map((r) => handle.signal(clientReplySignal, r)));
    };
    await sendReplies(0, REPLIES - HELD);
    await handle.signal(pauseSignal, { reason: 'template under review' });
    await skipPast(env, input, 'days-1-4');
    expect(clientReceived(workflowId).email).toEqual(['welcome']);
    const { runId: holdingRunId } = await handle.describe();
    await sendReplies(REPLIES - HELD, REPLIES);
    // The resume waits for the run to have continued, so that the pause is what it carries.
    await eventually(async () => (await handle.describe()).runId, (runId) => runId !== holdingRunId);
    // Twilio retries the webhooks of the latest replies: the new run knows their SIDs.
    await Promise.all(replies.slice(-BATCH).map((r) => handle.signal(clientReplySignal, r)));
    await handle.signal(resumeSignal, {});

    const result = await handle.result();
    expect(result.phase).toBe('completed');

    // Nothing lost, nothing twice: each text once in the clinic's mailbox, each booking wish once.
    const mails = clinicMails(workflowId);
    const bodies = mails.map((m) => m.text ?? '');
    const seen = new Map<string, number>();
    for (const body of bodies) for (const [q] of body.matchAll(/Q\d{4}/g)) seen.set(q, (seen.get(q) ?? 0) + 1);
    const texts = replies.filter((r) => r.kind === 'message').map((r) => r.text!.slice(9, 14));
    expect([...seen.keys()].sort()).toEqual([...texts].sort());
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    const wishes = bodies.reduce((n, body) => n + body.split('\n').filter((l) => /^\d+\. .*wants to book session 3/.test(l)).length, 0);
    expect(wishes).toBe(replies.filter((r) => r.kind === 'wants-to-book').length);
    expect(mails.length).toBeLessThan(REPLIES / 20);
    for (const body of bodies) expect(body.split('\n').filter((l) => /^\d+\. /.test(l)).length).toBeLessThanOrEqual(REPLIES_PER_DIGEST);

    // The history was cut into runs, none near the limit; only the first signalled session 1.
    const runs = await runsOf(env.client, workflowId, firstRunId);
    expect(runs.length).toBeGreaterThan(1);
    for (const events of runs) expect(events.length).toBeLessThan(EVENTS_TEMPORAL_WARNS_AT);
    const supersedes = runs.map((events) => events.filter((e) => e.signalExternalWorkflowExecutionInitiatedEventAttributes?.signalName === 'supersede').length);
    expect(supersedes).toEqual([1, ...runs.slice(1).map(() => 0)]);
    const carried = runs.slice(1).map((events) => inputOf(events).carried);
    expect(carried.every((c) => c !== undefined)).toBe(true);
    expect(carried.some((c) => c?.paused?.reason === 'template under review')).toBe(true);
    // The first run heard over a thousand SIDs and handed on only the latest.
    expect(carried[0]!.seenReplies).toHaveLength(SEEN_REPLY_SIDS_CARRIED);

    // The client's timeline went on: each step once, by email only after the opt-out, and the
    // booking (recorded in the first run) kept the booking prompts out and set the reminder.
    const status = await handle.query(statusQuery);
    const planned = status.plan.filter((s) => s.to === 'client').map((s) => s.step);
    expect(planned).not.toContain('book-next');
    expect(planned).not.toContain('book-nudge');
    expect(planned).toContain('appointment-reminder');
    const got = clientReceived(workflowId);
    expect(got.sms).toEqual(['welcome']);
    expect(got.email).toEqual(planned);
    // The booking's calendar email, once, through the continues-as-new.
    expect(got.calendarUpdates).toBe(1);
    expect(status.channels.sms).toBe('opted-out');
    expect(status.booking).toEqual({ status: 'booked', appointmentAt });
    expect(status.sent.filter((r) => r.channel === 'sms').map((r) => r.id)).toEqual(['welcome']);
    expect(status.phase).toBe('completed');

    // The last run shows what the first did in the front desk's lists.
    const sa = (await handle.describe()).typedSearchAttributes;
    expect(sa.get(SEARCH_ATTRIBUTES.ClinicId)).toBe(CLINIC.id);
    expect(sa.get(SEARCH_ATTRIBUTES.ClientRef)).toBe(input.clientRef);
    expect(sa.get(SEARCH_ATTRIBUTES.SessionNumber)).toBe(2);
    expect(sa.get(SEARCH_ATTRIBUTES.AftercarePhase)).toBe('completed');
    expect(sa.get(SEARCH_ATTRIBUTES.BookingStatus)).toBe('booked');
    expect(sa.get(SEARCH_ATTRIBUTES.PhoneHash)).toBe(input.phoneHash);
    const { currentDetails } = await handle.query<{ currentDetails: string }>('__temporal_workflow_metadata');
    expect(currentDetails).toMatch(/^all steps done; nothing left to send/);
    expect(currentDetails).toContain('booking: booked');
  });
});

describe('a continued run on a real server (dev server, which suggests continuing after 40 events here)', () => {
  const server = continuingServer(HISTORY_DIR ? { historyDir: HISTORY_DIR } : {});

  it('the front desk lists the session once, under its newest run, which answers and ends as the session', async () => {
    const base = inputAt(Date.now(), { clientRef: 'C5900' });
    // Daytime in the client's zone, so the welcome goes at once on the real clock.
    const input = { ...base, client: { ...base.client, timezone: middayZone() } };
    const { workflowId, handle, firstRunId, mails } = await startWatched(server, input);

    // One reply at a time, each forwarded before the next, until the run has continued as new.
    const { runId: newestRunId, replies } = await replyUntilContinued(handle, mails, 'SMreal');
    expect(newestRunId).not.toBe(firstRunId);

    // Visibility holds both runs (once it has caught up); the list shows the session once.
    const runsListed = await eventually(
      async () => {
        const ids: string[] = [];
        for await (const wf of server.local.client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) ids.push(wf.runId);
        return ids;
      },
      (ids) => ids.includes(firstRunId) && ids.includes(newestRunId),
    );
    expect(runsListed).toEqual(expect.arrayContaining([firstRunId, newestRunId]));
    const rows = await listEnrollments({ client: server.local.client, caller: operatorCaller('cli'), clinicId: CLINIC.id });
    expect(rows.filter((r) => r.workflowId === workflowId)).toEqual([
      expect.objectContaining({ clientRef: input.clientRef, sessionNumber: 1, phase: 'welcome', bookingStatus: 'awaiting', deliveryProblem: 'none' }),
    ]);

    // Every reply reached the clinic once; the newest run answers the status query with the
    // first run's sends, and ends as the session.
    const forwarded = mails().filter((m) => m.headers.get('x-aftercare-channel') === 'clinic').map((m) => m.text ?? '');
    for (let i = 1; i <= replies; i++) expect(forwarded.filter((t) => t.includes(`"Reply number ${i}"`))).toHaveLength(1);
    expect((await handle.query(statusQuery)).sent.filter((r) => r.id === 'welcome').map((r) => r.channel).sort()).toEqual(['email', 'sms']);
    await handle.signal(cancelSignal, { reason: 'test over' });
    expect((await handle.result()).phase).toBe('cancelled');

    await server.lh.saveHistory(workflowId, 'continued-as-new-first-run', firstRunId);
    await server.lh.saveHistory(workflowId, 'continued-as-new-last-run');
  });
});
