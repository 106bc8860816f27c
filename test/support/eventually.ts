import { DateTime } from 'luxon';

/** Polls `fn` until `ok` holds or `ms` pass, and returns the last value (visibility lags a little). */
export async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000, everyMs = 250): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A zone where it is daytime now, so a welcome goes out at once whenever the tests run. */
export function middayZone(): string {
  const zones = ['Pacific/Honolulu', 'America/Los_Angeles', 'America/New_York', 'Europe/London', 'Europe/Berlin', 'Asia/Dubai', 'Asia/Kolkata', 'Asia/Tokyo', 'Australia/Sydney'];
  return zones.find((z) => DateTime.now().setZone(z).hour >= 10 && DateTime.now().setZone(z).hour < 17) ?? 'UTC';
}
