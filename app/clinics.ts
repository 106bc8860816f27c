/**
 * Managing clinics: add, change (deactivate included), read, import. The API's /api/clinics routes
 * and the CLI's `aftercare clinic` commands both come through here, so both refuse the same things
 * with the same words (domain/clinic-schema.ts), and nothing is written unless all of it is valid.
 */
import type { Clinic, ClinicDirectory } from '../domain/clinic';
import { clinicInputOf, clinicSchema, mergePatch, type ClinicInput } from '../domain/clinic-schema';
import type { FieldIssue } from '../domain/field-issue';
import type { Kysely } from 'kysely';
import { readClinicsFile, UnknownClinicError, type ClinicFields, type ClinicStore, type ImportResult } from '../platform/clinics';
import { SqlClinicStore } from '../platform/database/clinic-store';
import type { Database } from '../platform/database/schema';
import { InvalidInputError } from './errors';
import { fieldIssuesOf } from './zod-issues';

/** A clinic as the API and the CLI show it: its profile as written, and when it was made and last changed. */
export type ClinicView = ClinicInput & { window: string; createdAt: string; updatedAt: string };

export function clinicView(c: Clinic): ClinicView {
  return { ...clinicInputOf(c), createdAt: c.createdAt, updatedAt: c.updatedAt };
}

/** An untrusted profile checked whole (defaults filled in), or InvalidInputError naming each field. */
export function parseClinic(body: unknown): ClinicFields {
  const result = clinicSchema.safeParse(body);
  if (!result.success) throw new InvalidInputError(fieldIssuesOf(result.error));
  return result.data;
}

/** Adds a clinic. InvalidInputError (nothing written) or ClinicExistsError (409, `id`). */
export async function addClinic(store: ClinicStore, body: unknown): Promise<Clinic> {
  return store.add(parseClinic(body));
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Changes a clinic: `patch` is merged into its current profile (JSON Merge Patch: `null` removes a
 * field or resets it to its default, `sms` merges field by field) and the result is checked whole.
 * `{ "active": false }` deactivates it. UnknownClinicError, or InvalidInputError with nothing changed.
 */
export async function changeClinic(store: ClinicStore, clinicId: string, patch: unknown): Promise<Clinic> {
  if (!isPlainObject(patch)) throw new InvalidInputError([{ path: '(body)', message: 'must be a JSON object of the fields to change' }]);
  if (Object.keys(patch).length === 0) throw new InvalidInputError([{ path: '(body)', message: 'names no field to change' }]);
  if ('id' in patch && patch.id !== clinicId) throw new InvalidInputError([{ path: 'id', message: 'cannot be changed: a clinic keeps its id' }]);
  return store.update(clinicId, (current) => {
    const merged = mergePatch(clinicInputOf(current), patch);
    const result = clinicSchema.safeParse(merged);
    if (result.success) return result.data;
    throw new InvalidInputError(fieldIssuesOf(result.error).map((issue) => blameChangedField(issue, patch)));
  });
}

/**
 * A send time that no longer suits the window is reported on `sendTime`; when the change named
 * only the window, it is the window that the caller has to fix.
 */
function blameChangedField(issue: FieldIssue, patch: Record<string, unknown>): FieldIssue {
  if (issue.path === 'sendTime' && !('sendTime' in patch) && 'window' in patch) return { ...issue, path: 'window' };
  return issue;
}

/** The clinic, or UnknownClinicError. */
export async function getClinicOf(directory: ClinicDirectory, clinicId: string): Promise<Clinic> {
  const clinic = await directory.get(clinicId);
  if (!clinic) throw new UnknownClinicError(clinicId);
  return clinic;
}

/**
 * The clinic a new enrolment goes to (its whole record: the run snapshots the profile, the rest
 * sets defaults), as the directory has it now: the API's remembers a clinic for a moment
 * (platform/cached-clinics.ts). A deactivated clinic enrols no one: InvalidInputError on `clinicId`.
 */
export async function clinicForEnrolment(directory: ClinicDirectory, clinicId: string): Promise<Clinic> {
  const clinic = await getClinicOf(directory, clinicId);
  if (!clinic.active) {
    throw new InvalidInputError([{ path: 'clinicId', message: `clinic "${clinicId}" is deactivated and takes no new enrolments (its running plans carry on)` }]);
  }
  return clinic;
}

/** Imports a clinics file: every clinic checked first (ClinicsFileError), then the new ids added and the taken ones listed. */
export async function importClinicsFile(store: ClinicStore, file: string): Promise<ImportResult> {
  return store.addMissing(readClinicsFile(file));
}

/**
 * CLINICS_FILE, imported once: into a database that has no clinic yet (a first start, or an
 * upgrade from the file). Undefined when there were clinics already and nothing was read.
 */
export async function importClinicsFileIfEmpty(store: ClinicStore, file: string): Promise<ImportResult | undefined> {
  if ((await store.list()).length > 0) return undefined;
  return importClinicsFile(store, file);
}

/**
 * The clinics of a migrated database, for a process that serves them (the API, the local stack):
 * CLINICS_FILE is imported when the database has none yet. `imported` says what was added then.
 */
export async function openClinics(db: Kysely<Database>, clinicsFile: string): Promise<{ store: SqlClinicStore; imported: ImportResult | undefined }> {
  const store = new SqlClinicStore(db);
  return { store, imported: await importClinicsFileIfEmpty(store, clinicsFile) };
}
