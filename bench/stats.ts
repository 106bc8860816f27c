/** The bench's statistics: medians with their spread over repetitions, and a load generator. */

export interface Summary {
  median: number;
  min: number;
  max: number;
  q1: number;
  q3: number;
  n: number;
}

/** Linear interpolation between closest ranks (the usual "type 7" quantile). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
    n: sorted.length,
  };
}

/** "12.3 (11.9–12.8, n=5)": median with min–max over the repetitions. */
export function fmt(s: Summary, digits = 1, unit = ''): string {
  const f = (v: number) => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');
  if (s.n <= 1 || s.min === s.max) return `${f(s.median)}${unit}${s.n > 1 ? ` (all ${s.n} equal)` : ' (n=1)'}`;
  return `${f(s.median)}${unit} (${f(s.min)}–${f(s.max)}, n=${s.n})`;
}

/** Runs `total` tasks with at most `concurrency` in flight; returns each task's latency in ms and the wall time. */
export async function runConcurrent(total: number, concurrency: number, task: (i: number) => Promise<void>): Promise<{ latenciesMs: number[]; wallMs: number; errors: number; firstError?: string }> {
  const latenciesMs: number[] = [];
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const lane = async () => {
    while (next < total) {
      const i = next++;
      const t0 = performance.now();
      try {
        await task(i);
        latenciesMs.push(performance.now() - t0);
      } catch (err) {
        errors++;
        firstError ??= (err as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, lane));
  return { latenciesMs, wallMs: performance.now() - started, errors, ...(firstError ? { firstError } : {}) };
}

/**
 * Texts per second once a rate limiter's start-up burst is spent: over the texts sent from one
 * second after the first one on (a token bucket holding one second's worth lets that second go
 * faster), to the last. NaN with fewer than two texts in that stretch.
 */
export function rateAfterFirstSecond(timesMs: readonly number[]): { rate: number; texts: number; seconds: number } {
  const t = [...timesMs].sort((a, b) => a - b);
  const k = t.findIndex((x) => x >= t[0]! + 1000);
  if (t.length === 0 || k < 0 || t.length - k < 2) return { rate: Number.NaN, texts: k < 0 ? 0 : t.length - k, seconds: Number.NaN };
  const seconds = (t[t.length - 1]! - t[k]!) / 1000;
  return { rate: (t.length - 1 - k) / seconds, texts: t.length - k, seconds };
}

/** The smallest value with at least a fraction `q` of the values at or below it (no interpolation: a value that was measured). */
export function nearestRank(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
