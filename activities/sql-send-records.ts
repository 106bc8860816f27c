/**
 * The send records in PostgreSQL (or PGlite): one row per send key, so workers on any number of
 * hosts share them without a shared volume. Same semantics as InMemorySendRecordStore: `put` replaces
 * the key's whole record, `get` answers undefined for a key never written.
 *
 * Each row also carries what the clinic's numbers count by (migration 0009): the clinic, step and
 * channel its key names, and its outcome (`sent`, or `failed` for a refusal noted by
 * notePermanentFailure) with when. They are derived here, on every write, so no caller passes them.
 *
 * The caller opens the database (platform/database) and passes the handle in. Activities do not
 * import platform/, so the table is declared here as this store reads it; platform/database's
 * schema has the same table, and a difference fails to compile where the two meet.
 */
import type { ColumnType, Kysely } from 'kysely';
import { factsOfSendKey } from './send-records';
import type { SendRecordEntry, SendRecordStore } from './types';

type Optional<T> = ColumnType<T | null, T | null | undefined, T | null>;

export interface SendRecordsTables {
  send_records: {
    key: string;
    state: 'pending' | 'sent';
    provider_id: string | null;
    started_at: Date;
    sent_at: Date | null;
    clinic_id: Optional<string>;
    step: Optional<string>;
    channel: Optional<string>;
    outcome: Optional<'sent' | 'failed'>;
    outcome_at: Optional<Date>;
    failure: Optional<string>;
  };
}

export class SqlSendRecordStore implements SendRecordStore {
  constructor(private readonly db: Kysely<SendRecordsTables>) {}

  async get(key: string): Promise<SendRecordEntry | undefined> {
    const row = await this.db
      .selectFrom('send_records')
      .select(['state', 'provider_id', 'started_at', 'sent_at', 'outcome', 'outcome_at', 'failure'])
      .where('key', '=', key)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      state: row.state,
      startedAt: row.started_at.toISOString(),
      ...(row.provider_id !== null ? { providerId: row.provider_id } : {}),
      ...(row.sent_at !== null ? { sentAt: row.sent_at.toISOString() } : {}),
      ...(row.outcome === 'failed' && row.outcome_at !== null ? { failedAt: row.outcome_at.toISOString() } : {}),
      ...(row.outcome === 'failed' && row.failure !== null ? { failure: row.failure } : {}),
    };
  }

  async put(key: string, entry: SendRecordEntry): Promise<void> {
    const facts = factsOfSendKey(key);
    const outcome = entry.state === 'sent' ? { outcome: 'sent' as const, outcome_at: new Date(entry.sentAt ?? entry.startedAt) } : entry.failedAt !== undefined ? { outcome: 'failed' as const, outcome_at: new Date(entry.failedAt) } : { outcome: null, outcome_at: null };
    const row = {
      state: entry.state,
      provider_id: entry.providerId ?? null,
      started_at: new Date(entry.startedAt),
      sent_at: entry.sentAt !== undefined ? new Date(entry.sentAt) : null,
      clinic_id: facts.clinicId ?? null,
      step: facts.step,
      channel: facts.channel,
      ...outcome,
      failure: entry.state !== 'sent' && entry.failedAt !== undefined ? (entry.failure ?? null) : null,
    };
    await this.db
      .insertInto('send_records')
      .values({ key, ...row })
      .onConflict((oc) => oc.column('key').doUpdateSet(row))
      .execute();
  }
}
