/**
 * One long-lived workflow per client of a clinic (`touchup-<clinicId>~<clientRef>`), started when a
 * course ends (touch-up-start.ts): every `touchUpIntervalMonths` months after the course, at the
 * clinic's send time inside its window and the law's hours where the client lives, it reminds the
 * client of a touch-up in their language, until staff stop it, a new course begins, or no channel
 * can ever reach them. The clinic is read again before each reminder is timed and when it falls
 * due, so an edited interval or window applies to every waiting client.
 *
 * Each reminder ends a run: the next goes on in a new one (continue-as-new), carrying the
 * channels (a STOP stays until the client's START), the reminders so far and the latest sends, so
 * that no run's history grows with the years. A run whose waits hear many signals goes on in a
 * new one as well, once its history passes a budget.
 */
import { allHandlersFinished, condition, log, makeContinueAsNewFunc, proxyActivities, workflowInfo } from '@temporalio/workflow';
import { DateTime } from 'luxon';
import type { createActivities } from '../activities';
import { CHANNELS } from '../domain/channels';
import { effectiveTiming } from '../domain/compliance/profile';
import { nextWindowOpening } from '../domain/plan';
import { touchUpDueAt } from '../domain/touch-up-schedule';
import { formatLocal, windowOpensAt } from './timing';
import type { TouchUpInput, TouchUpStatus } from './touch-up-contract';
import { TouchUpRun } from './touch-up-run';
import { sendReminder } from './touch-up-send';

type Activities = ReturnType<typeof createActivities>;

/**
 * Reading the clinic is idempotent and the reminder's timing depends on it: retried without a
 * limit (at most an hour apart), so an outage of the clinics' database delays a reminder, never
 * loses it.
 */
const { touchUpClinic } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '1 hour' },
});

/**
 * Events after which a run goes on in a new one even between reminders (a client texting STOP and
 * START again and again); a run with one reminder has a few dozen.
 */
export const TOUCH_UP_HISTORY_BUDGET = 500;

/** On how many days (window openings) a reminder that no channel carried is tried. */
const SEND_DAYS = 3;

function historyIsLong(): boolean {
  const { historyLength, continueAsNewSuggested } = workflowInfo();
  return continueAsNewSuggested || historyLength >= TOUCH_UP_HISTORY_BUDGET;
}

/** Ends this run and starts the next with the same input and what this one knows. */
async function continueAsNew(run: TouchUpRun): Promise<never> {
  await condition(allHandlersFinished);
  // The search attributes go along explicitly, as the aftercare run's do (continue-as-new.ts).
  const next = makeContinueAsNewFunc<typeof touchUpWorkflow>({ typedSearchAttributes: workflowInfo().typedSearchAttributes });
  return next({ ...run.input, carried: run.carry() });
}

export async function touchUpWorkflow(input: TouchUpInput): Promise<TouchUpStatus> {
  const run = new TouchUpRun(input);
  run.registerHandlers();
  const zone = input.client.timezone;
  const secondsPerMonth = input.demoSecondsPerMonth;
  const stopped = () => run.stoppedBy !== undefined;
  // A wait ends early when the reminders are stopped, or when the history has grown long.
  const stoppedOrLong = () => stopped() || historyIsLong();
  const wait = (untilMs: number, summary: string) => condition(stoppedOrLong, Math.max(1, untilMs - Date.now()), { summary });
  let tries = 0;

  while (!stopped()) {
    if (!run.reachableSomeDay()) {
      run.ended = true;
      log.info('touch-ups end: no channel can reach the client', { workflowId: run.workflowId });
      break;
    }
    if (historyIsLong()) await continueAsNew(run);

    const clinic = await touchUpClinic({ workflowId: run.workflowId, clinicId: input.clinic.id, snapshot: { sendTime: input.clinic.sendTime, window: input.clinic.window } });
    run.intervalMonths = clinic.intervalMonths;
    const timing = effectiveTiming(clinic, input.client.region);
    const months = run.monthsElapsed + clinic.intervalMonths;
    const reminder = run.reminders + 1;
    const due = secondsPerMonth
      ? Date.parse(input.courseEndedAt) + months * secondsPerMonth * 1000
      : Date.parse(touchUpDueAt(input.courseEndedAt, months, zone, timing));
    if (due > Date.now()) {
      run.nextReminderAt = new Date(due).toISOString();
      // Read again when it falls due: the clinic may have changed its interval meanwhile.
      await wait(due, `until touch-up ${reminder} on ${formatLocal(run.nextReminderAt, zone)}`);
      continue;
    }
    // Due (or overdue after a shorter interval): only inside the window, never at night.
    const opens = windowOpensAt(zone, timing.window, secondsPerMonth !== undefined);
    if (opens > Date.now()) {
      run.nextReminderAt = new Date(opens).toISOString();
      await wait(opens, `touch-up ${reminder} waits for the window, ${formatLocal(run.nextReminderAt, zone)}`);
      continue;
    }

    const carried = await sendReminder(run, reminder, months, timing.window);
    const anyOn = CHANNELS.some((c) => run.channels[c] === 'active');
    if (!carried && anyOn && ++tries < SEND_DAYS && !secondsPerMonth) {
      // Gave up for today (an outage at the provider): the same reminder at the next window opening.
      const next = nextWindowOpening(DateTime.fromMillis(Date.now()), zone, timing.window).toMillis();
      run.nextReminderAt = new Date(next).toISOString();
      await wait(next, `touch-up ${reminder} tried again ${formatLocal(run.nextReminderAt, zone)}`);
      continue;
    }
    tries = 0;
    run.reminders = reminder;
    run.monthsElapsed = months;
    if (carried) run.remindersSent++;
    if (!stopped()) await continueAsNew(run);
  }
  return run.status();
}
