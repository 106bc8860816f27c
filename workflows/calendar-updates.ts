/**
 * The client's calendar kept in step with the booking: when the next session is booked, moved or
 * cleared, the client gets an email with the updated .ics (same UIDs, a higher SEQUENCE; a cleared
 * booking cancels the appointment). Email only, and only while the email channel is active.
 *
 * The SEQUENCE is the number of booking changes the run has seen (RunState.bookingChanges): it only
 * grows, replays to the same value, and goes along when the run continues as new. The update
 * handlers queue the latest change (a newer one replaces one not yet sent: the calendar only needs
 * the latest); the timeline sends it between steps, inside the window, and never while paused.
 *
 * Behind `patched('calendar-updates')`, called by the booking handlers: runs that recorded a booking
 * before the change replay without a marker and send nothing.
 */
import { ActivityCancellationType, isCancellation, patched, proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import { CALENDAR_UPDATE } from '../domain/calendar/update-id';
import { CHANNEL_ROUTES, NOTIFY_OPTIONS } from './channels';
import { messageContext } from './clinic-at-send-time';
import { timingOf } from './contract';
import { failureText, permanentFailureType } from './failures';
import type { RunState } from './run-state';
import { formatLocal, nowIso, sendDeadline, windowOpensAt } from './timing';
import { answerUrgentReplies } from './urgent';
import { waitFor } from './wait';
import { unlessWithdrawn, withdrawnBecause } from './withdraw';

type Activities = ReturnType<typeof createActivities>;

/** patched() id of sending the client an updated calendar on a booking change; never reuse it. */
const CALENDAR_UPDATES_PATCH = 'calendar-updates';

/**
 * A client message like any step: a few attempts with backoff, until the end of the day's window
 * at most (set per call), then recorded as failed. No longer: a stale update would only be replaced
 * by the next one, and the subscribed feed always has the calendar as it stands.
 */
const CALENDAR_UPDATE_OPTIONS: ActivityOptions = {
  ...NOTIFY_OPTIONS,
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
};
const { sendCalendarUpdate } = proxyActivities<Activities>(CALENDAR_UPDATE_OPTIONS);

/** A booking change the client's calendar has not heard of yet. */
export interface PendingCalendarUpdate {
  sequence: number;
  change: 'booked' | 'cancelled';
  /** The booked time, or for a cancel the time that was booked. */
  appointmentAt: string;
}

/** Called by the booking handlers after each change (bookingChanges already counted). */
export function queueCalendarUpdate(run: RunState, change: PendingCalendarUpdate['change'], appointmentAt: string): void {
  if (run.channels.email !== 'active' || !patched(CALENDAR_UPDATES_PATCH)) return;
  run.calendarUpdate = { sequence: run.bookingChanges, change, appointmentAt };
}

/** Sends the queued calendar update, when there is one: never at night, never while paused or after a stop. */
export async function sendCalendarUpdates(run: RunState): Promise<void> {
  while (run.calendarUpdate && !run.stopped && !run.paused) {
    const opens = windowOpensAt(run.zone, timingOf(run.input).window, run.demoScale !== undefined);
    if (opens > Date.now()) {
      const summary = `calendar update waits for the window, ${formatLocal(new Date(opens).toISOString(), run.zone)}`;
      // An urgent reply does not wait for the window (as in resends.ts).
      const woke = await waitFor(run.eventsSince(), ['stopped', 'paused', 'urgent'], { ms: opens - Date.now(), summary });
      if (woke === 'urgent') await answerUrgentReplies(run);
      continue;
    }
    const update = run.calendarUpdate;
    run.calendarUpdate = undefined;
    await deliver(run, update);
  }
}

async function deliver(run: RunState, update: PendingCalendarUpdate): Promise<void> {
  const to = run.contactFor('email');
  if (run.channels.email !== 'active' || !to) return;
  const { clinic } = run.input;
  const message = { clinicId: clinic.id, clinicSnapshot: { name: clinic.name, phone: clinic.phone, bookingUrl: clinic.bookingUrl }, context: messageContext(run) };
  const options = {
    ...CALENDAR_UPDATE_OPTIONS,
    scheduleToCloseTimeout: sendDeadline(run.zone, timingOf(run.input).window, run.demoScale !== undefined),
    summary: `calendar update ${update.sequence} (${update.change}) by email`,
  };
  const detail = `${update.change === 'booked' ? 'appointment' : 'appointment cancelled'}, sequence ${update.sequence}`;
  try {
    await unlessWithdrawn(run, 'email', () => sendCalendarUpdate.executeWithOptions(options, [{ workflowId: run.workflowId, to, ...update, message }]));
    run.record({ id: CALENDAR_UPDATE, channel: 'email', at: nowIso(), status: 'sent', detail });
  } catch (err) {
    const withdrawn = isCancellation(err) ? withdrawnBecause(run, 'email') : undefined;
    if (withdrawn) {
      run.record({ id: CALENDAR_UPDATE, channel: 'email', at: nowIso(), status: 'skipped', detail: `${detail}; ${withdrawn}` });
      return;
    }
    const type = permanentFailureType(err);
    if (type) run.channels.email = CHANNEL_ROUTES.email.afterPermanentFailure(type);
    run.record({ id: CALENDAR_UPDATE, channel: 'email', at: nowIso(), status: 'failed', detail: `${detail}; ${type ?? `gave up: ${failureText(err)}`}` });
  }
}
