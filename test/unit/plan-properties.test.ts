/**
 * Property-based tests of the care plan (fast-check): random IANA zones, session instants over
 * several years (with a bias towards the zone's DST change days), random sending windows with a
 * send time inside, random enrollment delays and session numbers. Each property is checked on
 * every generated plan.
 *
 * A failure prints fast-check's seed and shrunk counterexample; `FC_SEED=<seed> npx jest
 * test/plan-properties` replays it.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { buildPlan, type PlanInput, type PlannedStep } from '../../domain/plan';
import { parsePlanInput } from '../../domain/plan-input';
import { STEPS, STEP_IDS } from '../../domain/steps';

const ZONES = ['UTC', ...Intl.supportedValuesOf('timeZone')];
const FROM = Date.UTC(2020, 0, 1);
const TO = Date.UTC(2031, 0, 1);
const DAY_MS = 86_400_000;
const RUNS = Number(process.env.FC_RUNS ?? 1000);
const params: fc.Parameters<unknown> = {
  numRuns: RUNS,
  ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}),
};

/** The instants (ms) in [FROM, TO) at which `zone`'s UTC offset changes, found by bisection. */
const transitionCache = new Map<string, number[]>();
function offsetTransitions(zone: string): number[] {
  const cached = transitionCache.get(zone);
  if (cached) return cached;
  const offset = (ms: number) => DateTime.fromMillis(ms, { zone }).offset;
  const found: number[] = [];
  // No zone changes its offset twice within 5 days.
  const step = 5 * DAY_MS;
  for (let t = FROM; t < TO; t += step) {
    let lo = t;
    let hi = Math.min(t + step, TO);
    if (offset(lo) === offset(hi)) continue;
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (offset(mid) === offset(lo)) lo = mid;
      else hi = mid;
    }
    found.push(hi);
  }
  transitionCache.set(zone, found);
  return found;
}

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** A window start < end, with a send time inside it ([start, end)). */
const windowArb = fc
  .tuple(fc.integer({ min: 0, max: 23 * 60 + 58 }), fc.integer({ min: 1, max: 23 * 60 + 59 }), fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }))
  .map(([a, b, u]) => {
    const start = Math.min(a, b === a ? a + 1 : b);
    const end = Math.max(a + (b === a ? 1 : 0), b);
    const send = start + Math.floor(u * (end - start));
    return { start: hhmm(start), end: hhmm(end), sendTime: hhmm(send) };
  });

/** Realistic clinic windows too, so that the common case is well covered. */
const clinicWindowArb = fc.record({
  start: fc.constantFrom('07:00', '08:00', '08:30', '09:00', '10:00'),
  end: fc.constantFrom('18:00', '19:30', '20:00', '21:00'),
  sendTime: fc.constantFrom('09:00', '10:00', '11:15', '12:00', '17:59'),
}).filter((w) => w.sendTime >= w.start && w.sendTime < w.end);

/** The local wall-clock minutes at which `zone` skips ahead (spring forward) in the range. */
function gapMinutes(zone: string): number[] {
  const found = new Set<number>();
  for (const t of offsetTransitions(zone)) {
    const before = DateTime.fromMillis(t - 60_000, { zone });
    if (DateTime.fromMillis(t, { zone }).offset > before.offset) found.add(before.hour * 60 + before.minute + 1);
  }
  return [...found];
}

/** Windows and send times within two hours of a wall time the zone's clock skips. */
function gapWindowArb(zone: string): fc.Arbitrary<{ start: string; end: string; sendTime: string }> | undefined {
  const gaps = gapMinutes(zone);
  if (gaps.length === 0) return undefined;
  const near = (g: number) => fc.integer({ min: Math.max(0, g - 120), max: Math.min(23 * 60 + 59, g + 120) });
  return fc
    .constantFrom(...gaps)
    .chain((g) => fc.tuple(near(g), near(g), near(g)))
    .filter(([a, b]) => a !== b)
    .map(([a, b, c]) => {
      const start = Math.min(a, b);
      const end = Math.max(a, b);
      const send = Math.min(end - 1, Math.max(start, c));
      return { start: hhmm(start), end: hhmm(end), sendTime: hhmm(send) };
    });
}

/** A session instant: anywhere in the range, or near one of the zone's offset changes (so that a
 * step, or the session itself, lands on a DST day). */
