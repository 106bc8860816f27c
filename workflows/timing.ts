/**
 * Time as the workflow sees it. `Date.now()` here is the workflow clock (replay-safe), and the demo
 * mode's compressed days are applied in one place.
 */
import { DateTime } from 'luxon';
import { nextInWindow } from '../domain/plan';
import type { SendWindow } from '../domain/plan-types';
import type { AftercareInput } from './contract';

export function nowIso(): string {
  return new Date(Date.now()).toISOString();
}

/** An instant as the clinic reads it in summaries: "Mar 12, 10:00 America/New_York". */
export function formatLocal(iso: string, zone: string): string {
  return `${DateTime.fromISO(iso, { zone }).toFormat('LLL d, HH:mm')} ${zone}`;
}

/** Demo runs squeeze a day into `demoSecondsPerDay` seconds; undefined for real runs. */
export function demoScaleOf(input: AftercareInput): number | undefined {
  return input.demoSecondsPerDay ? input.demoSecondsPerDay / 86_400 : undefined;
}

/** Workflow time at which a planned instant is due (compressed in demo mode). */
export function dueAt(sendAt: string, enrolledAt: string, demoScale: number | undefined): number {
  const at = Date.parse(sendAt);
  if (!demoScale) return at;
  const origin = Date.parse(enrolledAt);
  return origin + (at - origin) * demoScale;
}

/** When the sending window next opens (now when it is open); demo runs ignore the window. */
export function windowOpensAt(zone: string, window: SendWindow, demo: boolean): number {
  return demo ? Date.now() : nextInWindow(DateTime.fromMillis(Date.now()), zone, window).toMillis();
}

/**
 * How long a send may still be tried: to the end of today's window, so that a client never gets a
 * message at night after hours of retries.
 */
export function sendDeadline(zone: string, window: SendWindow, demo: boolean): string {
  if (demo) return '2 minutes';
  const opening = nextInWindow(DateTime.fromMillis(Date.now()), zone, window).setZone(zone);
  // Sliced, not parsed: a throw here would stall runs whose window predates today's validation.
  const end = opening.set({ hour: Number(window.end.slice(0, 2)), minute: Number(window.end.slice(3)) });
  return `${Math.max(60_000, end.toMillis() - Date.now())} ms`;
}
