/**
 * One fault run: its own temporary DATA_DIR, Twilio stand-in, SMTP sink, Temporal dev server (on a
 * SQLite file), database on the run's PostgreSQL server (the send records) and real worker process; clients enrolled on the demo timeline; the scenario's faults
 * while the timeline runs; then a wait until every workflow has completed, and the count at the
 * providers. Everything the run started is stopped in `finally`, whatever happened.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { devServer, type DevServer } from '../../dev/dev-server';
import { startSmtpSink, type SmtpSink } from '../../dev/smtp-sink';
import { startTwilioStandIn, type TwilioStandIn } from '../../dev/twilio-stand-in';
import { collectDeliveries } from './deliveries';
import { expectedMessages, timelineEndsAt } from './expected';
import { enrollClients, writeClinicsFile, type ClientSpec, type EnrolledClient } from './fault-clients';
import type { Rng } from './rng';
import { sleep } from './timing';
import { judge, type Verdict } from './verdict';
import { workerProcess, type WorkerProcess } from '../../dev/worker-process';
import { createFreshDatabase, type PostgresServer } from '../../dev/postgres-server';
import { openDatabase } from '../../platform/database/connection';
import { migrateToLatest } from '../../platform/database/migrate';

export interface RunContext {
  readonly name: string;
  readonly dir: string;
  readonly rng: Rng;
  readonly twilio: TwilioStandIn;
  readonly smtp: SmtpSink;
  readonly server: DevServer;
  readonly worker: WorkerProcess;
  readonly clients: EnrolledClient[];
  /** Wall-clock time at which the last client's last step falls due. */
  readonly timelineEnd: number;
  /** Bounded waits of the scenario end here at the latest. */
  readonly deadline: number;
  /** Wall-clock times of the worker SIGKILLs. */
  readonly workerKillsAt: number[];
  serverRestarts: number;
  /** Facts for the report (provider failures seen, ...). */
  readonly notes: string[];
  /** Scenario checks that failed; any entry fails the run. */
  readonly failures: string[];
  log(line: string): void;
}

export interface Scenario {
  readonly name: string;
  readonly title: string;
  readonly demoSecondsPerDay: number;
  readonly clients: ClientSpec[];
  /** Runs while the timeline runs; returns when its faults are over and everything is back up. */
  faults(ctx: RunContext): Promise<void>;
  /** After every workflow completed: checks beyond the counts, pushed to ctx.failures. */
  after?(ctx: RunContext): void;
}

export interface RunResult {
  name: string;
  title: string;
  clients: number;
  kills: number;
  restarts: number;
  verdict: Verdict | undefined;
  notes: string[];
  failures: string[];
  seconds: number;
  /** Kept (with the logs) when the run failed. */
  dir: string | undefined;
}

const FROM = '+12125550000';

function workerEnv(opts: { dir: string; server: DevServer; twilio: TwilioStandIn; smtp: SmtpSink; clinicsFile: string; bundlePath: string; databaseUrl: string }): NodeJS.ProcessEnv {
  // A clean environment: nothing of the caller's configuration (keys, Twilio, SMTP) leaks in.
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
    TEMPORAL_ADDRESS: opts.server.address,
    TEMPORAL_NAMESPACE: 'default',
    DATA_DIR: opts.dir,
    DATABASE_URL: opts.databaseUrl,
    TWILIO_ACCOUNT_SID: opts.twilio.accountSid,
    TWILIO_AUTH_TOKEN: opts.twilio.authToken,
    TWILIO_FROM: FROM,
    TWILIO_API_BASE_URL: opts.twilio.baseUrl,
    // Only so that each text's status-callback URL names its workflow and step; nothing calls it.
    PUBLIC_BASE_URL: 'http://127.0.0.1:9',
    SMTP_URL: opts.smtp.url,
    EMAIL_FROM: 'Fault Lab Aftercare <aftercare@faultlab.example.com>',
    CLINICS_FILE: opts.clinicsFile,
    METRICS_PORT: '0',
    LOG_LEVEL: 'info',
    // Fast, so the faults, not the rate limit, decide the pace.
    SMS_RATE_LIMIT_PER_SECOND: '1000',
    WORKFLOW_BUNDLE_PATH: opts.bundlePath,
  };
}

/** Polls until every workflow has closed, restarting the worker if it died on its own. */
async function waitForCompletion(ctx: RunContext, temporal: Client, deadline: number): Promise<string[]> {
  const open = new Set(ctx.clients.map((c) => c.workflowId));
  const problems: string[] = [];
  while (open.size && Date.now() < deadline) {
    if (!ctx.worker.running()) {
      ctx.notes.push('worker restarted after it exited on its own');
      await ctx.worker.start();
    }
    for (const id of [...open]) {
      const status = await temporal.workflow
        .getHandle(id)
        .describe()
        .then((d) => d.status.name)
        .catch(() => 'UNKNOWN');
      if (status === 'RUNNING' || status === 'UNKNOWN') continue;
      open.delete(id);
      if (status !== 'COMPLETED') problems.push(`workflow ${id} ended ${status}`);
    }
    if (open.size) await sleep(500);
  }
  for (const id of open) problems.push(`timeout: workflow ${id} still running at the run's deadline`);
  return problems;
}

