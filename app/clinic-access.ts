/**
 * The order every administration operation checks a clinic in: another clinic's (or a missing
 * one) is 404, whatever the role, so the answer never tells which clinics exist; only then does
 * the role count (403 for staff and keys where managing is needed).
 */
import type { Clinic, ClinicDirectory } from '../domain/clinic';
import type { AccessStores } from '../platform/people';
import { canManageClinic, requireClinicVisible, type Caller } from './caller';
import { ForbiddenError, UnknownClinicError } from './errors';

/** What the administration operations (keys, staff, audit) work with. */
export interface AdminDeps {
  clinics: ClinicDirectory;
  access: AccessStores;
  now: () => Date;
}

/** The clinic, when the caller may see it (any role of it, or an administrator). */
export async function clinicSeenBy(deps: AdminDeps, caller: Caller, clinicId: string): Promise<Clinic> {
  requireClinicVisible(caller, clinicId);
  const clinic = await deps.clinics.get(clinicId);
  if (!clinic) throw new UnknownClinicError(clinicId);
  return clinic;
}

/** The clinic, when the caller manages it (its owner, or an administrator); `what` completes the 403's sentence. */
export async function clinicManagedBy(deps: AdminDeps, caller: Caller, clinicId: string, what: string): Promise<Clinic> {
  const clinic = await clinicSeenBy(deps, caller, clinicId);
  if (!canManageClinic(caller, clinicId)) throw new ForbiddenError(`Only the clinic's owners and administrators may ${what}.`);
  return clinic;
}
