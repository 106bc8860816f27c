/**
 * People, their sign-in sessions and one-time links, the clinics' API keys, and the audit log
 * (issue 14). Secrets are stored only as digests: a leaked table signs nobody in. A person's email
 * and name are personal data, so they are kept sealed (AES-GCM) beside a keyed digest of the email
 * that sign-in looks them up by.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('people')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email_digest', 'text', (c) => c.notNull().unique())
    .addColumn('email_sealed', 'text', (c) => c.notNull())
    .addColumn('name_sealed', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin', 'owner', 'staff')`))
    .addColumn('clinic_id', 'text', (c) => c.references('clinics.id'))
    // Null until the person has chosen one (an invitation not yet accepted).
    .addColumn('password_hash', 'text')
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    // An administrator belongs to no clinic; everyone else to exactly one.
    .addCheckConstraint('people_clinic_by_role', sql`(role = 'admin') = (clinic_id is null)`)
    .execute();
  await db.schema.createIndex('people_clinic_id').on('people').column('clinic_id').execute();

  await db.schema
    .createTable('sign_in_sessions')
    .addColumn('token_digest', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('csrf_digest', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sign_in_sessions_person_id').on('sign_in_sessions').column('person_id').execute();

  // Invitations and password resets: a link sent by email, used once, before it expires.
  await db.schema
    .createTable('person_links')
    .addColumn('token_digest', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('invitation', 'password-reset')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('clinic_id', 'text', (c) => c.notNull().references('clinics.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('key_digest', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('api_keys_clinic_id').on('api_keys').column('clinic_id').execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    // 'admin-key', 'person:<id>', 'key:<id>' or 'cli': never a name or an address.
    .addColumn('actor', 'text', (c) => c.notNull())
    // Null for what belongs to no one clinic (an administrator's own sign-in).
    .addColumn('clinic_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('workflow_id', 'text')
    // 'page', 'api' or 'cli', and the caller's address where there is one.
    .addColumn('via', 'text', (c) => c.notNull())
    .addColumn('source_address', 'text')
    // Field names, ids, reasons: never a phone number, an email address or a name.
    .addColumn('detail', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema.createIndex('audit_log_clinic_at').on('audit_log').columns(['clinic_id', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['audit_log', 'api_keys', 'person_links', 'sign_in_sessions', 'people']) await db.schema.dropTable(table).execute();
}
