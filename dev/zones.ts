/**
 * Time zones for tests and the benchmark that must find, whenever they run, a client whose local
 * time is in the day (a welcome goes at once) or at night (it waits).
 */
import { DateTime } from 'luxon';

/** One city per UTC offset band, so some zone is always at any given local hour. */
export const ZONES = [
  'Pacific/Pago_Pago',
  'Pacific/Honolulu',
  'America/Anchorage',
  'America/Los_Angeles',
  'America/Denver',
  'America/Chicago',
  'America/New_York',
  'America/Halifax',
  'America/Sao_Paulo',
  'Atlantic/South_Georgia',
  'Atlantic/Azores',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Athens',
  'Europe/Moscow',
  'Asia/Dubai',
  'Asia/Karachi',
  'Asia/Dhaka',
  'Asia/Bangkok',
  'Asia/Shanghai',
  'Asia/Tokyo',
  'Australia/Brisbane',
  'Pacific/Noumea',
  'Pacific/Auckland',
];

/** A zone (of `candidates`, by default all of ZONES) whose local time at `nowMs` lies in [fromHour, toHour). */
export function zoneAtLocalHour(nowMs: number, fromHour: number, toHour: number, candidates: readonly string[] = ZONES): string {
  const found = candidates.find((zone) => {
    const hour = DateTime.fromMillis(nowMs, { zone }).hour;
    return hour >= fromHour && hour < toHour;
  });
  if (!found) throw new Error(`no zone has a local hour in [${fromHour}, ${toHour}) now`);
  return found;
}

/** Milliseconds from `nowMs` to the next `hour`:00 in `zone` (0 when it is that moment). */
export function msUntilLocalHour(nowMs: number, zone: string, hour: number): number {
  const now = DateTime.fromMillis(nowMs, { zone });
  let at = now.set({ hour, minute: 0, second: 0, millisecond: 0 });
  if (at < now) at = at.plus({ days: 1 });
  return at.toMillis() - nowMs;
}
