/**
 * iCalendar text (RFC 5545) of a session's events (domain/calendar), through the `ics` package.
 * Not in domain/: the package draws a random UID and reads the clock for its defaults, even when
 * both are overridden. The output is deterministic all the same: the events bring their UIDs and
 * the caller the DTSTAMP (`stamp`), so the same events at the same moment make the same bytes.
 *
 * - PUBLISH: the events as they stand (the welcome's attachment, a booking's update, the feed).
 * - CANCEL: the events withdrawn, STATUS:CANCELLED, with a SEQUENCE above the one they were
 *   published with, so a calendar that imported them removes them.
 */
import { createEvents, type DateArray, type EventAttributes } from 'ics';
import type { CalendarEvent } from '../../domain/calendar';

export type CalendarMethod = 'PUBLISH' | 'CANCEL';

/** The MIME type of a calendar file of `method` (an email attachment's, or the feed's). */
export function calendarContentType(method: CalendarMethod): string {
  return `text/calendar; charset=utf-8; method=${method}`;
}

export const CALENDAR_PRODUCT_ID = '-//smp-aftercare//aftercare calendar//EN';

/** "2026-03-07" -> [2026, 3, 7]. */
function dateArray(isoDate: string): DateArray {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return [y, m, d];
}

/** The day after an ISO date, as a date array: an all-day event's DTEND is exclusive. */
function dayAfter(isoDate: string): DateArray {
  const next = new Date(`${isoDate}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return [next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()];
}

function attributes(event: CalendarEvent, stampMs: number): EventAttributes {
  const common = {
    uid: event.uid,
    title: event.title,
    description: event.description,
    sequence: event.sequence,
    // DTSTAMP: the package's default is the clock; ours is the caller's.
    timestamp: stampMs,
    ...(event.cancelled ? { status: 'CANCELLED' as const } : {}),
  };
  if (event.when.kind === 'days') {
    // A phase blocks no time: the client is free, just careful.
    return { ...common, start: dateArray(event.when.first), end: dayAfter(event.when.last), transp: 'TRANSPARENT', busyStatus: 'FREE' } as EventAttributes;
  }
  const minutes = event.when.minutes;
  return {
    ...common,
    start: Date.parse(event.when.start),
    startInputType: 'utc',
    startOutputType: 'utc',
    duration: { hours: Math.floor(minutes / 60), minutes: minutes % 60 },
    busyStatus: 'BUSY',
  } as EventAttributes;
}

/** The calendar file of `events`. Throws when the package refuses an event (a bug, not input). */
export function renderIcs(events: readonly CalendarEvent[], opts: { method: CalendarMethod; stamp: Date; name?: string }): string {
  const stampMs = opts.stamp.getTime();
  const { error, value } = createEvents(
    events.map((e) => attributes(e, stampMs)),
    { productId: CALENDAR_PRODUCT_ID, method: opts.method, ...(opts.name ? { calName: opts.name } : {}) },
  );
  if (error || value === null) throw new Error(`calendar not rendered: ${error?.message ?? 'no output'}`);
  return value;
}
