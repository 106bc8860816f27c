/**
 * An audit entry for a change an app operation made, with who, how and from where taken from the
 * caller, so the API and the CLI record the same entry for the same change. Details carry ids and
 * roles, never an email address or a name.
 */
import type { AuditLog } from '../platform/audit';
import type { Caller } from './caller';

export interface Change {
  action: string;
  clinicId: string | null;
  workflowId?: string;
  detail?: Record<string, unknown>;
}

export async function recordChange(log: AuditLog, caller: Caller, at: Date, change: Change): Promise<void> {
  await log.record({
    at,
    actor: caller.actor,
    via: caller.via,
    ...(caller.from ? { from: caller.from } : {}),
    clinicId: change.clinicId,
    action: change.action,
    ...(change.workflowId ? { workflowId: change.workflowId } : {}),
    ...(change.detail ? { detail: change.detail } : {}),
  });
}
