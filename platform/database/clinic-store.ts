/**
 * The clinics table (migration 0002) behind the ClinicStore interface of platform/clinics.ts: what
 * the API, the CLI and the worker read clinics from. Every read goes to the database, so a clinic
 * changed by one process is seen by every other at its next read.
 */
import type { Insertable, Kysely } from 'kysely';
import type { Clinic, ClinicSmsSender } from '../../domain/clinic';
import { ClinicExistsError, UnknownClinicError, type ClinicFields, type ClinicStore, type ImportResult } from '../clinics';
import type { ClinicRow, ClinicsTable, Database } from './schema';

function senderOf(row: ClinicRow): ClinicSmsSender {
  return {
    ...(row.sms_from !== null ? { from: row.sms_from } : {}),
    ...(row.sms_messaging_service_sid !== null ? { messagingServiceSid: row.sms_messaging_service_sid } : {}),
    ...(row.sms_account_sid !== null ? { accountSid: row.sms_account_sid } : {}),
    ...(row.sms_auth_token_env !== null ? { authTokenEnv: row.sms_auth_token_env } : {}),
    ratePerSecond: Number(row.sms_rate_per_second),
  };
}

/** A row as the domain sees it: optional fields absent rather than null. */
export function clinicOf(row: ClinicRow): Clinic {
  return {
    id: row.id,
    name: row.name,
    phone: row.phone,
    email: row.email,
    bookingUrl: row.booking_url,
    sendTime: row.send_time,
    window: { start: row.window_start, end: row.window_end },
    plannedSessions: row.planned_sessions,
    ...(row.on_call_phone !== null ? { onCallPhone: row.on_call_phone } : {}),
    defaultLocale: row.default_locale,
    ...(row.review_url !== null ? { reviewUrl: row.review_url } : {}),
    photoCheckIns: row.photo_check_ins,
    touchUpIntervalMonths: row.touch_up_interval_months,
    sms: senderOf(row),
    ...(row.email_from !== null ? { emailFrom: row.email_from } : {}),
    ...(row.reply_to !== null ? { replyTo: row.reply_to } : {}),
    active: row.active,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** Every column but the timestamps, from a clinic's fields. */
function columnsOf(c: ClinicFields): Omit<Insertable<ClinicsTable>, 'created_at' | 'updated_at'> {
  return {
    id: c.id,
    name: c.name,
    phone: c.phone,
    email: c.email,
    booking_url: c.bookingUrl,
    send_time: c.sendTime,
    window_start: c.window.start,
    window_end: c.window.end,
    planned_sessions: c.plannedSessions,
    on_call_phone: c.onCallPhone ?? null,
    default_locale: c.defaultLocale,
    review_url: c.reviewUrl ?? null,
    photo_check_ins: c.photoCheckIns,
    touch_up_interval_months: c.touchUpIntervalMonths,
    sms_from: c.sms.from ?? null,
    sms_messaging_service_sid: c.sms.messagingServiceSid ?? null,
    sms_account_sid: c.sms.accountSid ?? null,
    sms_auth_token_env: c.sms.authTokenEnv ?? null,
    sms_rate_per_second: c.sms.ratePerSecond,
    email_from: c.emailFrom ?? null,
    reply_to: c.replyTo ?? null,
    active: c.active,
  };
}

export class SqlClinicStore implements ClinicStore {
  constructor(
    private readonly db: Kysely<Database>,
    /** When a clinic is created or changed; the system clock unless a test fixes it. */
    private readonly now: () => Date = () => new Date(),
  ) {}

  async get(clinicId: string): Promise<Clinic | undefined> {
    const row = await this.db.selectFrom('clinics').selectAll().where('id', '=', clinicId).executeTakeFirst();
    return row ? clinicOf(row) : undefined;
  }

  /** Every clinic, active or not, by id. */
  async list(): Promise<Clinic[]> {
    const rows = await this.db.selectFrom('clinics').selectAll().orderBy('id').execute();
    return rows.map(clinicOf);
  }

  async add(clinic: ClinicFields): Promise<Clinic> {
    const at = this.now();
    // `on conflict do nothing` rather than catching the unique violation: the same on PGlite and
    // on a server, and the table never sees a failed statement.
    const row = await this.db
      .insertInto('clinics')
      .values({ ...columnsOf(clinic), created_at: at, updated_at: at })
      .onConflict((oc) => oc.column('id').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new ClinicExistsError(clinic.id);
    return clinicOf(row);
  }

  async update(clinicId: string, change: (current: Clinic) => ClinicFields): Promise<Clinic> {
    return this.db.transaction().execute(async (trx) => {
      // The row stays locked until commit: two changes at once apply one after the other, each
      // to the other's result, and neither loses the other's fields.
      const current = await trx.selectFrom('clinics').selectAll().where('id', '=', clinicId).forUpdate().executeTakeFirst();
      if (!current) throw new UnknownClinicError(clinicId);
      const next = change(clinicOf(current));
      if (next.id !== clinicId) throw new Error(`a clinic keeps its id: ${clinicId} cannot become ${next.id}`);
      const row = await trx
        .updateTable('clinics')
        .set({ ...columnsOf(next), updated_at: this.now() })
        .where('id', '=', clinicId)
        .returningAll()
        .executeTakeFirstOrThrow();
      return clinicOf(row);
    });
  }

  async addMissing(clinics: readonly ClinicFields[]): Promise<ImportResult> {
    if (clinics.length === 0) return { added: [], skipped: [] };
    const at = this.now();
    const rows = await this.db
      .insertInto('clinics')
      .values(clinics.map((c) => ({ ...columnsOf(c), created_at: at, updated_at: at })))
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .execute();
    const added = new Set(rows.map((r) => r.id));
    return { added: clinics.filter((c) => added.has(c.id)).map((c) => c.id), skipped: clinics.filter((c) => !added.has(c.id)).map((c) => c.id) };
  }
}
