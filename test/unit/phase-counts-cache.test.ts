/** The per-clinic cache of phase counts (app/phase-counts-cache.ts), on a clock the test moves. */
import type { PhaseCounts } from '../../app/clinic-numbers-phases';
import { PHASE_COUNTS_FRESH_MS, PHASE_COUNTS_STALE_MS, phaseCountsCache } from '../../app/phase-counts-cache';

const START = Date.parse('2026-12-03T15:00:00Z');
/** Longer than any counting here takes: these tests are about what is kept, not the wait. */
const LONG_WAIT_MS = 10_000;

function setUp() {
  let nowMs = START;
  const cache = phaseCountsCache();
  const calls: string[] = [];
  let next = 0;
  /** A counter for `clinicId` whose answers are 1, 2, 3… running clients, one per counting. */
  const counter = (clinicId: string) => async (): Promise<PhaseCounts> => {
    calls.push(clinicId);
    await Promise.resolve();
    return { running: ++next, byPhase: [{ phase: 'welcome', count: next }] };
  };
  // The cache dates counts by the request's time, as the route passes it.
  const get = async (clinicId: string, count: () => Promise<PhaseCounts>) => {
    const counts = await cache.get(clinicId, new Date(nowMs), count, LONG_WAIT_MS);
    if (!counts) throw new Error('no counts within the wait');
    return counts;
  };
  return { cache: { get }, calls, counter, advance: (ms: number) => (nowMs += ms) };
}

it('serves the counts again while fresh, with the time they were taken, and recounts once they are not', async () => {
  const { cache, calls, counter, advance } = setUp();
  const first = await cache.get('north', counter('north'));
  expect(first).toEqual({ running: 1, byPhase: [{ phase: 'welcome', count: 1 }], countedAt: new Date(START).toISOString() });

  advance(PHASE_COUNTS_FRESH_MS - 1);
  expect(await cache.get('north', counter('north'))).toEqual(first);
  expect(calls).toEqual(['north']);

  // Just past freshness: the old counts answer at once, and a recount goes on behind them.
  advance(1);
  expect(await cache.get('north', counter('north'))).toEqual(first);
  expect(calls).toEqual(['north', 'north']);
  await new Promise((r) => setImmediate(r));
  const recounted = await cache.get('north', counter('north'));
  expect(recounted.running).toBe(2);
  expect(recounted.countedAt).toBe(new Date(START + PHASE_COUNTS_FRESH_MS).toISOString());
  expect(calls).toHaveLength(2);
});

it('waits for a recount when the counts are too old to serve', async () => {
  const { cache, calls, counter, advance } = setUp();
  await cache.get('north', counter('north'));
  advance(PHASE_COUNTS_STALE_MS);
  const later = await cache.get('north', counter('north'));
  expect(later.running).toBe(2);
  expect(later.countedAt).toBe(new Date(START + PHASE_COUNTS_STALE_MS).toISOString());
  expect(calls).toEqual(['north', 'north']);
});

it('gives concurrent requests for a clinic one counting', async () => {
  const { cache, calls, counter } = setUp();
  const answers = await Promise.all([cache.get('north', counter('north')), cache.get('north', counter('north')), cache.get('north', counter('north'))]);
  expect(calls).toEqual(['north']);
  expect(answers.map((a) => a.running)).toEqual([1, 1, 1]);
});

it("never answers one clinic with another's counts", async () => {
  const { cache, calls, counter } = setUp();
  const [north, south] = await Promise.all([cache.get('north', counter('north')), cache.get('south', counter('south'))]);
  expect(calls).toEqual(['north', 'south']);
  expect(north.running).not.toBe(south.running);
  expect((await cache.get('south', counter('south'))).running).toBe(south.running);
  expect((await cache.get('north', counter('north'))).running).toBe(north.running);
  expect(calls).toHaveLength(2);
});

it('keeps no failed counting: the next request counts again', async () => {
  const { cache, calls, counter } = setUp();
  await expect(cache.get('north', async () => Promise.reject(new Error('visibility down')))).rejects.toThrow('visibility down');
  expect((await cache.get('north', counter('north'))).running).toBe(1);
  expect(calls).toEqual(['north']);
});

it('answers nothing after the wait while the counting goes on, and keeps what it finds', async () => {
  const cache = phaseCountsCache();
  let answer: (counts: PhaseCounts) => void = () => undefined;
  const slow = () => new Promise<PhaseCounts>((resolve) => (answer = resolve));
  const now = new Date(START);
  await expect(cache.get('north', now, slow, 10)).resolves.toBeUndefined();
  // Asked again while it runs: the same counting, not a second one.
  let second = 0;
  await expect(cache.get('north', now, async () => ({ running: ++second, byPhase: [] }), 10)).resolves.toBeUndefined();
  expect(second).toBe(0);
  answer({ running: 5, byPhase: [{ phase: 'welcome', count: 5 }] });
  await new Promise((r) => setImmediate(r));
  await expect(cache.get('north', now, slow, 10)).resolves.toEqual({ running: 5, byPhase: [{ phase: 'welcome', count: 5 }], countedAt: now.toISOString() });
});

it('lets a counting that fails after the wait go quietly, and counts again on the next ask', async () => {
  const cache = phaseCountsCache();
  let fail: (err: Error) => void = () => undefined;
  await expect(cache.get('north', new Date(START), () => new Promise<PhaseCounts>((_, reject) => (fail = reject)), 10)).resolves.toBeUndefined();
  fail(new Error('visibility down'));
  await new Promise((r) => setImmediate(r));
  await expect(cache.get('north', new Date(START), async () => ({ running: 1, byPhase: [] }), 10)).resolves.toMatchObject({ running: 1 });
});
