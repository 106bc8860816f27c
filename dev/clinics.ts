/**
 * Clinics for tests and tools: a whole record from a workflow's profile (the defaults filled in),
 * a directory in memory, and the real store on PGlite in memory. The records are not checked
 * against the schema, so a test may keep a profile the API would refuse today.
 */
import { CLINIC_DEFAULTS, type Clinic, type ClinicDirectory, type ClinicProfile } from '../domain/clinic';
import type { ClinicFields } from '../domain/clinic-schema';
import { openPGlite } from '../platform/database/connection';
import { SqlClinicStore } from '../platform/database/clinic-store';
import { migrateToLatest } from '../platform/database/migrate';
import { openAccessStores } from '../platform/database/access-stores';
import type { Database } from '../platform/database/schema';
import type { AccessStores } from '../platform/people';
import { createSealer } from '../platform/sealed';
import type { Kysely } from 'kysely';

const EPOCH = '2026-01-01T00:00:00.000Z';

/** A clinic record from a profile, with every other field at its default (active). */
export function clinicRecord(profile: ClinicProfile, extra: Partial<Clinic> = {}): Clinic {
  return {
    ...profile,
    window: { ...profile.window },
    defaultLocale: CLINIC_DEFAULTS.defaultLocale,
    photoCheckIns: CLINIC_DEFAULTS.photoCheckIns,
    touchUpIntervalMonths: CLINIC_DEFAULTS.touchUpIntervalMonths,
    sms: { ratePerSecond: CLINIC_DEFAULTS.smsRatePerSecond },
    active: true,
    createdAt: EPOCH,
    updatedAt: EPOCH,
    ...extra,
  };
}

const asRecord = (c: ClinicProfile | Clinic): Clinic => ('active' in c ? c : clinicRecord(c));

/** A fixed set of clinics in memory, read through the same port as the database. */
export function clinicDirectory(clinics: readonly (ClinicProfile | Clinic)[]): ClinicDirectory {
  const byId = new Map(clinics.map((c) => [c.id, asRecord(c)]));
  return {
    get: async (id) => byId.get(id),
    list: async () => [...byId.values()].sort((a, b) => a.id.localeCompare(b.id)),
  };
}

/** The real store on a fresh PGlite database in memory, holding `clinics`; `close` when done. */
export async function openClinicStore(
  clinics: readonly (ClinicProfile | Clinic)[] = [],
): Promise<{ store: SqlClinicStore; access: AccessStores; db: Kysely<Database>; close(): Promise<void> }> {
  const { db } = await openPGlite('memory://');
  await migrateToLatest(db);
  const store = new SqlClinicStore(db);
  await addClinics(store, clinics);
  return { store, access: openAccessStores(db, createSealer(TEST_SEALING.ring, TEST_SEALING.digestKey)), db, close: () => db.destroy() };
}

/** Keys for sealing people in memory-only test databases: never used for anything kept. */
const TEST_SEALING = {
  ring: { currentKeyId: 'test', keys: new Map([['test', Buffer.alloc(32, 7)]]) },
  digestKey: 'digest-key-for-tests-only-0123456789',
};

/** Adds to a store the clinics it does not have yet (a profile gets every other field's default). */
export async function addClinics(store: SqlClinicStore, clinics: readonly (ClinicProfile | Clinic)[]): Promise<void> {
  await store.addMissing(
    clinics.map((c): ClinicFields => {
      const { createdAt: _created, updatedAt: _updated, ...fields } = asRecord(c);
      return fields;
    }),
  );
}
