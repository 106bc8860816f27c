/**
 * The second pass of an import: the rows the check passed are enrolled, a bounded number in flight.
 * The server sets the pace: a start it turns away for the moment (busy, unreachable) halves the
 * number in flight and is tried again after a wait; successes raise it back, one at a time, up to
 * the number asked for. A row the server refuses for good is counted as failed and listed.
 */
import { enrollmentBodyOf, type ColumnIndex } from '../domain/import-csv';
import { UnknownClinicError } from '../platform/clinics';
import { InvalidInputError } from './errors';
import { UNKNOWN_CLINIC } from './import-check';
import { MAX_LINES_AHEAD, RETRY_ATTEMPTS } from './import-limits';
import type { LineSet } from './import-line-set';
import type { ImportLine } from './import-reader';
import { isPassingTrouble, retryWaitMs } from './import-retry';
import { FAILED_PATH, type ImportTally } from './import-tally';

/** The import stopped before its end: asked to (`stopped`), or the server stayed away (`unreachable`). */
export class ImportStoppedError extends Error {
  override name = 'ImportStoppedError';
  constructor(readonly why: 'stopped' | 'unreachable') {
    super(why === 'stopped' ? 'the import was stopped' : 'the Temporal server stayed unreachable or busy: the import stopped');
  }
}

export interface EnrolPass {
  rows: AsyncIterable<ImportLine>;
  index: ColumnIndex;
  /** Lines up to this one are settled already (a resumed import): skipped, nothing asked of Temporal. */
  afterLine: number;
  /** The lines the check refused: skipped (counted by the check). */
  refused: LineSet;
  tally: ImportTally;
  /** Starts one row's run: 'already' when that session is enrolled already; throws as app/enroll.ts does. */
  start: (body: Record<string, unknown>) => Promise<'enrolled' | 'already'>;
  concurrency: number;
  signal?: AbortSignal | undefined;
  /** Called whenever a row is settled. */
  onSettled?: (() => void) | undefined;
  sleep?: (ms: number) => Promise<void>;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function enrolRows(pass: EnrolPass): Promise<void> {
  const { tally, signal } = pass;
  const sleep = pass.sleep ?? wait;
  let limit = pass.concurrency;
  let inFlight = 0;
  let sinceCut = 0;
  let stopped: ImportStoppedError | undefined;
  let wakers: (() => void)[] = [];
  const wake = () => {
    const w = wakers;
    wakers = [];
    for (const resolve of w) resolve();
  };
  const nextChange = () => new Promise<void>((resolve) => wakers.push(resolve));
  const onAbort = () => {
    stopped ??= new ImportStoppedError('stopped');
    wake();
  };
  signal?.addEventListener('abort', onAbort);

  const settle: ImportTally['settle'] = (line, outcome, note) => {
    tally.settle(line, outcome, note);
    pass.onSettled?.();
  };

  async function enrolOne(line: number, body: Record<string, unknown>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      if (stopped) return;
      try {
        settle(line, await pass.start(body));
        if (++sinceCut >= limit && limit < pass.concurrency) {
          limit++;
          sinceCut = 0;
        }
        return;
      } catch (err) {
        if (err instanceof InvalidInputError) {
          const issue = err.issues[0] ?? { path: '(row)', message: 'is refused' };
          return settle(line, 'refused', { line, ...issue });
        }
        if (err instanceof UnknownClinicError) return settle(line, 'refused', { line, ...UNKNOWN_CLINIC });
        if (!isPassingTrouble(err)) {
          return settle(line, 'failed', { line, path: FAILED_PATH, message: `could not be started (${(err as Error)?.name ?? 'error'}): run the same file again to retry it` });
        }
        if (attempt > RETRY_ATTEMPTS) {
          // Left unsettled: the checkpoint stays before it, and the next run starts here.
          stopped ??= new ImportStoppedError('unreachable');
          return;
        }
        limit = Math.max(1, Math.floor(limit / 2));
        sinceCut = 0;
        await sleep(retryWaitMs(attempt));
      }
    }
  }

  try {
    for await (const row of pass.rows) {
      if (stopped) break;
      if (row.line <= pass.afterLine) continue;
      tally.dispatch(row.line);
      if (pass.refused.has(row.line)) {
        settle(row.line, 'skipped');
        continue;
      }
      if (row.issue) {
        // Read differently than by the check (the file changed under us): refused now.
        settle(row.line, 'refused', { line: row.line, ...row.issue });
        continue;
      }
      while (!stopped && (inFlight >= limit || tally.unsettled > MAX_LINES_AHEAD)) await nextChange();
      if (stopped) break;
      inFlight++;
      void enrolOne(row.line, enrollmentBodyOf(row.cells, pass.index)).finally(() => {
        inFlight--;
        wake();
      });
    }
    while (inFlight > 0) await nextChange();
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  if (stopped) throw stopped;
}
