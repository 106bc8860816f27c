/** The `imports` table (migration 0008) behind platform/imports.ts's ImportStore. */
import type { Kysely, Selectable } from 'kysely';
import type { ImportProgress, ImportRecord, ImportState, ImportStore } from '../imports';
import type { Database, ImportsTable } from './schema';

const UNFINISHED: ImportState[] = ['checking', 'running', 'interrupted'];
const LIVE: ImportState[] = ['checking', 'running'];

const recordOf = (row: Selectable<ImportsTable>): ImportRecord => ({
  id: row.id,
  clinicId: row.clinic_id,
  sourceDigest: row.source_digest,
  actor: row.actor,
  via: row.via,
  state: row.state,
  totalRows: row.total_rows,
  refusedRows: row.refused_rows,
  enrolled: row.enrolled,
  alreadyEnrolled: row.already_enrolled,
  failedRows: row.failed_rows,
  checkpointLine: row.checkpoint_line,
  refusals: typeof row.refusals === 'string' ? JSON.parse(row.refusals) : row.refusals,
  startedAt: new Date(row.started_at),
  updatedAt: new Date(row.updated_at),
  finishedAt: row.finished_at === null ? null : new Date(row.finished_at),
});

const COLUMNS: Record<keyof ImportProgress, keyof ImportsTable> = {
  totalRows: 'total_rows',
  refusedRows: 'refused_rows',
  enrolled: 'enrolled',
  alreadyEnrolled: 'already_enrolled',
  failedRows: 'failed_rows',
  checkpointLine: 'checkpoint_line',
  refusals: 'refusals',
};

export class SqlImportStore implements ImportStore {
  constructor(private readonly db: Kysely<Database>) {}

  async create(r: Pick<ImportRecord, 'id' | 'clinicId' | 'sourceDigest' | 'actor' | 'via' | 'startedAt'>): Promise<ImportRecord> {
    const row = await this.db
      .insertInto('imports')
      .values({
        id: r.id,
        clinic_id: r.clinicId,
        source_digest: r.sourceDigest,
        actor: r.actor,
        via: r.via,
        state: 'checking',
        total_rows: 0,
        refused_rows: 0,
        enrolled: 0,
        already_enrolled: 0,
        failed_rows: 0,
        checkpoint_line: 0,
        refusals: '[]',
        started_at: r.startedAt,
        updated_at: r.startedAt,
        finished_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return recordOf(row);
  }

  async get(id: string): Promise<ImportRecord | undefined> {
    const row = await this.db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst();
    return row && recordOf(row);
  }

  async list(query: { clinicId?: string; limit: number }): Promise<ImportRecord[]> {
    let q = this.db.selectFrom('imports').selectAll();
    if (query.clinicId !== undefined) q = q.where('clinic_id', '=', query.clinicId);
    const rows = await q.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
    return rows.map(recordOf);
  }

  async findUnfinished(sourceDigest: string, clinicId: string | null): Promise<ImportRecord | undefined> {
    const row = await this.db
      .selectFrom('imports')
      .selectAll()
      .where('source_digest', '=', sourceDigest)
      .where((eb) => (clinicId === null ? eb('clinic_id', 'is', null) : eb('clinic_id', '=', clinicId)))
      .where('state', 'in', UNFINISHED)
      .orderBy('started_at', 'desc')
      .executeTakeFirst();
    return row && recordOf(row);
  }

  async claim(id: string, staleBefore: Date, now: Date): Promise<boolean> {
    // One statement: two processes resuming the same file cannot both take it.
    const row = await this.db
      .updateTable('imports')
      .set({ state: 'checking', updated_at: now, finished_at: null })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('state', '=', 'interrupted'), eb.and([eb('state', 'in', LIVE), eb('updated_at', '<', staleBefore)])]))
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  }

  async save(id: string, change: Partial<ImportProgress> & { state?: ImportState; updatedAt: Date; finishedAt?: Date }): Promise<void> {
    const set: Record<string, unknown> = { updated_at: change.updatedAt };
    for (const [key, column] of Object.entries(COLUMNS) as [keyof ImportProgress, string][]) {
      const value = change[key];
      if (value !== undefined) set[column] = key === 'refusals' ? JSON.stringify(value) : value;
    }
    if (change.state) set.state = change.state;
    if (change.finishedAt) set.finished_at = change.finishedAt;
    await this.db.updateTable('imports').set(set).where('id', '=', id).execute();
  }

  async interruptStale(staleBefore: Date): Promise<number> {
    const rows = await this.db
      .updateTable('imports')
      .set({ state: 'interrupted' })
      .where('state', 'in', LIVE)
      .where('updated_at', '<', staleBefore)
      .returning('id')
      .execute();
    return rows.length;
  }
}
