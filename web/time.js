/**
 * Times on a client's clock. Zone rules come from the browser's Intl data through Luxon: the page
 * never computes an offset itself.
 */
import { DateTime } from 'luxon';

export const browserZone = (() => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
})();

const WALL = "yyyy-LL-dd'T'HH:mm";

/** The value for a datetime-local input: now on the zone's clock, to the minute. */
export function wallTimeNow(zone) {
  return DateTime.now().setZone(zone).toFormat(WALL);
}

/**
 * A datetime-local value ("2026-11-24T15:00") read on `zone`'s clock: the ISO time with that
 * zone's offset ("2026-11-24T15:00:00-05:00"). A time the clocks pass twice is the earlier one;
 * a time the clocks skip moves forward past the change (`gap`).
 */
export function wallTimeToIso(wall, zone) {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(wall || '')) return null;
  const dt = DateTime.fromISO(wall, { zone });
  if (!dt.isValid) return null;
  const earliest = dt.getPossibleOffsets().reduce((a, b) => (b.toMillis() < a.toMillis() ? b : a));
  return {
    iso: earliest.toFormat("yyyy-LL-dd'T'HH:mm:ssZZ"),
    ms: earliest.toMillis(),
    gap: earliest.toFormat(WALL) !== wall.slice(0, 16),
  };
}

/** An ISO instant as a datetime-local value on `zone`'s clock ("2026-11-24T15:00"). */
export function isoToWallTime(iso, zone) {
  const dt = DateTime.fromISO(iso || '', { zone });
  return dt.isValid ? dt.toFormat(WALL) : '';
}

/** Every zone the server takes: IANA names with a region ("Europe/London"), and UTC. */
export function zoneList() {
  let zones;
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = ['UTC', 'America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'Europe/London'];
  }
  zones = zones.filter((z) => z === 'UTC' || z.includes('/'));
  if (!zones.includes(browserZone)) zones.push(browserZone);
  return zones;
}

/** "UTC−05:00" (or "UTC"): the zone's offset now, as the zone picker shows it. */
export function zoneOffsetLabel(zone) {
  const offset = DateTime.now().setZone(zone);
  if (!offset.isValid) return '';
  return offset.offset === 0 ? 'UTC' : `UTC${offset.toFormat('ZZ').replace('-', '−')}`;
}

const formatters = new Map();
function formatter(zone, options) {
  const key = `${zone}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(undefined, { timeZone: zone, ...options });
    formatters.set(key, f);
  }
  return f;
}

/** "Tue, Nov 25, 10:00 AM EST" on the zone's clock; the year only when it is not this year. */
export function formatWhen(iso, zone = browserZone, { withZone = true } = {}) {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso ? String(iso) : '';
  const thisYear = DateTime.fromMillis(ms, { zone }).year === DateTime.now().setZone(zone).year;
  return formatter(zone, {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    ...(thisYear ? {} : { year: 'numeric' }),
    hour: 'numeric',
    minute: '2-digit',
    ...(withZone ? { timeZoneName: 'short' } : {}),
  }).format(new Date(ms));
}

/** "3:04:05 PM" on the browser's clock. */
export function formatClock(ms) {
  return formatter(browserZone, { hour: 'numeric', minute: '2-digit', second: '2-digit' }).format(new Date(ms));
}

/** "10:32 AM EST": the time now on the zone's clock. */
export function clockNow(zone) {
  return formatter(zone, { hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(new Date());
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** "in 18 hours", "5 minutes ago", "tomorrow". */
export function formatRelative(iso) {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return '';
  const diff = ms - Date.now();
  const abs = Math.abs(diff);
  if (abs < 45_000) return diff >= 0 ? 'in a moment' : 'just now';
  if (abs < 3_600_000) return relative.format(Math.round(diff / 60_000), 'minute');
  if (abs < 36 * 3_600_000) return relative.format(Math.round(diff / 3_600_000), 'hour');
  return relative.format(Math.round(diff / 86_400_000), 'day');
}
