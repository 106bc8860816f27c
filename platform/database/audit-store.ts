/** The audit_log table (migration 0003) behind platform/audit.ts's AuditLog. */
import type { Kysely } from 'kysely';
import type { AuditEntry, AuditLog, AuditQuery, AuditRecord } from '../audit';
import type { AuditRow, Database } from './schema';

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

export class SqlAuditLog implements AuditLog {
  constructor(private readonly db: Kysely<Database>) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.db
      .insertInto('audit_log')
      .values({
        at: entry.at,
        actor: entry.actor,
        clinic_id: entry.clinicId,
        action: entry.action,
        workflow_id: entry.workflowId ?? null,
        via: entry.via,
        source_address: entry.from ?? null,
        detail: JSON.stringify(entry.detail ?? {}),
      })
      .execute();
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
