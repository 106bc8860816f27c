/**
 * Twilio deliveries already handled, by their signed MessageSid (and status, for status
 * callbacks), with the answer given: a captured request replayed to another API process, or after
 * a restart, changes nothing (issue 14's hardening). Holds no number and no text.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('status_code', 'integer', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('handled_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('webhook_deliveries').execute();
}
