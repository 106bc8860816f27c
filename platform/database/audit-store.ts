/** The audit_log table (migration 0003) behind platform/audit.ts's AuditLog. */
import type { Insertable, Kysely } from 'kysely';
import type { AuditEntry, AuditLog, AuditQuery, AuditRecord } from '../audit';
import type { AuditLogTable, AuditRow, Database } from './schema';

const rowOf = (entry: AuditEntry): Insertable<AuditLogTable> => ({
  at: entry.at,
  actor: entry.actor,
  clinic_id: entry.clinicId,
  action: entry.action,
  workflow_id: entry.workflowId ?? null,
  via: entry.via,
  source_address: entry.from ?? null,
  detail: JSON.stringify(entry.detail ?? {}),
});

const recordOf = (row: AuditRow): AuditRecord => ({
  id: String(row.id),
  at: row.at,
  actor: row.actor,
  clinicId: row.clinic_id,
  action: row.action,
  ...(row.workflow_id !== null ? { workflowId: row.workflow_id } : {}),
  via: row.via,
  ...(row.source_address !== null ? { from: row.source_address } : {}),
  detail: row.detail,
});

/** At most this many entries in one insert: a statement's parameters stay far below PostgreSQL's 65 535. */
const MAX_ENTRIES_PER_INSERT = 500;

interface Waiting {
  row: Insertable<AuditLogTable>;
  written: () => void;
  failed: (err: unknown) => void;
}

/**
 * Entries recorded at about the same time (a burst of enrolments through the API) are written by
 * one insert: each statement costs the embedded database far more than each row does. A caller's
 * `record` still settles only once its entry is written (or failed), so nothing answers before
 * its entry is in the log.
 */
export class SqlAuditLog implements AuditLog {
  private waiting: Waiting[] = [];
  private writing = false;

  constructor(private readonly db: Kysely<Database>) {}

  record(entry: AuditEntry): Promise<void> {
    return new Promise<void>((written, failed) => {
      this.waiting.push({ row: rowOf(entry), written, failed });
      if (this.writing) return;
      this.writing = true;
      // After the event loop's current turn: the entries of requests answered in it join this insert.
      setImmediate(() => void this.writeWaiting());
    });
  }

  private async writeWaiting(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, MAX_ENTRIES_PER_INSERT);
      try {
        await this.db.insertInto('audit_log').values(batch.map((w) => w.row)).execute();
        for (const w of batch) w.written();
      } catch (err) {
        if (batch.length === 1) batch[0]!.failed(err);
        // One entry's fault must not cost the others theirs: each is tried alone.
        else for (const w of batch) await this.db.insertInto('audit_log').values(w.row).execute().then(w.written, w.failed);
      }
    }
    // In the same step as the last look at `waiting` (no await between): an entry recorded after
    // it finds `writing` false and starts the next write itself.
    this.writing = false;
  }

  async list(query: AuditQuery): Promise<AuditRecord[]> {
    let q = this.db.selectFrom('audit_log').selectAll();
    if (query.clinicId !== undefined) q = q.where('clinic_id', '=', query.clinicId);
    if (query.workflowId !== undefined) q = q.where('workflow_id', '=', query.workflowId);
    if (query.before !== undefined) q = q.where('id', '<', query.before);
    const rows = await q.orderBy('id', 'desc').limit(query.limit).execute();
    return rows.map(recordOf);
  }
}
