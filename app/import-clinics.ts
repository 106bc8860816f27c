/**
 * The clinics an import reads, each looked up once a while rather than once a row: a file of
 * 100 000 rows names a handful of clinics. A change made to a clinic during a long import reaches
 * its later rows within CLINIC_FRESH_MS.
 */
import type { Clinic, ClinicDirectory } from '../domain/clinic';

const CLINIC_FRESH_MS = 30_000;

export class ImportClinics implements ClinicDirectory {
  private readonly known = new Map<string, { at: number; clinic: Promise<Clinic | undefined> }>();

  constructor(
    private readonly directory: ClinicDirectory,
    private readonly clock: () => number = Date.now,
  ) {}

  get(clinicId: string): Promise<Clinic | undefined> {
    const hit = this.known.get(clinicId);
    if (hit && this.clock() - hit.at < CLINIC_FRESH_MS) return hit.clinic;
    const clinic = this.directory.get(clinicId);
    this.known.set(clinicId, { at: this.clock(), clinic });
    // A failed read is not remembered: the next row asks again.
    clinic.catch(() => this.known.delete(clinicId));
    return clinic;
  }

  list(): Promise<Clinic[]> {
    return this.directory.list();
  }
}
