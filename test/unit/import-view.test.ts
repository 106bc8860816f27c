/** ImportView: counts, rate and time left, a dead process's import shown interrupted, and who may see one. */
import { operatorCaller, type Caller } from '../../app/caller';
import { canSeeImport, importView } from '../../app/import-view';
import type { ImportRecord } from '../../platform/imports';

const record = (over: Partial<ImportRecord> = {}): ImportRecord => ({
  id: 'imp_1',
  clinicId: 'northside',
  sourceDigest: 'd',
  actor: 'key:k',
  via: 'api',
  state: 'running',
  totalRows: 1000,
  refusedRows: 100,
  enrolled: 300,
  alreadyEnrolled: 100,
  failedRows: 0,
  checkpointLine: 501,
  refusals: [],
  startedAt: new Date('2026-12-03T12:00:00Z'),
  updatedAt: new Date('2026-12-03T12:00:20Z'),
  finishedAt: null,
  ...over,
});

it('shows how many rows are settled, the rate and the time left', () => {
  expect(importView(record(), new Date('2026-12-03T12:00:21Z'))).toMatchObject({ state: 'running', total: 1000, settled: 500, ratePerSecond: 20, secondsLeft: 25 });
});

it('shows an import whose process stopped writing as interrupted, with no time left to promise', () => {
  expect(importView(record(), new Date('2026-12-03T12:01:00Z'))).toMatchObject({ state: 'interrupted', secondsLeft: null });
});

it("lets a clinic's callers see its imports, administrators every one, and nobody else", () => {
  const staffOf = (clinicId: string): Caller => ({ kind: 'key', keyId: 'k', role: 'staff', clinicId, actor: 'key:k', via: 'api' });
  expect(canSeeImport(staffOf('northside'), record())).toBe(true);
  expect(canSeeImport(staffOf('harbour'), record())).toBe(false);
  expect(canSeeImport(staffOf('northside'), record({ clinicId: null }))).toBe(false);
  expect(canSeeImport(operatorCaller('api'), record({ clinicId: 'harbour' }))).toBe(true);
});
