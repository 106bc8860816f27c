/**
 * One SMS worker per clinic, polling the clinic's own text queue (smsTaskQueueFor(queue, clinicId))
 * at its sender's rate, so one clinic's burst never holds another clinic's texts back
 * (docs/architecture.md, "Fair bursts"). Deactivated clinics keep theirs: their running clients
 * still get their texts.
 *
 * The clinic list is read again every `refreshMs`: a new clinic gets a worker, and a changed rate
 * a new worker on the same queue (the server holds a queue to the rate of its poll requests). The
 * SDK allows one worker per queue in a process, so the old one stops polling and finishes the
 * texts it holds first: that clinic's texts wait in their queue for those few seconds, no longer.
 * Every worker shares the process's one connection; each polls with few pollers, as most clinics
 * are idle most of the day.
 */
import type { Logger } from '@temporalio/common';
import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import type { AftercareActivities } from '../activities';
import type { ClinicDirectory } from '../domain/clinic';
import { smsTaskQueueFor } from '../workflows/contract';

/** Pollers per clinic queue: a queue's rate is the server's, not the pollers'; two keep it fed. */
const POLLERS_PER_CLINIC = 2;

export const CLINIC_REFRESH_MS = 30_000;

export interface ClinicSmsWorkersOptions {
  connection: NativeConnection;
  namespace?: string;
  /** The workflows' task queue; each clinic's text queue is derived from it. */
  taskQueue: string;
  sendSms: AftercareActivities['sendSms'];
  /** A step on several channels sends its text from the clinic's queue too, under the same rate. */
  deliverStep: AftercareActivities['deliverStep'];
  clinics: ClinicDirectory;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** The payload codec and anything else every worker of the process shares. */
  shared?: Pick<WorkerOptions, 'dataConverter'>;
  refreshMs?: number;
}

interface ClinicWorker {
  worker: Worker;
  rate: number;
  /** Settles when the worker has stopped and drained. */
  run: Promise<void>;
}

export class ClinicSmsWorkers {
  private readonly current = new Map<string, ClinicWorker>();
  /** Every worker's run(), replaced ones included until they have drained. */
  private readonly runs = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;
  private refreshing: Promise<void> = Promise.resolve();
  private settle: { resolve(): void; reject(err: unknown): void } = { resolve: () => undefined, reject: () => undefined };
  /** Settles once every worker has stopped; rejects when one failed on its own (then all stop). */
  readonly done: Promise<void>;

  constructor(private readonly opts: ClinicSmsWorkersOptions) {
    this.done = new Promise<void>((resolve, reject) => (this.settle = { resolve, reject }));
    // Callers that only shut down see a failure through `done` when they await it.
    this.done.catch(() => undefined);
  }

  /** Starts a worker for every clinic the directory has now, then keeps the set up to date. */
  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.opts.refreshMs ?? CLINIC_REFRESH_MS);
    this.timer.unref();
  }

  /** The clinics polled and their rates, for logs and tests. */
  rates(): Record<string, number> {
    return Object.fromEntries([...this.current].map(([id, w]) => [id, w.rate]));
  }

  /** Reads the clinics and adds or replaces workers; one refresh at a time. */
  refresh(): Promise<void> {
    this.refreshing = this.refreshing.then(() => this.refreshNow());
    return this.refreshing;
  }

  private async refreshNow(): Promise<void> {
    if (this.stopping) return;
    let clinics;
    try {
      clinics = await this.opts.clinics.list();
    } catch (err) {
      // The workers running keep polling at their last known rates until the next try.
      this.opts.logger.warn('could not read the clinics: SMS queues unchanged', { error: err instanceof Error ? err.name : typeof err });
      return;
    }
    for (const clinic of clinics) {
      const rate = clinic.sms.ratePerSecond;
      const existing = this.current.get(clinic.id);
      if (existing?.rate === rate || this.stopping) continue;
      if (existing) {
        if (existing.worker.getState() === 'RUNNING') existing.worker.shutdown();
        await existing.run;
        this.current.delete(clinic.id);
      }
      try {
        this.current.set(clinic.id, await this.create(clinic.id, rate));
      } catch (err) {
        // Tried again at the next refresh, as the clinic has no worker now.
        this.opts.logger.error('could not start the SMS worker of a clinic', { clinicId: clinic.id, error: err });
        continue;
      }
      this.opts.logger.info(existing ? 'clinic SMS rate changed: queue worker replaced' : 'clinic SMS queue polled', {
        clinicId: clinic.id,
        smsTaskQueue: smsTaskQueueFor(this.opts.taskQueue, clinic.id),
        ratePerSecond: rate,
      });
    }
  }

  private async create(clinicId: string, rate: number): Promise<ClinicWorker> {
    const worker = await Worker.create({
      connection: this.opts.connection,
      ...(this.opts.namespace ? { namespace: this.opts.namespace } : {}),
      taskQueue: smsTaskQueueFor(this.opts.taskQueue, clinicId),
      activities: { sendSms: this.opts.sendSms, deliverStep: this.opts.deliverStep },
      maxTaskQueueActivitiesPerSecond: rate,
      maxConcurrentActivityTaskPolls: POLLERS_PER_CLINIC,
      ...this.opts.shared,
    });
    const run = worker.run().catch((err: unknown) => {
      if (this.stopping) return;
      this.settle.reject(err);
      void this.shutdown();
    });
    this.runs.add(run);
    void run.finally(() => this.runs.delete(run));
    return { worker, rate, run };
  }

  /** Stops polling every queue and waits for in-flight texts. Idempotent. */
  async shutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.refreshing.catch(() => undefined);
    for (const { worker } of this.current.values()) if (worker.getState() === 'RUNNING') worker.shutdown();
    await Promise.all([...this.runs]);
    this.settle.resolve();
  }
}
