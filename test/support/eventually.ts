import { zoneAtLocalHour } from '../../dev/zones';

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
  return zoneAtLocalHour(Date.now(), 10, 17);
}
