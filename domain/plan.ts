/**
 * The care plan: one treatment session turned into exactly timed steps in the client's zone.
 * Pure (no Temporal, no I/O, no clock): the workflow, the CLI and the HTTP API all call it.
 */
import { DateTime } from 'luxon';
import type { PlanInput, PlannedStep, SendWindow } from './plan-types';
import { COURSE_END_STEPS, FOLLOWS_UP_BOOK_NEXT, PHOTO_CHECK_IN_STEPS, STEPS, STEP_IDS, type StepId } from './steps';
import { formatWindow, isMinuteInWindow, minutesOfDay } from './window';

export type { PlanInput, PlannedStep, SendWindow } from './plan-types';
// The input's schemas live in ./plan-input; these names stay importable from here for the code
// that always took them from the plan.

/** `day` at a wall time given in minutes after midnight. */
function atMinutes(day: DateTime, minutes: number): DateTime {
  // Luxon moves a wall time that does not exist (spring-forward gap) forward by the gap; callers
  // that must stay inside the window use `atSendTime`/`firstInWindow`, which check the result.
  return day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 });
}

const wallMinutes = (local: DateTime): number => local.hour * 60 + local.minute;

/** Whether `local`'s wall-clock time (in its zone) lies in [window.start, window.end). */
function inWindow(local: DateTime, window: SendWindow): boolean {
  return isMinuteInWindow(wallMinutes(local), window);
}

/** `minutes` after midnight on `day` when that wall time exists on that day (no DST gap swallows it). */
function existingAt(day: DateTime, minutes: number): DateTime | undefined {
  const at = atMinutes(day, minutes);
  return wallMinutes(at) === minutes ? at : undefined;
}

/** The first instant of `day` whose wall time is inside the window; none when a DST gap swallows it all. */
function firstInWindow(day: DateTime, window: SendWindow): DateTime | undefined {
  for (let m = minutesOfDay(window.start); m < minutesOfDay(window.end); m++) {
    const at = existingAt(day, m);
    if (at) return at;
  }
  return undefined;
}

/**
 * The send time on `day`. On a spring-forward day whose clock skips the send time, Luxon's time
 * moved forward by the gap when that is still inside the window on that day; else the nearest wall
 * time of that day that exists and is inside the window: the first one after the gap, else the
 * last one before it. Only when the gap swallows the whole window: the next window opening.
 */
export function atSendTime(day: DateTime, hhmm: string, zone: string, window: SendWindow): DateTime {
  const wanted = minutesOfDay(hhmm);
  const shifted = atMinutes(day, wanted);
  // (Calendar dates compared as such: Luxon's hasSame misreads a day whose midnight repeats.)
  if (inWindow(shifted, window) && shifted.toISODate() === day.toISODate()) return shifted;
  for (let m = wanted + 1; m < minutesOfDay(window.end); m++) {
    const at = existingAt(day, m);
    if (at) return at;
  }
  for (let m = wanted - 1; m >= minutesOfDay(window.start); m--) {
    const at = existingAt(day, m);
    if (at) return at;
  }
  return nextInWindow(shifted, zone, window);
}

/**
 * The earliest instant at or after `instant` that lies inside the sending window, in `zone`.
 * This is the "never at night" rule. The window is a range of wall-clock times, so a DST gap that
 * swallows the window's end (or all of it) on some day closes the window early (or that day).
 */
export function nextInWindow(instant: DateTime, zone: string, window: SendWindow): DateTime {
  const local = instant.setZone(zone);
  if (inWindow(local, window)) return local;
  // A zone skips at most one stretch of wall time every few months: three days always suffice.
  for (let d = 0; d < 3; d++) {
    const opening = firstInWindow(local.startOf('day').plus({ days: d }), window);
    if (opening && opening > local) return opening;
  }
  throw new Error(`no ${formatWindow(window)} window in ${zone} within three days of ${local.toISO()}`);
}

/** The first opening of the window after `instant`: tomorrow's when the window is open now. */
export function nextWindowOpening(instant: DateTime, zone: string, window: SendWindow): DateTime {
  const local = instant.setZone(zone);
  for (let d = 0; d < 4; d++) {
    const opening = firstInWindow(local.startOf('day').plus({ days: d }), window);
    if (opening && opening > local) return opening;
  }
  throw new Error(`no ${formatWindow(window)} window in ${zone} within four days of ${local.toISO()}`);
}

/** Whole local calendar days from the session's day to `instant`'s day, in the client's zone. */
export function dayAfterSession(sessionAt: string, instant: string, zone: string): number {
  const day0 = DateTime.fromISO(sessionAt, { zone }).startOf('day');
  const that = DateTime.fromISO(instant, { zone }).startOf('day');
  return Math.round(that.diff(day0, 'days').days);
}

function toStep(step: StepId, day: number, at: DateTime, zone: string): PlannedStep {
  const local = at.setZone(zone);
  return {
    step,
    day,
    to: STEPS[step].to,
    sendAt: local.toUTC().toISO() as string,
    local: local.toISO({ suppressMilliseconds: true }) as string,
  };
}

/**
 * Builds the plan. Steps due before enrollment are skipped (never sent in a burst); `welcome` goes
 * right at enrollment, or at the next window opening when the client enrolls at night.
 */
