/**
 * The `sent` record id and dedupe-key step of a calendar update email (a booking made, moved or
 * cleared). A file of its own: the workflow imports it without the `ics` package (./ics), which
 * has no place in the workflow sandbox.
 */
export const CALENDAR_UPDATE = 'calendar-update';
