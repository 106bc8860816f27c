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

export interface Database {
  send_records: SendRecordsTable;
}

export type SendRecordRow = Selectable<SendRecordsTable>;
