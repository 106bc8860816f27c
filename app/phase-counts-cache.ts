/**
 * The clinic's phase counts, kept per process and per clinic for a short while. A set of counts
 * is a fixed number of visibility queries whose cost grows with the clinic's runs (seconds at
 * 10 000 on the dev server's SQLite), and a page refreshed by several people at once would pay it
 * each time. Requests for one clinic share one counting in flight; counts older than
 * PHASE_COUNTS_FRESH_MS are still served, with a recount started behind them, until they are
 * PHASE_COUNTS_STALE_MS old; older than that, the request waits for a new count. The answer says
 * when its counts were taken (countedAt), so nobody mistakes them for this second's.
 */
import type { PhaseCounts } from './clinic-numbers-phases';

/** How long a clinic's phase counts are served without a recount. */
export const PHASE_COUNTS_FRESH_MS = 15_000;
/** Past this age, counts are not served at all: the request waits for a recount. */
export const PHASE_COUNTS_STALE_MS = 4 * PHASE_COUNTS_FRESH_MS;

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
   * and no counting is in flight, and its counts are dated `now`.
   */
  get(clinicId: string, now: Date, count: () => Promise<PhaseCounts>): Promise<CountedPhases>;
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

  return {
    async get(clinicId, now, count) {
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
    },
  };
}
