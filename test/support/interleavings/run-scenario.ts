/**
 * Plays one generated scenario on the time-skipping server with the real activities
 * (dev/aftercare-harness.ts), brings its runs to an end within a bounded wait, and gathers what
 * the invariants are judged on: each run's history, final status and DeliveryProblem, and what
 * the Twilio stand-in and the SMTP sink received.
 */
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { DateTime } from 'luxon';
import { inputAt, type Harness } from '../../../dev/aftercare-harness';
import { workflowIdFor } from '../../../domain/identifiers';
import {
  cancelSignal,
  clientReplySignal,
  optInSignal,
  optOutSignal,
  pauseSignal,
  recordBookingUpdate,
  resumeSignal,
  SEARCH_ATTRIBUTES,
  statusQuery,
  updateContactUpdate,
  type AftercareInput,
  type AftercareStatus,
} from '../../../workflows/contract';
import { readHistory, type HistoryFacts } from '../history-facts';
import { describeAction, describeWait, type Action, type Scenario, type Wait } from './scenario';

/**
 * The least server time before each action and before the finish. The time-skipping server does
 * not skip past an attempt under way, and an attempt takes milliseconds: so no action lands in the
 * middle of an attempt already on its way to a provider, which nothing could call back. An action
 * still lands between a send's retries.
 */
const MIN_GAP_MS = 1_000;
/** Real time a run may take to end once resumed or cancelled; a whole timeline takes seconds. */
const END_WAIT_MS = 45_000;

export interface RunRecord {
  workflowId: string;
  input: AftercareInput;
  facts: HistoryFacts;
  status: AftercareStatus | undefined;
  deliveryProblem: string | undefined;
  /** The run's result phase, or why it had none within the bounded wait. */
  end: string;
}

/** One message a provider accepted, traced to its run and step. */
export interface ProviderCopy {
  channel: 'sms' | 'email' | 'clinic';
  workflowId: string;
  step: string;
  /** Twilio's SID, or the email's Message-ID (one per send key, notices included). */
  id: string;
}

export interface Observation {
  /** The enrolled run first, then any later session that superseded it. */
  runs: RunRecord[];
  copies: ProviderCopy[];
  /** What the runner did, at which server time, and how it went. */
  log: string[];
}

interface Live {
  input: AftercareInput;
  workflowId: string;
  handle: WorkflowHandle;
}

/** Real US area codes: with a 555 exchange, each gives a fictional number libphonenumber-js accepts. */
const NEW_NUMBER_AREAS = ['646', '718', '305', '415', '617'];
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const clientRefOf = (runNo: number) => `IL${pad(runNo, 4)}`;

