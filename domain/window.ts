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

/** Why two valid local times do not make a window, or undefined when start comes before end. */
export function orderProblem(start: string, end: string): string | undefined {
  return minutesOfDay(start) < minutesOfDay(end) ? undefined : `start ${start} must be before end ${end}`;
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
 * yet: their own checks report that).
 */
export function sendTimeProblem(sendTime: string, window: SendWindow): string | undefined {
  if (!isLocalTime(sendTime) || !isLocalTime(window.start) || !isLocalTime(window.end) || orderProblem(window.start, window.end)) return undefined;
  return isInsideWindow(sendTime, window) ? undefined : `send time ${sendTime} is outside the sending window ${formatWindow(window)}`;
}
