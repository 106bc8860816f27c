/**
 * The words and figures the clinic's numbers page shows (web/numbers-format.js): days, periods,
 * rates, durations, the chart summaries a screen reader reads, the empty clinic, and the CSV's
 * file name kept to plain characters.
 */
import {
  bookingSummary,
  busiestDay,
  clockText,
  counted,
  countText,
  dayLabel,
  downloadName,
  durationText,
  isEmpty,
  optOutsSummary,
  percentText,
  periodLabel,
  phasesSummary,
  sendsSummary,
  urgentSummary,
} from '../../web/numbers-format.js';

const EN = 'en-GB';
const zero = { sent: 0, delivered: 0, failed: 0 };

function emptyNumbers() {
  return {
    clients: { running: 0, byPhase: [] },
    sends: { byDay: [{ day: '2026-12-01', sms: zero, email: zero }], totals: { sms: zero, email: zero } },
    booking: { asked: 0, bookedByDay14: 0, conversion: null },
    urgent: { replies: 0, handled: 0, medianMinutesToHandled: null, byDay: [] },
    optOuts: { sms: 0, email: 0, byDay: [] },
  };
}

describe("the numbers page's words", () => {
  it("reads the server's UTC calendar days as short dates", () => {
    expect(dayLabel('2026-12-03', EN)).toBe('3 Dec');
    expect(dayLabel('2026-01-01', 'en-US')).toBe('Jan 1');
    expect(dayLabel('not a day', EN)).toBe('not a day');
    // Intl puts thin spaces around the dash.
    expect(periodLabel('2026-11-04', '2026-12-03', EN).replace(/\s/g, ' ')).toBe('4 Nov – 3 Dec 2026');
    expect(periodLabel('2026-11-04', '', EN)).toBe('');
  });

  it('says when the phases were counted on the reader\'s clock, hours and minutes', () => {
    expect(clockText('2026-12-03T15:42:10Z', EN, 'UTC')).toBe('15:42');
    expect(clockText('2026-12-03T15:42:10Z', 'en-US', 'America/New_York').replace(/\s/g, ' ')).toBe('10:42 AM');
    expect(clockText('not a time', EN, 'UTC')).toBe('');
  });

  it('writes counts, rates and durations as people say them', () => {
    expect(countText(1204, 'en-US')).toBe('1,204');
    expect(countText(undefined, EN)).toBe('0');
    expect(counted(1, ['text', 'texts'], EN)).toBe('1 text');
    expect(counted(3, ['text', 'texts'], EN)).toBe('3 texts');
    expect(percentText(0.4357, EN)).toBe('44%');
    expect(percentText(0, EN)).toBe('0%');
    expect(percentText(null, EN)).toBe('–');
    expect(durationText(null)).toBe('–');
    expect(durationText(0.4)).toBe('under a minute');
    expect(durationText(45)).toBe('45 min');
    expect(durationText(60)).toBe('1 h');
    expect(durationText(125)).toBe('2 h 5 min');
    expect(durationText(1440 + 180 + 7)).toBe('1 d 3 h');
    expect(durationText(2880)).toBe('2 d');
  });

  it('finds the busiest day, the earliest on a tie, none when all are zero', () => {
    const days = [
      { day: '2026-12-01', n: 2 },
      { day: '2026-12-02', n: 5 },
      { day: '2026-12-03', n: 5 },
    ];
    expect(busiestDay(days, (d) => d.n)).toEqual({ day: '2026-12-02', value: 5 });
    expect(busiestDay(days, () => 0)).toBeNull();
  });

  it('summarises each chart in one line', () => {
    const labelOf = (phase: string) => ({ welcome: 'Welcome', 'day-3': 'Day 3 care' })[phase] ?? phase;
    expect(phasesSummary({ running: 7, byPhase: [{ phase: 'welcome', count: 2 }, { phase: 'day-3', count: 5 }] }, labelOf, EN)).toBe(
      '7 clients in aftercare now. The most, 5, are at "Day 3 care".',
    );
    expect(phasesSummary({ running: 0, byPhase: [] }, labelOf, EN)).toBe('0 clients in aftercare now. No client is in any phase yet.');
    expect(phasesSummary({ counting: true, running: null, byPhase: [], countedAt: null }, labelOf, EN)).toMatch(/^Counting the clients in each phase/);

    const byDay = [
      { day: '2026-12-02', sms: { sent: 3, delivered: 2, failed: 1 }, email: zero },
      { day: '2026-12-03', sms: { sent: 9, delivered: 9, failed: 0 }, email: zero },
    ];
    const totals = { sms: { sent: 12, delivered: 11, failed: 1 }, email: zero };
    expect(sendsSummary('Texts', byDay, totals, 'sms', 30, EN)).toBe('Texts over the last 30 days: 12 sent, 11 delivered, 1 failed. Busiest day: 3 Dec (9 sent).');
    expect(sendsSummary('Emails', byDay, totals, 'email', 90, EN)).toBe('Emails over the last 90 days: 0 sent, 0 delivered, 0 failed.');

    expect(bookingSummary({ asked: 30, bookedByDay14: 12, conversion: 0.4 }, EN)).toBe('12 of 30 clients asked booked their next session by day 14 (40%).');
    expect(bookingSummary({ asked: 0, bookedByDay14: 0, conversion: null }, EN)).toMatch(/^No client has been asked/);

    expect(urgentSummary({ replies: 3, handled: 2, medianMinutesToHandled: 75 }, 30, EN)).toBe('3 urgent texts over the last 30 days, 2 handled; handled in 1 h 15 min (median).');
    expect(urgentSummary({ replies: 1, handled: 0, medianMinutesToHandled: null }, 30, EN)).toBe('1 urgent text over the last 30 days, 0 handled; none handled yet.');
    expect(urgentSummary({ replies: 0, handled: 0, medianMinutesToHandled: null }, 90, EN)).toBe('No urgent text from a client over the last 90 days.');

    expect(optOutsSummary({ sms: 2, email: 1 }, 30, EN)).toBe('3 opt-outs over the last 30 days: 2 from texts, 1 from emails.');
    expect(optOutsSummary({ sms: 0, email: 0 }, 30, EN)).toBe('Nobody opted out over the last 30 days.');
  });

  it('calls a clinic empty only when it has nothing at all to count', () => {
    expect(isEmpty(null)).toBe(true);
    expect(isEmpty(emptyNumbers())).toBe(true);
    const oneClient = emptyNumbers();
    oneClient.clients = { running: 1, byPhase: [] };
    expect(isEmpty(oneClient)).toBe(false);
    // Not counted yet: nothing says the clinic has no clients.
    const counting = { ...emptyNumbers(), clients: { counting: true, running: null, byPhase: [], countedAt: null } };
    expect(isEmpty(counting)).toBe(false);
    const oneSend = emptyNumbers();
    oneSend.sends.totals.email = { sent: 1, delivered: 0, failed: 0 };
    expect(isEmpty(oneSend)).toBe(false);
    const oneOptOut = emptyNumbers();
    oneOptOut.optOuts.email = 1;
    expect(isEmpty(oneOptOut)).toBe(false);
  });

  it("keeps the CSV's file name to plain characters, with a fallback", () => {
    expect(downloadName('attachment; filename="numbers-northside-30d.csv"', 'x.csv')).toBe('numbers-northside-30d.csv');
    expect(downloadName("attachment; filename*=UTF-8''north%20side.csv", 'x.csv')).toBe('north-side.csv');
    expect(downloadName('attachment; filename="../../etc/passwd"', 'x.csv')).toBe('etc-passwd');
    expect(downloadName('', 'numbers-northside-30d.csv')).toBe('numbers-northside-30d.csv');
  });
});
