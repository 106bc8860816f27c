/**
 * How far ahead a booking may be: a year and a day, enough for any next session. Beyond it the
 * date is a typo (9999 for 2026, say), and the run would wait ages for its reminder.
 */
export const BOOKING_HORIZON_DAYS = 366;
export const BOOKING_HORIZON_HINT = `the appointment must be at most ${BOOKING_HORIZON_DAYS} days ahead`;

const DAY_MS = 86_400_000;

/** Whether an appointment at `atMs` lies beyond the horizon as seen at `nowMs` (both epoch ms). */
export function beyondBookingHorizon(atMs: number, nowMs: number): boolean {
  return atMs > nowMs + BOOKING_HORIZON_DAYS * DAY_MS;
}
