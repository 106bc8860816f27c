import { DateTime } from 'luxon';
import { minutesOfDay } from '../../domain/window';
import { buildPlan, nextInWindow, type PlanInput, type PlannedStep } from '../../domain/plan';
import { parsePlanInput, PlanInputError } from '../../domain/plan-input';

function plan(overrides: Partial<PlanInput> & Pick<PlanInput, 'sessionAt' | 'timezone'>): PlannedStep[] {
  return buildPlan(
    parsePlanInput({
      sessionNumber: 1,
      plannedSessions: 3,
      sendTime: '10:00',
      window: { start: '09:00', end: '20:00' },
      enrolledAt: overrides.sessionAt,
      ...overrides,
    }),
  );
}

const byStep = (steps: PlannedStep[]) => Object.fromEntries(steps.map((s) => [s.step, s]));

function issuesOf(raw: unknown): { path: string; message: string }[] {
  try {
    parsePlanInput(raw);
  } catch (err) {
    if (err instanceof PlanInputError) return err.issues;
    throw err;
  }
  throw new Error('expected the input to be rejected');
}

const valid = {
  sessionAt: '2026-03-06T15:00:00-05:00',
  timezone: 'America/New_York',
  sessionNumber: 1,
  plannedSessions: 3,
  sendTime: '10:00',
  window: { start: '09:00', end: '20:00' },
  enrolledAt: '2026-03-06T15:00:00-05:00',
};

describe('care plan: the interface example', () => {
  it('puts days-5-7 at 10:00 New York time after the spring DST change', () => {
    const steps = byStep(plan({ sessionAt: valid.sessionAt, timezone: 'America/New_York' }));
    expect(steps['days-5-7']).toEqual({
      step: 'days-5-7',
      day: 5,
      to: 'client',
      sendAt: '2026-03-11T14:00:00.000Z',
      local: '2026-03-11T10:00:00-04:00',
    });
    // Before the change (Mar 8, 2026) New York is UTC-5.
    expect(steps['days-1-4']?.sendAt).toBe('2026-03-07T15:00:00.000Z');
  });

  it('lists every step of a non-final session, sorted by sendAt, each once', () => {
    const steps = plan({ sessionAt: valid.sessionAt, timezone: 'America/New_York' });
    expect(steps.map((s) => s.step)).toEqual([
      'welcome',
      'days-1-4',
      'days-5-7',
      'days-8-14',
      'book-next',
      'book-nudge',
      'day-15',
      'clinic-follow-up',
      'one-month',
    ]);
    expect(steps.map((s) => s.day)).toEqual([0, 1, 5, 8, 10, 14, 15, 21, 30]);
    expect(steps.find((s) => s.step === 'clinic-follow-up')?.to).toBe('clinic');
    const sorted = [...steps].sort((a, b) => Date.parse(a.sendAt) - Date.parse(b.sendAt));
    expect(steps).toEqual(sorted);
    // Welcome goes right away when enrollment is inside the window.
    expect(steps[0]?.sendAt).toBe('2026-03-06T20:00:00.000Z');
  });
});

