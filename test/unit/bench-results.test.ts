import { isValidPhoneNumber } from 'libphonenumber-js';
import { goalRows, README_CLOSE, README_OPEN, readmeTable, readmeWithResults } from '../../bench/readme-table';
import { markedItem, spliceItem } from '../../bench/results-file';
import { clientsOfClinic, SCALE_CSV_HEADER, scaleCsvRow, scalePhone } from '../../bench/scale-csv';
import { nearestRank, rateAfterFirstSecond } from '../../bench/stats';

const results = [
  '# Benchmark results (issues 6, 13 and 17)',
  '',
  'Produced by `npm run bench` on 2026-12-03T12:00:00.000Z in **full mode**; the run took 40.0 minutes.',
  '',
  '## Results',
  '',
  '| # | metric | goal | measured: median (min–max, n) | met? |',
  '|---|---|---|---|---|',
  '| 1 | Enrollment via HTTP API: throughput | — | 228/s (185–247, n=5) | — |',
  '| 1 | Throughput ratio API / bare (per rep) | ≥ 0.9 | 0.68 (0.58–0.76, n=5) | **no** — the API and Temporal share 2 cores ([why](#why-1)) |',
  '| 3 | Worker RSS above idle, as the OS sees it | (< 150 MB) | 295 MiB (all 3 equal) | no (see notes) |',
  '| 6 | Fairness: the small clinic\'s rate / its sender\'s 5/s | ≥ 95% | 4.98/s (n=1) = 99.6% (n=1) | yes |',
  '| 7 | Scale: import ÷ bare workflow.start | ≥ 0.9 | 0.93 (0.91–0.95, n=2) | yes |',
  '',
  ...markedItem('6', ['**6. Fairness.** old text']),
  '## Goals missed, and why',
  '',
  ...markedItem('6: missed', []),
].join('\n');

describe('the README results table', () => {
  it('shows every row with a goal of its own, met or missed with its reason and a link to the notes', () => {
    const rows = goalRows(results);
    expect(rows.map((r) => [r.item, r.goal, r.met])).toEqual([
      ['1', '≥ 0.9', false],
      ['6', '≥ 95%', true],
      ['7', '≥ 0.9', true],
    ]);
    const table = readmeTable(results);
    expect(table).toContain('last written by `npm run bench` on 2026-12-03 12:00 UTC (full mode)');
    expect(table).toContain('| 1 | Throughput ratio API / bare (per rep) | ≥ 0.9 | 0.68 (0.58–0.76, n=5) | **missed** | the API and Temporal share 2 cores ([notes](bench/RESULTS.md#why-1)) |');
    expect(table).toContain('| 7 | Scale: import ÷ bare workflow.start | ≥ 0.9 | 0.93 (0.91–0.95, n=2) | met |  |');
    // Rows without a goal, and qualifiers in parentheses, stay in RESULTS.md only.
    expect(table).not.toContain('throughput |');
    expect(table).not.toContain('as the OS sees it');
  });

  it('replaces only what is between its markers, and leaves a README without them as it is', () => {
    const readme = `# App\n\n## Performance\n\nintro\n\n${README_OPEN}\nold table\n${README_CLOSE}\n\n## Next\n`;
    const { text, replaced } = readmeWithResults(readme, results);
    expect(replaced).toBe(true);
    expect(text).not.toContain('old table');
    expect(text.startsWith('# App\n\n## Performance\n\nintro\n\n')).toBe(true);
    expect(text.endsWith(`${README_CLOSE}\n\n## Next\n`)).toBe(true);
    expect(readmeWithResults(text, results).text).toBe(text);
    expect(readmeWithResults('# no markers\n', results)).toEqual({ text: '# no markers\n', replaced: false });
  });
});

