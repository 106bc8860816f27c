/**
 * Clinics outside the database: the errors every caller maps (unknown id, id taken), the store's
 * interface (platform/database/clinic-store.ts implements it), and CLINICS_FILE, which is now only
 * imported: once into an empty database at start-up, or by `aftercare clinic import <file>`.
 *
 * ```json
 * { "northside": { "name": "...", "phone": "+1...", "email": "...", "bookingUrl": "https://...",
 *                  "sendTime": "10:00", "window": "09:00-20:00", "plannedSessions": 3,
 *                  "sms": { "ratePerSecond": 1 } } }
 * ```
 * Each entry is a clinic profile without its id (the key is the id), checked with the same schema
 * as the API's (domain/clinic-schema.ts); everything but name, phone, email and bookingUrl has a
 * default.
 */
import { readFileSync } from 'node:fs';
import { profileOf, type Clinic, type ClinicDirectory, type ClinicProfile } from '../domain/clinic';
import { clinicSchema, type ClinicFields } from '../domain/clinic-schema';
import { CLINIC_ID, CLINIC_ID_HINT } from '../domain/identifiers';

export type { ClinicFields } from '../domain/clinic-schema';

export class ClinicsFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClinicsFileError';
  }
}

/**
 * The one error for a clinic id that names no clinic: the API answers 404 with `clinicId`, the CLI
 * prints the message. `known`, when given, is listed in the message (for the operator, not for
 * API callers: the API words its own answer from `clinicId`).
 */
export class UnknownClinicError extends Error {
  override readonly name = 'UnknownClinicError';
  readonly clinicId: string;

  constructor(clinicId: string, known?: readonly string[]) {
    const list = known === undefined ? '' : known.length ? ` (known clinics: ${known.join(', ')})` : ' (no clinics configured)';
    super(`unknown clinic '${clinicId}'${list}`);
    this.clinicId = clinicId;
  }
}

/** A new clinic's id is taken already (the API answers 409 naming `id`); nothing was written. */
export class ClinicExistsError extends Error {
  override readonly name = 'ClinicExistsError';
  constructor(readonly clinicId: string) {
    super(`clinic id '${clinicId}' is taken already`);
  }
}

export interface ImportResult {
  /** Ids added, in the order given. */
  added: string[];
  /** Ids that were there already, left as they were. */
  skipped: string[];
}

/**
 * Where clinics are kept: read at request and send time, so a change takes effect without a
 * restart. The store keeps what it is given; callers check it first (app/clinics.ts).
 */
export interface ClinicStore extends ClinicDirectory {
  /** Adds a clinic; ClinicExistsError when its id is taken. */
  add(clinic: ClinicFields): Promise<Clinic>;
  /**
   * Replaces a clinic with what `change` makes of its current record, atomically: a concurrent
   * change waits, and when `change` throws nothing is written. UnknownClinicError when there is
   * no such clinic. The id never changes.
   */
  update(clinicId: string, change: (current: Clinic) => ClinicFields): Promise<Clinic>;
  /** Adds those clinics whose id is free, all or none of them; the others are left alone. */
  addMissing(clinics: readonly ClinicFields[]): Promise<ImportResult>;
}

function describePath(p: readonly PropertyKey[]): string {
  const [clinicId, field, ...rest] = p.map(String);
  if (clinicId === undefined) return 'file';
  const where = `clinic '${clinicId}'`;
  if (field === undefined) return where;
  return `${where} ${[field, ...rest].join('.')}`;
}

/** Validates already-parsed JSON into full clinic records (defaults filled); `source` names it in errors. */
export function parseClinicRecords(raw: unknown, source = 'clinics file'): ClinicFields[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ClinicsFileError(`${source}: must be a JSON object keyed by clinic id`);
  }
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length === 0) throw new ClinicsFileError(`${source}: no clinics defined`);
  const lines: string[] = [];
  const clinics: ClinicFields[] = [];
  for (const [id, entry] of entries) {
    if (!CLINIC_ID.test(id)) {
      lines.push(`clinic id '${id}': ${CLINIC_ID_HINT}`);
      continue;
    }
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      lines.push(`${describePath([id])}: must be an object (the clinic's profile)`);
      continue;
    }
    if ('id' in entry && (entry as { id: unknown }).id !== id) {
      lines.push(`${describePath([id, 'id'])}: must be left out or equal the key`);
      continue;
    }
    const result = clinicSchema.safeParse({ ...entry, id });
    if (result.success) {
      clinics.push(result.data);
      continue;
    }
    for (const issue of result.error.issues) {
      if (issue.code === 'unrecognized_keys') lines.push(`${describePath([id, ...issue.path])}: unknown field(s) ${issue.keys.join(', ')}`);
      else lines.push(`${describePath([id, ...issue.path])}: ${issue.message}`);
    }
  }
  if (lines.length) throw new ClinicsFileError(`${source}: ${lines.join('; ')}`);
  return clinics;
}

/** Reads and validates a clinics file into full records. Throws ClinicsFileError naming the clinic and field. */
export function readClinicsFile(file: string): ClinicFields[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ClinicsFileError(`cannot read clinics file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ClinicsFileError(`clinics file ${file} is not valid JSON: ${(err as Error).message}`);
  }
  return parseClinicRecords(raw, `clinics file ${file}`);
}

/** The workflow snapshots of already-parsed clinics JSON, by id (tools that start runs directly). */
export function parseClinics(raw: unknown, source = 'clinics file'): Map<string, ClinicProfile> {
  return new Map(parseClinicRecords(raw, source).map((c) => [c.id, profileOf(c)]));
}

/** The workflow snapshots of a clinics file's clinics, by id (the bench and the fault run start runs directly). */
export function loadClinics(file: string): Map<string, ClinicProfile> {
  return new Map(readClinicsFile(file).map((c) => [c.id, profileOf(c)]));
}

/** The clinic with this id, or an UnknownClinicError. */
export function getClinic(clinics: ReadonlyMap<string, ClinicProfile>, clinicId: string): ClinicProfile {
  const clinic = clinics.get(clinicId);
  if (!clinic) throw new UnknownClinicError(clinicId, [...clinics.keys()]);
  return clinic;
}