export async function runScenario(h: Harness, scenario: Scenario, runNo: number): Promise<Observation> {
  const { env } = h;
  const zone = scenario.zone;
  const log: string[] = [];
  const local = (ms: number) => DateTime.fromMillis(ms, { zone }).toFormat('LLL d HH:mm:ss');
  const note = async (text: string) => {
    log.push(`${local(await env.currentTimeMs())} ${text}`);
    // INTERLEAVINGS_TRACE=1 prints each line as it happens, to follow a run that hangs.
    if (process.env.INTERLEAVINGS_TRACE) console.log(`${clientRefOf(runNo)} ${log[log.length - 1]}`);
  };

  h.twilio.reset();
  h.smtp.reset();
  // Enrol at the scenario's local time, so that a shrunk scenario replays the same day shape.
  const startAt = DateTime.fromMillis((await env.currentTimeMs()) + 1_000, { zone });
  let enrolAt = startAt.set({ hour: scenario.enrolAt.hour, minute: scenario.enrolAt.minute, second: 0, millisecond: 0 });
  if (enrolAt < startAt) enrolAt = enrolAt.plus({ days: 1 });
  await env.sleep(enrolAt.toMillis() - (await env.currentTimeMs()));

  const clientRef = clientRefOf(runNo);
  let contact = { phone: `+1212555${pad(runNo, 4)}`, email: `client${runNo}@example.com` };
  let contactNo = 0;
  let replyNo = 0;
  const runs: Live[] = [];
  const enrol = async (sessionNumber: number) => {
    const base = inputAt(await env.currentTimeMs(), { clientRef, sessionNumber });
    const input: AftercareInput = { ...base, client: { ...base.client, ...contact, timezone: zone, consent: { ...scenario.consent } } };
    const workflowId = workflowIdFor(input.clinic.id, clientRef, sessionNumber);
    runs.push({ input, workflowId, handle: await h.start(input, workflowId) });
  };
  await enrol(scenario.sessionNumber);
  await note(`enrolled ${runs[0]!.workflowId}`);
  /** The client's latest session: the clinic, the client and the operators act on it. */
  const current = () => runs[runs.length - 1]!;

  const running = async (handle: WorkflowHandle) => (await handle.describe()).status.name === 'RUNNING';
  /** Performs a call on the run; a refusal or a closed run is an outcome, not a test error. */
  const attempt = async (what: () => Promise<unknown>): Promise<string> => {
    try {
      await what();
      return 'ok';
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) return `refused: ${(err.cause as Error | undefined)?.message ?? err.message}`;
      if (!(await running(current().handle))) return 'run already closed';
      throw err;
    }
  };

  const waitMs = async (wait: Wait, now: number): Promise<number> => {
    if (wait.kind === 'for') return wait.ms;
    const offset = wait.seconds * 1000;
    const dues = (await current().handle.query(statusQuery)).plan.map((p) => Date.parse(p.sendAt) + offset);
    const target = dues.filter((t) => t >= now).sort((a, b) => a - b)[0];
    return target === undefined ? 0 : target - now;
  };

  const perform = async (action: Action): Promise<string> => {
    const { handle, input } = current();
    const now = await env.currentTimeMs();
    switch (action.kind) {
      case 'book': {
        const session = DateTime.fromISO(input.session.performedAt, { zone });
        let at = session.plus({ days: action.day }).set({ hour: action.hour, minute: 30, second: 0, millisecond: 0 });
        if (at.toMillis() <= now + 3_600_000) at = DateTime.fromMillis(now, { zone }).plus({ days: 1 + (action.day % 7) }).set({ hour: action.hour, minute: 30, second: 0, millisecond: 0 });
        const appointmentAt = at.toUTC().toISO()!;
        return `${at.toFormat('LLL d HH:mm')}: ${await attempt(() => handle.executeUpdate(recordBookingUpdate, { args: [{ appointmentAt }] }))}`;
      }
      case 'cancel':
        return attempt(() => handle.signal(cancelSignal, { reason: 'interleavings' }));
      case 'pause':
        return attempt(() => handle.signal(pauseSignal, { reason: 'interleavings' }));
      case 'resume':
        return attempt(() => handle.signal(resumeSignal, {}));
      case 'opt-out':
        return attempt(() => handle.signal(optOutSignal, { channel: action.channel }));
      case 'opt-in':
        return attempt(() => handle.signal(optInSignal, { channel: action.channel }));
      case 'update-contact': {
        contactNo++;
        const next = {
          ...(action.phone ? { phone: `+1${NEW_NUMBER_AREAS[contactNo % NEW_NUMBER_AREAS.length]}555${pad(runNo, 4)}`, phoneHash: `hash-${runNo}-${contactNo}` } : {}),
          ...(action.email ? { email: `client${runNo}.${contactNo}@example.com` } : {}),
        };
        const outcome = await attempt(() => handle.executeUpdate(updateContactUpdate, { args: [next] }));
        if (outcome === 'ok') contact = { phone: next.phone ?? contact.phone, email: next.email ?? contact.email };
        return `${[next.phone, next.email].filter(Boolean).join(' ')}: ${outcome}`;
      }
      case 'reply': {
        const outcomes: string[] = [];
        for (let i = 0; i < action.count; i++) {
          const messageSid = `SM${runNo}r${++replyNo}`;
          const kind = action.wantsToBook ? ('wants-to-book' as const) : ('message' as const);
          outcomes.push(await attempt(() => handle.signal(clientReplySignal, { kind, text: `reply ${replyNo}`, messageSid })));
          if (action.again) outcomes.push(await attempt(() => handle.signal(clientReplySignal, { kind, text: `reply ${replyNo}`, messageSid })));
        }
        return outcomes.join(', ');
      }
      case 'twilio-fail-next':
        h.twilio.failNext(action.n, { status: action.status });
        return 'set';
      case 'twilio-invalid-number':
        h.twilio.failFor(contact.phone, { status: 400, code: 21211, message: "The 'To' number is not a valid phone number." });
        return `for ${contact.phone}`;
      case 'smtp-fail-next':
        h.smtp.failNext(action.n);
        return 'set';
      case 'smtp-reject-recipient':
        h.smtp.rejectRecipient(contact.email);
        return `for ${contact.email}`;
      case 'next-session': {
        await enrol(current().input.session.number + 1);
        return `started ${current().workflowId}`;
      }
    }
  };

  try {
    for (const { wait, action } of scenario.actions) {
      await env.sleep(Math.max(MIN_GAP_MS, await waitMs(wait, await env.currentTimeMs())));
      await note(`${describeWait(wait)}: ${describeAction(action)} -> ${await perform(action)}`);
    }

    await env.sleep(MIN_GAP_MS);
    for (const { handle } of runs) {
      if (!(await running(handle))) continue;
      // A run may end between the check and the signal: then there is nothing left to finish.
      const finish = async () => {
        if (scenario.finish === 'cancel') await handle.signal(cancelSignal, { reason: 'interleavings: finish' });
        else if ((await handle.query(statusQuery)).paused) await handle.signal(resumeSignal, {});
      };
      await finish().catch(async (err: unknown) => {
        if (await running(handle)) throw err;
      });
    }
    await note(`finish by ${scenario.finish}`);
    // One at a time: each wait for a result unlocks time skipping and locks it again after.
    const ends: string[] = [];
    for (const run of runs) ends.push(await endOf(run.handle));

    return {
      runs: await Promise.all(runs.map((run, i) => recordOf(run, ends[i]!))),
      copies: providerCopies(h),
      log,
    };
  } finally {
    for (const run of runs) await run.handle.terminate('interleavings: left open').catch(() => undefined);
  }
}

