/**
 * Where a client lives, for the quiet-hours law (domain/compliance), as the enrolment and the
 * preview both decide it.
 */
import { regionFromPhone, windowConflict } from '../domain/compliance/profile';
import type { ClinicProfile } from '../domain/clinic';
import { InvalidInputError } from './errors';

/**
 * The client's region for the quiet-hours law: as given, else the country of their phone number,
 * else of the clinic's (a client reached by email alone most likely lives near the clinic). A
 * clinic whose window lies wholly outside the law's hours there could never message them: refused.
 */
export function clientRegion(e: { client: { region?: string; phone?: string } }, clinic: Pick<ClinicProfile, 'phone' | 'window'>): string | undefined {
  const region = e.client.region ?? (e.client.phone ? regionFromPhone(e.client.phone) : undefined) ?? regionFromPhone(clinic.phone);
  const conflict = region ? windowConflict(clinic.window, region) : undefined;
  if (conflict) throw new InvalidInputError([{ path: 'client.region', message: conflict }]);
  return region;
}
