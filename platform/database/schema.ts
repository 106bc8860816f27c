/**
 * The application database's tables as Kysely sees them: one interface per table, named in
 * snake_case as in SQL. docs/database.md describes them; the migrations in ./migrations create
 * them, and a change to one goes with a new migration.
 */
import type { Selectable } from 'kysely';

/** One send's dedupe record (activities/send-records.ts explains the protocol). */
export interface SendRecordsTable {
  /** `${workflowId}:${step}:${channel}`, see sendKey() in activities/send-records.ts. */
  key: string;
  state: 'pending' | 'sent';
  provider_id: string | null;
  started_at: Date;
  sent_at: Date | null;
}

/** One clinic (domain/clinic.ts's Clinic, column by column; platform/database/clinic-store.ts maps it). */
export interface ClinicsTable {
  id: string;
  name: string;
  phone: string;
  email: string;
  booking_url: string;
  /** `HH:MM`, like the window's ends. */
  send_time: string;
  window_start: string;
  window_end: string;
  planned_sessions: number;
  on_call_phone: string | null;
  default_locale: string;
  review_url: string | null;
  photo_check_ins: boolean;
  touch_up_interval_months: number;
  sms_from: string | null;
  sms_messaging_service_sid: string | null;
  sms_account_sid: string | null;
  /** The NAME of the environment variable holding the sub-account's auth token; never the token. */
  sms_auth_token_env: string | null;
  sms_rate_per_second: number;
  email_from: string | null;
  reply_to: string | null;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface Database {
  send_records: SendRecordsTable;
  clinics: ClinicsTable;
}

export type SendRecordRow = Selectable<SendRecordsTable>;
export type ClinicRow = Selectable<ClinicsTable>;
