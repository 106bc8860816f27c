/** The pure parts of two care operations: a plan moved to another zone, and a phone typed into a search. */
import { DateTime } from 'luxon';
import { buildPlan, retimedInZone, sessionAtIn } from '../../domain/plan';
import { normalisedPhone, PHONE_COUNTRY_HINT, PHONE_NUMBER_UNKNOWN } from '../../domain/phone';

const WINDOW = { start: '09:00', end: '20:00' };
const base = {
  sessionAt: '2026-03-06T22:30:00-05:00',
  timezone: 'America/New_York',
  sessionNumber: 1,
  plannedSessions: 3,
  sendTime: '10:00',
  window: WINDOW,
  enrolledAt: '2026-03-06T22:40:00-05:00',
};

describe('retimedInZone and sessionAtIn', () => {
  it('keeps each step on its calendar day, at the send time in the new zone, across a DST change', () => {
    const plan = buildPlan(base);
    const to = { zone: 'Asia/Tokyo', sendTime: '10:00', window: WINDOW, enrolledAt: base.enrolledAt };
    for (const step of plan.filter((s) => s.step !== 'welcome')) {
      const moved = retimedInZone(step, to);
      const local = DateTime.fromISO(moved.sendAt, { zone: 'Asia/Tokyo' });
      expect(local.toISODate()).toBe(step.local.slice(0, 10));
      expect(local.toFormat('HH:mm')).toBe('10:00');
      expect(moved).toMatchObject({ step: step.step, day: step.day, to: step.to });
    }
  });

  it('a welcome still waiting goes at the first window opening in the new zone', () => {
    const welcome = buildPlan(base)[0]!;
    const moved = retimedInZone(welcome, { zone: 'Europe/London', sendTime: '10:00', window: WINDOW, enrolledAt: base.enrolledAt });
    // 03:40 in London when enrolled: the window opens at 09:00 the same day.
    expect(moved.local).toBe('2026-03-07T09:00:00+00:00');
  });

  it('a plan built from the moved session agrees with the retimed steps after enrolment (a later booking replans the same way)', () => {
    const plan = buildPlan(base);
    const to = { zone: 'Asia/Tokyo', sendTime: '10:00', window: WINDOW, enrolledAt: base.enrolledAt };
    const rebuilt = buildPlan({ ...base, timezone: 'Asia/Tokyo', sessionAt: sessionAtIn(base.sessionAt, base.timezone, 'Asia/Tokyo') });
    const after = plan.filter((s) => s.step !== 'welcome' && retimedInZone(s, to).sendAt > new Date(base.enrolledAt).toISOString());
    expect(after.length).toBeGreaterThan(5);
    for (const step of after) {
      expect(rebuilt.find((s) => s.step === step.step)?.sendAt).toBe(retimedInZone(step, to).sendAt);
    }
  });
});

describe('normalisedPhone', () => {
  it('reads international numbers as typed, and national ones in the home number country', () => {
    expect(normalisedPhone('+1 (212) 555-4477')).toEqual({ ok: true, e164: '+12125554477' });
    expect(normalisedPhone('(212) 555-4477', '+12125550147')).toEqual({ ok: true, e164: '+12125554477' });
    expect(normalisedPhone('020 7946 0018', '+442079460000')).toEqual({ ok: true, e164: '+442079460018' });
  });

  it('refuses a national number without a country, and a number in use nowhere', () => {
    expect(normalisedPhone('(212) 555-4477')).toEqual({ ok: false, message: PHONE_COUNTRY_HINT });
    expect(normalisedPhone('hello', '+12125550147')).toEqual({ ok: false, message: PHONE_NUMBER_UNKNOWN });
    expect(normalisedPhone('+999999999999999')).toMatchObject({ ok: false });
  });
});
