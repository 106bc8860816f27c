/**
 * Dates as the messages print them, in the client's zone and language: the plan's day 0, a
 * phase's span of local dates, the booked appointment. Without a plan the messages speak of days,
 * not dates. The clinic's own notices stay in English (the front desk reads English).
 */
import { DateTime } from 'luxon';
import { DEFAULT_LANGUAGE, translate, type Language } from '../i18n';
import { DATE_FORMATS, DATES } from './catalogs/dates';
import type { MessageContext } from './context';

const CLINIC_LOCALE = DATE_FORMATS.en.locale;

/** The session's day (day 0, in the client's zone) from any step of the plan, or null without one. */
export function dayZero(ctx: Pick<MessageContext, 'plan' | 'timezone'>): DateTime | null {
  for (const step of ctx.plan) {
    const at = DateTime.fromISO(step.local, { zone: ctx.timezone });
    if (at.isValid) return at.startOf('day').minus({ days: step.day });
  }
  return null;
}

/** "Sat, Mar 7" / "sáb, 7 mar" */
function shortDate(d: DateTime, lang: Language): string {
  const f = DATE_FORMATS[lang];
  return d.setLocale(f.locale).toFormat(f.short);
}

/** A phase's day span as local dates, or null when the plan gives no dates. */
export function span(d0: DateTime | null, from: number, to?: number, lang: Language = DEFAULT_LANGUAGE): string | null {
  if (!d0) return null;
  const a = shortDate(d0.plus({ days: from }), lang);
  return to === undefined || to === from ? a : translate(DATES, lang, 'span', { from: a, to: shortDate(d0.plus({ days: to }), lang) });
}

/** The booked appointment, long ("Friday, April 10 at 10:00 AM") and short ("Fri, Apr 10 at ..."). */
export function appointmentTime(ctx: MessageContext): { long: string; short: string } | null {
  if (!ctx.appointmentAt) return null;
  const f = DATE_FORMATS[ctx.locale ?? DEFAULT_LANGUAGE];
  const at = DateTime.fromISO(ctx.appointmentAt, { zone: ctx.timezone }).setLocale(f.locale);
  if (!at.isValid) return null;
  return { long: at.toFormat(f.appointmentLong), short: at.toFormat(f.appointmentShort) };
}

/** When a client's reply came, in their zone, for the clinic: "Mar 12, 4:05 PM". */
export function replyTime(iso: string, timezone: string): string {
  return DateTime.fromISO(iso, { zone: timezone }).setLocale(CLINIC_LOCALE).toFormat('LLL d, h:mm a');
}
