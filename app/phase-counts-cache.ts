/**
 * The clinic's phase counts, kept per process and per clinic for a short while. A set of counts
 * is a fixed number of visibility queries whose cost grows with the clinic's runs (seconds at
 * 10 000 on the dev server's SQLite), and a page refreshed by several people at once would pay it
 * each time. Requests for one clinic share one counting in flight; counts older than
 * PHASE_COUNTS_FRESH_MS are still served, with a recount started behind them, until they are
 * PHASE_COUNTS_STALE_MS old; older than that, the request waits for a new count, but only for
 * PHASE_COUNTS_WAIT_MS when the caller says so: the page then shows the database's figures at once
 * and asks again, and the counting goes on to be kept. The answer says when its counts were taken
 * (countedAt), so nobody mistakes them for this second's.
 */
import type { PhaseCounts } from './clinic-numbers-phases';

/** How long a clinic's phase counts are served without a recount. */
export const PHASE_COUNTS_FRESH_MS = 15_000;
/** Past this age, counts are not served at all: the request waits for a recount. */
export const PHASE_COUNTS_STALE_MS = 4 * PHASE_COUNTS_FRESH_MS;
/**
 * How long the numbers wait for a counting before answering without it. At 10 000 running clients
 * a counting takes about 2 s on the dev server; among 120 000 runs, longer than a page should hang.
 */
export const PHASE_COUNTS_WAIT_MS = 3_000;

export interface CountedPhases extends PhaseCounts {
  /** When the counting began (ISO date-time): the counts are at least this recent. */
  countedAt: string;
}

interface Entry {
  counted?: { counts: CountedPhases; atMs: number };
  recount?: Promise<CountedPhases>;
}

export interface PhaseCountsCache {
  /**
   * The clinic's counts as of `now` (the request's time); `count` runs only when none are fresh
   * and no counting is in flight, and its counts are dated `now`. Undefined when none can be served
   * and the counting has not finished within `waitMs`: it goes on, and is kept for the next request.
   */
  get(clinicId: string, now: Date, count: () => Promise<PhaseCounts>, waitMs: number): Promise<CountedPhases | undefined>;
}

/** `counting`, or undefined if it has not settled within `ms`; a failure after that has nobody to go to. */
function within<T>(counting: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, ms, undefined);
  });
  counting.catch(() => undefined);
  return Promise.race([counting, late]).finally(() => clearTimeout(timer));
}

export function phaseCountsCache(): PhaseCountsCache {
  // Keyed by clinic id alone: one clinic's counts never answer another's.
  const entries = new Map<string, Entry>();

  function recount(entry: Entry, started: Date, count: () => Promise<PhaseCounts>): Promise<CountedPhases> {
    entry.recount ??= (async () => {
      try {
        const counts = { ...(await count()), countedAt: started.toISOString() };
        entry.counted = { counts, atMs: started.getTime() };
        return counts;
      } finally {
        entry.recount = undefined;
      }
    })();
    return entry.recount;
  }

  /** Counts that may be served now, or the counting to wait for. */
  function served(clinicId: string, now: Date, count: () => Promise<PhaseCounts>): CountedPhases | Promise<CountedPhases> {
    let entry = entries.get(clinicId);
    if (!entry) entries.set(clinicId, (entry = {}));
    const age = entry.counted ? now.getTime() - entry.counted.atMs : Number.POSITIVE_INFINITY;
    if (entry.counted && age < PHASE_COUNTS_FRESH_MS) return entry.counted.counts;
    if (entry.counted && age < PHASE_COUNTS_STALE_MS) {
      // A failed recount behind stale counts is retried by the next request; its error has nobody to go to.
      recount(entry, now, count).catch(() => undefined);
      return entry.counted.counts;
    }
    return recount(entry, now, count);
  }

  return {
    async get(clinicId, now, count, waitMs) {
      const counts = served(clinicId, now, count);
      return counts instanceof Promise ? within(counts, waitMs) : counts;
    },
  };
}
