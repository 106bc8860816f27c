/**
 * The clinic's numbers (issue 17): what became of each send, and of each text after Twilio took it,
 * queryable by clinic and day without reading any workflow.
 *
 * - `send_records` gains the send's clinic, step and channel (read from its key, which holds only
 *   ids), and its outcome: `sent` (the provider took it) or `failed` (refused for good: an invalid
 *   number, an opted-out phone, a rejected address), with when and the failure's type.
 * - `send_deliveries`: one row per text Twilio reported on (delivered, undelivered or failed), by
 *   its message SID. A table of its own rather than columns of `send_records`: a callback can
 *   arrive before the worker has written the SID into the send's record, and the record's next
 *   write must not wipe it.
 * - Indexes for the numbers' reads of `audit_log` (bookings, concerns handled, unsubscribes) and
 *   `inbound_texts` (urgent replies, STOP) by clinic and time.
 *
 * None of the new columns holds personal data: clinic ids, step ids, channel words, times, failure
 * types and Twilio error codes.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('send_records')
    .addColumn('clinic_id', 'text')
    .addColumn('step', 'text')
    .addColumn('channel', 'text')
    .addColumn('outcome', 'text', (c) => c.check(sql`outcome in ('sent', 'failed')`))
    .addColumn('outcome_at', 'timestamptz')
    .addColumn('failure', 'text')
    .execute();
  // Records written before: the key says the rest (`<workflowId>:<step>[#resend-n]:<channel>[:notice]`,
  // the clinic between `aftercare-`/`touchup-` and `~` in IDs of the current scheme).
  await sql`
    update send_records set
      step = split_part(split_part(key, ':', 2), '#', 1),
      channel = split_part(key, ':', 3),
      clinic_id = substring(split_part(key, ':', 1) from '^(?:aftercare|touchup)-([a-z0-9-]+)~'),
      outcome = case when state = 'sent' then 'sent' end,
      outcome_at = case when state = 'sent' then sent_at end`.execute(db);
  await db.schema
    .createIndex('send_records_clinic_outcome_at')
    .on('send_records')
    .columns(['clinic_id', 'outcome_at'])
    .where(sql.ref('outcome'), 'is not', null)
    .execute();

  await db.schema
    .createTable('send_deliveries')
    .addColumn('provider_id', 'text', (c) => c.primaryKey())
    .addColumn('clinic_id', 'text')
    .addColumn('workflow_id', 'text', (c) => c.notNull())
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('delivered', 'undelivered', 'failed')`))
    .addColumn('error_code', 'text')
    .addColumn('reported_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('send_deliveries_clinic_reported_at').on('send_deliveries').columns(['clinic_id', 'reported_at']).execute();

  await db.schema.createIndex('audit_log_clinic_action_at').on('audit_log').columns(['clinic_id', 'action', 'at']).execute();
  await db.schema
    .createIndex('inbound_texts_clinic_received_at')
    .on('inbound_texts')
    .columns(['clinic_id', 'received_at'])
    .where(sql.ref('direction'), '=', 'in')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('inbound_texts_clinic_received_at').execute();
  await db.schema.dropIndex('audit_log_clinic_action_at').execute();
  await db.schema.dropTable('send_deliveries').execute();
  await db.schema.dropIndex('send_records_clinic_outcome_at').execute();
  await db.schema
    .alterTable('send_records')
    .dropColumn('clinic_id')
    .dropColumn('step')
    .dropColumn('channel')
    .dropColumn('outcome')
    .dropColumn('outcome_at')
    .dropColumn('failure')
    .execute();
}
