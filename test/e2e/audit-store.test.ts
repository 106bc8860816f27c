/** The audit log on PGlite (platform/database/audit-store.ts): entries recorded together are written together, and each caller hears of its own. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { AuditEntry } from '../../platform/audit';
import { SqlAuditLog } from '../../platform/database/audit-store';
import { openDatabase } from '../../platform/database/connection';
import { migrateToLatest } from '../../platform/database/migrate';
import type { Database } from '../../platform/database/schema';

let tmp: string;
let db: Kysely<Database>;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'audit-store-'));
  db = (await openDatabase({ DATA_DIR: tmp })).db;
  await migrateToLatest(db);
});

afterAll(async () => {
  await db.destroy();
  rmSync(tmp, { recursive: true, force: true });
});

const entry = (i: number): AuditEntry => ({ at: new Date(), actor: 'key:k1', clinicId: 'northside', action: 'enrollment.created', workflowId: `wf-${i}`, via: 'api' });

it('writes every entry of a burst, each settled once written', async () => {
  const log = new SqlAuditLog(db);
  await Promise.all(Array.from({ length: 40 }, (_, i) => log.record(entry(i))));
  const listed = await log.list({ clinicId: 'northside', limit: 100 });
  expect(listed.map((r) => r.workflowId).sort()).toEqual(Array.from({ length: 40 }, (_, i) => `wf-${i}`).sort());
});

it('keeps the order of entries recorded one after the other', async () => {
  const log = new SqlAuditLog(db);
  for (const i of [1, 2, 3]) await log.record({ ...entry(i), clinicId: 'ordered' });
  expect((await log.list({ clinicId: 'ordered', limit: 10 })).map((r) => r.workflowId)).toEqual(['wf-3', 'wf-2', 'wf-1']);
});

it("fails only the entry that cannot be written, not the others of its burst", async () => {
  const log = new SqlAuditLog(db);
  const bad = { ...entry(99), clinicId: 'mixed', actor: null as unknown as string };
  const results = await Promise.allSettled([log.record({ ...entry(1), clinicId: 'mixed' }), log.record(bad), log.record({ ...entry(2), clinicId: 'mixed' })]);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect((await log.list({ clinicId: 'mixed', limit: 10 })).map((r) => r.workflowId).sort()).toEqual(['wf-1', 'wf-2']);
});