export function buildPlan(input: PlanInput): PlannedStep[] {
  const zone = input.timezone;
  const day0 = DateTime.fromISO(input.sessionAt, { zone }).startOf('day');
  const enrolled = DateTime.fromISO(input.enrolledAt, { zone });
  const moreSessions = input.sessionNumber < input.plannedSessions;
  const bookingRecorded = input.booking ? DateTime.fromISO(input.booking.recordedAt, { zone }) : undefined;
  // A rebooking does not bring back the prompts the first booking dropped.
  const firstBooked = input.booking?.firstRecordedAt ? DateTime.fromISO(input.booking.firstRecordedAt, { zone }) : bookingRecorded;

  const welcomeAt = nextInWindow(enrolled, zone, input.window);
  const steps: PlannedStep[] = [toStep('welcome', dayAfterSession(input.sessionAt, welcomeAt.toISO() as string, zone), welcomeAt, zone)];

  for (const id of STEP_IDS) {
    const def = STEPS[id];
    if (def.day === null || id === 'welcome') continue;
    if (def.needsNextSession && !moreSessions) continue;
    if (COURSE_END_STEPS.has(id) && !input.courseEnd) continue;
    if (PHOTO_CHECK_IN_STEPS.has(id) && input.photoCheckIns !== true) continue;
    const at = atSendTime(day0.plus({ days: def.day }), input.sendTime, zone, input.window);
    if (at < enrolled) continue;
    // A booking recorded before a booking prompt was due makes that prompt pointless.
    if (def.needsNextSession && firstBooked && at >= firstBooked) continue;
    steps.push(toStep(id, def.day, at, zone));
  }

  if (input.booking) {
    const appointment = DateTime.fromISO(input.booking.appointmentAt, { zone });
    const reminderAt = atSendTime(appointment.startOf('day').minus({ days: 1 }), input.sendTime, zone, input.window);
    // Booked too late for a day-before reminder: the client has just spoken to the clinic anyway.
    if (reminderAt >= (bookingRecorded as DateTime) && reminderAt >= enrolled) {
      steps.push(
        toStep('appointment-reminder', dayAfterSession(input.sessionAt, reminderAt.toISO() as string, zone), reminderAt, zone),
      );
    }
  }

  // Enrolled after book-next's day: its follow-ups would speak of a request never made.
  const asked = input.keepUnaskedFollowUps || !moreSessions || steps.some((s) => s.step === 'book-next');
  return steps.filter((s) => asked || !FOLLOWS_UP_BOOK_NEXT.has(s.step)).sort(byPlanOrder);
}

/** Whether a session ends the client's course: the final planned one gets `course-complete`. */
export function isCourseEnd(session: { number: number; plannedSessions: number }): boolean {
  return session.number === session.plannedSessions;
}

/** The order of a plan: by instant, and steps due at the same instant in the order of STEP_IDS. */
export function byPlanOrder(a: PlannedStep, b: PlannedStep): number {
  return a.sendAt.localeCompare(b.sendAt) || STEP_IDS.indexOf(a.step) - STEP_IDS.indexOf(b.step);
}

/**
 * The session's instant as a client who moved to `to` would write it: the same wall time and
 * calendar day in the new zone. A plan built from it keeps every step on the day it had.
 */
export function sessionAtIn(sessionAt: string, from: string, to: string): string {
  return DateTime.fromISO(sessionAt, { zone: from }).setZone(to, { keepLocalTime: true }).toISO() as string;
}

/**
 * A step still to come, for a client who moved to another zone: the same calendar day as planned,
 * at the clinic's send time in the new zone (inside its window there). A welcome still waiting
 * goes at the first window opening in the new zone from `enrolledAt`.
 */
export function retimedInZone(step: PlannedStep, to: { zone: string; sendTime: string; window: SendWindow; enrolledAt: string }): PlannedStep {
  const { zone, window } = to;
  if (step.step === 'welcome') return toStep('welcome', step.day, nextInWindow(DateTime.fromISO(to.enrolledAt), zone, window), zone);
  // The local date the step had: `local` carries its old zone's offset, so its date part is that day.
  const day = DateTime.fromISO(step.local.slice(0, 10), { zone });
  return toStep(step.step, step.day, atSendTime(day, to.sendTime, zone, window), zone);
}

/** How late a step may run (a slow worker, a busy queue) and still count as on time. */
export const LATE_AFTER_MS = 15 * 60_000;

export type LateStepAction =
  | { kind: 'send' }
  | { kind: 'wait'; until: string }
  | { kind: 'skip'; reason: string };

/**
 * What to do with a step whose instant has passed, when it is finally picked up: after a worker
 * outage or a paused workflow it may be hours or days late. Within LATE_AFTER_MS it goes as
 * planned (with `graceOnlyInWindow`, only inside the window). Later than that it still never goes
 * at night: it waits for the window to open. A
 * step's text speaks of its own day ("day 3", "tomorrow"), so one that can no longer go out on
 * its planned local day is skipped. The welcome alone is never skipped: it is the client's first
 * word from the clinic, and it describes the phase they are in when it goes.
 */
export function lateStepAction(opts: {
  step: string;
  sendAt: string;
  now: number;
  zone: string;
  window: SendWindow;
  /** The grace of LATE_AFTER_MS holds inside the window only (the workflow since a patch). */
  graceOnlyInWindow?: boolean;
}): LateStepAction {
  const { step, sendAt, now, zone, window } = opts;
  const local = DateTime.fromMillis(now, { zone });
  // A few minutes late is on time, but not when those minutes crossed the window's end.
  if (now - Date.parse(sendAt) <= LATE_AFTER_MS && (!opts.graceOnlyInWindow || inWindow(local, window))) return { kind: 'send' };
  const opens = nextInWindow(local, zone, window);
  if (step !== 'welcome' && opens.toISODate() !== DateTime.fromISO(sendAt, { zone }).toISODate()) {
    return { kind: 'skip', reason: `held up past its day (due ${DateTime.fromISO(sendAt, { zone }).toFormat('LLL d, HH:mm')} ${zone})` };
  }
  return opens.toMillis() > now ? { kind: 'wait', until: opens.toUTC().toISO() as string } : { kind: 'send' };
}
