/**
 * A small seeded random number generator (mulberry32), so that a failing fault run can be
 * repeated with the same kill delays: FAULTS_SEED=<seed> npm run test:faults.
 */
export interface Rng {
  readonly seed: number;
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform whole number in [min, max]. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
}

export function seededRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    seed: seed >>> 0,
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
  };
}

/** FAULTS_SEED when set (a whole number), otherwise a fresh one. */
export function seedFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.FAULTS_SEED?.trim();
  if (raw) {
    if (!/^\d{1,10}$/.test(raw) || Number(raw) > 0xffffffff) throw new Error('FAULTS_SEED must be a whole number from 0 to 4294967295');
    return Number(raw);
  }
  return Math.floor(Math.random() * 0xffffffff);
}
