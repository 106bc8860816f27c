/**
 * The aftercare worker: polls task queue `aftercare` (the workflow, email and clinic notices),
 * `aftercare-sms-<clinic>` for each clinic (its texts, at its sender's rate across all workers:
 * clinic-sms-workers.ts) and `aftercare-sms` (texts of runs started before queues per clinic, at
 * SMS_RATE_LIMIT_PER_SECOND), with the payload codec when keys are set.
 *
 * Run directly (`node bin/run.js worker/main.ts`) it reads the environment (worker/config.ts),
 * logs JSON lines to stdout, serves Prometheus metrics on METRICS_HOST:METRICS_PORT/metrics (0.0.0.0 unless set), and stops
 * gracefully on SIGINT or SIGTERM (in-flight activities finish, then "worker stopped").
 * `startWorker(config)` is the same without the process handling, for the local stack and tests.
 */
import { IllegalStateError } from '@temporalio/common';
import { NativeConnection, Runtime, Worker, type NativeConnectionOptions, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type UnsubscribeUrlFor } from '../activities/index';
import { SqlReviewRequestStore } from '../activities/sql-review-requests';
import { SqlSendRecordStore } from '../activities/sql-send-records';
import { createSmtpMailer } from '../activities/email/smtp-mailer';
import type { ClinicDirectory } from '../domain/clinic';
import { temporalAuth } from '../platform/temporal-connection';
import { codecOptions } from '../platform/codec/wiring';
import { smsTaskQueueFor, TASK_QUEUE } from '../workflows/contract';
import { openDatabase, type OpenDatabase } from '../platform/database/connection';
import { migrateToLatest } from '../platform/database/migrate';
import { ConfigError, loadConfig, type Config } from '../platform/config';
import { smsSendersOf } from '../app/sms-senders';
import { createLogger, toTemporalLevel, type JsonLogger } from '../platform/logger';
import { ClinicSmsWorkers } from './clinic-sms-workers';
import { openClinics } from '../app/clinics';
import { photoFetchingOf } from '../app/photo-fetching';
import { SqlPhotoStore } from '../platform/database/photo-store';
import { sealerOf } from '../platform/sealed';
import { unsubscribeUrl } from '../app/unsubscribe-token';
import { calendarUrl } from '../app/calendar-token';
import { clientPageUrl } from '../domain/url';

export const SHUTDOWN_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

export interface StartWorkerOptions {
  logger?: JsonLogger;
  /** Install the Temporal Runtime (logger, metrics, shutdown signals). Default true; skipped with a warning when one is already installed. */
  installRuntime?: boolean;
  /** How long to keep retrying the first connection to Temporal. Default 30 s. */
  connectTimeoutMs?: number;
  /** Aborts start-up (connection retries) when a stop is requested before the worker runs. */
  signal?: AbortSignal;
  /** An application database already open (tests, the local stack); otherwise opened from the config and closed at shutdown. */
  database?: OpenDatabase;
  /** Where the clinics are read at send time and for their SMS queues; the database's by default. */
  clinics?: ClinicDirectory;
  /** How often the clinic list is read again for new clinics and changed rates; default 30 s. */
  clinicRefreshMs?: number;
}

export interface RunningWorker {
  worker: Worker;
  /** Polls `<task queue>-sms`, the texts of runs started before queues per clinic, under SMS_RATE_LIMIT_PER_SECOND. */
  smsWorker: Worker;
  /** Polls each clinic's `<task queue>-sms-<clinic>` at its sender's rate. */
  clinicSms: ClinicSmsWorkers;
  connection: NativeConnection;
  /** The application database: send records, clinics. */
  database: OpenDatabase;
  logger: JsonLogger;
  /** 'twilio' or 'outbox': where SMS go. */
  smsMode: 'twilio' | 'outbox';
  /** Settles when the worker has stopped and its connection is closed; rejects if it failed. */
  done: Promise<void>;
  /** Stops polling, lets in-flight tasks finish, closes the connection. Idempotent. */
  shutdown(): Promise<void>;
}

/** The Runtime: JSON logs (SDK and Core), Prometheus metrics, shutdown on SIGINT/SIGTERM. */
export function installRuntime(config: Config, logger: JsonLogger): boolean {
  const coreLevel = logger.level === 'trace' || logger.level === 'debug' ? toTemporalLevel(logger.level) : 'WARN';
  try {
    Runtime.install({
      logger,
      shutdownSignals: SHUTDOWN_SIGNALS,
      telemetryOptions: {
        logging: { filter: { core: coreLevel, other: 'ERROR' }, forward: {} },
        ...(config.METRICS_PORT > 0 ? { metrics: { prometheus: { bindAddress: `${config.METRICS_HOST}:${config.METRICS_PORT}` } } } : {}),
      },
    });
    return true;
  } catch (err) {
    if (err instanceof IllegalStateError) {
      logger.warn('Temporal Runtime already installed in this process; its logger and metrics settings stay in force');
      return false;
    }
    throw err;
  }
}

