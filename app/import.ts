/**
 * A bulk import of existing clients from a CSV file (docs/import.md), for the CLI and the API alike:
 *
 * 1. the check: every row read and checked as the API checks an enrolment (app/import-check.ts),
 *    nothing started; the refusals are kept with the import (line, field, reason; never the value);
 * 2. the enrolment: the rows that passed go through the API's own enrolment (app/enroll.ts), a
 *    bounded number in flight (app/import-enrol.ts), with the late-enrolment rules of the plan
 *    (steps already due are skipped, the welcome speaks of the phase the client is in now).
 *
 * The file is read as a stream, twice, never held whole. Progress and a checkpoint are written about
 * once a second (the `imports` table), so the same file run again (same SHA-256, same caller scope)
 * resumes an unfinished import after its checkpoint without asking Temporal about the lines before.
 * Workflow IDs make a start idempotent: a session already enrolled, running or closed, is counted
 * as such, so a finished file imported again enrols nothing twice.
 */
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Client } from '@temporalio/client';
import type { ClinicDirectory } from '../domain/clinic';
import { enrollmentBodyOf, withSessionMoved, type ColumnIndex } from '../domain/import-csv';
import type { AuditLog } from '../platform/audit';
import type { ImportProgress, ImportRecord, ImportRefusal, ImportStore } from '../platform/imports';
import { recordChange } from './audit-entry';
import { clinicScopeOf, type Caller } from './caller';
import { enroll } from './enroll';
import { AlreadyEnrolledError } from './errors';
import { rowIssues } from './import-check';
import { ImportClinics } from './import-clinics';
import { enrolRows, ImportStoppedError } from './import-enrol';
import { CHECKPOINT_EVERY_MS, DEFAULT_CONCURRENCY, REFUSALS_KEPT, STALE_AFTER_MS } from './import-limits';
import { LineSet } from './import-line-set';
import { openImportFile } from './import-reader';
import { FAILED_PATH, ImportTally } from './import-tally';

export { ImportStoppedError } from './import-enrol';

/** How long one row's start may take before it counts as the server being too slow (and is tried again). */
const START_DEADLINE_MS = 10_000;

export interface ImportDeps {
  client: Client;
  clinics: ClinicDirectory;
  store: ImportStore;
  audit: AuditLog;
  phoneHashKey: string | undefined;
  now?: () => Date;
}

export interface ImportRun {
  caller: Caller;
  /** The file, opened afresh for each pass. */
  open: () => Readable;
  /** SHA-256 (hex) of the file's bytes: the same file again finds its unfinished import. */
  digest: string;
  concurrency?: number;
  /** Every session moved this much later (`--as-of`: a file written days ago, read as if today). */
  moveDatesMs?: number;
  signal?: AbortSignal;
  onProgress?: (status: ImportStatus) => void;
  /** Awaited before each row is started: the CLI's pause test hook holds the import there. */
  hold?: () => Promise<void>;
}

export interface ImportStatus {
  phase: 'checking' | 'enrolling';
  /** Rows read by the check so far. */
  checked: number;
  progress: ImportProgress;
}

export interface CheckResult {
  total: number;
  refusedRows: number;
  refusals: ImportRefusal[];
  refused: LineSet;
}

/** An unfinished import of the same file is still being run by a live process. */
export class ImportBusyError extends Error {
  override name = 'ImportBusyError';
  constructor(
    readonly importId: string,
    /** When its process last wrote progress: it is taken over once that is STALE_AFTER_MS ago. */
    readonly updatedAt: Date,
  ) {
    super(`this file is being imported right now (import ${importId}); follow it, or run it again once it stops`);
  }

  /** Seconds since its process last wrote progress, and until a new run may take the import over. */
  timing(now: Date): { quietSeconds: number; takeOverInSeconds: number } {
    const quiet = Math.max(0, now.getTime() - this.updatedAt.getTime());
    return { quietSeconds: Math.round(quiet / 1000), takeOverInSeconds: Math.max(1, Math.ceil((STALE_AFTER_MS - quiet) / 1000)) };
  }
}

const bodyOf = (run: Pick<ImportRun, 'moveDatesMs'>, cells: string[], index: ColumnIndex) => withSessionMoved(enrollmentBodyOf(cells, index), run.moveDatesMs ?? 0);

const clock = (deps: Pick<ImportDeps, 'now'>) => deps.now ?? (() => new Date());

/** The first pass: every row checked, nothing started. InvalidInputError (`header`) for a bad header. */
export async function checkImport(deps: Pick<ImportDeps, 'clinics' | 'now'>, run: Pick<ImportRun, 'caller' | 'open' | 'onProgress' | 'moveDatesMs'>, clinics: ClinicDirectory = new ImportClinics(deps.clinics)): Promise<CheckResult> {
  const file = await openImportFile(run.open());
  const refused = new LineSet();
  const refusals: ImportRefusal[] = [];
  let total = 0;
  const check = { caller: run.caller, clinics, now: clock(deps)() };
  const empty: ImportProgress = { totalRows: 0, refusedRows: 0, enrolled: 0, alreadyEnrolled: 0, failedRows: 0, checkpointLine: 0, refusals: [] };
  for await (const row of file.rows) {
    total++;
    if (total % 1000 === 0) {
      check.now = clock(deps)();
      run.onProgress?.({ phase: 'checking', checked: total, progress: empty });
    }
    const issues = row.issue ? [row.issue] : await rowIssues(bodyOf(run, row.cells, file.index), check);
    if (issues.length === 0) continue;
    refused.add(row.line);
    for (const issue of issues) if (refusals.length < REFUSALS_KEPT) refusals.push({ line: row.line, path: issue.path, message: issue.message });
  }
  return { total, refusedRows: refused.size, refusals, refused };
}

