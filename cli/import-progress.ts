/**
 * The import's progress on stderr (`aftercare import`): a bar on a terminal with the rate so far and
 * the time left at that rate; a plain line every few seconds otherwise.
 */
import { SingleBar } from 'cli-progress';
import type { ImportStatus } from '../app/import';

/** How often the progress line is printed when stderr is not a terminal. */
const PLAIN_PROGRESS_MS = 5000;

/** Time left at the rate so far, as a person reads it; "…" until a rate is known (rows already enrolled go by without one). */
export function timeLeft(rows: number, perSecond: number): string {
  if (rows <= 0) return '0s';
  if (!(perSecond > 0)) return '…';
  const s = Math.ceil(rows / perSecond);
  return s < 60 ? `${s}s` : s < 3600 ? `${Math.floor(s / 60)}m ${s % 60}s` : `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

/** A progress bar on a terminal; a plain line every few seconds otherwise (a log, CI). */
export function progressBar(stream: NodeJS.WritableStream = process.stderr): { update(status: ImportStatus): void; stop(): void } {
  const bar = new SingleBar({
    stream,
    format: 'enrolling [{bar}] {value}/{total} rows | {rate} rows/s | {left} left',
    noTTYOutput: true,
    notTTYSchedule: PLAIN_PROGRESS_MS,
    etaBuffer: 200,
    fps: 5,
    hideCursor: true,
  });
  let started = false;
  let base = 0;
  let since = 0;
  return {
    update({ phase, progress }) {
      if (phase !== 'enrolling') return;
      const done = progress.enrolled + progress.alreadyEnrolled + progress.failedRows;
      const toEnrol = Math.max(0, progress.totalRows - progress.refusedRows);
      if (!started) {
        started = true;
        base = done;
        since = Date.now();
        bar.start(toEnrol, done, { rate: '0', left: '…' });
        return;
      }
      const seconds = (Date.now() - since) / 1000;
      const rate = seconds > 0 ? (done - base) / seconds : 0;
      const total = Math.max(toEnrol, done);
      bar.setTotal(total);
      bar.update(done, { rate: Math.round(rate).toString(), left: timeLeft(total - done, rate) });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
