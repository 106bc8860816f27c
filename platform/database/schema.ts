/**
 * The application database's tables as Kysely sees them: one interface per table, named in
 * snake_case as in SQL. docs/database.md describes them; the migrations in ./migrations create
 * them, and a change to one goes with a new migration.
 */
import type { ColumnType, Generated, Selectable } from 'kysely';

/** One send's dedupe record (activities/send-records.ts explains the protocol). */
export interface SendRecordsTable {
  /** `${workflowId}:${step}:${channel}`, see sendKey() in activities/send-records.ts. */
  key: string;
  state: 'pending' | 'sent';
  provider_id: string | null;
  started_at: Date;
  sent_at: Date | null;
  /** From the key (migration 0009): null for IDs of the first workflow-ID scheme, which do not say. */
  clinic_id: Optional<string>;
  step: Optional<string>;
  channel: Optional<string>;
  /** `sent` (the provider took it), `failed` (refused for good), null while in flight. */
  outcome: Optional<'sent' | 'failed'>;
  outcome_at: Optional<Date>;
  /** The permanent failure's type (activities/types.ts PERMANENT_FAILURE), never its message. */
  failure: Optional<string>;
}

/** A nullable column a row may be inserted without (columns added to a table that had rows). */
type Optional<T> = ColumnType<T | null, T | null | undefined, T | null>;

/** What Twilio reported of a text it took (migration 0009), by its message SID. */
export interface SendDeliveriesTable {
  provider_id: string;
  clinic_id: string | null;
  workflow_id: string;
  step: string;
  channel: string;
  status: 'delivered' | 'undelivered' | 'failed';
  error_code: string | null;
  reported_at: Date;
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

/** Someone who signs in: an administrator (no clinic), or a clinic's owner or staff member. */
export interface PeopleTable {
  id: string;
  /** Keyed digest of the lower-cased email: what sign-in finds the person by. */
  email_digest: string;
  /** The email and the name, sealed (platform/sealed.ts); never in clear. */
  email_sealed: string;
  name_sealed: string;
  role: 'admin' | 'owner' | 'staff';
  clinic_id: string | null;
  /** argon2id; null until an invited person has chosen a password. */
  password_hash: string | null;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

/** A signed-in browser: the cookie's token and the CSRF token, as SHA-256 digests only. */
export interface SignInSessionsTable {
  token_digest: string;
  person_id: string;
  csrf_digest: string;
  created_at: Date;
  expires_at: Date;
}

/** An invitation or password-reset link, used once. */
export interface PersonLinksTable {
  token_digest: string;
  person_id: string;
  purpose: 'invitation' | 'password-reset';
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
}

/** A clinic's API key, shown once and kept as a SHA-256 digest. */
export interface ApiKeysTable {
  id: string;
  clinic_id: string;
  name: string;
  key_digest: string;
  created_by: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

/** One change, by whom, from where; no contact details. */
export interface AuditLogTable {
  id: Generated<string>;
  at: Date;
  actor: string;
  clinic_id: string | null;
  action: string;
  workflow_id: string | null;
  via: 'page' | 'api' | 'cli';
  source_address: string | null;
  detail: ColumnType<Record<string, unknown>, string, string>;
}

/** A Twilio delivery handled, by signed MessageSid, with the answer given (migration 0004). */
export interface WebhookDeliveriesTable {
  key: string;
  status_code: number;
  content_type: string;
  body: string;
  handled_at: Date;
}

/** A client's text, or a staff reply to one (migration 0005); the number and the words sealed. */
export interface InboundTextsTable {
  id: Generated<string>;
  /** Null when no clinic can be told (administrators see it). */
  clinic_id: string | null;
  workflow_id: string | null;
  client_ref: string | null;
  /** Twilio's MessageSid for 'in'; null for staff replies. */
  message_sid: string | null;
  direction: 'in' | 'out';
  phone_digest: string;
  phone_sealed: string;
  /** Sealed JSON `{ text, matched }`. */
  body_sealed: string;
  triage_class: 'urgent' | 'booking' | 'question' | 'other' | null;
  keyword: 'stop' | 'start' | 'help' | 'book' | null;
  received_at: Date;
  read_at: Date | null;
  read_by: string | null;
  sent_by: string | null;
  /** A staff reply's request key: a retried request finds its row and texts once. */
  reply_key: string | null;
  send_status: 'pending' | 'sent' | 'failed' | null;
  provider_id: string | null;
  /** The urgent alert email the API sends for a text no running plan took: claimed, then sent. */
  alert_state: 'pending' | 'sent' | null;
}

/** A client asked for a review, once ever (activities/review-requests.ts); no personal data. */
export interface ReviewRequestsTable {
  clinic_id: string;
  client_ref: string;
  workflow_id: string;
  run_id: string;
  asked_at: Date;
}

/** A picture a client texted in (migration 0006): its address sealed until fetched, then the picture sealed as bytes. */
export interface PhotosTable {
  id: Generated<string>;
  clinic_id: string;
  workflow_id: string | null;
  client_ref: string | null;
  message_sid: string;
  media_index: number;
  url_sealed: string;
  state: 'pending' | 'stored' | 'refused';
  refusal: string | null;
  content_type: string | null;
  size: number | null;
  data_sealed: Uint8Array | null;
  received_at: Date;
  stored_at: Date | null;
  review_outcome: 'looks-fine' | 'call-client' | null;
  review_note_sealed: string | null;
  reviewed_at: Date | null;
  reviewed_by: string | null;
}

/** One bulk import of a CSV file (migration 0008): its progress and its refusals, never the file. */
export interface ImportsTable {
  id: string;
  clinic_id: string | null;
  /** SHA-256 of the file's bytes: the same file again finds this import and resumes it. */
  source_digest: string;
  actor: string;
  via: 'page' | 'api' | 'cli';
  state: 'checking' | 'running' | 'done' | 'interrupted' | 'failed';
  total_rows: number;
  refused_rows: number;
  enrolled: number;
  already_enrolled: number;
  failed_rows: number;
  checkpoint_line: number;
  refusals: ColumnType<ImportRefusal[], string, string>;
  started_at: Date;
  updated_at: Date;
  finished_at: Date | null;
}

/** A refused row: its line in the file (1 = the header), the field, and why, without the value. */
export interface ImportRefusal {
  line: number;
  path: string;
  message: string;
}

export interface Database {
  send_records: SendRecordsTable;
  clinics: ClinicsTable;
  people: PeopleTable;
  sign_in_sessions: SignInSessionsTable;
  person_links: PersonLinksTable;
  api_keys: ApiKeysTable;
  audit_log: AuditLogTable;
  webhook_deliveries: WebhookDeliveriesTable;
  inbound_texts: InboundTextsTable;
  review_requests: ReviewRequestsTable;
  photos: PhotosTable;
  imports: ImportsTable;
  send_deliveries: SendDeliveriesTable;
}

export type SendRecordRow = Selectable<SendRecordsTable>;
export type ClinicRow = Selectable<ClinicsTable>;
export type PersonRow = Selectable<PeopleTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type InboundTextRow = Selectable<InboundTextsTable>;
export type PhotoRow = Selectable<PhotosTable>;