/**
 * The import's record: the unfinished one of the same file and scope, taken over (ImportBusyError
 * while its process is alive), or a new one. The header is checked first (InvalidInputError), so a
 * file that is not an import file leaves no record.
 */
export async function beginImport(deps: ImportDeps, run: ImportRun): Promise<ImportRecord> {
  const file = await openImportFile(run.open());
  await file.rows.return(undefined);
  const now = clock(deps)();
  const scope = clinicScopeOf(run.caller) ?? null;
  const unfinished = await deps.store.findUnfinished(run.digest, scope);
  if (unfinished) {
    if (!(await deps.store.claim(unfinished.id, new Date(now.getTime() - STALE_AFTER_MS), now))) throw new ImportBusyError(unfinished.id, unfinished.updatedAt);
    return { ...unfinished, state: 'checking', updatedAt: now };
  }
  return deps.store.create({ id: `imp_${randomBytes(9).toString('base64url')}`, clinicId: scope, sourceDigest: run.digest, actor: run.caller.actor, via: run.caller.via, startedAt: now });
}

/**
 * Both passes for an import begun: the check again (a resumed file is checked afresh), then the
 * enrolment after its checkpoint. Resolves with the finished record; ImportStoppedError when it
 * was stopped (`run.signal`) or the server stayed away: it is then interrupted, to be resumed.
 */
export async function continueImport(deps: ImportDeps, run: ImportRun, record: ImportRecord): Promise<ImportRecord> {
  const now = clock(deps);
  const clinics = new ImportClinics(deps.clinics);
  const check = await checkImport(deps, run, clinics);
  // Rows that failed before the checkpoint stay listed: they are not tried again on this run.
  const earlier = record.refusals.filter((r) => r.path === FAILED_PATH && r.line <= record.checkpointLine);
  const start: ImportProgress = {
    totalRows: check.total,
    refusedRows: check.refusedRows,
    enrolled: record.enrolled,
    alreadyEnrolled: record.alreadyEnrolled,
    failedRows: record.failedRows,
    checkpointLine: record.checkpointLine,
    refusals: [...check.refusals, ...earlier].sort((a, b) => a.line - b.line).slice(0, REFUSALS_KEPT),
  };
  await deps.store.save(record.id, { ...start, state: 'running', updatedAt: now() });
  const tally = new ImportTally(start);
  const report = () => run.onProgress?.({ phase: 'enrolling', checked: check.total, progress: tally.snapshot() });
  report();

  // About once a second, one write at a time: the checkpoint and the counts that go with it.
  let writing: Promise<void> = Promise.resolve();
  const write = (extra: Parameters<ImportStore['save']>[1] | undefined = undefined) => {
    writing = writing.then(() => deps.store.save(record.id, { ...tally.snapshot(), updatedAt: now(), ...extra }));
    return writing;
  };
  const timer = setInterval(() => void write().catch(() => undefined), CHECKPOINT_EVERY_MS);
  const file = await openImportFile(run.open());
  try {
    await enrolRows({
      rows: file.rows,
      index: file.index,
      afterLine: record.checkpointLine,
      refused: check.refused,
      tally,
      concurrency: run.concurrency ?? DEFAULT_CONCURRENCY,
      bodyOf: (cells) => bodyOf(run, cells, file.index),
      signal: run.signal,
      onSettled: report,
      start: async (body) => {
        await run.hold?.();
        return startRow(deps, run.caller, clinics, body);
      },
    });
  } catch (err) {
    clearInterval(timer);
    await write({ state: 'interrupted', updatedAt: now() });
    throw err;
  }
  clearInterval(timer);
  const finishedAt = now();
  await write({ state: 'done', updatedAt: finishedAt, finishedAt });
  const done = (await deps.store.get(record.id)) as ImportRecord;
  await recordChange(deps.audit, run.caller, finishedAt, {
    action: 'import.finished',
    clinicId: done.clinicId,
    detail: { importId: done.id, total: done.totalRows, enrolled: done.enrolled, alreadyEnrolled: done.alreadyEnrolled, refused: done.refusedRows, failed: done.failedRows },
  });
  return done;
}

/** Begins and runs an import to its end (the CLI). */
export async function runImport(deps: ImportDeps, run: ImportRun): Promise<ImportRecord> {
  return continueImport(deps, run, await beginImport(deps, run));
}

/** One row through the API's own enrolment; a session enrolled already (running or closed) is 'already'. */
async function startRow(deps: ImportDeps, caller: Caller, clinics: ClinicDirectory, body: Record<string, unknown>): Promise<'enrolled' | 'already'> {
  try {
    await deps.client.connection.withDeadline(Date.now() + START_DEADLINE_MS, () =>
      enroll({ client: deps.client, caller, clinics, body, now: clock(deps)(), phoneHashKey: deps.phoneHashKey }),
    );
    return 'enrolled';
  } catch (err) {
    if (err instanceof AlreadyEnrolledError) return 'already';
    throw err;
  }
}

export const isImportStopped = (err: unknown): err is ImportStoppedError => err instanceof ImportStoppedError;
