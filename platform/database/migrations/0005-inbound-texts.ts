/**
 * Every text a client sends (and every reply staff send back from the page), kept for the clinic's
 * inbox and the client's timeline (issue 15). Health details are personal data, so the number and
 * the words are sealed (platform/sealed.ts) beside a keyed digest of the number that look-ups and
 * "mark read" go by. A text whose clinic cannot be told (a sender shared by clinics, no plan) has
 * no clinic: administrators see it.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('inbound_texts')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('clinic_id', 'text')
    .addColumn('workflow_id', 'text')
    .addColumn('client_ref', 'text')
    // Twilio's MessageSid of a client's text: a retried webhook finds its row and stores nothing twice.
    .addColumn('message_sid', 'text', (c) => c.unique())
    .addColumn('direction', 'text', (c) => c.notNull().check(sql`direction in ('in', 'out')`))
    .addColumn('phone_digest', 'text', (c) => c.notNull())
    .addColumn('phone_sealed', 'text', (c) => c.notNull())
    // Sealed JSON { text, matched }.
    .addColumn('body_sealed', 'text', (c) => c.notNull())
    .addColumn('triage_class', 'text', (c) => c.check(sql`triage_class in ('urgent', 'booking', 'question', 'other')`))
    .addColumn('keyword', 'text', (c) => c.check(sql`keyword in ('stop', 'start', 'help', 'book')`))
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('read_at', 'timestamptz')
    .addColumn('read_by', 'text')
    // Staff replies: who sent it (an actor id), the request's key (a retry texts once), how the send went.
    .addColumn('sent_by', 'text')
    .addColumn('reply_key', 'text', (c) => c.unique())
    .addColumn('send_status', 'text', (c) => c.check(sql`send_status in ('pending', 'sent', 'failed')`))
    .addColumn('provider_id', 'text')
    // The clinic's urgent alert email sent by the API for a text no running plan took: once per text.
    .addColumn('alert_state', 'text', (c) => c.check(sql`alert_state in ('pending', 'sent')`))
    .addCheckConstraint('inbound_texts_direction_fields', sql`(direction = 'in') = (message_sid is not null) and (direction = 'out') = (reply_key is not null)`)
    .execute();
  await db.schema.createIndex('inbound_texts_clinic_id').on('inbound_texts').columns(['clinic_id', 'id']).execute();
  await db.schema.createIndex('inbound_texts_workflow_id').on('inbound_texts').columns(['workflow_id', 'id']).execute();
  await db.schema.createIndex('inbound_texts_phone_digest').on('inbound_texts').columns(['phone_digest', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('inbound_texts').execute();
}
