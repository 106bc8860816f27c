/**
 * Counts failures per key (an email digest, an address) in a sliding window and says how long to
 * wait once a key has had too many. Kept in this process's memory: the counts only need to outlive
 * a burst of guesses, lose nothing worth keeping on a restart, and cost no database write per
 * wrong password. With several API processes each counts on its own, so the limit is per process.
 */
export interface ThrottleLimit {
  /** Failures allowed within `windowMs`; the next attempt waits. */
  max: number;
  windowMs: number;
}

/** Keys remembered at most; beyond, the oldest are forgotten, so a flood of addresses cannot fill memory. */
const MAX_KEYS = 50_000;

export class FailureThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    readonly limit: ThrottleLimit,
    private readonly clock: () => number = Date.now,
  ) {}

  private recent(key: string, now: number): number[] {
    const times = (this.failures.get(key) ?? []).filter((t) => t > now - this.limit.windowMs);
    if (times.length === 0) this.failures.delete(key);
    else this.failures.set(key, times);
    return times;
  }

  /** Seconds to wait before trying again, or undefined when `key` may try now. */
  retryAfter(key: string): number | undefined {
    const now = this.clock();
    const times = this.recent(key, now);
    if (times.length < this.limit.max) return undefined;
    return Math.max(1, Math.ceil((times[times.length - this.limit.max]! + this.limit.windowMs - now) / 1000));
  }

  fail(key: string): void {
    const now = this.clock();
    const times = this.recent(key, now);
    times.push(now);
    this.failures.delete(key);
    this.failures.set(key, times.slice(-this.limit.max));
    if (this.failures.size > MAX_KEYS) this.failures.delete(this.failures.keys().next().value!);
  }

  clear(key: string): void {
    this.failures.delete(key);
  }
}

/** Too many failures from this key: try again in `retryAfterSeconds`. */
export class TooManyAttemptsError extends Error {
  override name = 'TooManyAttemptsError';
  constructor(readonly retryAfterSeconds: number) {
    super(`too many failed attempts: try again in ${retryAfterSeconds} s`);
  }
}
