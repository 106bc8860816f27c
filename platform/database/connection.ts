/**
 * Opens the application database: the PostgreSQL server at DATABASE_URL when it is set, otherwise
 * PGlite (PostgreSQL compiled to WebAssembly, in this process) with its files in DATA_DIR/pglite.
 * Same SQL either way; the caller closes what it opened with `db.destroy()`.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
import type { Config } from '../config';
import { PGliteDialect } from './pglite-dialect';
import type { Database } from './schema';

export type DatabaseKind = 'postgres' | 'pglite';

export interface OpenDatabase {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** Where the data is, without credentials: host:port/database, or PGlite's directory. */
  location: string;
}

/** How long opening a connection to a server may take before the database counts as unreachable. */
const CONNECT_TIMEOUT_MS = 5_000;

export function pgliteDir(config: Pick<Config, 'DATA_DIR'>): string {
  return path.join(config.DATA_DIR, 'pglite');
}

/** host:port/database of a postgres:// URL: safe to print, the password stays out. */
export function describeServer(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || '5432'}${u.pathname || '/'}`;
}

export async function openDatabase(config: Pick<Config, 'DATABASE_URL' | 'DATA_DIR'>): Promise<OpenDatabase> {
  if (config.DATABASE_URL) {
    const pool = new Pool({ connectionString: config.DATABASE_URL, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, max: 10 });
    return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), kind: 'postgres', location: describeServer(config.DATABASE_URL) };
  }
  return openPGlite(pgliteDir(config));
}

/** PGlite in `dataDir`, or in memory for `memory://`. */
export async function openPGlite(dataDir: string): Promise<OpenDatabase> {
  // Loaded on demand: the WebAssembly build is large, and a server deployment never needs it.
  const { PGlite } = await import('@electric-sql/pglite');
  // PGlite creates its directory, but not the ones above it.
  if (!dataDir.includes('://')) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const client = new PGlite(dataDir);
  return { db: new Kysely<Database>({ dialect: new PGliteDialect(client) }), kind: 'pglite', location: dataDir };
}