describe('a run of one item spliced into the results file', () => {
  it('adds a new item after the others and keeps every other item as it was', () => {
    const fresh = [
      '| # | metric | goal | measured: median (min–max, n) | met? |',
      '|---|---|---|---|---|',
      '| 7 | Scale: import ÷ bare workflow.start | ≥ 0.9 | 0.80 (0.79–0.81, n=2) | **no** — slow ([why](#why-7)) |',
      '',
      ...markedItem('7', ['**7. Scale.** new text']),
      '## Goals missed, and why',
      '',
      ...markedItem('7: missed', ['<a id="why-7"></a>', '', 'why it missed']),
    ].join('\n');
    const spliced = spliceItem(results, fresh, '7');
    expect(spliced).toContain('0.80 (0.79–0.81, n=2)');
    expect(spliced).not.toContain('0.93 (0.91–0.95, n=2)');
    expect(spliced).toContain('**6. Fairness.** old text');
    expect(spliced.indexOf('**7. Scale.** new text')).toBeLessThan(spliced.indexOf('## Goals missed'));
    expect(spliced).toContain('why it missed');
    const table = spliced.split('\n').filter((l) => /^\| \d/.test(l)).map((l) => l.slice(2, 3));
    expect(table).toEqual(['1', '1', '3', '6', '7']);
  });
});

describe('a sender\'s rate once the limiter\'s first second is past', () => {
  it('leaves out the start-up burst and keeps every later text, to the last', () => {
    // 10 texts in the first 100 ms (a full bucket), then one every 200 ms: 5/s.
    const times = [...Array.from({ length: 10 }, (_, i) => i * 10), ...Array.from({ length: 40 }, (_, i) => 1000 + i * 200)];
    const r = rateAfterFirstSecond(times);
    expect(r.texts).toBe(40);
    expect(r.rate).toBeCloseTo(5, 5);
    // Counting from the first text would credit the burst: 49 texts in 8.8 s.
    expect(49 / 8.8).toBeGreaterThan(5.5);
  });

  it('shows a sender held back at the end', () => {
    const times = [...Array.from({ length: 30 }, (_, i) => 1000 + i * 200), 20_000];
    expect(rateAfterFirstSecond([0, ...times]).rate).toBeLessThan(2);
  });

  it('has no rate without two texts after the first second', () => {
    expect(rateAfterFirstSecond([0, 100, 200]).rate).toBeNaN();
    expect(rateAfterFirstSecond([0, 1500]).rate).toBeNaN();
    expect(rateAfterFirstSecond([]).rate).toBeNaN();
  });
});

describe('the nearest-rank percentile', () => {
  it('is a value that was measured', () => {
    const sorted = Array.from({ length: 40 }, (_, i) => i + 1);
    expect(nearestRank(sorted, 0.95)).toBe(38);
    expect(nearestRank(sorted, 0.5)).toBe(20);
    expect(nearestRank([7], 0.95)).toBe(7);
    expect(nearestRank([], 0.95)).toBeNaN();
  });
});

describe('the scale item\'s CSV', () => {
  it('gives every client a valid, fictional phone and spreads clients over the clinics in turn', () => {
    for (const i of [0, 99, 100, 999, 12_345, 99_999]) {
      expect(isValidPhoneNumber(scalePhone(i))).toBe(true);
      expect(scalePhone(i)).toMatch(/^\+1\d{3}55501\d{2}$/);
    }
    const row = scaleCsvRow(12, { clinicIds: ['a', 'b', 'c'], tag: 't1', zone: 'Pacific/Honolulu', performedAt: '2026-12-03T11:30:00.000Z' });
    expect(row.split(',')).toHaveLength(SCALE_CSV_HEADER.split(',').length);
    expect(row).toBe('a,St1x12,Bench,+12125550112,client12@example.com,Pacific/Honolulu,true,true,1,1,2026-12-03T11:30:00.000Z');
    expect([0, 1, 2].map((j) => clientsOfClinic(100_001, 3, j))).toEqual([33_334, 33_334, 33_333]);
  });
});
