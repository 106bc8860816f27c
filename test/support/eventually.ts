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

/** Waits until `check` holds for what `read` answers, and fails naming `what` (with the last value) when it never does. */
export async function until<T>(read: () => Promise<T>, check: (value: T) => boolean, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`Never saw ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** A zone where it is daytime now, so a welcome goes out at once whenever the tests run. */
export function middayZone(): string {
  return zoneAtLocalHour(Date.now(), 10, 17);
}
