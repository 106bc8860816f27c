/**
 * `aftercare import <file.csv> [--dry-run] [--concurrency <n>] [--json]`: enrols existing clients
 * from a CSV file (docs/import.md). The rows are checked first and the refused ones listed (line,
 * field, reason); the rest are enrolled with a progress bar on stderr. The same file run again
 * resumes an unfinished import, or enrols only what is missing.
 *
 * Exit codes: 0 every row enrolled or already enrolled; 2 some rows refused (the rest enrolled),
 * or bad arguments; 1 rows that could not be started, or the server unreachable; 130 stopped
 * (Ctrl-C), resumable by running the same command again.
 */
import { createReadStream, statSync } from 'node:fs';
import { DateTime } from 'luxon';
import { clinicScopeOf, operatorCaller } from '../../app/caller';
import { InvalidInputError } from '../../app/errors';
import { checkImport, ImportBusyError, isImportStopped, runImport, type ImportDeps } from '../../app/import';
import { digestOf } from '../../app/import-digest';
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from '../../app/import-limits';
import { FAILED_PATH } from '../../app/import-tally';
import type { ImportRefusal, ImportStore } from '../../platform/imports';
import { cliConfig, withClient, withClinics } from '../context';
import { progressBar } from '../import-progress';
import { optionalPositiveInt, printJson, UsageError, type Command } from '../kit';

/**
 * Test hook (docs/import.md): stop as Ctrl-C would once this many rows were enrolled in this run,
 * so a test can interrupt an import at a known point and resume it.
 */
const STOP_AFTER_ENV = 'AFTERCARE_IMPORT_STOP_AFTER';
/**
 * Test hook (docs/import.md): once this many rows were enrolled in this run and their checkpoint
 * written, the import holds still (its record kept fresh, as a live process keeps it) until the
 * process is killed, so a test can kill an import mid-way without it marking itself stopped.
 */
const PAUSE_AFTER_ENV = 'AFTERCARE_IMPORT_PAUSE_AFTER';
/** How often the pause hook looks whether the checkpoint it waits for is written. */
const PAUSE_POLL_MS = 100;
/** Exit code of an import stopped on purpose (as a shell reports Ctrl-C). */
const STOPPED_EXIT = 130;

/** The pause test hook: waits until the record's checkpoint reaches `line`, says so, then never returns. */
async function holdUntilKilled(store: ImportStore, digest: string, scope: string | null, line: number): Promise<never> {
  for (;;) {
    const record = await store.findUnfinished(digest, scope);
    if (record && record.checkpointLine >= line) break;
    await new Promise((resolve) => setTimeout(resolve, PAUSE_POLL_MS));
  }
  process.stderr.write(`import paused after line ${line} (${PAUSE_AFTER_ENV}): waiting to be killed\n`);
  return new Promise<never>(() => setInterval(() => undefined, 60_000));
}

const peakRssMiB = () => Math.round(process.resourceUsage().maxRSS / 1024);