describe('care plan: daylight saving time', () => {
  it.each([
    // zone, session (local), day with the change in between, expected local offset on day 15
    ['America/New_York', '2026-03-06T15:00:00-05:00', '-04:00', 'spring forward, north'],
    ['America/New_York', '2026-10-30T15:00:00-04:00', '-05:00', 'fall back, north'],
    ['Europe/London', '2026-03-27T12:00:00+00:00', '+01:00', 'spring forward, Europe'],
    ['Australia/Sydney', '2026-04-01T12:00:00+11:00', '+10:00', 'fall back, south (April)'],
    ['Australia/Sydney', '2026-09-30T12:00:00+10:00', '+11:00', 'spring forward, south (October)'],
    ['America/Santiago', '2026-04-01T12:00:00-03:00', '-04:00', 'fall back, south America'],
  ])('%s: every step stays at 10:00 local across the change (%s -> %s, %s)', (zone, sessionAt, offsetAfter) => {
    const steps = plan({ sessionAt, timezone: zone });
    for (const s of steps.filter((x) => x.step !== 'welcome')) {
      const local = DateTime.fromISO(s.sendAt, { zone });
      expect(local.toFormat('HH:mm')).toBe('10:00');
      // The local field is the same instant, in the client's zone.
      expect(DateTime.fromISO(s.local).toMillis()).toBe(Date.parse(s.sendAt));
      expect(s.local.endsWith(local.toFormat('ZZ'))).toBe(true);
    }
    expect(byStep(steps)['day-15']?.local.endsWith(offsetAfter)).toBe(true);
  });

  it('keeps whole local days across a change: day 5 is the 5th calendar day, not 5x24 hours', () => {
    const steps = byStep(plan({ sessionAt: '2026-10-30T15:00:00-04:00', timezone: 'America/New_York' }));
    expect(steps['days-5-7']?.local).toBe('2026-11-04T10:00:00-05:00');
    expect(steps['days-1-4']?.local).toBe('2026-10-31T10:00:00-04:00');
  });

  it('moves a send time that does not exist on the spring-forward day forward, still inside the window', () => {
    // 02:30 does not exist in New York on Mar 8, 2026; window 01:00-23:00 allows it on other days.
    const steps = byStep(
      plan({
        sessionAt: '2026-03-07T12:00:00-05:00',
        timezone: 'America/New_York',
        sendTime: '02:30',
        window: { start: '01:00', end: '23:00' },
      }),
    );
    expect(steps['days-1-4']?.local).toBe('2026-03-08T03:30:00-04:00');
    expect(steps['days-5-7']?.local).toBe('2026-03-12T02:30:00-04:00');
  });
});

describe('care plan: unusual zones and dates', () => {
  it.each([
    ['Asia/Kolkata', '+05:30'],
    ['Asia/Kathmandu', '+05:45'],
    ['Australia/Adelaide', '+10:30'],
    ['Pacific/Chatham', '+13:45'],
  ])('%s: steps land at 10:00 local with the %s offset', (zone, offset) => {
    const steps = plan({ sessionAt: `2026-01-10T11:00:00${offset}`, timezone: zone });
    const d5 = byStep(steps)['days-5-7'];
    expect(d5?.local).toBe(`2026-01-15T10:00:00${offset}`);
    expect(DateTime.fromISO(d5!.sendAt, { zone }).toFormat('HH:mm')).toBe('10:00');
  });

  it('counts days from the local date when the UTC date differs', () => {
    // 20:30 on Jan 10 in Los Angeles is already Jan 11 in UTC: day 1 is still Jan 11 local.
    const steps = byStep(plan({ sessionAt: '2026-01-11T04:30:00Z', timezone: 'America/Los_Angeles', window: { start: '08:00', end: '21:00' } }));
    expect(steps['days-1-4']?.local).toBe('2026-01-11T10:00:00-08:00');
    expect(steps['welcome']?.local).toBe('2026-01-10T20:30:00-08:00');
    // And the other way round: 07:00 Jan 11 in Auckland is Jan 10 in UTC.
    const nz = byStep(plan({ sessionAt: '2026-01-10T18:00:00Z', timezone: 'Pacific/Auckland' }));
    expect(nz['days-1-4']?.local).toBe('2026-01-12T10:00:00+13:00');
    expect(nz['welcome']?.day).toBe(0);
  });
});

