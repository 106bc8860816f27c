/**
 * Local times of day (`HH:MM`, 24-hour) and the clinic's sending window (`HH:MM-HH:MM`): the one
 * parser and validator for both, used by the plan, the clinics file, the CLI and the API.
 */
import type { SendWindow } from './plan-types';

export const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;
export const DEFAULT_SEND_TIME = '10:00';
export const DEFAULT_WINDOW: SendWindow = { start: '09:00', end: '20:00' };

export const LOCAL_TIME_HINT = 'must be a 24-hour time HH:MM, for example 10:00';
export const WINDOW_HINT = 'must be HH:MM-HH:MM (24-hour), for example 09:00-20:00';

export function isLocalTime(text: string): boolean {
  return HH_MM.test(text);
}

export function minutesOfDay(hhmm: string): number {
  const m = HH_MM.exec(hhmm);
  if (!m) throw new Error(`not a HH:MM time: ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/**
 * The least time, in minutes, a clinic's window must leave for sending: the window's own width,
 * and what is left of it after the send time. A day's steps all fall due at the send time, and a
 * burst of them, retries included, needs the window to stay open a while; a one-minute window
 * silently dropped welcomes that missed it.
 */
export const MIN_SEND_MINUTES = 60;

/** Why two valid local times do not make a window, or undefined when start comes before end. */
export function orderProblem(start: string, end: string): string | undefined {
  const [from, to] = [minutesOfDay(start), minutesOfDay(end)];
  if (from < to) return undefined;
  // Messages go out in the client's day: a window ends on the day it starts.
  return `start ${start} must be before end ${end}${from > to ? ' (a window may not cross midnight)' : ''}`;
}

/** Why a window (already in order) is too narrow for a clinic to send in, or undefined. */
export function windowWidthProblem(window: SendWindow): string | undefined {
  const width = minutesOfDay(window.end) - minutesOfDay(window.start);
  return width >= MIN_SEND_MINUTES ? undefined : `${formatWindow(window)} is only ${width} minute${width === 1 ? '' : 's'} wide: a sending window must be at least ${MIN_SEND_MINUTES} minutes`;
}

/** Why `text` is not a window (`HH:MM-HH:MM`, start before end), or the window it names. */
export function parseWindow(text: string): { ok: true; window: SendWindow } | { ok: false; message: string } {
  const m = /^(\S+)-(\S+)$/.exec(text.trim());
  if (!m || !isLocalTime(m[1]!) || !isLocalTime(m[2]!)) return { ok: false, message: `${WINDOW_HINT}, not '${text}'` };
  const [start, end] = [m[1]!, m[2]!];
  const problem = orderProblem(start, end);
  return problem ? { ok: false, message: problem } : { ok: true, window: { start, end } };
}

export function formatWindow(window: SendWindow): string {
  return `${window.start}-${window.end}`;
}

/** Whether a time of day, in minutes after midnight, falls inside the window (start inclusive, end exclusive). */
export function isMinuteInWindow(minutes: number, window: SendWindow): boolean {
  return minutes >= minutesOfDay(window.start) && minutes < minutesOfDay(window.end);
}

/** Whether a local time falls inside the window (start inclusive, end exclusive). */
export function isInsideWindow(hhmm: string, window: SendWindow): boolean {
  return isMinuteInWindow(minutesOfDay(hhmm), window);
}

/**
 * Why a send time does not suit a window, or undefined when it does (or when either is not valid
 * yet: their own checks report that). `roomMinutes`: how long the window must stay open after the
 * send time (a clinic's profile asks MIN_SEND_MINUTES; a preview of any plan asks nothing).
 */
export function sendTimeProblem(sendTime: string, window: SendWindow, roomMinutes = 0): string | undefined {
  if (!isLocalTime(sendTime) || !isLocalTime(window.start) || !isLocalTime(window.end) || orderProblem(window.start, window.end)) return undefined;
  if (!isInsideWindow(sendTime, window)) return `send time ${sendTime} is outside the sending window ${formatWindow(window)}`;
  const left = minutesOfDay(window.end) - minutesOfDay(sendTime);
  if (left < roomMinutes) {
    return `send time ${sendTime} leaves only ${left} minute${left === 1 ? '' : 's'} before the sending window ${formatWindow(window)} closes: it must be at least ${roomMinutes} minutes before ${window.end}`;
  }
  return undefined;
}
