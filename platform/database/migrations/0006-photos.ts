/**
 * The photos clients text in (issue 16, photo check-ins): one row per picture of an MMS, written by
 * the inbound webhook with the media's address sealed, then filled by the photo intake's activity
 * with the picture itself, sealed as bytes under the codec key ring (platform/sealed.ts). Staff's
 * review of a photo is kept on its row; the note is sealed (it may describe the client's health).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('photos')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('clinic_id', 'text', (c) => c.notNull())
    .addColumn('workflow_id', 'text')
    .addColumn('client_ref', 'text')
    .addColumn('message_sid', 'text', (c) => c.notNull())
    .addColumn('media_index', 'integer', (c) => c.notNull().check(sql`media_index >= 0`))
    .addColumn('url_sealed', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('pending', 'stored', 'refused')`))
    // Why a picture was not kept (too large, not an image, gone): never the picture or its address.
    .addColumn('refusal', 'text')
    .addColumn('content_type', 'text')
    .addColumn('size', 'integer')
    .addColumn('data_sealed', 'bytea')
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('stored_at', 'timestamptz')
    .addColumn('review_outcome', 'text', (c) => c.check(sql`review_outcome in ('looks-fine', 'call-client')`))
    .addColumn('review_note_sealed', 'text')
    .addColumn('reviewed_at', 'timestamptz')
    .addColumn('reviewed_by', 'text')
    // A retried webhook finds the rows of its message and adds none.
    .addUniqueConstraint('photos_message_media', ['message_sid', 'media_index'])
    .addCheckConstraint('photos_stored_fields', sql`(state = 'stored') = (data_sealed is not null)`)
    .execute();
  await db.schema.createIndex('photos_workflow_id').on('photos').columns(['workflow_id', 'id']).execute();
  await db.schema.createIndex('photos_clinic_id').on('photos').columns(['clinic_id', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('photos').execute();
}
