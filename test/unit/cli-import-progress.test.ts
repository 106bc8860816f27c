/** The import's progress line: the time left at the rate so far, "…" until a rate is known. */
import { PassThrough } from 'node:stream';
import type { ImportStatus } from '../../app/import';
import { progressBar, timeLeft } from '../../cli/import-progress';

it('says "…" while no rate is known, and nothing left once every row is done', () => {
  expect(timeLeft(120, 0)).toBe('…');
  expect(timeLeft(120, Number.NaN)).toBe('…');
  expect(timeLeft(0, 0)).toBe('0s');
  expect(timeLeft(0, 12)).toBe('0s');
});

it('turns the rows left at the rate so far into seconds, minutes or hours', () => {
  expect(timeLeft(10, 4)).toBe('3s');
  expect(timeLeft(590, 10)).toBe('59s');
  expect(timeLeft(600, 10)).toBe('1m 0s');
  expect(timeLeft(150, 1)).toBe('2m 30s');
  expect(timeLeft(100_000, 20)).toBe('1h 23m');
});

describe('the plain progress line (stderr not a terminal)', () => {
  const status = (enrolled: number): ImportStatus => ({
    phase: 'enrolling',
    checked: 110,
    progress: { totalRows: 110, refusedRows: 10, enrolled, alreadyEnrolled: 0, failedRows: 0, checkpointLine: enrolled + 1, refusals: [] },
  });

  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-12-03T12:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  it('shows "…" left at first, then the time left at the rate of this run', () => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (d: Buffer) => (text += d.toString()));
    const bar = progressBar(stream);
    // 20 rows were enrolled by an earlier run: they give no rate.
    bar.update(status(20));
    jest.advanceTimersByTime(10_000);
    bar.update(status(60));
    jest.advanceTimersByTime(5_000);
    bar.stop();
    expect(text).toContain('20/100 rows | 0 rows/s | … left');
    expect(text).toContain('60/100 rows | 4 rows/s | 10s left');
  });
});
