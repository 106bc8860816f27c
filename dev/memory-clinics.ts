/**
 * Clinics in memory, for tests and the harness: a ClinicDirectory whose clinics a test adds and
 * edits while workflows run, as staff would through the clinic API.
 */
import type { Clinic, ClinicDirectory } from '../domain/clinic';

export { clinicRecord } from './clinics';

export class MemoryClinicDirectory implements ClinicDirectory {
  private readonly clinics = new Map<string, Clinic>();

  constructor(clinics: Clinic[] = []) {
    for (const c of clinics) this.add(c);
  }

  add(clinic: Clinic): void {
    this.clinics.set(clinic.id, structuredClone(clinic));
  }

  /** Changes some of a clinic's fields, as an edit through the API would. */
  edit(clinicId: string, changes: Partial<Omit<Clinic, 'id'>>): Clinic {
    const clinic = this.clinics.get(clinicId);
    if (!clinic) throw new Error(`no clinic '${clinicId}'`);
    const edited = { ...clinic, ...structuredClone(changes), updatedAt: new Date().toISOString() };
    this.clinics.set(clinicId, edited);
    return structuredClone(edited);
  }

  /** Forgets a clinic (something the product never does): for the unknown-clinic fallback. */
  remove(clinicId: string): void {
    this.clinics.delete(clinicId);
  }

  async get(clinicId: string): Promise<Clinic | undefined> {
    const clinic = this.clinics.get(clinicId);
    return clinic ? structuredClone(clinic) : undefined;
  }

  async list(): Promise<Clinic[]> {
    return [...this.clinics.values()].map((c) => structuredClone(c));
  }
}
