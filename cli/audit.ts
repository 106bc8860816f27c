/**
 * The audit log's entries for the changes made at the server's command line: the actor is the
 * operator at the CLI (`cli`), like the API's entries in every other way (app/audit-entry.ts).
 * Written after the change succeeded; the database is opened only then.
 */
import type { Client } from '@temporalio/client';
import { auditEntryOf, type AuditChange } from '../app/audit-entry';
import { operatorCaller } from '../app/caller';
import { clinicOfWorkflow } from '../app/workflow-access';
import { withDatabase } from './context';

export async function auditCli(changes: AuditChange | AuditChange[]): Promise<void> {
  const at = new Date();
  const caller = operatorCaller('cli');
  const { SqlAuditLog } = require('../platform/database/audit-store') as typeof import('../platform/database/audit-store');
  await withDatabase(async (db) => {
    const log = new SqlAuditLog(db);
    for (const change of [changes].flat()) await log.record(auditEntryOf(caller, change, at));
  });
}

/** The entry for a change to one run, its clinic read from the ID or the run. */
export async function auditRunChange(client: Client, change: Omit<AuditChange, 'clinicId'> & { workflowId: string }): Promise<void> {
  await auditCli({ ...change, clinicId: (await clinicOfWorkflow(client, change.workflowId)) ?? null });
}
