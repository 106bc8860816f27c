/**
 * Who is asking, and which clinics they may see (issue 14). Every API route, page action, list and
 * webhook lookup asks these functions rather than deciding on its own; anything of a clinic the
 * caller may not see is "not there" (404), never "forbidden", so its existence does not leak.
 */
import type { Role } from '../domain/roles';
import { UnknownClinicError } from '../platform/clinics';

export { ROLES, type Role } from '../domain/roles';

/** How the change arrived: the front desk page, the HTTP API, or the CLI on the server. */
export type Via = 'page' | 'api' | 'cli';

interface CallerBase {
  /** What the audit log records as the actor: an id, never a name or an address. */
  actor: string;
  via: Via;
  /** The caller's network address, where there is one (the audit log's "from where"). */
  from?: string;
}

export type Caller =
  /** The bootstrap key (API_KEY from the environment), or an operator at the server's CLI. */
  | (CallerBase & { kind: 'operator'; role: 'admin'; clinicId: null })
  | (CallerBase & { kind: 'person'; personId: string; role: Role; clinicId: string | null })
  /** A clinic's own API key: a member of that clinic's staff, for its own systems. */
  | (CallerBase & { kind: 'key'; keyId: string; role: 'staff'; clinicId: string });

export const operatorCaller = (via: Via, from?: string): Caller => ({
  kind: 'operator',
  role: 'admin',
  clinicId: null,
  actor: via === 'cli' ? 'cli' : 'admin-key',
  via,
  ...(from ? { from } : {}),
});

export const isAdmin = (caller: Caller): boolean => caller.role === 'admin';

/** The one clinic the caller is limited to, or undefined for an administrator (every clinic). */
export const clinicScopeOf = (caller: Caller): string | undefined => (caller.role === 'admin' ? undefined : (caller.clinicId ?? undefined));

export const canSeeClinic = (caller: Caller, clinicId: string): boolean => isAdmin(caller) || caller.clinicId === clinicId;

/** Settings, staff and keys of a clinic: its owners and the administrators. */
export const canManageClinic = (caller: Caller, clinicId: string): boolean =>
  isAdmin(caller) || (caller.kind === 'person' && caller.role === 'owner' && caller.clinicId === clinicId);

/** Throws the clinic's 404 unless the caller may see it. */
export function requireClinicVisible(caller: Caller, clinicId: string): void {
  if (!canSeeClinic(caller, clinicId)) throw new UnknownClinicError(clinicId);
}
