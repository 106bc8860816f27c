/**
 * The clinic's review request is asked once per client ever (issue 16): a row per clinic and
 * client reference, written when a course-complete message claims it. The client reference is the
 * clinic's opaque one; no personal data.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('review_requests')
    .addColumn('clinic_id', 'text', (c) => c.notNull())
    .addColumn('client_ref', 'text', (c) => c.notNull())
    // The session that asked, and its first run: a retry of the same claim is told it holds it.
    .addColumn('workflow_id', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('asked_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('review_requests_pkey', ['clinic_id', 'client_ref'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('review_requests').execute();
}