function sessionMsArb(zone: string): fc.Arbitrary<number> {
  const anywhere = fc.integer({ min: FROM, max: TO - 1 });
  const transitions = offsetTransitions(zone);
  if (transitions.length === 0) return anywhere;
  const nearChange = fc
    .tuple(
      fc.constantFrom(...transitions),
      fc.constantFrom(0, 1, 5, 8, 10, 14, 15, 21, 30),
      fc.integer({ min: -36 * 3_600_000, max: 36 * 3_600_000 }),
    )
    .map(([t, day, jitter]) => Math.min(TO - 1, Math.max(FROM, t - day * DAY_MS + jitter)));
  return fc.oneof(anywhere, nearChange);
}

interface Case {
  raw: Record<string, unknown>;
  zone: string;
  window: { start: string; end: string };
}

const caseArb: fc.Arbitrary<Case> = fc
  .constantFrom(...ZONES)
  .chain((zone) =>
    fc.record({
      zone: fc.constant(zone),
      sessionMs: sessionMsArb(zone),
      w: fc.oneof(
        { weight: 3, arbitrary: windowArb },
        { weight: 1, arbitrary: clinicWindowArb },
        { weight: 2, arbitrary: gapWindowArb(zone) ?? windowArb },
      ),
      delayMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 40 * DAY_MS })),
      planned: fc.integer({ min: 1, max: 50 }),
      sessionPick: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
      // How the instants are written: in the client's zone, in UTC, or at another offset.
      notation: fc.constantFrom<'zone' | 'utc' | 'other'>('zone', 'utc', 'other'),
      booking: fc.option(
        fc.record({
          recordedAfterMs: fc.integer({ min: 0, max: 40 * DAY_MS }),
          appointmentAfterMs: fc.integer({ min: 0, max: 90 * DAY_MS }),
        }),
      ),
    }),
  )
  .map(({ zone, sessionMs, w, delayMs, planned, sessionPick, notation, booking }) => {
    const iso = (ms: number) => {
      const at = DateTime.fromMillis(ms, { zone: notation === 'zone' ? zone : notation === 'utc' ? 'UTC' : 'UTC+05:30' });
      return at.toISO() as string;
    };
    const enrolledMs = sessionMs + delayMs;
    const raw: Record<string, unknown> = {
      sessionAt: iso(sessionMs),
      timezone: zone,
      sessionNumber: 1 + Math.floor(sessionPick * planned),
      plannedSessions: planned,
      sendTime: w.sendTime,
      window: { start: w.start, end: w.end },
      enrolledAt: iso(enrolledMs),
    };
    if (booking) {
      const recordedMs = enrolledMs + booking.recordedAfterMs;
      raw.booking = { recordedAt: iso(recordedMs), appointmentAt: iso(recordedMs + booking.appointmentAfterMs) };
    }
    return { raw, zone, window: { start: w.start, end: w.end } };
  });

function planOf(c: Case): { input: PlanInput; steps: PlannedStep[] } {
  const input = parsePlanInput(c.raw);
  return { input, steps: buildPlan(input) };
}

const minutes = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
const localOf = (step: PlannedStep, zone: string) => DateTime.fromISO(step.sendAt, { zone });
const describeCase = (c: Case, steps: PlannedStep[]) => JSON.stringify({ input: c.raw, steps }, null, 1);

/** Whether a DST gap swallows every wall time of the window on `date`'s local calendar day. */
function windowSkippedOn(date: DateTime, window: { start: string; end: string }): boolean {
  for (let m = minutes(window.start); m < minutes(window.end); m++) {
    const at = date.set({ hour: Math.floor(m / 60), minute: m % 60 });
    if (at.hour * 60 + at.minute === m) return false;
  }
  return true;
}

/** Days from the session's local calendar date to `at`'s local calendar date (both in `zone`). */
function calendarDaysBetween(sessionAt: string, at: DateTime, zone: string): number {
  const d0 = DateTime.fromISO(sessionAt, { zone });
  const a = Date.UTC(at.year, at.month - 1, at.day);
  const b = Date.UTC(d0.year, d0.month - 1, d0.day);
  return Math.round((a - b) / DAY_MS);
}

