/**
 * The send records in PostgreSQL (or PGlite): one row per send key, so workers on any number of
 * hosts share them without a shared volume. Same semantics as InMemorySendRecordStore: `put` replaces
 * the key's whole record, `get` answers undefined for a key never written.
 *
 * The caller opens the database (platform/database) and passes the handle in. Activities do not
 * import platform/, so the table is declared here as this store reads it; platform/database's
 * schema has the same table, and a difference fails to compile where the two meet.
 */
import type { Kysely } from 'kysely';
import type { SendRecordEntry, SendRecordStore } from './types';

export interface SendRecordsTables {
  send_records: {
    key: string;
    state: 'pending' | 'sent';
    provider_id: string | null;
    started_at: Date;
    sent_at: Date | null;
  };
}

export class SqlSendRecordStore implements SendRecordStore {
  constructor(private readonly db: Kysely<SendRecordsTables>) {}

  async get(key: string): Promise<SendRecordEntry | undefined> {
    const row = await this.db
      .selectFrom('send_records')
      .select(['state', 'provider_id', 'started_at', 'sent_at'])
      .where('key', '=', key)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      state: row.state,
      startedAt: row.started_at.toISOString(),
      ...(row.provider_id !== null ? { providerId: row.provider_id } : {}),
      ...(row.sent_at !== null ? { sentAt: row.sent_at.toISOString() } : {}),
    };
  }

  async put(key: string, entry: SendRecordEntry): Promise<void> {
    const row = {
      state: entry.state,
      provider_id: entry.providerId ?? null,
      started_at: new Date(entry.startedAt),
      sent_at: entry.sentAt !== undefined ? new Date(entry.sentAt) : null,
    };
    await this.db
      .insertInto('send_records')
      .values({ key, ...row })
      .onConflict((oc) => oc.column('key').doUpdateSet(row))
      .execute();
  }
}
