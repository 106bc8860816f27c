/**
 * The review-request memory (migration 0007, SqlReviewRequestStore) on a real PostgreSQL server
 * with two connections at once, as two workers would use it: a client is asked once ever, a retried
 * claim of the same session still holds it, and two sessions racing for one client get one claim.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { SqlReviewRequestStore } from '../../activities/sql-review-requests';
import { createFreshDatabase, startPostgresServer, type PostgresServer } from '../../dev/postgres-server';
import { openDatabase } from '../../platform/database/connection';
import { migrateToLatest } from '../../platform/database/migrate';
import type { Database } from '../../platform/database/schema';

const tmp = mkdtempSync(path.join(tmpdir(), 'review-requests-'));
let server: PostgresServer;
let dbs: Kysely<Database>[] = [];

beforeAll(async () => {
  server = await startPostgresServer();
  const url = await createFreshDatabase(server);
  dbs = await Promise.all([0, 1].map(async () => (await openDatabase({ DATABASE_URL: url, DATA_DIR: tmp })).db));
  await migrateToLatest(dbs[0]!);
}, 300_000);

afterAll(async () => {
  await Promise.all(dbs.map((db) => db.destroy().catch(() => undefined)));
  await server?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

const claim = (clientRef: string, workflowId: string, runId = 'run-1') => ({ clinicId: 'northside', clientRef, workflowId, runId });

describe('review requests on PostgreSQL', () => {
  it('asks a client once: a retry of the same claim holds it, a later course does not', async () => {
    const [a, b] = dbs.map((db) => new SqlReviewRequestStore(db));
    const at = new Date();
    expect(await a!.claim(claim('C1', 'aftercare-northside~C1-s3'), at)).toBe(true);
    expect(await b!.claim(claim('C1', 'aftercare-northside~C1-s3'), at)).toBe(true);
    expect(await b!.claim(claim('C1', 'aftercare-northside~C1-s5'), at)).toBe(false);
    // The same workflow ID started again later (another run) is another course.
    expect(await a!.claim(claim('C1', 'aftercare-northside~C1-s3', 'run-2'), at)).toBe(false);
    // Another client, or the same reference at another clinic, is asked as usual.
    expect(await a!.claim(claim('C2', 'aftercare-northside~C2-s1'), at)).toBe(true);
    expect(await a!.claim({ ...claim('C1', 'aftercare-southbank~C1-s1'), clinicId: 'southbank' }, at)).toBe(true);
    const rows = await dbs[0]!.selectFrom('review_requests').selectAll().orderBy('client_ref').execute();
    expect(rows.map((r) => Object.keys(r).sort())).toEqual(rows.map(() => ['asked_at', 'client_ref', 'clinic_id', 'run_id', 'workflow_id']));
  });

  it('two sessions claiming one client at once: exactly one gets it', async () => {
    const [a, b] = dbs.map((db) => new SqlReviewRequestStore(db));
    const results = await Promise.all([a!.claim(claim('RACE', 'aftercare-northside~RACE-s1'), new Date()), b!.claim(claim('RACE', 'aftercare-northside~RACE-s2'), new Date())]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});
