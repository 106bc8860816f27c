/**
 * Opens the application database: the PostgreSQL server at DATABASE_URL when it is set, otherwise
 * PGlite (PostgreSQL compiled to WebAssembly) with its files in DATA_DIR/pglite. Only one process
 * may open those files (pglite-owner.ts): while `npm start` has them, it serves them on loopback
 * and this connects there; otherwise this process opens them itself. Same SQL either way; the
 * caller closes what it opened with `db.destroy()`.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Pool } from 'pg';
import type { Config } from '../config';
import { PGliteDialect, type PGliteClient } from './pglite-dialect';
import { claimPGlite, currentOwner } from './pglite-owner';
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

function openServer(url: string, kind: DatabaseKind, location: string): OpenDatabase {
  const pool = new Pool({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, max: 10 });
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), kind, location };
}

export async function openDatabase(config: Pick<Config, 'DATABASE_URL' | 'DATA_DIR'>): Promise<OpenDatabase> {
  if (config.DATABASE_URL) return openServer(config.DATABASE_URL, 'postgres', describeServer(config.DATABASE_URL));
  const dir = pgliteDir(config);
  const served = currentOwner(config.DATA_DIR)?.url;
  if (served) return openServer(served, 'pglite', `${dir} (served by process ${currentOwner(config.DATA_DIR)?.pid} on ${describeServer(served)})`);
  // Throws, naming the process, when another one has the files open.
  const claim = claimPGlite(config.DATA_DIR);
  try {
    const client = await newPGlite(dir);
    const opened = pgliteDatabase(
      {
        waitReady: client.waitReady,
        query: (text, params) => client.query(text, params),
        close: async () => {
          try {
            await client.close();
          } finally {
            claim.release();
          }
        },
      },
      dir,
    );
    // Kysely closes a driver on destroy() only if it was used: use it, so that closing gives up the claim.
    await sql`select 1`.execute(opened.db).catch(async (err: unknown) => {
      await client.close().catch(() => undefined);
      throw err;
    });
    return opened;
  } catch (err) {
    claim.release();
    throw err;
  }
}

/** A PGlite instance with its files in `dataDir` (created with its parents), or in memory for `memory://`. */
export async function newPGlite(dataDir: string) {
  // Loaded on demand: the WebAssembly build is large, and a server deployment never needs it.
  const { PGlite } = await import('@electric-sql/pglite');
  // PGlite creates its directory, but not the ones above it.
  if (!dataDir.includes('://')) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const client = new PGlite(dataDir);
  await client.waitReady;
  return client;
}

function pgliteDatabase(client: PGliteClient, location: string): OpenDatabase {
  return { db: new Kysely<Database>({ dialect: new PGliteDialect(client) }), kind: 'pglite', location };
}

/** PGlite of this process alone, with no claim on a directory: for `memory://` (tests). */
export async function openPGlite(dataDir: string): Promise<OpenDatabase> {
  return pgliteDatabase(await newPGlite(dataDir), dataDir);
}