/** Connection options for the local dev server, a self-hosted cluster (mTLS) or Temporal Cloud (API key or mTLS). */
export function nativeConnectionOptions(config: Config): NativeConnectionOptions {
  return { address: config.TEMPORAL_ADDRESS, ...temporalAuth(config) };
}

export class StartAbortedError extends Error {}

async function connectWithRetry(config: Config, logger: JsonLogger, timeoutMs: number, signal?: AbortSignal): Promise<NativeConnection> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw new StartAbortedError('start-up aborted');
    try {
      return await NativeConnection.connect(nativeConnectionOptions(config));
    } catch (err) {
      const reason = (err as Error).message.split('\n')[0];
      if (Date.now() >= deadline) {
        throw new Error(`cannot reach the Temporal server at ${config.TEMPORAL_ADDRESS}: ${reason}`);
      }
      logger.warn('Temporal server not reachable yet, retrying', { address: config.TEMPORAL_ADDRESS, attempt, reason });
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(500 * attempt, 3000));
        signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        }, { once: true });
      });
    }
  }
}

/**
 * Client emails' one-click unsubscribe links, signed with PHONE_HASH_KEY's unsubscribe key and
 * pointing at PUBLIC_BASE_URL; without either, emails go without them, and the log says so once.
 */
function unsubscribeLinks(config: Config, logger: JsonLogger): { unsubscribeUrl?: UnsubscribeUrlFor } {
  const { PUBLIC_BASE_URL: base, PHONE_HASH_KEY: key } = config;
  if (base && key) return { unsubscribeUrl: (recipient) => unsubscribeUrl(base, key, recipient) };
  logger.warn('PUBLIC_BASE_URL or PHONE_HASH_KEY is not set: client emails go without an unsubscribe link (List-Unsubscribe and footer)', {
    publicBaseUrl: Boolean(base),
    phoneHashKey: Boolean(key),
  });
  return {};
}

