/** The compliance profile: regions, the rules that apply, the narrowed window and the solicitation cap. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { effectiveTiming, effectiveWindow, regionFromPhone, regionProblem, rulesFor, sendTimeWithin, solicitationCap, windowConflict } from '../../domain/compliance/profile';
import { COMPLIANCE_RULES } from '../../domain/compliance/rules';
import { buildPlan } from '../../domain/plan';
import { minutesOfDay } from '../../domain/window';

const WIDE = { start: '07:00', end: '22:00' };

describe('regions', () => {
  it.each([
    ['+447400123456', 'GB'],
    ['+447911123456', 'GG'], // Guernsey: a country of its own to libphonenumber-js, with no rule here
    ['+12125550147', 'US'],
    ['+13055550147', 'US'], // a Miami area code still says nothing reliable about where the client lives
    ['+17875550147', 'PR'],
    ['+33612345678', 'FR'],
  ])('the country of %s is %s', (phone, region) => {
    expect(regionFromPhone(phone)).toBe(region);
  });

  it.each(['GB', 'US', 'US-FL', 'US-WA', 'US-DC', 'FR'])('%s is a region', (region) => {
    expect(regionProblem(region)).toBeUndefined();
  });

  it.each([
    ['us-fl', /country code such as GB/],
    ['Florida', /country code such as GB/],
    ['US-', /country code such as GB/],
    ['XX', /XX is not a country code in use/],
    ['US-ZZ', /ZZ is not a US state code/],
    ['GB-EN', /only US states are told apart/],
    ['', /country code such as GB/],
  ])('%j is refused with a reason', (region, reason) => {
    expect(regionProblem(region)).toMatch(reason);
  });

  it('a state meets its own rules and the federal one; a country alone meets only the rules without states', () => {
    expect(rulesFor('US-FL').map((r) => r.id)).toEqual(['us-federal', 'us-fl']);
    expect(rulesFor('US').map((r) => r.id)).toEqual(['us-federal']);
    expect(rulesFor('US-NY').map((r) => r.id)).toEqual(['us-federal']);
    expect(rulesFor('PR').map((r) => r.id)).toEqual(['us-federal']);
    expect(rulesFor('GB')).toEqual([]);
    expect(rulesFor(undefined)).toEqual([]);
  });
});

describe('the effective window', () => {
  it('a 07:00-22:00 clinic: 08:00-20:00 in Florida, 08:00-21:00 for the US, its own in Britain', () => {
    expect(effectiveWindow(WIDE, 'US-FL')).toEqual({ start: '08:00', end: '20:00' });
    expect(effectiveWindow(WIDE, 'US')).toEqual({ start: '08:00', end: '21:00' });
    expect(effectiveWindow(WIDE, 'GB')).toEqual(WIDE);
    expect(effectiveWindow(WIDE, undefined)).toEqual(WIDE);
  });

  it.each(['US-FL', 'US-OK', 'US-MD', 'US-WA'])('%s allows 08:00-20:00', (region) => {
    expect(effectiveWindow(WIDE, region)).toEqual({ start: '08:00', end: '20:00' });
  });

  it('never widens a window: a narrower clinic window stays as it is', () => {
    expect(effectiveWindow({ start: '09:30', end: '18:00' }, 'US-FL')).toEqual({ start: '09:30', end: '18:00' });
    expect(effectiveWindow({ start: '09:00', end: '20:30' }, 'US-FL')).toEqual({ start: '09:00', end: '20:00' });
  });

  it('is never wider than the clinic window nor than any rule that applies, for every window and region', () => {
    const regions = ['US', 'US-FL', 'US-OK', 'US-MD', 'US-WA', 'US-TX', 'GB', 'PR'];
    for (let start = 0; start < 24 * 60; start += 90) {
      for (let end = start + 60; end <= 23 * 60 + 59; end += 105) {
        const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
        const clinic = { start: hhmm(start), end: hhmm(end) };
        for (const region of regions) {
          const got = effectiveWindow(clinic, region);
          for (const rule of rulesFor(region)) {
            expect(minutesOfDay(got.start)).toBeGreaterThanOrEqual(minutesOfDay(rule.window!.start));
            expect(minutesOfDay(got.end)).toBeLessThanOrEqual(minutesOfDay(rule.window!.end));
          }
          if (!windowConflict(clinic, region)) {
            expect(minutesOfDay(got.start)).toBeGreaterThanOrEqual(start);
            expect(minutesOfDay(got.end)).toBeLessThanOrEqual(end);
          }
          expect(minutesOfDay(got.start)).toBeLessThan(minutesOfDay(got.end));
        }
      }
    }
  });

  it('a clinic window wholly outside the law hours is a conflict, named with both windows', () => {
    expect(windowConflict({ start: '20:30', end: '22:00' }, 'US-FL')).toBe('the clinic sends 20:30-22:00, wholly outside the hours the law allows in US-FL (08:00-20:00)');
    expect(windowConflict({ start: '20:30', end: '22:00' }, 'GB')).toBeUndefined();
    expect(windowConflict(WIDE, 'US-FL')).toBeUndefined();
  });

  it('moves the send time inside the narrowed window', () => {
    expect(sendTimeWithin('07:30', { start: '08:00', end: '20:00' })).toBe('08:00');
    expect(sendTimeWithin('10:00', { start: '08:00', end: '20:00' })).toBe('10:00');
    expect(sendTimeWithin('20:30', { start: '08:00', end: '20:00' })).toBe('19:00');
    expect(sendTimeWithin('20:30', { start: '19:40', end: '20:00' })).toBe('19:40');
    expect(effectiveTiming({ sendTime: '07:30', window: WIDE }, 'US-FL')).toEqual({ sendTime: '08:00', window: { start: '08:00', end: '20:00' } });
    expect(effectiveTiming({ sendTime: '07:30', window: WIDE }, undefined)).toEqual({ sendTime: '07:30', window: WIDE });
  });

  it('a plan built with it sends a Florida client at 08:00, a British one at 07:30', () => {
    const base = { sessionAt: '2026-03-06T15:00:00-05:00', timezone: 'America/New_York', sessionNumber: 1, plannedSessions: 3, enrolledAt: '2026-03-06T15:00:00-05:00' };
    const florida = buildPlan({ ...base, ...effectiveTiming({ sendTime: '07:30', window: WIDE }, 'US-FL') });
    const britain = buildPlan({ ...base, ...effectiveTiming({ sendTime: '07:30', window: WIDE }, 'GB') });
    expect(florida.filter((s) => s.step !== 'welcome').every((s) => s.local.slice(11, 16) === '08:00')).toBe(true);
    expect(britain.filter((s) => s.step !== 'welcome').every((s) => s.local.slice(11, 16) === '07:30')).toBe(true);
  });
});

describe('the solicitation cap', () => {
  it('Florida, Oklahoma and Maryland allow 3 per 24 hours; the federal rule, Washington and Britain set none', () => {
    for (const region of ['US-FL', 'US-OK', 'US-MD']) expect(solicitationCap(region)).toMatchObject({ max: 3, hours: 24 });
    for (const region of ['US', 'US-WA', 'US-NY', 'GB', undefined]) expect(solicitationCap(region)).toBeUndefined();
  });
});

describe('the rules as data', () => {
  const doc = readFileSync(path.join(__dirname, '..', '..', 'docs', 'compliance.md'), 'utf8');

  it('every rule has a window or a cap, and at least one source with a title and an https or http link', () => {
    for (const rule of COMPLIANCE_RULES) {
      expect(rule.window ?? rule.solicitationCap).toBeDefined();
      expect(rule.sources.length).toBeGreaterThan(0);
      for (const s of rule.sources) {
        expect(s.title.length).toBeGreaterThan(10);
        expect(s.url).toMatch(/^https?:\/\/\S+$/);
      }
    }
  });

  it('docs/compliance.md lists every rule with its hours, its cap and every source link', () => {
    for (const rule of COMPLIANCE_RULES) {
      const row = doc.split('\n').find((line) => line.startsWith(`| ${rule.name.split(' (')[0]}`));
      expect(row).toBeDefined();
      if (rule.window) expect(row).toContain(`${rule.window.start}-${rule.window.end}`);
      expect(row).toContain(rule.solicitationCap ? `${rule.solicitationCap.max} per ${rule.solicitationCap.hours} hours` : 'no cap');
      for (const s of rule.sources) expect(row).toContain(`(${s.url})`);
    }
  });
});
