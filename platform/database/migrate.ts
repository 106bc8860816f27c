/**
 * Brings a database's schema up to date with the migrations in ./migrations. Safe to run from
 * several processes at once (`aftercare db migrate` in a deploy job while workers start): the run
 * holds a PostgreSQL advisory lock for its whole length, so the others wait, then find nothing left
 * to apply. Kysely's Migrator takes a lock of its own as well, after creating its bookkeeping
 * tables; ours covers the whole run, so its safety does not rest on how Kysely handles that race.
 */
import { Migrator, sql, type Kysely, type MigrationProvider } from 'kysely';
import { MIGRATIONS } from './migrations';
import type { Database } from './schema';

/** The advisory lock key of schema migrations: any 64-bit number no other lock in the database uses. */
export const MIGRATION_LOCK_KEY = 7_413_020_613n;

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export interface MigrationSummary {
  /** Names applied by this run, in order. */
  applied: string[];
  /** How many migrations the database has in all afterwards. */
  total: number;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationSummary> {
  return db.connection().execute(async (session) => {
    await sql`select pg_advisory_lock(${sql.lit(MIGRATION_LOCK_KEY)})`.execute(session);
    try {
      const { error, results = [] } = await new Migrator({ db: session, provider }).migrateToLatest();
      if (error) {
        const failed = results.find((r) => r.status === 'Error')?.migrationName;
        throw new MigrationError(`migration ${failed ?? '(before any migration)'} failed: ${(error as Error).message ?? String(error)}`);
      }
      return { applied: results.filter((r) => r.status === 'Success').map((r) => r.migrationName), total: Object.keys(MIGRATIONS).length };
    } finally {
      await sql`select pg_advisory_unlock(${sql.lit(MIGRATION_LOCK_KEY)})`.execute(session);
    }
  });
}
