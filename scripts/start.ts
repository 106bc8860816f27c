/**
 * `npm start`: the whole system on one machine, nothing to install by hand.
 *
 *   Temporal dev server   gRPC localhost:7233, Web UI http://localhost:8233 (sqlite in DATA_DIR)
 *   mail page             http://localhost:1080, SMTP localhost:1025 (MailDev)
 *   local pages           http://localhost:3000 (the front desk from web/, /local: links to all of
 *                         this, /outbox: the SMS outbox, /api: the HTTP API with /docs,
 *                         /webhooks/twilio: Twilio's webhooks; API logs in DATA_DIR/logs/api.log)
 *   worker                task queue `aftercare`, metrics http://localhost:9464/metrics
 *   database              PGlite in DATA_DIR/pglite, opened by this process and served to the worker
 *                         and to CLI commands on 127.0.0.1:5433 (PGLITE_PORT); DATABASE_URL instead
 *                         uses that PostgreSQL server and serves nothing
 *
 * Every port is checked before anything starts; a taken one stops start-up with a line naming it.
 * Ports move with TEMPORAL_PORT, TEMPORAL_UI_PORT, MAIL_UI_PORT, the port in SMTP_URL, PORT,
 * METRICS_PORT and PGLITE_PORT; files with DATA_DIR (default .data). Without API_KEY a key is made once, printed,
 * and kept in the git-ignored .env.local (ENV_LOCAL_FILE moves it), whose other settings are read
 * too; PHONE_HASH_KEY and (without TWILIO_AUTH_TOKEN) TWILIO_WEBHOOK_AUTH_TOKEN are made and kept
 * the same way, and PUBLIC_BASE_URL defaults to http://localhost:PORT for the webhook signatures.
 * Payloads are encrypted (CODEC_KEYS, made once into .env.local unless set) and the Web UI decodes
 * them through a codec server on 127.0.0.1:8234 (CODEC_SERVER_PORT).
 * Everything listens on loopback only. DATA_DIR is 0700 and its files 0600.
 * Child processes log to DATA_DIR/logs/*.log. Ctrl-C or SIGTERM stops everything (worker first,
 * Temporal last) and exits 0; the next start finds the same workflows (same sqlite file).
 */
