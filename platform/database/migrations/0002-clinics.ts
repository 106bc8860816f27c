/**
 * The clinics, until now read from CLINICS_FILE at start-up: one row each, changed in place and
 * never deleted (a clinic with running clients is deactivated instead).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('clinics')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('booking_url', 'text', (c) => c.notNull())
    .addColumn('send_time', 'text', (c) => c.notNull())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('window_end', 'text', (c) => c.notNull())
    .addColumn('planned_sessions', 'integer', (c) => c.notNull().check(sql`planned_sessions >= 1`))
    .addColumn('on_call_phone', 'text')
    .addColumn('default_locale', 'text', (c) => c.notNull())
    .addColumn('review_url', 'text')
    .addColumn('photo_check_ins', 'boolean', (c) => c.notNull())
    .addColumn('touch_up_interval_months', 'integer', (c) => c.notNull().check(sql`touch_up_interval_months >= 1`))
    .addColumn('sms_from', 'text')
    .addColumn('sms_messaging_service_sid', 'text')
    .addColumn('sms_account_sid', 'text')
    .addColumn('sms_auth_token_env', 'text')
    .addColumn('sms_rate_per_second', 'double precision', (c) => c.notNull().check(sql`sms_rate_per_second > 0`))
    .addColumn('email_from', 'text')
    .addColumn('reply_to', 'text')
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    // One sender, one way: a number (or sender ID) or a messaging service.
    .addCheckConstraint('clinics_one_sender', sql`sms_from is null or sms_messaging_service_sid is null`)
    // A sub-account always comes with the variable naming its token, never with the token.
    .addCheckConstraint('clinics_account_token', sql`(sms_account_sid is null) = (sms_auth_token_env is null)`)
    .execute();
  // Inbound texts are routed by the number they were sent to (issue 13).
  await db.schema.createIndex('clinics_sms_from').on('clinics').column('sms_from').execute();
  await db.schema.createIndex('clinics_sms_messaging_service_sid').on('clinics').column('sms_messaging_service_sid').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('clinics').execute();
}
