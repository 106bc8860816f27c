/**
 * The limits of a bulk import of clients (docs/import.md), defined once for the CLI, the API and
 * the page's words.
 */

/** Refusals kept with an import, the first by line; the counts hold every one. */
export const REFUSALS_KEPT = 1000;
/** Enrolments in flight at once, unless the caller asks for another number. */
export const DEFAULT_CONCURRENCY = 32;
export const MAX_CONCURRENCY = 256;
/** How often an import writes its progress (and checkpoint) while it runs. */
export const CHECKPOINT_EVERY_MS = 1000;
/**
 * An import not written for this long has lost its process: running the same file again takes it
 * over, and the API marks it interrupted. Many times CHECKPOINT_EVERY_MS, so a busy one is never taken.
 */
export const STALE_AFTER_MS = 15_000;
/** How far rows may be started ahead of the oldest one still in flight (a row being retried), so memory stays bounded. */
export const MAX_LINES_AHEAD = 10_000;
/** A row the server turns away for the moment (busy, unreachable) is tried again this many times, waiting longer each time. */
export const RETRY_ATTEMPTS = 8;
export const RETRY_FIRST_WAIT_MS = 200;
export const RETRY_LONGEST_WAIT_MS = 10_000;
/** The largest file the HTTP API takes (the CLI reads any size from disk). */
export const IMPORT_BODY_LIMIT = 16 * 1024 * 1024;
