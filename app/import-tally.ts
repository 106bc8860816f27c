/**
 * An import's counts and checkpoint while rows are enrolled with many in flight. Rows finish out of
 * order; a row counts, and the checkpoint moves past it, only once every row before it has finished
 * too. So the counts written with a checkpoint are exactly those of the lines up to it, and a
 * resumed import, which skips those lines, never counts a row twice.
 */
import type { ImportProgress, ImportRefusal } from '../platform/imports';
import { REFUSALS_KEPT } from './import-limits';

export type RowOutcome = 'enrolled' | 'already' | 'failed' | 'refused' | 'skipped';

/** Rows that could not be started are listed with the refusals, under this path. */
export const FAILED_PATH = '(start)';

export class ImportTally {
  private readonly pending: { line: number; outcome?: RowOutcome; note?: ImportRefusal }[] = [];
  private head = 0;
  private readonly byLine = new Map<number, { line: number; outcome?: RowOutcome; note?: ImportRefusal }>();
  private progress: ImportProgress;

  constructor(start: ImportProgress) {
    this.progress = { ...start, refusals: [...start.refusals] };
  }

  /** A row handed to the enrolment (lines in increasing order). */
  dispatch(line: number): void {
    const entry = { line };
    this.pending.push(entry);
    this.byLine.set(line, entry);
  }

  /** How many rows are dispatched and not yet counted. */
  get unsettled(): number {
    return this.pending.length - this.head;
  }

  /** The row's outcome; `note` lists it (a refusal found late, a failure). */
  settle(line: number, outcome: RowOutcome, note?: ImportRefusal): void {
    const entry = this.byLine.get(line);
    if (!entry) return;
    entry.outcome = outcome;
    if (note) entry.note = note;
    this.advance();
  }

  private advance(): void {
    const p = this.progress;
    while (this.head < this.pending.length) {
      const entry = this.pending[this.head] as { line: number; outcome?: RowOutcome; note?: ImportRefusal };
      if (!entry.outcome) break;
      if (entry.outcome === 'enrolled') p.enrolled++;
      else if (entry.outcome === 'already') p.alreadyEnrolled++;
      else if (entry.outcome === 'failed') p.failedRows++;
      else if (entry.outcome === 'refused') p.refusedRows++;
      if (entry.note && p.refusals.length < REFUSALS_KEPT) p.refusals = [...p.refusals, entry.note];
      p.checkpointLine = entry.line;
      this.byLine.delete(entry.line);
      this.head++;
    }
    // Drop what is counted once in a while, not at every row.
    if (this.head > 4096 && this.head * 2 > this.pending.length) {
      this.pending.splice(0, this.head);
      this.head = 0;
    }
  }

  /** The counts and checkpoint, refusals in line order. */
  snapshot(): ImportProgress {
    return { ...this.progress, refusals: [...this.progress.refusals].sort((a, b) => a.line - b.line) };
  }
}