describe('care plan: enrollment time', () => {
  it('skips steps due before a late enrollment instead of sending them in a burst', () => {
    const steps = plan({
      sessionAt: '2026-03-06T15:00:00-05:00',
      timezone: 'America/New_York',
      enrolledAt: '2026-03-12T12:00:00-04:00', // day 6, after that day's 10:00
    });
    expect(steps.map((s) => s.step)).toEqual(['welcome', 'days-8-14', 'book-next', 'book-nudge', 'day-15', 'clinic-follow-up', 'one-month']);
    expect(steps[0]).toMatchObject({ step: 'welcome', day: 6, sendAt: '2026-03-12T16:00:00.000Z' });
  });

  it('enrolled after book-next\'s day: no book-nudge and no clinic follow-up either, since nobody was asked', () => {
    const late = { sessionAt: '2026-03-06T15:00:00-05:00', timezone: 'America/New_York', enrolledAt: '2026-03-17T12:00:00-04:00' }; // day 11
    expect(plan(late).map((s) => s.step)).toEqual(['welcome', 'day-15', 'one-month']);
    // Plans made before the rule (runs already under way) keep them.
    expect(buildPlan({ ...parsePlanInput({ ...valid, ...late }), keepUnaskedFollowUps: true }).map((s) => s.step)).toEqual([
      'welcome',
      'book-nudge',
      'day-15',
      'clinic-follow-up',
      'one-month',
    ]);
  });

  it('defers welcome to the window opening when the clinic enrolls at night', () => {
    const steps = byStep(
      plan({
        sessionAt: '2026-05-04T17:00:00-04:00',
        timezone: 'America/New_York',
        enrolledAt: '2026-05-04T22:45:00-04:00',
      }),
    );
    expect(steps['welcome']).toMatchObject({ day: 1, local: '2026-05-05T09:00:00-04:00' });
    expect(steps['days-1-4']?.local).toBe('2026-05-05T10:00:00-04:00');

    const early = byStep(plan({ sessionAt: '2026-05-04T06:00:00-04:00', timezone: 'America/New_York' }));
    expect(early['welcome']).toMatchObject({ day: 0, local: '2026-05-04T09:00:00-04:00' });
  });

  it('nextInWindow never returns a night-time instant', () => {
    const w = { start: '09:00', end: '20:00' };
    const zone = 'Europe/Paris';
    for (let h = 0; h < 48; h++) {
      const at = nextInWindow(DateTime.fromISO('2026-03-28T00:17:00+01:00').plus({ hours: h }), zone, w);
      const local = at.setZone(zone);
      const m = local.hour * 60 + local.minute;
      expect(m).toBeGreaterThanOrEqual(minutesOfDay(w.start));
      expect(m).toBeLessThan(minutesOfDay(w.end));
    }
  });
});

describe('care plan: booking steps', () => {
  it('plans book-next, book-nudge and clinic-follow-up only while a session is still to come', () => {
    const bookingSteps = ['book-next', 'book-nudge', 'clinic-follow-up'];
    for (const [session, planned, expected] of [
      [1, 3, true],
      [2, 3, true],
      [3, 3, false],
      [1, 1, false],
    ] as const) {
      const ids = plan({ sessionAt: valid.sessionAt, timezone: valid.timezone, sessionNumber: session, plannedSessions: planned }).map((s) => s.step);
      for (const b of bookingSteps) expect(ids.includes(b as never)).toBe(expected);
    }
  });

  it('a booking recorded on day 3 drops every prompt and adds a reminder the day before at the send time', () => {
    const steps = plan({
      sessionAt: valid.sessionAt,
      timezone: valid.timezone,
      booking: { appointmentAt: '2026-04-03T14:30:00-04:00', recordedAt: '2026-03-09T12:00:00-04:00' },
    });
    const ids = steps.map((s) => s.step);
    expect(ids).not.toContain('book-next');
    expect(ids).not.toContain('book-nudge');
    expect(ids).not.toContain('clinic-follow-up');
    expect(byStep(steps)['appointment-reminder']).toMatchObject({ local: '2026-04-02T10:00:00-04:00', day: 27 });
  });

  it('a booking recorded on day 12 keeps the book-next already due but drops the nudge and the follow-up', () => {
    const ids = plan({
      sessionAt: valid.sessionAt,
      timezone: valid.timezone,
      booking: { appointmentAt: '2026-03-30T10:00:00-04:00', recordedAt: '2026-03-18T12:00:00-04:00' },
    }).map((s) => s.step);
    expect(ids).toContain('book-next');
    expect(ids).not.toContain('book-nudge');
    expect(ids).not.toContain('clinic-follow-up');
    expect(ids).toContain('appointment-reminder');
  });
});