import { createWriteStream, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { apiConnectionOptions } from '../api/main';
import { buildApp } from '../api/server';
import { smsSendersOf } from '../app/sms-senders';
import { DEFAULT_CODEC_SERVER_PORT } from '../platform/codec/main';
import { codecOptions, newLocalCodecVariables, startLocalCodecServer, type LocalCodecServer } from '../platform/codec/wiring';
import { openClinics } from '../app/clinics';
import { ClinicsFileError } from '../platform/clinics';
import { dataPaths } from '../platform/config';
import { openDatabase, type OpenDatabase } from '../platform/database/connection';
import { migrateToLatest } from '../platform/database/migrate';
import { PGliteInUseError } from '../platform/database/pglite-owner';
import { serveEmbeddedDatabase, type EmbeddedDatabase } from '../platform/database/serve-embedded';
import { openAccessStores } from '../platform/database/access-stores';
import { ensureFirstAdmin, firstAdminLines } from '../app/first-admin';
import { sealerOf } from '../platform/sealed';
import { PROJECT_ROOT } from '../platform/paths';
import { createLogger } from '../platform/logger';
import { startLocalPages, type LocalPagesServer } from '../dev/local-pages';
import { killAllChildrenNow, spawnChild, stopChild, tailOfLog, type Child } from '../dev/child-processes';
import { devServer, ONE_PARTITION_PER_TASK_QUEUE } from '../dev/dev-server';
import { startMailDev, MailDevMissingError } from '../dev/maildev';
import { workerProcess } from '../dev/worker-process';
import { checkPortsFree, type PortSpec } from './local-stack/ports';
import { makeDataPrivate, tighten } from './local-stack/private-files';
import { ensureApiKey, ensureSecret, portFrom, resolveSettings, StartError } from './local-stack/settings';

// --- children ---------------------------------------------------------------------------------

/** Every child in start order; the pid file lists the running ones. */
const children: Child[] = [];
let pidFile: string | undefined;

/** DATA_DIR/local-stack.json lists this script's and its children's pids, for tools and tests. */
function writePidFile(): void {
  if (!pidFile) return;
  const running = children.filter((c) => c.running() && c.proc.pid !== undefined).map((c) => ({ name: c.name, pid: c.proc.pid! }));
  try {
    writeFileSync(pidFile, `${JSON.stringify({ pid: process.pid, children: running }, null, 2)}\n`);
  } catch {
    // informational only
  }
}

function adopt(child: Child): Child {
  children.push(child);
  writePidFile();
  return child;
}

/** A child that did not start (dev/readiness.ts says why, with its log's last lines) stops start-up. */
function asStartError(err: unknown): never {
  throw err instanceof Error && !(err instanceof StartError) ? new StartError(err.message) : err;
}

function tail(file: string): string {
  return tailOfLog(file)
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

// --- the stack --------------------------------------------------------------------------------

let stopping = false;
let pages: LocalPagesServer | undefined;
let api: { app: FastifyInstance; connection: Connection } | undefined;
let codec: LocalCodecServer | undefined;
/** The application database, for the API (clinics) and anything else this process reads. */
let database: OpenDatabase | undefined;
/** PGlite served to the other processes; undefined with DATABASE_URL. */
let embedded: EmbeddedDatabase | undefined;

/** DATA_DIR once it is made private: tightened again at stop (scripts/local-stack/private-files.ts). */
let dataDir: string | undefined;

/** Where the embedded database is served unless PGLITE_PORT says otherwise (5432 is left to a real PostgreSQL). */
const DEFAULT_PGLITE_PORT = 5433;

function say(line = ''): void {
  process.stdout.write(`${line}\n`);
}

let shuttingDown: Promise<never> | undefined;

/** Stops everything (worker first, Temporal last) and exits; the first caller's code wins. */
function shutdown(code: number): Promise<never> {
  stopping = true;
  shuttingDown ??= stopAll(code);
  return shuttingDown;
}

async function stopAll(code: number): Promise<never> {
  const byName = (name: string) => children.find((c) => c.name === name);
  const worker = byName('worker');
  if (worker) await stopChild(worker, 20_000);
  await api?.app.close().catch(() => undefined);
  await pages?.close().catch(() => undefined);
  await codec?.close().catch(() => undefined);
  await api?.connection.close().catch(() => undefined);
  await database?.db.destroy().catch(() => undefined);
  await embedded?.close().catch(() => undefined);
  if (dataDir) tighten(dataDir);
  const mail = byName('maildev');
  if (mail) await stopChild(mail, 5_000);
  const temporal = byName('temporal');
  if (temporal) await stopChild(temporal, 15_000);
  for (const child of children) await stopChild(child, 5_000);
  if (pidFile) rmSync(pidFile, { force: true });
  say(code === 0 ? 'Local stack stopped.' : 'Local stack stopped after an error.');
  process.exit(code);
}

function watchUnexpectedExit(child: Child): void {
  void child.exited.then(({ code, signal }) => {
    writePidFile();
    if (stopping) return;
    process.stderr.write(
      `\n${child.name} exited unexpectedly (${signal ?? `code ${code}`}). Last lines of ${path.relative(process.cwd(), child.logFile)}:\n${tail(child.logFile)}\n`,
    );
    void shutdown(1);
  });
}

async function main(): Promise<void> {
  let stopRequests = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    stopRequests++;
    if (stopRequests === 1) {
      say(`\n${signal}: stopping the local stack...`);
      void shutdown(0);
    }
    // Further signals (a relayed copy of the same Ctrl-C, impatience) change nothing: every step
    // of the shutdown has its own time limit.
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // Last resort if this script dies some other way: no orphaned children.
  process.on('exit', killAllChildrenNow);

  const settings = resolveSettings(process.env);
  const { config, env, temporalPort, temporalUiPort, mail } = settings;
  const codecPort = portFrom(env, 'CODEC_SERVER_PORT', DEFAULT_CODEC_SERVER_PORT);
  const pglitePort = config.DATABASE_URL ? undefined : portFrom(env, 'PGLITE_PORT', DEFAULT_PGLITE_PORT);
  const paths = dataPaths(config);
  const ports: PortSpec[] = [
    { port: temporalPort, what: 'Temporal gRPC', variable: 'TEMPORAL_PORT' },
    { port: temporalUiPort, what: 'Temporal Web UI', variable: 'TEMPORAL_UI_PORT' },
    { port: config.PORT, what: 'front desk and outbox pages', variable: 'PORT' },
    ...(mail
      ? [
          { port: mail.uiPort, what: 'mail page', variable: 'MAIL_UI_PORT' },
          { port: mail.smtpPort, what: 'local SMTP server', variable: 'SMTP_URL' },
        ]
      : []),
    ...(config.METRICS_PORT > 0 ? [{ port: config.METRICS_PORT, what: 'worker metrics', variable: 'METRICS_PORT' }] : []),
    { port: codecPort, what: 'codec server', variable: 'CODEC_SERVER_PORT' },
    ...(pglitePort !== undefined ? [{ port: pglitePort, what: 'embedded database', variable: 'PGLITE_PORT' }] : []),
  ];
  await checkPortsFree(ports);
  // Before anything is written there: the data folder is its owner's alone.
  makeDataPrivate(config.DATA_DIR);
  dataDir = config.DATA_DIR;
  // Only once nothing stands in the way: make (or reuse) the API key.
  const apiKey = ensureApiKey(env, settings.envFile, settings.fileValues);
  env.API_KEY = apiKey.key;
  // The key of the PhoneHash search attribute (inbound STOP/HELP find the client by it), and, while
  // there is no Twilio account, a token to sign webhooks with (examples/send-inbound-sms.ts).
  env.PHONE_HASH_KEY = ensureSecret('PHONE_HASH_KEY', 'the key of the PhoneHash search attribute (keep it: changing it loses STOP matching for enrolled clients)', env, settings.envFile, settings.fileValues).key;
  if (!config.TWILIO_AUTH_TOKEN) {
    env.TWILIO_WEBHOOK_AUTH_TOKEN = ensureSecret('TWILIO_WEBHOOK_AUTH_TOKEN', 'signs local Twilio webhooks while TWILIO_AUTH_TOKEN is unset', env, settings.envFile, settings.fileValues).key;
  }

  // Payloads in the local Temporal are encrypted like in production: a key ring made once and kept
  // in .env.local. The Web UI shows them decoded through the codec server, which serves the UI's
  // origin only: no token to leak through the UI's settings, its command line or its log.
  if (!env.CODEC_KEYS && !env.CODEC_KEYS_FILE) {
    const made = newLocalCodecVariables();
    env.CODEC_KEYS = ensureSecret('CODEC_KEYS', 'the payload codec key ring (keep it: without it, stored workflows cannot be read)', env, settings.envFile, settings.fileValues, made.CODEC_KEYS).key;
    env.CODEC_KEY_ID = ensureSecret('CODEC_KEY_ID', 'the key of CODEC_KEYS that encrypts new payloads', env, settings.envFile, settings.fileValues, made.CODEC_KEY_ID).key;
  }
  let codecServer: LocalCodecServer | undefined;
  try {
    codecServer = await startLocalCodecServer(env, {
      port: codecPort,
      uiOrigins: [`http://localhost:${temporalUiPort}`, `http://127.0.0.1:${temporalUiPort}`],
    });
  } catch (err) {
    throw new StartError(`Invalid configuration: ${(err as Error).message}`);
  }
  codec = codecServer;

  mkdirSync(paths.logsDir, { recursive: true });
  mkdirSync(paths.mailDir, { recursive: true });
  pidFile = path.join(config.DATA_DIR, 'local-stack.json');
  const rel = (p: string) => {
    const r = path.relative(process.cwd(), p);
    return r === '' ? '.' : r.startsWith('..') ? p : r;
  };
  say(`Starting the aftercare local stack (data in ${rel(config.DATA_DIR)}, logs in ${rel(paths.logsDir)})`);

  // Temporal dev server, persisted in sqlite; ready below, while the mail server starts.
  const temporal = devServer({
    dbFile: paths.temporalDbFile,
    port: temporalPort,
    uiPort: temporalUiPort,
    namespace: config.TEMPORAL_NAMESPACE,
    ...(codecServer ? { uiCodecEndpoint: codecServer.uiCodecEndpoint } : {}),
    dynamicConfig: ONE_PARTITION_PER_TASK_QUEUE,
    logFile: path.join(paths.logsDir, 'temporal.log'),
    env,
    startTimeoutMs: 90_000,
    onSpawn: (child) => watchUnexpectedExit(adopt(child)),
  });
  const temporalReady = temporal.start();
  // Its failure is reported where it is awaited, below.
  temporalReady.catch(() => undefined);

  // Mail: SMTP sink with a web page (MailDev), mails kept in DATA_DIR/mail.
  let mailReady: (() => Promise<void>) | undefined;
  if (mail) {
    let maildev;
    try {
      maildev = startMailDev({ smtpPort: mail.smtpPort, uiPort: mail.uiPort, mailDir: paths.mailDir, env, logFile: path.join(paths.logsDir, 'maildev.log') });
    } catch (err) {
      if (err instanceof MailDevMissingError) throw new StartError(err.message);
      throw err;
    }
    watchUnexpectedExit(adopt(maildev.child));
    mailReady = maildev.ready;
  }

  // The application database, while Temporal starts: PGlite served from here unless DATABASE_URL is set.
  if (pglitePort !== undefined) {
    try {
      embedded = await serveEmbeddedDatabase(config.DATA_DIR, pglitePort);
    } catch (err) {
      if (err instanceof PGliteInUseError) throw new StartError(`Cannot start: ${err.message}. Stop that process, or set DATA_DIR to another directory.`);
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        throw new StartError(`Port ${pglitePort} (embedded database) is already in use. Stop whatever is using it, or set PGLITE_PORT to a free port.`);
      }
      throw err;
    }
    // The worker child and CLI commands (through DATA_DIR/pglite.owner) connect here too.
    env.DATABASE_URL = embedded.url;
  }
  database = await openDatabase({ DATABASE_URL: env.DATABASE_URL, DATA_DIR: config.DATA_DIR });
  try {
    await migrateToLatest(database.db);
  } catch (err) {
    throw new StartError(`Cannot start: the application database (${database.kind} ${database.location}) could not be migrated: ${(err as Error).message}`);
  }
  // The clinics live in the database; CLINICS_FILE fills it on the first start.
  let clinics;
  try {
    const opened = await openClinics(database.db, config.CLINICS_FILE);
    clinics = opened.store;
    if (opened.imported) say(`  imported ${opened.imported.added.length} clinic(s) from ${rel(config.CLINICS_FILE)} into the empty database (${opened.imported.added.join(', ')})`);
  } catch (err) {
    if (err instanceof ClinicsFileError) throw new StartError(err.message);
    throw err;
  }
  if (stopping) return;

  say(`  waiting for Temporal on localhost:${temporalPort} ...`);
  await temporalReady.catch(asStartError);
  if (stopping) return;
  await mailReady?.().catch(asStartError);
  if (stopping) return;

  // The HTTP API and the Twilio webhooks (api/server.ts) answer whatever the local pages do not.
  // Webhook signatures are checked against PUBLIC_BASE_URL, here http://localhost:PORT unless set;
  // the worker's unsubscribe links point there too.
  const publicBaseUrl = config.PUBLIC_BASE_URL ?? `http://localhost:${config.PORT}`;
  const apiConnection = await Connection.connect(apiConnectionOptions({ address: `localhost:${temporalPort}` }));
  const apiLog = createWriteStream(path.join(paths.logsDir, 'api.log'), { flags: 'a' });
  const frontDeskDir = existsSync(path.join(PROJECT_ROOT, 'web', 'index.html')) ? path.join(PROJECT_ROOT, 'web') : undefined;
  const access = openAccessStores(database.db, sealerOf(env));
  // The password is printed in the banner below only: never in a log file.
  const firstAdmin = await ensureFirstAdmin(access.people, config.ADMIN_EMAIL).catch(asStartError);
  const app = await buildApp({
    temporalClient: new Client({ connection: apiConnection, namespace: config.TEMPORAL_NAMESPACE, ...codecOptions(env) }),
    clinics,
    access,
    config: {
      ...config,
      API_KEY: apiKey.key,
      PHONE_HASH_KEY: env.PHONE_HASH_KEY,
      TWILIO_WEBHOOK_AUTH_TOKEN: env.TWILIO_WEBHOOK_AUTH_TOKEN,
      PUBLIC_BASE_URL: publicBaseUrl,
    },
    logger: createLogger({ level: config.LOG_LEVEL, fields: { service: 'api' }, write: (line) => void apiLog.write(`${line}\n`) }),
    // Staff replies go out as the worker's texts do: Twilio with credentials, the outbox without.
    sms: smsSendersOf(config).senders,
    ...(frontDeskDir ? { frontDeskDir } : {}),
  });
  api = { app, connection: apiConnection };
  if (stopping) return;

  pages = await startLocalPages(config.PORT, {
    fallback: (req, res) => app.routing(req, res),
    frontDeskDir,
    outboxFile: paths.smsOutboxFile,
    links: {
      temporalUi: `http://localhost:${temporalUiPort}`,
      mail: mail ? `http://localhost:${mail.uiPort}` : undefined,
      metrics: config.METRICS_PORT > 0 ? `http://localhost:${config.METRICS_PORT}/metrics` : undefined,
      apiDocs: '/docs',
    },
  });
  if (stopping) return;

  // The worker, in its own process (its JSON logs go to worker.log); it reports back once polling.
  say('  starting the worker (bundles the workflow code) ...');
  const worker = workerProcess({
    env: { ...env, PUBLIC_BASE_URL: publicBaseUrl },
    logFile: path.join(paths.logsDir, 'worker.log'),
    readyWithinMs: 180_000,
    onSpawn: (child) => adopt(child),
  });
  await worker.start().catch(asStartError);
  if (stopping) return;
  watchUnexpectedExit(worker.child!);

  const key = apiKey;
  const keyNote =
    key.source === 'generated' ? `(new; saved in ${rel(key.file)})` : key.source === '.env.local' ? `(from ${rel(key.file)})` : '(from API_KEY)';
  say('');
  say('Aftercare local stack is running:');
  say(`  Temporal UI   http://localhost:${temporalUiPort}`);
  say(`  Front desk    http://localhost:${pages.port}`);
  say(`  SMS outbox    http://localhost:${pages.port}/outbox`);
  say(`  HTTP API      http://localhost:${pages.port}/api/enrollments (docs http://localhost:${pages.port}/docs)`);
  if (mail) say(`  Mail          http://localhost:${mail.uiPort}`);
  else say(`  Mail          sent through ${new URL(config.SMTP_URL).host} (no local mail page)`);
  if (config.METRICS_PORT > 0) say(`  Metrics       http://localhost:${config.METRICS_PORT}/metrics (worker); http://localhost:${pages.port}/metrics (clinics' numbers)`);
  say(`  Temporal      localhost:${temporalPort} (namespace ${config.TEMPORAL_NAMESPACE})`);
  say(`  Database      ${embedded ? `PGlite in ${rel(embedded.dir)}, served on ${embedded.url}` : `${database.kind} ${database.location}`}`);
  if (codecServer) say(`  Codec server  ${codecServer.url} (payloads are encrypted; the Temporal UI decodes them through it)`);
  say(`  API key       ${key.key} ${keyNote}`);
  for (const line of firstAdminLines(firstAdmin, `http://localhost:${pages.port}`)) say(line);
  say(`  Logs          ${rel(paths.logsDir)}/`);
  say('Press Ctrl-C to stop.');
}

if (require.main === module) {
  main().catch((err: unknown) => {
    // A stop requested during start-up makes the waits fail: that is not an error to report.
    if (stopping) return;
    process.stderr.write(`${err instanceof StartError ? err.message : `start failed: ${(err as Error).stack ?? String(err)}`}\n`);
    void shutdown(1);
  });
}
