/**
 * Reading the audit log: administrators read every clinic's (or one's), owners their own clinic's.
 * Staff and keys read none of it (403). Person actors are shown with their name beside the id, so
 * owners see who did what; nothing else personal is in an entry.
 */
import { z } from 'zod';
import { CLINIC_ID, CLINIC_ID_HINT } from '../domain/identifiers';
import type { AuditRecord } from '../platform/audit';
import { clinicScopeOf, isAdmin, type Caller } from './caller';
import { clinicManagedBy, type AdminDeps } from './clinic-access';
import { ForbiddenError } from './errors';
import { parseWith } from './parse';

const AUDIT_LIMIT_MAX = 500;
const AUDIT_LIMIT_DEFAULT = 100;
const PERSON_ACTOR = 'person:';

export const auditQuery = z.strictObject({
  clinicId: z.string({ message: 'must be given once' }).regex(CLINIC_ID, { message: CLINIC_ID_HINT }).meta({ description: "Only this clinic's entries (owners: their own clinic, the default)." }).optional(),
  workflowId: z.string({ message: 'must be given once' }).min(1, { message: 'must not be empty' }).max(200, { message: 'must be at most 200 characters' }).meta({ description: "Only this workflow's entries." }).optional(),
  limit: z
    .string({ message: 'must be given once' })
    .regex(/^\d{1,4}$/, { message: `must be a whole number from 1 to ${AUDIT_LIMIT_MAX}` })
    .transform(Number)
    .refine((n) => n >= 1 && n <= AUDIT_LIMIT_MAX, { message: `must be a whole number from 1 to ${AUDIT_LIMIT_MAX}` })
    .meta({ description: `Newest first, at most this many (default ${AUDIT_LIMIT_DEFAULT}).` })
    .optional(),
  before: z
    .string({ message: 'must be given once' })
    .regex(/^[1-9]\d{0,17}$/, { message: "must be an entry's id (the next page: the last id of this one)" })
    .meta({ description: 'Only entries older than this entry id (paging).' })
    .optional(),
});

export interface AuditEntryView {
  id: string;
  at: string;
  actor: string;
  /** The name of a person actor, as it is now. */
  actorName?: string;
  action: string;
  clinicId: string | null;
  workflowId?: string;
  via: AuditRecord['via'];
  from?: string;
  detail: Record<string, unknown>;
}

export async function listAudit(deps: AdminDeps, caller: Caller, query: unknown): Promise<AuditEntryView[]> {
  const q = parseWith(auditQuery, query ?? {}, 'query');
  // An owner's own clinic when none is named; an administrator's every clinic.
  const clinicId = q.clinicId ?? clinicScopeOf(caller);
  if (clinicId !== undefined) await clinicManagedBy(deps, caller, clinicId, 'read the audit log');
  else if (!isAdmin(caller)) throw new ForbiddenError('Only administrators and clinic owners may read the audit log.');

  const records = await deps.access.audit.list({
    ...(clinicId !== undefined ? { clinicId } : {}),
    ...(q.workflowId !== undefined ? { workflowId: q.workflowId } : {}),
    ...(q.before !== undefined ? { before: q.before } : {}),
    limit: q.limit ?? AUDIT_LIMIT_DEFAULT,
  });
  const personIds = [...new Set(records.filter((r) => r.actor.startsWith(PERSON_ACTOR)).map((r) => r.actor.slice(PERSON_ACTOR.length)))];
  const names = await deps.access.people.namesOf(personIds);
  return records.map((r) => {
    const name = r.actor.startsWith(PERSON_ACTOR) ? names.get(r.actor.slice(PERSON_ACTOR.length)) : undefined;
    return {
      id: r.id,
      at: r.at.toISOString(),
      actor: r.actor,
      ...(name !== undefined ? { actorName: name } : {}),
      action: r.action,
      clinicId: r.clinicId,
      ...(r.workflowId !== undefined ? { workflowId: r.workflowId } : {}),
      via: r.via,
      ...(r.from !== undefined ? { from: r.from } : {}),
      detail: r.detail ?? {},
    };
  });
}