describe('care plan properties (fast-check)', () => {
  it('the generator covers many zones and DST days', () => {
    expect(ZONES.length).toBeGreaterThan(300);
    expect(offsetTransitions('America/New_York').length).toBe(22);
    expect(offsetTransitions('Australia/Lord_Howe').length).toBe(22);
    expect(offsetTransitions('Asia/Kolkata')).toEqual([]);
  });

  it('accepts every generated input (each is valid by the schema)', () => {
    fc.assert(fc.property(caseArb, (c) => void parsePlanInput(c.raw)), params);
  });

  it('puts every step inside the sending window, in the client\'s local time', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { steps } = planOf(c);
        for (const s of steps) {
          const local = localOf(s, c.zone);
          const m = local.hour * 60 + local.minute + local.second / 60 + local.millisecond / 60_000;
          if (m < minutes(c.window.start) || m >= minutes(c.window.end)) {
            throw new Error(`${s.step} at ${local.toISO()} is outside ${c.window.start}-${c.window.end}\n${describeCase(c, steps)}`);
          }
        }
      }),
      params,
    );
  });

  it('sorts the plan by sendAt, with welcome first', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { steps } = planOf(c);
        expect(steps[0]?.step).toBe('welcome');
        for (let i = 1; i < steps.length; i++) {
          expect(Date.parse(steps[i]!.sendAt)).toBeGreaterThanOrEqual(Date.parse(steps[i - 1]!.sendAt));
        }
      }),
      params,
    );
  });

  it('never repeats a step', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const ids = planOf(c).steps.map((s) => s.step);
        expect(new Set(ids).size).toBe(ids.length);
      }),
      params,
    );
  });

  it('never plans a step before enrollment', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { input, steps } = planOf(c);
        const enrolled = Date.parse(input.enrolledAt);
        for (const s of steps) expect(Date.parse(s.sendAt)).toBeGreaterThanOrEqual(enrolled);
      }),
      params,
    );
  });

  it('puts each fixed step on the session\'s local date + its day, at the send time when that exists', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { input, steps } = planOf(c);
        for (const s of steps) {
          const def = STEPS[s.step];
          if (s.step === 'welcome' || def.day === null) continue;
          const local = localOf(s, c.zone);
          const sessionDay = DateTime.fromISO(input.sessionAt, { zone: c.zone }).startOf('day');
          const expected = sessionDay.plus({ days: def.day });
          // The one exception: a DST gap swallows the clinic's whole window that day (a window
          // shorter than the gap, inside it); never-at-night wins and the step goes at the next opening.
          if (windowSkippedOn(expected, c.window)) {
            expect(local.toMillis()).toBeGreaterThan(expected.toMillis());
            continue;
          }
          if (local.toISODate() !== expected.toISODate()) {
            throw new Error(`${s.step} on ${local.toISODate()}, expected ${expected.toISODate()}\n${describeCase(c, steps)}`);
          }
          expect(calendarDaysBetween(input.sessionAt, local, c.zone)).toBe(def.day);
          // At the send time, unless that wall time does not exist on that day (a DST gap).
          const wanted = expected.set({ hour: Math.floor(minutes(input.sendTime) / 60), minute: minutes(input.sendTime) % 60 });
          if (wanted.hour * 60 + wanted.minute === minutes(input.sendTime)) {
            expect(local.toFormat('HH:mm')).toBe(input.sendTime);
          }
        }
      }),
      params,
    );
  });

  it('gives each step the day its local date is after the session, and the right recipient', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { input, steps } = planOf(c);
        for (const s of steps) {
          const nominal = STEPS[s.step].day;
          const fixed = nominal !== null && s.step !== 'welcome';
          if (fixed) expect(s.day).toBe(nominal);
          const sessionDay = DateTime.fromISO(input.sessionAt, { zone: c.zone }).startOf('day');
          // A fixed step keeps its day even when moved off a day whose window a DST gap swallows.
          if (!fixed || !windowSkippedOn(sessionDay.plus({ days: s.day }), c.window)) {
            expect(s.day).toBe(calendarDaysBetween(input.sessionAt, localOf(s, c.zone), c.zone));
          }
          expect(s.to).toBe(STEPS[s.step].to);
        }
      }),
      params,
    );
  });

  it('writes `local` as the same instant as `sendAt`, in the client\'s zone', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { steps } = planOf(c);
        for (const s of steps) {
          expect(new Date(s.sendAt).toISOString()).toBe(s.sendAt);
          const local = DateTime.fromISO(s.local, { setZone: true });
          expect(local.isValid).toBe(true);
          expect(local.toMillis()).toBe(Date.parse(s.sendAt));
          expect(local.offset).toBe(DateTime.fromISO(s.sendAt, { zone: c.zone }).offset);
        }
      }),
      params,
    );
  });

  it('plans booking prompts only when another session is to come, and the reminder only after a booking', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { input, steps } = planOf(c);
        const ids = new Set(steps.map((s) => s.step));
        if (input.sessionNumber >= input.plannedSessions) {
          for (const id of STEP_IDS.filter((i) => STEPS[i].needsNextSession)) expect(ids.has(id)).toBe(false);
        }
        if (!input.booking) expect(ids.has('appointment-reminder')).toBe(false);
        const reminder = steps.find((s) => s.step === 'appointment-reminder');
        if (reminder && input.booking) {
          const appointmentDay = DateTime.fromISO(input.booking.appointmentAt, { zone: c.zone }).startOf('day');
          const dayBefore = appointmentDay.minus({ days: 1 });
          if (!windowSkippedOn(dayBefore, c.window)) expect(localOf(reminder, c.zone).toISODate()).toBe(dayBefore.toISODate());
          expect(Date.parse(reminder.sendAt)).toBeGreaterThanOrEqual(Date.parse(input.booking.recordedAt));
        }
      }),
      params,
    );
  });
});

