/**
 * The audit log's interface (platform/database/audit-store.ts implements it on the database): one
 * entry for every change, saying who, what, which workflow, when and from where. Entries carry
 * ids, field names and reasons, never a phone number, an email address or a name.
 */
export interface AuditEntry {
  at: Date;
  actor: string;
  clinicId: string | null;
  action: string;
  workflowId?: string;
  via: 'page' | 'api' | 'cli';
  from?: string;
  detail?: Record<string, unknown>;
}

export interface AuditQuery {
  /** Only this clinic's entries; every clinic's when absent (administrators). */
  clinicId?: string;
  workflowId?: string;
  /** Newest first, at most this many. */
  limit: number;
  /** Entries strictly older than this id (paging). */
  before?: string;
}

export interface AuditRecord extends AuditEntry {
  id: string;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  list(query: AuditQuery): Promise<AuditRecord[]>;
}