/** The run's result phase, waiting a bounded time; a run that does not end is cancelled, then terminated. */
async function endOf(handle: WorkflowHandle): Promise<string> {
  const result = handle.result().then(
    (r: { phase: string }) => r.phase,
    (err: unknown) => `failed: ${err instanceof Error ? err.message : String(err)}`,
  );
  const timeout = (ms: number) => new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms).unref());
  const ended = await Promise.race([result, timeout(END_WAIT_MS)]);
  if (ended !== undefined) return ended;
  await handle.signal(cancelSignal, { reason: 'interleavings: did not end' }).catch(() => undefined);
  const cancelled = await Promise.race([result, timeout(15_000)]);
  if (cancelled === undefined) await handle.terminate('interleavings: did not end').catch(() => undefined);
  // Awaited in every case: the client locks time skipping again when its wait for the result ends.
  await result;
  return `did not end within ${END_WAIT_MS / 1000} s of the finish${cancelled !== undefined ? `; cancelled: ${cancelled}` : '; terminated'}`;
}

async function recordOf(run: Live, end: string): Promise<RunRecord> {
  const facts = readHistory(await run.handle.fetchHistory());
  const status = await run.handle.query(statusQuery).catch(() => undefined);
  const described = await run.handle.describe();
  const deliveryProblem = described.typedSearchAttributes.get(SEARCH_ATTRIBUTES.DeliveryProblem);
  return { workflowId: run.workflowId, input: run.input, facts, status, deliveryProblem, end };
}

function providerCopies(h: Harness): ProviderCopy[] {
  const sms = h.twilio.messages.map((m): ProviderCopy => {
    const url = new URL(m.statusCallback ?? 'x:/');
    return { channel: 'sms', workflowId: url.searchParams.get('wf') ?? '', step: url.searchParams.get('step') ?? '', id: m.sid };
  });
  const mail = h.smtp.messages.map((m): ProviderCopy => ({
    channel: m.headers.get('x-aftercare-channel') === 'clinic' ? 'clinic' : 'email',
    workflowId: String(m.headers.get('x-aftercare-workflow') ?? ''),
    step: String(m.headers.get('x-aftercare-step') ?? ''),
    id: m.messageId ?? '',
  }));
  return [...sms, ...mail];
}
