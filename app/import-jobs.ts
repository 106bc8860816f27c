/**
 * The imports a server process runs in the background (the API: the upload is answered at once,
 * the page follows the progress). Stopping the process stops them: the rows in flight finish, the
 * checkpoint is written and the import is interrupted, for the same file to resume it.
 */
import type { ImportRecord } from '../platform/imports';
import type { JsonLogger } from '../platform/logger';
import { continueImport, isImportStopped, type ImportDeps, type ImportRun } from './import';

export class ImportJobs {
  private readonly running = new Map<string, { stop: AbortController; done: Promise<void> }>();

  constructor(
    private readonly deps: ImportDeps,
    private readonly logger: JsonLogger,
  ) {}

  start(run: Omit<ImportRun, 'signal'>, record: ImportRecord): void {
    const stop = new AbortController();
    const done = continueImport(this.deps, { ...run, signal: stop.signal }, record).then(
      (finished) => this.logger.info('import finished', { component: 'import', importId: finished.id, enrolled: finished.enrolled, refused: finished.refusedRows, failed: finished.failedRows }),
      async (err: unknown) => {
        if (isImportStopped(err)) {
          this.logger.warn('import stopped', { component: 'import', importId: record.id, why: err.why });
          return;
        }
        this.logger.error('import failed', { component: 'import', importId: record.id, error: (err as Error)?.name });
        await this.deps.store.save(record.id, { state: 'interrupted', updatedAt: new Date() }).catch(() => undefined);
      },
    );
    this.running.set(record.id, { stop, done: done.finally(() => this.running.delete(record.id)) });
  }

  /** Stops every import this process runs, and waits until each has written where it stopped. */
  async stopAll(): Promise<void> {
    const jobs = [...this.running.values()];
    for (const job of jobs) job.stop.abort();
    await Promise.all(jobs.map((job) => job.done));
  }
}