/** Connects, creates the worker and starts it polling. Resolves once it runs. */
export async function startWorker(config: Config, options: StartWorkerOptions = {}): Promise<RunningWorker> {
  const logger = options.logger ?? createLogger({ level: config.LOG_LEVEL, fields: { service: 'worker' } });
  if (options.installRuntime !== false) installRuntime(config, logger);

  // The schema is brought up to date under a lock, so workers starting together apply it once.
  const database = options.database ?? (await openDatabase(config));
  const closeDatabase = options.database ? async () => undefined : () => database.db.destroy().catch(() => undefined);
  try {
    await migrateToLatest(database.db);
  } catch (err) {
    await closeDatabase();
    throw err;
  }
  const { senders, mode } = smsSendersOf(config);
  let clinics: ClinicDirectory;
  try {
    // A worker that comes up first on an empty database brings CLINICS_FILE in, as the API would.
    clinics = options.clinics ?? (await openClinics(database.db, config.CLINICS_FILE)).store;
  } catch (err) {
    await closeDatabase();
    throw err;
  }
  const mail = createSmtpMailer({ url: config.SMTP_URL, from: config.EMAIL_FROM });
  const activities = createActivities({
    sms: senders.platform,
    smsFor: senders.smsFor,
    clinics,
    mail,
    records: new SqlSendRecordStore(database.db),
    reviewRequests: new SqlReviewRequestStore(database.db),
    clock: { now: () => new Date() },
    ...unsubscribeLinks(config, logger),
    // Photos clients text in, kept sealed under the codec key ring (activities/photos.ts).
    photos: photoFetchingOf(config, clinics, new SqlPhotoStore(database.db, sealerOf(config))),
    // Each session's calendar address in its welcome email, signed like the unsubscribe link.
    ...(config.PUBLIC_BASE_URL && config.PHONE_HASH_KEY ? { calendarUrl: (workflowId: string) => calendarUrl(config.PUBLIC_BASE_URL!, config.PHONE_HASH_KEY!, workflowId) } : {}),
    ...(config.PUBLIC_BASE_URL ? { clientPageUrl: (workflowId: string) => clientPageUrl(config.PUBLIC_BASE_URL!, workflowId) } : {}),
  });

  let connection: NativeConnection;
  try {
    connection = await connectWithRetry(config, logger, options.connectTimeoutMs ?? 30_000, options.signal);
  } catch (err) {
    mail.close();
    await closeDatabase();
    throw err;
  }
  const smsQueue = smsTaskQueueFor(TASK_QUEUE);
  const codec = codecOptions(config);
  let worker: Worker;
  let smsWorker: Worker;
  const clinicSms = new ClinicSmsWorkers({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: TASK_QUEUE,
    sendSms: activities.sendSms,
    deliverStep: activities.deliverStep,
    clinics,
    logger,
    shared: codec,
    ...(options.clinicRefreshMs ? { refreshMs: options.clinicRefreshMs } : {}),
  });
  try {
    const workflows: Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> = config.WORKFLOW_BUNDLE_PATH
      ? { workflowBundle: { codePath: config.WORKFLOW_BUNDLE_PATH } }
      : { workflowsPath: require.resolve('../workflows') };
    worker = await Worker.create({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: TASK_QUEUE,
      activities,
      ...workflows,
      maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
      ...codec,
    });
    // Texts have a queue of their own so that Temporal's server can hold them to one rate across
    // every worker process; a per-process limit would multiply with each replica.
    smsWorker = await Worker.create({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: smsQueue,
      activities: { sendSms: activities.sendSms },
      maxTaskQueueActivitiesPerSecond: config.SMS_RATE_LIMIT_PER_SECOND,
      ...codec,
    });
    await clinicSms.start();
  } catch (err) {
    await clinicSms.shutdown().catch(() => undefined);
    mail.close();
    await connection.close().catch(() => undefined);
    await closeDatabase();
    throw err;
  }

  const done = (async () => {
    try {
      // Stopping one stops the others: a worker polling workflows but not texts would leave them stuck.
      const stopAll = () => {
        for (const w of [worker, smsWorker]) if (w.getState() === 'RUNNING') w.shutdown();
        void clinicSms.shutdown();
      };
      await Promise.all([worker.run().finally(stopAll), smsWorker.run().finally(stopAll), clinicSms.done.finally(stopAll)]);
    } finally {
      mail.close();
      await connection.close().catch(() => undefined);
      await closeDatabase();
      logger.info('worker stopped', { taskQueue: TASK_QUEUE });
    }
  })();
  // Callers that only shut down must not see an unhandled rejection; they see it through `done`.
  done.catch(() => undefined);

  if (!codec.dataConverter) {
    logger.warn('CODEC_KEYS and CODEC_KEYS_FILE are unset: payloads, with clients\' contact details, are stored in Temporal unencrypted');
  }
  logger.info('worker started', {
    taskQueue: TASK_QUEUE,
    smsTaskQueue: smsQueue,
    smsRateLimitPerSecond: config.SMS_RATE_LIMIT_PER_SECOND,
    clinicSmsQueues: Object.keys(clinicSms.rates()).length,
    namespace: config.TEMPORAL_NAMESPACE,
    temporalAddress: config.TEMPORAL_ADDRESS,
    workflows: config.WORKFLOW_BUNDLE_PATH ? 'prebuilt bundle' : 'bundled at start-up',
    payloads: codec.dataConverter ? 'encrypted' : 'plain',
    sms: mode,
    database: `${database.kind} ${database.location}`,
    metrics: config.METRICS_PORT > 0 ? `http://localhost:${config.METRICS_PORT}/metrics` : 'off',
  });

  return {
    worker,
    smsWorker,
    clinicSms,
    connection,
    database,
    logger,
    smsMode: mode,
    done,
    async shutdown() {
      for (const w of [worker, smsWorker]) if (w.getState() === 'RUNNING') w.shutdown();
      await clinicSms.shutdown();
      await done;
    },
  };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
    process.exit(1);
  }
  const logger = createLogger({ level: config.LOG_LEVEL, fields: { service: 'worker' } });
  // The Runtime handles SIGINT/SIGTERM once the worker exists; this covers the start-up phase too.
  const abort = new AbortController();
  let firstSignalAt = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (abort.signal.aborted) {
      // One Ctrl-C or `kill -- -pgid` reaches this process twice: straight from the terminal or
      // the group kill, and forwarded by bin/run.js. Only a later signal means "stop now".
      if (Date.now() - firstSignalAt < 2000) return;
      logger.warn('second stop signal: exiting without waiting for in-flight tasks', { signal });
      process.exit(1);
    }
    firstSignalAt = Date.now();
    abort.abort();
    logger.info('shutdown requested', { signal });
  };
  for (const signal of SHUTDOWN_SIGNALS) process.on(signal, onSignal);
  try {
    const running = await startWorker(config, { logger, signal: abort.signal });
    // Tell a parent process (the local stack) that the worker is polling.
    process.send?.({ type: 'worker-ready' });
    if (abort.signal.aborted) await running.shutdown();
    await running.done;
    process.exit(0);
  } catch (err) {
    if (err instanceof StartAbortedError) {
      logger.info('worker stopped', { taskQueue: TASK_QUEUE });
      process.exit(0);
    }
    logger.error('worker failed', { error: err });
    process.exit(1);
  }
}

if (require.main === module) {
  void main();
}
