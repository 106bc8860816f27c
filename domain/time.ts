/**
 * Instants and time zones as people and programs send them: the one check for an ISO-8601 instant
 * with an offset and the one check for an IANA zone. Plain predicates (no zod), so that code which
 * must stay small, such as the workflow, can use them; ./plan-input wraps them as schemas.
 */
import { DateTime, IANAZone } from 'luxon';

// An explicit offset (or Z) is required: a bare local time would be read in the machine's zone.
// Offsets exist from -12:00 to +14:00; a wider one parses in Luxon but not in Date.parse.
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-](0\d|1[0-4]):?[0-5]\d)$/i;

export const ISO_INSTANT_HINT = 'must be an ISO-8601 date and time with an offset, for example 2026-03-06T15:00:00-05:00';
export const TIMEZONE_HINT = 'must be an IANA time zone such as America/New_York';

/** Whether `text` is a real date and time with an explicit offset (`2026-03-06T15:00:00-05:00`, `...Z`). */
export function isIsoInstant(text: string): boolean {
  return ISO_WITH_OFFSET.test(text) && DateTime.fromISO(text).isValid;
}

/**
 * Zones found valid so far. Asking Luxon builds an Intl formatter each time (the costliest check of
 * an enrolment); the zone database does not change while a process runs, so a valid name stays
 * valid. Only valid names are kept: there are a few hundred, whereas invalid ones are unbounded.
 */
const validZones = new Set<string>();

/** Whether `text` names an IANA zone (`Area/City`) or is `UTC`; abbreviations such as `EST` are not zones. */
export function isTimeZone(text: string): boolean {
  if (text === 'UTC' || validZones.has(text)) return true;
  const valid = text.includes('/') && IANAZone.isValidZone(text);
  if (valid) validZones.add(text);
  return valid;
}
