/**
 * The bench's clinics: each made from examples/clinics.json's "northside" with a sender of its own,
 * and put in the application database a worker will open (PGlite in DATA_DIR, or DATABASE_URL)
 * through the same operation as the API and the CLI, before that worker starts.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { addClinic } from '../app/clinics';
import { profileOf, type Clinic, type ClinicProfile } from '../domain/clinic';
import { formatWindow } from '../domain/window';
import { loadClinics } from '../platform/clinics';
import { openDatabase } from '../platform/database/connection';
import { SqlClinicStore } from '../platform/database/clinic-store';
import { migrateToLatest } from '../platform/database/migrate';
import { PROJECT_ROOT } from '../platform/paths';

export function northside(): ClinicProfile {
  const clinic = loadClinics(path.join(PROJECT_ROOT, 'examples', 'clinics.json')).get('northside');
  if (!clinic) throw new Error('examples/clinics.json has no clinic "northside"');
  return clinic;
}

/** The request body of a clinic like northside, texting from `from` at `ratePerSecond`. */
export function benchClinicBody(o: { id: string; name: string; phone: string; from: string; ratePerSecond: number }): unknown {
  const base = northside();
  return {
    id: o.id,
    name: o.name,
    phone: o.phone,
    email: base.email,
    bookingUrl: base.bookingUrl,
    sendTime: base.sendTime,
    window: formatWindow(base.window),
    plannedSessions: base.plannedSessions,
    sms: { from: o.from, ratePerSecond: o.ratePerSecond },
  };
}

/** Adds each clinic (checked as a POST /api/clinics body is) and closes the database again. */
export async function addClinics(config: { DATA_DIR: string; DATABASE_URL?: string }, bodies: unknown[]): Promise<{ clinics: Clinic[]; profiles: ClinicProfile[] }> {
  // The database's owner claim is a file in DATA_DIR, which a fresh run has not made yet.
  mkdirSync(config.DATA_DIR, { recursive: true, mode: 0o700 });
  const database = await openDatabase(config);
  try {
    await migrateToLatest(database.db);
    const store = new SqlClinicStore(database.db);
    const clinics: Clinic[] = [];
    for (const body of bodies) clinics.push(await addClinic(store, body));
    return { clinics, profiles: clinics.map(profileOf) };
  } finally {
    // PGlite's files have one owner at a time: given up here, before the worker opens them.
    await database.db.destroy();
  }
}
