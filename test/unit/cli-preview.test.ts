/** `npx aftercare preview`, run as a user runs it: the real bin, a child process, stdout and exit code. */
import { aftercare } from '../support/aftercare-cli';

const EXAMPLE = ['--session-at', '2026-03-06T15:00:00-05:00', '--timezone', 'America/New_York'];

describe('aftercare preview', () => {
  it('prints the plan as JSON, sorted by sendAt, with days-5-7 at 10:00 New York after the DST change', () => {
    const r = aftercare(['preview', ...EXAMPLE, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as { step: string; day: number; to: string; sendAt: string; local: string }[];
    expect(plan.find((s) => s.step === 'days-5-7')).toEqual({
      step: 'days-5-7',
      day: 5,
      to: 'client',
      sendAt: '2026-03-11T14:00:00.000Z',
      local: '2026-03-11T10:00:00-04:00',
    });
    expect(plan.map((s) => s.sendAt)).toEqual([...plan.map((s) => s.sendAt)].sort());
    expect(Object.keys(plan[0]!).sort()).toEqual(['day', 'local', 'sendAt', 'step', 'to']);
  });

  it('honours every option', () => {
    const r = aftercare([
      'preview', ...EXAMPLE, '--session', '3', '--planned-sessions', '3', '--send-time', '18:30', '--window', '08:00-19:00',
      '--enrolled-at', '2026-03-08T12:00:00-04:00', '--json',
    ]);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as { step: string; local: string }[];
    // Session 3 of 3 ends the course: course-complete follows one-month.
    expect(plan.map((s) => s.step)).toEqual(['welcome', 'days-5-7', 'days-8-14', 'day-15', 'one-month', 'course-complete']);
    expect(plan[0]!.local).toBe('2026-03-08T12:00:00-04:00');
    expect(plan[1]!.local).toBe('2026-03-11T18:30:00-04:00');
  });

  it('--region narrows the window to the law where the client lives: a 07:00-22:00 clinic sending at 07:30 reaches Florida at 08:00', () => {
    const wide = [...EXAMPLE, '--send-time', '07:30', '--window', '07:00-22:00'];
    const florida = JSON.parse(aftercare(['preview', ...wide, '--region', 'US-FL', '--json']).stdout) as { step: string; local: string }[];
    const britain = JSON.parse(aftercare(['preview', ...wide, '--region', 'GB', '--json']).stdout) as { step: string; local: string }[];
    expect(florida.find((s) => s.step === 'days-1-4')!.local).toBe('2026-03-07T08:00:00-05:00');
    expect(britain.find((s) => s.step === 'days-1-4')!.local).toBe('2026-03-07T07:30:00-05:00');
    const table = aftercare(['preview', ...wide, '--region', 'US-FL']);
    expect(table.stdout).toContain('send time 08:00, window 08:00-20:00 (narrowed from 07:00-22:00 in US-FL)');
    const bad = aftercare(['preview', ...EXAMPLE, '--region', 'US-ZZ']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--region ZZ is not a US state code');
  });

  it('prints a readable table in the client\'s local time without --json', () => {
    const r = aftercare(['preview', ...EXAMPLE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/days-5-7\s+5\s+client\s+Wed Mar 11 2026, 10:00 EDT/);
    expect(r.stdout).toMatch(/days-1-4\s+1\s+client\s+Sat Mar 7 2026, 10:00 EST/);
    expect(r.stdout).toContain('clinic-follow-up');
  });

  it.each([
    [['preview', '--timezone', 'America/New_York'], /--session-at is required/],
    [['preview', ...EXAMPLE.slice(0, 2), '--timezone', 'Mars/Base'], /--timezone: must be an IANA time zone/],
    [['preview', '--session-at', '2026-03-06T15:00:00', '--timezone', 'America/New_York'], /--session-at: .*offset/],
    [['preview', ...EXAMPLE, '--session', '4'], /--session: session number 4 is beyond the 3 planned/],
    [['preview', ...EXAMPLE, '--session', '0'], /--session must be a whole number of at least 1/],
    [['preview', ...EXAMPLE, '--planned-sessions', 'x'], /--planned-sessions must be a whole number/],
    [['preview', ...EXAMPLE, '--window', '20:00-09:00'], /--window start 20:00 must be before end 09:00/],
    [['preview', ...EXAMPLE, '--send-time', '22:00'], /--send-time: send time 22:00 is outside the sending window/],
    [['preview', ...EXAMPLE, '--send-time', '7pm'], /--send-time: must be a 24-hour time/],
    [['preview', ...EXAMPLE, '--show-messages', '--locale', 'fr'], /--locale must be a language the messages are written in: en, es/],
    [['preview', ...EXAMPLE, '--bogus'], /Unknown option '--bogus'/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ])('%j: one-line error naming the argument, exit code 2', (args, message) => {
    const r = aftercare(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});