describe('care plan: the sending window holds for every step', () => {
  it.each([
    ['America/New_York', '10:00', '09:00-20:00'],
    ['Asia/Kathmandu', '08:15', '08:00-12:00'],
    ['Australia/Lord_Howe', '19:59', '07:30-20:00'],
    ['Europe/Berlin', '09:00', '09:00-09:30'],
  ])('%s send %s window %s', (zone, sendTime, w) => {
    const [start, end] = w.split('-') as [string, string];
    for (let i = 0; i < 40; i++) {
      const sessionAt = DateTime.fromISO('2026-01-01T00:00:00Z').plus({ hours: i * 223 }).toISO() as string;
      const enrolledAt = DateTime.fromISO(sessionAt).plus({ hours: (i * 37) % 200 }).toISO() as string;
      for (const s of plan({ sessionAt, timezone: zone, sendTime, window: { start, end }, enrolledAt })) {
        const local = DateTime.fromISO(s.sendAt, { zone });
        const m = local.hour * 60 + local.minute;
        expect(m).toBeGreaterThanOrEqual(minutesOfDay(start));
        expect(m).toBeLessThan(minutesOfDay(end));
        expect(Date.parse(s.sendAt)).toBeGreaterThanOrEqual(Date.parse(enrolledAt) - 0);
      }
    }
  });
});

describe('care plan: input validation', () => {
  it.each([
    [{ ...valid, timezone: 'Mars/Olympus_Mons' }, 'timezone', /IANA time zone/],
    [{ ...valid, timezone: 'EST' }, 'timezone', /IANA/],
    [{ ...valid, sessionAt: '2026-03-06 15:00' }, 'sessionAt', /offset/],
    [{ ...valid, sessionAt: '2026-03-06T15:00:00' }, 'sessionAt', /offset/],
    [{ ...valid, sessionAt: '2026-02-30T15:00:00-05:00' }, 'sessionAt', /ISO-8601/],
    [{ ...valid, enrolledAt: '2026-13-01T10:00:00Z' }, 'enrolledAt', /ISO-8601/],
    [{ ...valid, sendTime: '25:00' }, 'sendTime', /HH:MM/],
    [{ ...valid, sendTime: '9:00' }, 'sendTime', /HH:MM/],
    [{ ...valid, window: { start: '20:00', end: '09:00' } }, 'window', /start 20:00 must be before end 09:00/],
    [{ ...valid, window: { start: '09:00', end: '09:00' } }, 'window', /start 09:00 must be before end 09:00/],
    [{ ...valid, sendTime: '21:00' }, 'sendTime', /outside the sending window 09:00-20:00/],
    [{ ...valid, sendTime: '20:00' }, 'sendTime', /outside/],
    [{ ...valid, sessionNumber: 4 }, 'sessionNumber', /beyond the 3 planned/],
    [{ ...valid, sessionNumber: 0 }, 'sessionNumber', /at least 1/],
    [{ ...valid, plannedSessions: -2 }, 'plannedSessions', /at least 1/],
    [{ ...valid, plannedSessions: 1.5 }, 'plannedSessions', /whole number/],
    [{ ...valid, sessionNumber: '1' }, 'sessionNumber', /number/],
  ])('rejects %j at %s', (raw, path, message) => {
    const issues = issuesOf(raw);
    const issue = issues.find((i) => i.path === path);
    expect(issue).toBeDefined();
    expect(issue!.message).toMatch(message);
  });

  it('accepts the example input', () => {
    expect(parsePlanInput(valid)).toEqual(valid);
  });
});
