/**
 * When a client's touch-up reminders fall due (issue 16): counted in calendar months from the end
 * of their course, in their zone, at the clinic's send time inside its window (narrowed to the
 * law's hours where they live). Pure: the touch-up workflow and the tests both call it.
 */
import { DateTime } from 'luxon';
import { atSendTime } from './plan';
import type { SendWindow } from './plan-types';

/**
 * The instant of the reminder due `months` after the course ended: that calendar day in `zone`,
 * at the send time. Counted from the course's end each time (never from the previous reminder),
 * so a month-end clamp (Aug 31 + 6 months = Feb 28) does not carry into the next reminder.
 */
export function touchUpDueAt(courseEndedAt: string, months: number, zone: string, timing: { sendTime: string; window: SendWindow }): string {
  const day = DateTime.fromISO(courseEndedAt, { zone }).startOf('day').plus({ months });
  return atSendTime(day, timing.sendTime, zone, timing.window).toUTC().toISO() as string;
}
