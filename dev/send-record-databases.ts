/**
 * Empty, migrated PGlite databases in memory for harnesses' send records. Opening one runs initdb
 * in WebAssembly (seconds), and suites start a harness per test: a stopped harness's database is
 * emptied and handed to the next one in this process, which finds it as a new one would be.
 */
import { sql } from 'kysely';
import { openPGlite, type OpenDatabase } from '../platform/database/connection';
import { migrateToLatest } from '../platform/database/migrate';

const idle: OpenDatabase[] = [];

export async function takeEmptyDatabase(): Promise<OpenDatabase> {
  const reused = idle.pop();
  if (reused) return reused;
  const database = await openPGlite('memory://');
  await migrateToLatest(database.db);
  return database;
}

/** Empties every table but the migrations' bookkeeping, and keeps the database for the next harness. */
export async function returnDatabase(database: OpenDatabase): Promise<void> {
  const { rows } = await sql<{ tablename: string }>`
    select tablename from pg_tables where schemaname = current_schema() and tablename not like 'kysely\_%'`.execute(database.db);
  if (rows.length > 0) {
    await sql`truncate ${sql.join(rows.map((r) => sql.table(r.tablename)))} restart identity cascade`.execute(database.db);
  }
  idle.push(database);
}
