/**
 * The embedded database of `npm start`: this process claims DATA_DIR's PGlite (pglite-owner.ts),
 * opens it, and serves it on 127.0.0.1:`port` (pglite-server.ts). Every user, this process
 * included, then connects by the returned URL, so the API, the worker child and CLI commands run
 * beside them share one database that only this process opens.
 */
import { newPGlite, pgliteDir } from './connection';
import { claimPGlite } from './pglite-owner';
import { servePGlite } from './pglite-server';

export interface EmbeddedDatabase {
  /** postgres:// URL on loopback: give it to the processes that should share the database. */
  url: string;
  /** Where the files are. */
  dir: string;
  /** Stops serving, closes PGlite and gives up the claim. Call after the users have disconnected. */
  close(): Promise<void>;
}

/** Throws PGliteInUseError when another running process has the files, or the listen error (EADDRINUSE). */
export async function serveEmbeddedDatabase(dataDir: string, port: number): Promise<EmbeddedDatabase> {
  const dir = pgliteDir({ DATA_DIR: dataDir });
  const claim = claimPGlite(dataDir);
  let pglite: Awaited<ReturnType<typeof newPGlite>> | undefined;
  try {
    pglite = await newPGlite(dir);
    const server = await servePGlite(pglite, port);
    claim.serveAt(server.url);
    const opened = pglite;
    return {
      url: server.url,
      dir,
      async close() {
        try {
          await server.close();
          await opened.close();
        } finally {
          claim.release();
        }
      },
    };
  } catch (err) {
    await pglite?.close().catch(() => undefined);
    claim.release();
    throw err;
  }
}
