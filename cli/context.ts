/** What the server-facing commands share: configuration, the clinics, a Temporal client. */
import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import { openClinics } from '../app/clinics';
import { loadConfig, type Config } from '../platform/config';
import { ClinicsFileError, type ClinicStore } from '../platform/clinics';
import type { OpenDatabase } from '../platform/database/connection';
import type { Database } from '../platform/database/schema';
import { PGliteInUseError } from '../platform/database/pglite-owner';
import { SqlClinicStore } from '../platform/database/clinic-store';
import { withEnvLocal } from '../platform/env-file';
import { UsageError } from './kit';
import { connectClient } from '../platform/temporal-connection';

let config: Config | undefined;

export function cliConfig(): Config {
  if (!config) {
    try {
      config = loadConfig(withEnvLocal(process.env));
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  return config;
}

/** How long a command waits for another one (not the local stack, which serves it) to close DATA_DIR's PGlite. */
const PGLITE_WAIT_MS = 15_000;

/** The application database; while another command has the embedded one open, waits for it a little. */
async function openWhenFree(config: Config): Promise<OpenDatabase> {
  // Required on demand: a command refused for its arguments never pays for kysely and pg.
  const { openDatabase } = require('../platform/database/connection') as typeof import('../platform/database/connection');
  const deadline = Date.now() + PGLITE_WAIT_MS;
  for (;;) {
    try {
      return await openDatabase(config);
    } catch (err) {
      if (!(err instanceof PGliteInUseError) || Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 300));
    }
  }
}

/**
 * Runs `fn` with the clinics of the application database (DATABASE_URL, or the local stack's), and
 * closes it afterwards. Like the API at start, it brings the schema up to date and imports
 * CLINICS_FILE into a database with no clinic yet; `importFile: false` leaves that out (`clinic import`),
 * and `announceImport` says so on stderr (the clinic commands, where the list is the point). `fn` also
 * gets the database itself, for the other stores on it (keys, people).
 */
export async function withClinics<T>(fn: (clinics: ClinicStore, db: Kysely<Database>) => Promise<T>, opts: { importFile?: boolean; announceImport?: boolean } = {}): Promise<T> {
  const config = cliConfig();
  return withDatabase(async (db) => {
    let store: ClinicStore = new SqlClinicStore(db);
    if (opts.importFile !== false) {
      const opened = await openClinics(db, config.CLINICS_FILE).catch((err: unknown) => {
        throw err instanceof ClinicsFileError ? new UsageError(err.message) : err;
      });
      store = opened.store;
      if (opened.imported?.added.length && opts.announceImport) {
        process.stderr.write(`(the database had no clinics: imported ${opened.imported.added.join(', ')} from CLINICS_FILE ${config.CLINICS_FILE})\n`);
      }
    }
    return fn(store, db);
  });
}

/** Runs `fn` with the application database, its schema brought up to date, and closes it afterwards. */
export async function withDatabase<T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  const { db } = await openWhenFree(cliConfig());
  try {
    const { migrateToLatest } = require('../platform/database/migrate') as typeof import('../platform/database/migrate');
    await migrateToLatest(db);
    return await fn(db);
  } finally {
    await db.destroy().catch(() => undefined);
  }
}

/** Runs `fn` with a connected client and closes the connection afterwards. */
export async function withClient<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = await connectClient(cliConfig());
  try {
    return await fn(client);
  } finally {
    await client.connection.close();
  }
}