/** The cases the properties found (care/plan.ts before the fix put these steps outside the window). */
describe('care plan on days a DST gap swallows part of the window', () => {
  const at = (o: Partial<PlanInput> & Pick<PlanInput, 'sessionAt' | 'timezone' | 'sendTime' | 'window'>) =>
    Object.fromEntries(
      buildPlan(parsePlanInput({ sessionNumber: 3, plannedSessions: 3, enrolledAt: o.sessionAt, ...o })).map((s) => [s.step, s.local]),
    );

  it('a welcome after a gap that swallowed the window\'s end waits for the next opening', () => {
    // Berlin skips 02:00-03:00 on 2026-03-29; enrolling at 03:10 is after a 00:00-02:30 window.
    const plan = at({
      sessionAt: '2026-03-28T15:00:00+01:00',
      enrolledAt: '2026-03-29T03:10:00+02:00',
      timezone: 'Europe/Berlin',
      sendTime: '01:00',
      window: { start: '00:00', end: '02:30' },
    });
    expect(plan.welcome).toBe('2026-03-30T00:00:00+02:00'); // was 2026-03-29T03:10:00+02:00
  });

  it('a send time in the gap goes at the last minute before it when the gap swallows the window\'s end', () => {
    // Nuuk skips 23:00-24:00 on 2026-03-28: 23:30 moved forward by the gap was 00:30 the next day.
    const plan = at({ sessionAt: '2026-03-27T15:00:00-02:00', timezone: 'America/Nuuk', sendTime: '23:30', window: { start: '09:00', end: '23:45' } });
    expect(plan['days-1-4']).toBe('2026-03-28T22:59:00-02:00'); // was 2026-03-29T00:30:00-01:00
    expect(plan['days-5-7']).toBe('2026-04-01T23:30:00-01:00');
  });

  it('keeps Luxon\'s move past the gap when that stays inside the window', () => {
    const plan = at({ sessionAt: '2026-03-28T15:00:00+01:00', timezone: 'Europe/Berlin', sendTime: '02:30', window: { start: '01:00', end: '04:00' } });
    expect(plan['days-1-4']).toBe('2026-03-29T03:30:00+02:00');
  });

  it('keeps the send time on a day whose midnight repeats (fall back at 01:00)', () => {
    // Amman fell back from 01:00 to 00:00 on 2020-10-30 (found by the properties in a first fix).
    const plan = at({ sessionAt: '2020-10-29T23:59:59.999+03:00', timezone: 'Asia/Amman', sendTime: '22:00', window: { start: '22:00', end: '22:02' } });
    expect(plan['days-1-4']).toBe('2020-10-30T22:00:00+02:00');
  });

  it('moves a step to the next opening when the gap swallows the whole window that day', () => {
    const plan = at({ sessionAt: '2026-03-28T15:00:00+01:00', timezone: 'Europe/Berlin', sendTime: '02:10', window: { start: '02:05', end: '02:40' } });
    expect(plan['days-1-4']).toBe('2026-03-30T02:05:00+02:00'); // was 2026-03-29T03:10:00+02:00
    expect(plan['days-5-7']).toBe('2026-04-02T02:10:00+02:00');
  });
});
