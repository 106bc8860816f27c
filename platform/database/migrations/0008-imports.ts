/**
 * Bulk imports (issue 17): one row per import of a CSV file, so an interrupted import resumes
 * where it stopped, the page shows progress, and Prometheus reads import progress from here
 * whichever process (API or CLI) runs it. The file itself is never stored: only its SHA-256 digest,
 * which is how running the same file again finds the earlier import. Refusals name a line and a
 * field and say why, never the value.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // The clinic the caller acts for; null for an operator's file that may span clinics.
    .addColumn('clinic_id', 'text')
    .addColumn('source_digest', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('via', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('total_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('refused_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('enrolled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('already_enrolled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed_rows', 'integer', (c) => c.notNull().defaultTo(0))
    // Every data line up to this one is settled (enrolled, already enrolled, refused or failed).
    .addColumn('checkpoint_line', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('refusals', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('finished_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('imports_source_idx').on('imports').columns(['source_digest', 'clinic_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('imports').execute();
}
