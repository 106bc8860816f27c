/**
 * The local stack's data folder holds clients' texts and emails, the databases and the logs: only
 * its owner may read it. The folder is 0700 and everything in it 0600 (folders 0700), including
 * what an earlier version left readable, and this process and its children (Temporal, MailDev,
 * the worker, which inherit the mask) create files that way from now on.
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** New files 0600, new folders 0700, for this process and every child it starts. */
export const PRIVATE_UMASK = 0o077;

/**
 * Makes `target` and everything under it private again. PGlite sets its files' modes itself
 * (0644), whatever the mask: they sit in 0700 folders while it runs, and are tightened at stop.
 */
export function tighten(target: string): void {
  const stat = lstatSync(target, { throwIfNoEntry: false });
  // Gone meanwhile (a WAL file, a lock), or a link whose target is not ours to change.
  if (!stat || stat.isSymbolicLink()) return;
  if (stat.isDirectory()) {
    if ((stat.mode & 0o777) !== 0o700) chmodSync(target, 0o700);
    for (const entry of readdirSync(target)) tighten(path.join(target, entry));
  } else if ((stat.mode & 0o077) !== 0) {
    chmodSync(target, stat.mode & 0o700);
  }
}

/** Creates `dataDir` if needed and makes it and everything in it private; sets the process umask. */
export function makeDataPrivate(dataDir: string): void {
  process.umask(PRIVATE_UMASK);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  tighten(dataDir);
}
