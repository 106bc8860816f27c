/**
 * A clinic directory as one caller sees it: the clinics they may not see are simply not in it, so
 * any operation that looks a clinic up (the plan preview) answers "unknown clinic" for them, the
 * same 404 a missing clinic gets.
 */
import type { ClinicDirectory } from '../domain/clinic';
import { canSeeClinic, type Caller } from './caller';

export function clinicsVisibleTo(directory: ClinicDirectory, caller: Caller): ClinicDirectory {
  return {
    get: async (id) => (canSeeClinic(caller, id) ? directory.get(id) : undefined),
    list: async () => (await directory.list()).filter((c) => canSeeClinic(caller, c.id)),
  };
}
