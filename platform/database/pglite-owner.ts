/**
 * Which process has DATA_DIR's PGlite open, and where it serves it: the file DATA_DIR/pglite.owner
 * (`{"pid":123,"url":"postgres://…"}`). PGlite's files must never be opened by two processes, so a
 * process opening them claims this file first (created exclusively) and removes it when it closes
 * them. `npm start` adds the loopback URL it serves the database on (pglite-server.ts), and a
 * command run beside it connects there instead of opening the files.
 *
 * A file left by a process that no longer runs (killed, machine restarted) is stale: the next
 * claim removes it, so it never stops the next start.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface PGliteOwner {
  pid: number;
  /** Where the owner serves the database; unset while it uses it alone. */
  url?: string;
}

export class PGliteInUseError extends Error {
  override name = 'PGliteInUseError';
}

export function ownerFile(dataDir: string): string {
  return path.join(dataDir, 'pglite.owner');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, as another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parse(text: string): PGliteOwner | undefined {
  try {
    const value = JSON.parse(text) as Partial<PGliteOwner>;
    if (!Number.isInteger(value.pid)) return undefined;
    return { pid: value.pid!, ...(typeof value.url === 'string' ? { url: value.url } : {}) };
  } catch {
    return undefined;
  }
}

/** The live owner of DATA_DIR's PGlite, or undefined when nobody (still running) has it. */
export function currentOwner(dataDir: string): PGliteOwner | undefined {
  let text: string;
  try {
    text = readFileSync(ownerFile(dataDir), 'utf8');
  } catch {
    return undefined;
  }
  const owner = parse(text);
  return owner && alive(owner.pid) ? owner : undefined;
}

export interface PGliteClaim {
  /** Records where this process now serves the database. */
  serveAt(url: string): void;
  release(): void;
}

/** Makes this process the owner, or throws PGliteInUseError naming the process that is. */
export function claimPGlite(dataDir: string): PGliteClaim {
  const file = ownerFile(dataDir);
  const write = (owner: PGliteOwner, flag: 'wx' | 'w') => writeFileSync(file, `${JSON.stringify(owner)}\n`, { flag, mode: 0o600 });
  for (let attempt = 0; ; attempt++) {
    try {
      write({ pid: process.pid }, 'wx');
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
      const owner = currentOwner(dataDir);
      if (owner) {
        throw new PGliteInUseError(
          `the embedded database in ${path.join(dataDir, 'pglite')} is in use by process ${owner.pid}${owner.url ? '' : ' (not shared: wait for it to finish)'}`,
        );
      }
      rmSync(file, { force: true });
    }
  }
  let released = false;
  return {
    serveAt(url) {
      if (!released) write({ pid: process.pid, url }, 'w');
    },
    release() {
      if (released) return;
      released = true;
      // Only our own claim: never a file that a later owner wrote.
      if (currentOwner(dataDir)?.pid === process.pid) rmSync(file, { force: true });
    },
  };
}