function fileArg(positionals: string[]): string {
  const file = positionals[0];
  if (!file) throw new UsageError('<file.csv> is required: aftercare import <file.csv>');
  let size: number;
  try {
    size = statSync(file).size;
  } catch (err) {
    throw new UsageError(`${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (size === 0) throw new UsageError(`${file}: the file is empty`);
  return file;
}

/**
 * `--as-of <date>`: the file was written on that date (examples/clients.csv says which); its
 * sessions move later by the time since, so they are as recent as they were then.
 */
function asOfArg(value: unknown): number {
  if (value === undefined) return 0;
  const at = DateTime.fromISO(String(value), { zone: 'utc' });
  if (!at.isValid || at.toMillis() > Date.now()) throw new UsageError('--as-of must be a past date or instant (ISO-8601), such as 2026-12-03');
  return Date.now() - at.toMillis();
}

/** Another process runs this file (or died too recently to tell): what to do, and when. */
function busyMessage(err: ImportBusyError): string {
  const { quietSeconds, takeOverInSeconds } = err.timing(new Date());
  return (
    `another import of this file is running (import ${err.importId}, last progress ${quietSeconds} s ago): let it finish; ` +
    `if that process was killed, run this command again in ${takeOverInSeconds} s and it will resume where that one stopped`
  );
}

const refusalLine = (r: ImportRefusal) => `line ${r.line}, ${r.path}: ${r.message}`;

function printRefusals(refusals: ImportRefusal[], counted: number): void {
  if (refusals.length === 0) return;
  process.stdout.write(`${refusals.map(refusalLine).join('\n')}\n`);
  if (counted > refusals.length) process.stdout.write(`(and ${counted - refusals.length} more not listed)\n`);
}

export const importCommand: Command = {
  summary: 'enrol existing clients from a CSV file (one row per session)',
  usage: `aftercare import <file.csv> [--dry-run] [--concurrency <n>, default ${DEFAULT_CONCURRENCY}] [--as-of <date the file was written>] [--json]`,
  options: { 'dry-run': { type: 'boolean' }, concurrency: { type: 'string' }, 'as-of': { type: 'string' }, json: { type: 'boolean' } },
  async run({ values, positionals }) {
    const file = fileArg(positionals);
    const concurrency = optionalPositiveInt(values, 'concurrency', DEFAULT_CONCURRENCY);
    if (concurrency > MAX_CONCURRENCY) throw new UsageError(`--concurrency must be at most ${MAX_CONCURRENCY}`);
    const json = Boolean(values.json);
    const moveDatesMs = asOfArg(values['as-of']);
    const began = Date.now();
    const caller = operatorCaller('cli');
    const open = () => createReadStream(file);
    const stopAfter = Number(process.env[STOP_AFTER_ENV] ?? 0);
    const pauseAfter = Number(process.env[PAUSE_AFTER_ENV] ?? 0);
    const { PHONE_HASH_KEY } = cliConfig();

    try {
      if (values['dry-run']) {
        const check = await withClinics((clinics) => checkImport({ clinics }, { caller, open, moveDatesMs }));
        const seconds = Math.round((Date.now() - began) / 100) / 10;
        if (json) printJson({ importId: null, dryRun: true, total: check.total, toEnrol: check.total - check.refusedRows, refused: check.refusals, refusedCount: check.refusedRows, seconds, peakRssMiB: peakRssMiB() });
        else {
          printRefusals(check.refusals, check.refusedRows);
          process.stdout.write(`checked ${check.total} rows: ${check.total - check.refusedRows} would be enrolled, ${check.refusedRows} refused (nothing was started)\n`);
        }
        return check.refusedRows > 0 ? 2 : 0;
      }

      const digest = await digestOf(createReadStream(file));
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const bar = json ? undefined : progressBar();
      let runStart: number | undefined;
      if (!json) process.stderr.write('checking every row first...\n');
      try {
        const done = await withClinics((clinics, db) =>
          withClient(async (client) => {
            const { SqlImportStore } = require('../../platform/database/import-store') as typeof import('../../platform/database/import-store');
            const { SqlAuditLog } = require('../../platform/database/audit-store') as typeof import('../../platform/database/audit-store');
            const store = new SqlImportStore(db);
            const deps: ImportDeps = { client, clinics, store, audit: new SqlAuditLog(db), phoneHashKey: PHONE_HASH_KEY };
            let pauseAt: number | undefined;
            return runImport(deps, {
              caller,
              open,
              digest,
              concurrency,
              moveDatesMs,
              signal: stop.signal,
              onProgress(status) {
                if (status.phase === 'enrolling') {
                  const p = status.progress;
                  const settled = p.enrolled + p.alreadyEnrolled;
                  runStart ??= settled;
                  if (stopAfter > 0 && settled - runStart >= stopAfter) stop.abort();
                  if (pauseAfter > 0 && settled - runStart >= pauseAfter) pauseAt ??= p.checkpointLine;
                }
                bar?.update(status);
              },
              hold: async () => {
                if (pauseAt !== undefined) await holdUntilKilled(store, digest, clinicScopeOf(caller) ?? null, pauseAt);
              },
            });
          }),
        );
        bar?.stop();
        const seconds = Math.round((Date.now() - began) / 100) / 10;
        const refused = done.refusals.filter((r) => r.path !== FAILED_PATH);
        const failures = done.refusals.filter((r) => r.path === FAILED_PATH);
        if (json) {
          printJson({
            importId: done.id,
            total: done.totalRows,
            enrolled: done.enrolled,
            alreadyEnrolled: done.alreadyEnrolled,
            refused,
            refusedCount: done.refusedRows,
            failed: done.failedRows,
            failures,
            seconds,
            peakRssMiB: peakRssMiB(),
          });
        } else {
          printRefusals(done.refusals, done.refusedRows + done.failedRows);
          process.stdout.write(
            `import ${done.id}: ${done.totalRows} rows, ${done.enrolled} enrolled, ${done.alreadyEnrolled} already enrolled, ${done.refusedRows} refused, ${done.failedRows} failed (${seconds} s)\n`,
          );
        }
        return done.failedRows > 0 ? 1 : done.refusedRows > 0 ? 2 : 0;
      } catch (err) {
        bar?.stop();
        if (isImportStopped(err)) {
          process.stderr.write(
            err.why === 'stopped'
              ? 'import stopped: run the same command again to resume where it stopped\n'
              : 'import stopped: the Temporal server stayed unreachable or too busy; run the same command again to resume where it stopped\n',
          );
          return err.why === 'stopped' ? STOPPED_EXIT : 1;
        }
        throw err;
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    } catch (err) {
      if (err instanceof InvalidInputError) throw new UsageError(`${file}: line 1 (the header): ${err.issues.map((i) => i.message).join('; ')}`);
      if (err instanceof ImportBusyError) throw new UsageError(busyMessage(err));
      throw err;
    }
  },
};
