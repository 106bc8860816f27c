/**
 * One audit entry from a change and the caller who made it, for the API (api/audit.ts) and the CLI
 * (cli/audit.ts) alike. A change names ids, field names and reasons; who made it comes from the
 * caller's actor (an id, never a name), so no contact detail can slip in through the caller.
 */
import { redactValue } from '../domain/redact';
import type { AuditEntry, AuditLog } from '../platform/audit';
import type { Caller } from './caller';

export type AuditAction =
  | 'enrollment.created'
  | 'enrollment.cancelled'
  | 'enrollment.paused'
  | 'enrollment.resumed'
  | 'step.resent'
  | 'contact.changed'
  | 'consent.recorded'
  | 'channel.switched'
  | 'booking.recorded'
  | 'booking.cleared'
  | 'concern.handled'
  | 'clinic.added'
  | 'clinic.changed'
  | 'clinic.paused'
  | 'clinic.resumed'
  | 'key.created'
  | 'key.revoked'
  | 'person.invited'
  | 'person.changed'
  | 'person.removed'
  | 'person.signed-in'
  | 'person.signed-out'
  | 'password.reset'
  | 'text.replied'
  | 'photo.reviewed'
  | 'import.finished'
  | 'touch-ups.stopped';

export interface AuditChange {
  action: AuditAction;
  clinicId: string | null;
  workflowId?: string | undefined;
  /** Ids, field names, reasons: never a phone number, an email address or a name (one typed into a reason is masked). */
  detail?: Record<string, unknown>;
}

export function auditEntryOf(caller: Pick<Caller, 'actor' | 'via' | 'from'>, change: AuditChange, at: Date): AuditEntry {
  return {
    at,
    actor: caller.actor,
    via: caller.via,
    ...(caller.from ? { from: caller.from } : {}),
    clinicId: change.clinicId,
    action: change.action,
    ...(change.workflowId !== undefined ? { workflowId: change.workflowId } : {}),
    ...(change.detail ? { detail: redactValue(change.detail) as Record<string, unknown> } : {}),
  };
}

/** The names of the fields a change gives (values left out: they may be contact details). */
export function fieldsGiven(change: Record<string, unknown>): string[] {
  return Object.keys(change).filter((field) => change[field] !== undefined);
}

/** Writes the entry for a change an app operation made (keys, staff): the API and the CLI alike. */
export async function recordChange(log: AuditLog, caller: Pick<Caller, 'actor' | 'via' | 'from'>, at: Date, change: AuditChange): Promise<void> {
  await log.record(auditEntryOf(caller, change, at));
}
