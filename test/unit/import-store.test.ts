/** The imports table (platform/database/import-store.ts): resuming the same file, taking over a dead process's import, marking stale ones interrupted. */
import { openClinicStore } from '../../dev/clinics';
import { SqlImportStore } from '../../platform/database/import-store';

let close: () => Promise<void>;
let store: SqlImportStore;

beforeAll(async () => {
  const opened = await openClinicStore();
  close = opened.close;
  store = new SqlImportStore(opened.db);
});
afterAll(async () => close());

const at = (s: number) => new Date(Date.UTC(2026, 11, 3, 12, 0, s));

it('finds the unfinished import of the same file and scope, and lets one process take it over only once its own has died', async () => {
  const created = await store.create({ id: 'imp_1', clinicId: 'northside', sourceDigest: 'd1', actor: 'key:k', via: 'api', startedAt: at(0) });
  expect(created).toMatchObject({ state: 'checking', checkpointLine: 0, refusals: [] });
  await store.save('imp_1', { state: 'running', checkpointLine: 40, enrolled: 38, refusals: [{ line: 3, path: 'client.phone', message: 'm' }], updatedAt: at(10) });
  expect(await store.findUnfinished('d1', null)).toBeUndefined();
  expect(await store.findUnfinished('d2', 'northside')).toBeUndefined();
  expect(await store.findUnfinished('d1', 'northside')).toMatchObject({ id: 'imp_1', checkpointLine: 40, enrolled: 38, refusals: [{ line: 3 }] });

  // Its process wrote 5 s ago: alive, not taken.
  expect(await store.claim('imp_1', at(5), at(15))).toBe(false);
  // Nothing written for longer than the stale time: taken, and by one claimant only.
  expect(await store.claim('imp_1', at(11), at(30))).toBe(true);
  expect(await store.claim('imp_1', at(11), at(30))).toBe(false);

  await store.save('imp_1', { state: 'done', updatedAt: at(40), finishedAt: at(40) });
  expect(await store.findUnfinished('d1', 'northside')).toBeUndefined();
});

it('marks imports whose process stopped writing interrupted, and leaves live ones alone', async () => {
  await store.create({ id: 'imp_2', clinicId: null, sourceDigest: 'd3', actor: 'cli', via: 'cli', startedAt: at(0) });
  await store.create({ id: 'imp_3', clinicId: null, sourceDigest: 'd4', actor: 'cli', via: 'cli', startedAt: at(50) });
  expect(await store.interruptStale(at(20))).toBe(1);
  expect((await store.get('imp_2'))?.state).toBe('interrupted');
  expect((await store.get('imp_3'))?.state).toBe('checking');
  expect(await store.claim('imp_2', at(0), at(60))).toBe(true);
  expect((await store.list({ limit: 10 })).map((r) => r.id)).toEqual(['imp_3', 'imp_2', 'imp_1']);
  expect((await store.list({ clinicId: 'northside', limit: 10 })).map((r) => r.id)).toEqual(['imp_1']);
});