/** A new database for one run, migrated here once: each worker start then finds nothing to apply. */
async function runDatabase(postgres: PostgresServer, dir: string): Promise<string> {
  const url = await createFreshDatabase(postgres, 'aftercare_faults');
  const { db } = await openDatabase({ DATABASE_URL: url, DATA_DIR: dir });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  return url;
}

export async function runScenario(
  scenario: Scenario,
  opts: { rng: Rng; bundlePath: string; postgres: PostgresServer; runDeadlineMs: number; keep: boolean },
): Promise<RunResult> {
  const startedAt = Date.now();
  const deadline = startedAt + opts.runDeadlineMs;
  const dir = mkdtempSync(path.join(tmpdir(), `aftercare-faults-${scenario.name}-`));
  const log = (line: string) => process.stdout.write(`[${scenario.name}] ${line}\n`);
  const result: RunResult = {
    name: scenario.name,
    title: scenario.title,
    clients: scenario.clients.length,
    kills: 0,
    restarts: 0,
    verdict: undefined,
    notes: [],
    failures: [],
    seconds: 0,
    dir: undefined,
  };
  let twilio: TwilioStandIn | undefined;
  let smtp: SmtpSink | undefined;
  let server: DevServer | undefined;
  let worker: WorkerProcess | undefined;
  let connection: Connection | undefined;
  try {
    let databaseUrl: string;
    [twilio, smtp, databaseUrl] = await Promise.all([startTwilioStandIn(), startSmtpSink(), runDatabase(opts.postgres, dir)]);
    const { file: clinicsFile, clinic } = writeClinicsFile(dir);
    // On a SQLite file (as the local stack runs it), so that a killed server restarts where it was.
    server = devServer({
      dbFile: path.join(dir, 'temporal.sqlite'),
      logFile: path.join(dir, 'temporal.log'),
      ip: '127.0.0.1',
      logLevel: 'warn',
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
    });
    await server.start();
    worker = workerProcess({
      env: workerEnv({ dir, server, twilio, smtp, clinicsFile, bundlePath: opts.bundlePath, databaseUrl }),
      logFile: path.join(dir, 'worker.log'),
    });
    await worker.start();
    connection = await Connection.connect({ address: server.address });
    const temporal = new Client({ connection, namespace: 'default' });
    const providers = { twilio, smtp };
    const clients = await enrollClients({
      client: temporal,
      clinic,
      specs: scenario.clients,
      demoSecondsPerDay: scenario.demoSecondsPerDay,
      prepare: ({ spec, phone, email }) => {
        if (spec.smsRejectedWith) providers.twilio.failFor(phone, spec.smsRejectedWith);
        if (spec.emailRejected) providers.smtp.rejectRecipient(email);
      },
    });
    const timelineEnd = Math.max(...clients.map(timelineEndsAt));
    const ctx: RunContext = {
      name: scenario.name,
      dir,
      rng: opts.rng,
      twilio,
      smtp,
      server,
      worker,
      clients,
      timelineEnd,
      deadline,
      workerKillsAt: [],
      serverRestarts: 0,
      notes: result.notes,
      failures: result.failures,
      log,
    };
    log(`${clients.length} clients enrolled; their month ends in ${Math.round((timelineEnd - Date.now()) / 1000)} s`);

    try {
      await scenario.faults(ctx);
    } finally {
      result.kills = ctx.workerKillsAt.length;
      result.restarts = ctx.serverRestarts;
    }
    if (!server.running()) await server.start();
    result.failures.push(...(await waitForCompletion(ctx, temporal, deadline)));
    // A send still on its way when the last workflow closed would show up now.
    await sleep(1_000);
    const expected = clients.flatMap(expectedMessages);
    const deliveries = collectDeliveries({ twilio, smtp, clients, clinicEmail: clinic.email });
    result.verdict = judge({ expected, deliveries, clients, workerKillsAt: ctx.workerKillsAt });
    result.failures.push(...result.verdict.problems);
    scenario.after?.(ctx);
    log(`done in ${Math.round((Date.now() - startedAt) / 1000)} s`);
  } catch (err) {
    result.failures.push(`${scenario.name}: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    await connection?.close().catch(() => undefined);
    await worker?.kill().catch(() => undefined);
    await server?.kill().catch(() => undefined);
    await twilio?.close().catch(() => undefined);
    await smtp?.close().catch(() => undefined);
    result.seconds = (Date.now() - startedAt) / 1000;
    if (result.failures.length || opts.keep) result.dir = dir;
    else rmSync(dir, { recursive: true, force: true });
  }
  return result;
}
