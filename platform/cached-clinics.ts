/**
 * A ClinicStore that remembers each clinic it read for a moment, for the API process: every
 * enrolment reads its clinic, and under load that read was about a tenth of the API's CPU per
 * enrolment (one embedded-PostgreSQL statement). Writes made through this store forget the clinic
 * at once, so this process always sees its own changes; a change made by another process (the
 * CLI, another API) is seen within CLINIC_READ_FRESH_MS.
 */
import type { Clinic } from '../domain/clinic';
import type { ClinicFields, ClinicStore, ImportResult } from './clinics';

/**
 * How long a clinic read by this process stands for a change made by another one. Short enough
 * that a clinic deactivated from the CLI refuses enrolments about as soon as the command returns,
 * long enough that a burst of enrolments (tens a second) reads each clinic once or twice a second
 * instead of once per enrolment.
 */
export const CLINIC_READ_FRESH_MS = 1_000;

interface Remembered {
  clinic: Clinic | undefined;
  readAt: number;
}

/** A clinic as handed out many times over: frozen, so one caller cannot change what the next one sees. */
function frozen(clinic: Clinic | undefined): Clinic | undefined {
  if (!clinic) return undefined;
  for (const value of Object.values(clinic)) if (typeof value === 'object' && value !== null) Object.freeze(value);
  return Object.freeze(clinic);
}

export class CachedClinicStore implements ClinicStore {
  private readonly remembered = new Map<string, Remembered>();
  /** Reads under way, so that a burst of requests for one clinic reads it once. */
  private readonly reading = new Map<string, Promise<Clinic | undefined>>();
  /** Bumped by every write: a read begun before it must not be remembered after it. */
  private generation = 0;

  constructor(
    private readonly store: ClinicStore,
    private readonly clock: () => number = Date.now,
  ) {}

  async get(clinicId: string): Promise<Clinic | undefined> {
    const hit = this.remembered.get(clinicId);
    if (hit && this.clock() - hit.readAt < CLINIC_READ_FRESH_MS) return hit.clinic;
    const under = this.reading.get(clinicId);
    if (under) return under;
    const generation = this.generation;
    const readAt = this.clock();
    const read = this.store.get(clinicId).then(
      (clinic) => {
        const kept = frozen(clinic);
        if (this.reading.get(clinicId) === read) this.reading.delete(clinicId);
        if (generation === this.generation) this.remembered.set(clinicId, { clinic: kept, readAt });
        return kept;
      },
      (err: unknown) => {
        if (this.reading.get(clinicId) === read) this.reading.delete(clinicId);
        throw err;
      },
    );
    this.reading.set(clinicId, read);
    return read;
  }

  /** Not remembered: lists are read by people browsing, not by every enrolment. */
  list(): Promise<Clinic[]> {
    return this.store.list();
  }

  async add(clinic: ClinicFields): Promise<Clinic> {
    try {
      return await this.store.add(clinic);
    } finally {
      this.forget();
    }
  }

  async update(clinicId: string, change: (current: Clinic) => ClinicFields): Promise<Clinic> {
    try {
      return await this.store.update(clinicId, change);
    } finally {
      this.forget();
    }
  }

  async addMissing(clinics: readonly ClinicFields[]): Promise<ImportResult> {
    try {
      return await this.store.addMissing(clinics);
    } finally {
      this.forget();
    }
  }

  /** After any write: every clinic is read again, and reads under way are not remembered. */
  private forget(): void {
    this.generation++;
    this.remembered.clear();
    this.reading.clear();
  }
}
