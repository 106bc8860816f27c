/**
 * Dates as the messages print them, in the client's zone: the plan's day 0, a phase's span of
 * local dates, the booked appointment. Without a plan the messages speak of days, not dates.
 */
import { DateTime } from 'luxon';
import type { MessageContext } from './context';

const LOCALE = 'en-US';

/** The session's day (day 0, in the client's zone) from any step of the plan, or null without one. */
export function dayZero(ctx: Pick<MessageContext, 'plan' | 'timezone'>): DateTime | null {
  for (const step of ctx.plan) {
    const at = DateTime.fromISO(step.local, { zone: ctx.timezone });
    if (at.isValid) return at.startOf('day').minus({ days: step.day });
  }
  return null;
}

/** "Sat, Mar 7" */
function shortDate(d: DateTime): string {
  return d.setLocale(LOCALE).toFormat('ccc, LLL d');
}

/** A phase's day span as local dates, or null when the plan gives no dates. */
export function span(d0: DateTime | null, from: number, to?: number): string | null {
  if (!d0) return null;
  const a = shortDate(d0.plus({ days: from }));
  return to === undefined || to === from ? a : `${a} to ${shortDate(d0.plus({ days: to }))}`;
}

/** The booked appointment, long ("Friday, April 10 at 10:00 AM") and short ("Fri, Apr 10 at ..."). */
export function appointmentTime(ctx: MessageContext): { long: string; short: string } | null {
  if (!ctx.appointmentAt) return null;
  const at = DateTime.fromISO(ctx.appointmentAt, { zone: ctx.timezone }).setLocale(LOCALE);
  if (!at.isValid) return null;
  return { long: at.toFormat("cccc, LLLL d 'at' h:mm a"), short: at.toFormat("ccc, LLL d 'at' h:mm a") };
}

/** When a client's reply came, in their zone: "Mar 12, 4:05 PM". */
export function replyTime(iso: string, timezone: string): string {
  return DateTime.fromISO(iso, { zone: timezone }).setLocale(LOCALE).toFormat('LLL d, h:mm a');
}
