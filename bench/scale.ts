/**
 * Item 7 of `npm run bench` (issue 17): N running clients (100 000 by default) on one dev server
 * and one worker. They are brought in the way a clinic chain would: one CSV through the real
 * `aftercare import` command. Measured on one fresh dev server: the import's rows/s against the
 * same number of bare `workflow.start` calls, the importer's peak memory, the worker's RSS above
 * idle once every session sleeps, the dev server's RSS, and the API's client list and counts for
 * one clinic.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, statSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { PHASE_COUNTING_DEADLINE_MS } from '../app/clinic-numbers-phases';
import { ONE_PARTITION_PER_TASK_QUEUE } from '../dev/dev-server';
import { startSmtpSink } from '../dev/smtp-sink';
import { startTwilioStandIn } from '../dev/twilio-stand-in';
import { zoneAtLocalHour } from '../dev/zones';
import { loadConfig } from '../platform/config';
import { PROJECT_ROOT } from '../platform/paths';
import { TASK_QUEUE } from '../workflows/contract';
import { addClinics, benchClinicBody } from './clinics';
import { benchInput, welcomeDueMs } from './inputs';
import { sleep } from './lib';
import { metric, osMemoryMiB } from './measure';
import { backlog, runTag, sampleMemory, taskStats, workerEnv, workflowTasksDone, type Log, type TaskStats } from './phases';
import { BENCH_PHONE_HASH_KEY, registerCleanup, startApiProcess, startDevServer, startWorkerProcess, type MemorySample, type WorkerProcess } from './processes';
import { clientsOfClinic, writeScaleCsv } from './scale-csv';
import { nearestRank, quantile, runConcurrent, summarize, type Summary } from './stats';

const MiB = 1024 * 1024;

export interface ScaleSettings {
  clients: number;
  /** Clients per clinic: the list and counts are timed for the first clinic, which has this many (fewer when N is smaller). */
  perClinic: number;
  /** Starts in flight, for the import (`--concurrency`) and the bare starts alike. */
  concurrency: number;
  /** Bare starts on each side of the import: a rate needs thousands, not N (each one is a run the server keeps). */
  barePerSide: number;
  /** Timed API requests: `reps` rounds of `requests` each, one at a time; p95 per round. */
  api: { reps: number; requests: number };
  samples: number;
  /** WORKER_MAX_CACHED_WORKFLOWS for the worker; undefined = its configured default. */
  cache?: number;
}

export interface ImportRun {
  rows: number;
  /** From spawning `aftercare import` to its exit: start-up, the check pass and the enrolment pass. */
  wallS: number;
  /** Its own `--json` figures. */
  seconds: number;
  enrolled: number;
  alreadyEnrolled: number;
  refused: number;
  failed: number;
  peakRssMiB: number;
  /** The most /proc reported (VmHWM), sampled while it ran. */
  osPeakMiB: number;
  exitCode: number | null;
}

export interface ApiTiming {
  path: string;
  /** Per round: the 95th percentile, the median, the slowest. */
  p95: Summary;
  p50: Summary;
  max: Summary;
  requests: number;
  errors: number;
  firstError?: string;
  /** Rows (list) in the last answer, or clients counted (counts). */
  size: number;
  /**
   * From the very first request of a fresh API process, before the rest of the warm-up, until an
   * answer with its figures: for the counts, the counting for real (app/phase-counts-cache.ts keeps
   * them after it), which the timed rounds do not see.
   */
  firstMs: number;
  /** The first answer alone: for the counts, given without them if they take longer than PHASE_COUNTS_WAIT_MS. */
  firstAnswerMs: number;
}

export interface ScaleResult {
  clients: number;
  clinics: number;
  listedClinic: { id: string; clients: number };
  concurrency: number;
  zone: string;
  welcomeInHours: number;
  csvMiB: number;
  import: ImportRun;
  /** Bare starts, half before the import and half after, each timed on its own. */
  bare: { n: number; wallS: number; perSecond: number }[];
  /** Import rows/s over bare starts/s, against each half. */
  ratio: Summary;
  importPerSecond: number;
  worker: {
    idleRaw: Summary;
    loadedRaw: Summary;
    deltaRaw: Summary;
    idle: Summary;
    loaded: Summary;
    delta: Summary;
    heapIdle: Summary;
    heapLoaded: Summary;
    cachedWorkflows: number | undefined;
    configuredCache: string;
    drainSeconds: number;
    tasks: TaskStats;
  };
  server: { idleMiB: number; afterStartsMiB: number; loadedMiB: number; peakMiB: number };
  list: ApiTiming;
  /** Undefined while the numbers route is not in this tree. */
  counts?: ApiTiming;
  sent: { sms: number; email: number };
  minutes: Record<string, number>;
}

/** Where the numbers route would live: measured only when it is in this tree (issue 17, numbers area). */
const NUMBERS_ROUTE = path.join(PROJECT_ROOT, 'api', 'routes', 'numbers.ts');

export async function benchScale(o: { workDir: string; bundlePath: string; settings: ScaleSettings; log: Log }): Promise<ScaleResult> {
  const s = o.settings;
  const minutes: Record<string, number> = {};
  let stageAt = performance.now();
  const stage = (name: string) => {
    minutes[name] = (performance.now() - stageAt) / 60_000;
    stageAt = performance.now();
  };
  const clinics = Math.max(1, Math.ceil(s.clients / s.perClinic));
  if (clinics > 100) throw new Error(`${clinics} clinics: the bench numbers at most 100 (raise --scale-per-clinic)`);
  const clinicIds = Array.from({ length: clinics }, (_, j) => `scale-${j}`);
  const bodies = clinicIds.map((id, j) => benchClinicBody({ id, name: `Bench scale clinic ${j}`, phone: `+131255501${String(j).padStart(2, '0')}`, from: `+141555501${String(j).padStart(2, '0')}`, ratePerSecond: 1 }));
  // Three processes open the application database, each its own (PGlite has one owner at a time): the clinics go into each.
  const dirs = { worker: path.join(o.workDir, 'data-scale-worker'), cli: path.join(o.workDir, 'data-scale-cli'), api: path.join(o.workDir, 'data-scale-api') };
  let profile;
  for (const dir of Object.values(dirs)) profile = (await addClinics({ DATA_DIR: dir }, bodies)).profiles[0];
  if (!profile) throw new Error('the clinics were not added');

  // As `npm start` runs it (scripts/start.ts): SQLite in a file, one partition per task queue. In
  // memory, a server holding 2 × N runs would keep all of them in its own RSS.
  const server = await startDevServer(o.workDir, 'temporal-scale', ONE_PARTITION_PER_TASK_QUEUE, { dbFile: path.join(o.workDir, 'temporal-scale.sqlite') });
  const serverPid = server.proc.pid ?? -1;
  const twilio = await startTwilioStandIn();
  const smtp = await startSmtpSink();
  let worker: WorkerProcess | undefined;
  try {
    worker = await startWorkerProcess({
      workDir: o.workDir,
      name: 'worker-scale',
      env: { ...workerEnv({ address: server.address, dataDir: dirs.worker, twilio, smtp, smsRate: 1, bundlePath: o.bundlePath }), WORKER_MAX_CACHED_WORKFLOWS: s.cache === undefined ? '' : String(s.cache) },
      holdWorkflows: true,
    });
    await sleep(5000);
    const serverIdleMiB = osMemoryMiB(serverPid).rssMiB;
    const idleRaw = await sampleMemory(worker, s.samples, 1000, false);
    const idle = await sampleMemory(worker, s.samples, 1000, true);
    const tasksBefore = (await workflowTasksDone(worker)) ?? 0;
    o.log(`  dev server ${serverIdleMiB.toFixed(0)} MiB idle; worker ${mib(idleRaw)} MiB idle (${mib(idle)} after GC), loaded but holding its workflow poller`);
    stage('start-up');

    // Night in the clients' zone, hours before the window opens: each session's first task sets
    // its timer and it sleeps; nothing is sent while the bench runs.
    const nowMs = Date.now();
    const zone = zoneAtLocalHour(nowMs, 1, 5);
    const performedAt = new Date(nowMs - 30 * 60_000).toISOString();
    const welcomeInHours = (welcomeDueMs(benchInput(profile, { nowMs, clientRef: 'probe', zone, sms: true, email: true })) - nowMs) / 3_600_000;
    if (welcomeInHours < 2) throw new Error(`welcome due in ${welcomeInHours.toFixed(1)} h: the sessions would not stay asleep`);
    const csv = path.join(o.workDir, 'scale.csv');
    await writeScaleCsv(csv, { rows: s.clients, clinicIds, tag: runTag(), zone, performedAt });
    const csvMiB = statSync(csv).size / MiB;
    o.log(`  ${s.clients} rows for ${clinics} clinic(s) in ${csvMiB.toFixed(1)} MiB (zone ${zone}, about ${welcomeInHours.toFixed(1)} h before any welcome is due)`);
    stage('csv');

    // Bare starts in two halves around the import: both sides see the server as it grows.
    const tag = runTag();
    const bareOne = (label: string) => (i: number) => server.client.workflow.start('benchNoopWorkflow', { taskQueue: 'bench-noop', workflowId: `noop-${tag}${label}x${i}`, args: [] }).then(() => undefined);
    const bareHalf = async (label: string, n: number) => {
      const r = await runConcurrent(n, s.concurrency, bareOne(label));
      if (r.errors) throw new Error(`${r.errors} of ${n} bare starts failed, first: ${r.firstError}`);
      const run = { n, wallS: r.wallMs / 1000, perSecond: n / (r.wallMs / 1000) };
      o.log(`  bare starts (${label}): ${n} in ${run.wallS.toFixed(1)} s, ${run.perSecond.toFixed(0)}/s`);
      return run;
    };
    const bareBefore = await bareHalf('before', s.barePerSide);
    const imported = await runImport({
      file: csv,
      concurrency: s.concurrency,
      logFile: path.join(o.workDir, 'import-scale.log'),
      env: cliEnv(server.address, dirs.cli),
    });
    o.log(
      `  import: ${imported.enrolled} enrolled, ${imported.alreadyEnrolled} already, ${imported.refused} refused, ${imported.failed} failed, exit ${imported.exitCode}; ${imported.wallS.toFixed(1)} s wall (${imported.seconds.toFixed(1)} s by its own count), ${(imported.rows / imported.wallS).toFixed(0)} rows/s; peak RSS ${imported.peakRssMiB.toFixed(0)} MiB (OS ${imported.osPeakMiB.toFixed(0)} MiB)`,
    );
    const bareAfter = await bareHalf('after', s.barePerSide);
    if (imported.exitCode !== 0 || imported.enrolled + imported.alreadyEnrolled !== s.clients) {
      throw new Error(`the import enrolled ${imported.enrolled} + ${imported.alreadyEnrolled} of ${s.clients} rows (exit ${imported.exitCode}); see ${path.join(o.workDir, 'import-scale.log')}`);
    }
    const importPerSecond = imported.rows / imported.wallS;
    const ratio = summarize([bareBefore, bareAfter].map((b) => importPerSecond / b.perSecond));
    const serverAfterStartsMiB = osMemoryMiB(serverPid).rssMiB;
    stage('import and bare starts');

    // Now the worker runs every session's first task. Asleep = at least one completed task per
    // session, nothing queued, and no task completed for 5 s (a first run may take more than one task).
    worker.releaseWorkflows();
    const t0 = performance.now();
    const deadline = Date.now() + Math.max(15 * 60_000, (s.clients / 20) * 1000);
    let lastLog = performance.now();
    let lastDone = -1;
    let stillSince = performance.now();
    let done = 0;
    for (;;) {
      done = ((await workflowTasksDone(worker)) ?? 0) - tasksBefore;
      const queued = await backlog(server.client, TASK_QUEUE, temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW).catch(() => 0);
      if (done !== lastDone) {
        lastDone = done;
        stillSince = performance.now();
      }
      if (done >= s.clients && queued === 0 && performance.now() - stillSince >= 5000) break;
      if (Date.now() > deadline) throw new Error(`only ${done} workflow tasks for ${s.clients} sessions completed in ${((performance.now() - t0) / 60_000).toFixed(0)} minutes`);
      if (performance.now() - lastLog > 30_000) {
        lastLog = performance.now();
        o.log(`    ${done} workflow tasks done for ${s.clients} sessions after ${((performance.now() - t0) / 1000).toFixed(0)} s`);
      }
      await sleep(1000);
    }
    // The 5 s of stillness are not the worker's work.
    const drainSeconds = (stillSince - t0) / 1000;
    o.log(`  all ${s.clients} asleep ${drainSeconds.toFixed(0)} s after the worker began polling (${(done / s.clients).toFixed(2)} workflow tasks a session, ${(done / drainSeconds).toFixed(0)} tasks/s)`);
    stage('worker runs first tasks');
    await sleep(10_000);
    const loadedRaw = await sampleMemory(worker, s.samples, 2000, false);
    const loaded = await sampleMemory(worker, s.samples, 2000, true);
    const cachedWorkflows = metric(await worker.metrics(), 'temporal_sticky_cache_size');
    const tasks = await taskStats(worker);
    const serverLoaded = osMemoryMiB(serverPid);
    const rss = (x: MemorySample[]) => x.map((m) => m.rss / MiB);
    const heap = (x: MemorySample[]) => x.map((m) => (m.heapUsed + m.threadHeapUsed) / MiB);
    const idleRawS = summarize(rss(idleRaw));
    const idleS = summarize(rss(idle));
    o.log(`  worker ${mib(loadedRaw)} MiB (${mib(loaded)} after GC) with ${s.clients} asleep, ${cachedWorkflows ?? '?'} cached; dev server ${serverLoaded.rssMiB.toFixed(0)} MiB (peak ${serverLoaded.peakMiB.toFixed(0)})`);
    stage('memory');

    // The API on the same server: the first clinic's client list, and its counts when the route exists.
    const listed = { id: clinicIds[0]!, clients: clientsOfClinic(s.clients, clinics, 0) };
    const api = await startApiProcess({ workDir: o.workDir, temporalAddress: server.address, dataDir: dirs.api, name: 'api-scale' });
    let list: ApiTiming;
    let counts: ApiTiming | undefined;
    try {
      const get = async (p: string): Promise<number> => {
        const res = await fetch(`${api.url}${p}`, { headers: { authorization: `Bearer ${api.apiKey}` } });
        const text = await res.text();
        if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`);
        return sizeOf(JSON.parse(text) as unknown);
      };
      list = await timeRequests(`/api/enrollments?clinicId=${listed.id}`, s.api, get);
      o.log(`  list of ${listed.id} (${listed.clients} clients): ${list.size} rows per answer; p95 ${fmtMs(list.p95)}, p50 ${fmtMs(list.p50)}; ${list.errors} errors`);
      if (existsSync(NUMBERS_ROUTE)) {
        counts = await timeRequests(`/api/clinics/${listed.id}/numbers`, s.api, get);
        o.log(`  counts of ${listed.id}: ${counts.size} running; first (uncached) answer ${counts.firstAnswerMs.toFixed(0)} ms, counts in ${counts.firstMs.toFixed(0)} ms; served p95 ${fmtMs(counts.p95)}, p50 ${fmtMs(counts.p50)}; ${counts.errors} errors`);
      } else {
        o.log('  counts: api/routes/numbers.ts is not in this tree yet; not measured');
      }
    } finally {
      await api.stop();
    }
    stage('API');

    return {
      clients: s.clients,
      clinics,
      listedClinic: listed,
      concurrency: s.concurrency,
      zone,
      welcomeInHours,
      csvMiB,
      import: imported,
      bare: [bareBefore, bareAfter],
      ratio,
      importPerSecond,
      worker: {
        idleRaw: idleRawS,
        loadedRaw: summarize(rss(loadedRaw)),
        deltaRaw: summarize(rss(loadedRaw).map((v) => v - idleRawS.median)),
        idle: idleS,
        loaded: summarize(rss(loaded)),
        delta: summarize(rss(loaded).map((v) => v - idleS.median)),
        heapIdle: summarize(heap(idle)),
        heapLoaded: summarize(heap(loaded)),
        cachedWorkflows,
        configuredCache: s.cache === undefined ? `unset (default ${loadConfig({}, PROJECT_ROOT).WORKER_MAX_CACHED_WORKFLOWS})` : String(s.cache),
        drainSeconds,
        tasks,
      },
      server: { idleMiB: serverIdleMiB, afterStartsMiB: serverAfterStartsMiB, loadedMiB: serverLoaded.rssMiB, peakMiB: serverLoaded.peakMiB },
      list,
      ...(counts ? { counts } : {}),
      sent: { sms: twilio.messages.length, email: smtp.messages.length },
      minutes,
    };
  } finally {
    await worker?.stop();
    await twilio.close();
    await smtp.close();
    await server.stop();
  }
}

/** The CLI's environment: this dev server, its own database, nothing from the checkout's .env.local. */
function cliEnv(address: string, dataDir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TEMPORAL_ADDRESS: address,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_API_KEY: '',
    TEMPORAL_TLS_CERT_PATH: '',
    TEMPORAL_TLS_KEY_PATH: '',
    CODEC_KEYS: '',
    CODEC_KEYS_FILE: '',
    DATABASE_URL: '',
    DATA_DIR: dataDir,
    PHONE_HASH_KEY: BENCH_PHONE_HASH_KEY,
    ENV_LOCAL_FILE: path.join(dataDir, 'no.env.local'),
    LOG_LEVEL: 'info',
  };
}

interface ImportJson {
  total?: number;
  enrolled?: number;
  alreadyEnrolled?: number;
  refused?: unknown[];
  failed?: number;
  seconds?: number;
  peakRssMiB?: number;
}

/** `aftercare import <file> --json --concurrency <n>` as a user runs it (bin/aftercare.js), timed from spawn to exit. */
async function runImport(o: { file: string; concurrency: number; logFile: string; env: NodeJS.ProcessEnv }): Promise<ImportRun> {
  const log = openSync(o.logFile, 'a');
  const t0 = performance.now();
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'aftercare.js'), 'import', o.file, '--json', '--concurrency', String(o.concurrency)], {
    cwd: PROJECT_ROOT,
    env: o.env,
    stdio: ['ignore', 'pipe', log],
    detached: true,
  });
  closeSync(log);
  const unregister = registerCleanup(async () => {
    if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGKILL');
  });
  let stdout = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  let osPeakMiB = 0;
  const sampler = setInterval(() => {
    const m = osMemoryMiB(child.pid ?? -1).peakMiB;
    if (Number.isFinite(m)) osPeakMiB = Math.max(osPeakMiB, m);
  }, 250);
  const exitCode = await new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const wallS = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  unregister();
  let json: ImportJson;
  try {
    json = JSON.parse(stdout) as ImportJson;
  } catch {
    throw new Error(`aftercare import printed no JSON (exit ${exitCode}): ${stdout.slice(0, 300)}; see ${o.logFile}`);
  }
  return {
    rows: json.total ?? Number.NaN,
    wallS,
    seconds: json.seconds ?? Number.NaN,
    enrolled: json.enrolled ?? 0,
    alreadyEnrolled: json.alreadyEnrolled ?? 0,
    refused: json.refused?.length ?? 0,
    failed: json.failed ?? 0,
    peakRssMiB: json.peakRssMiB ?? Number.NaN,
    osPeakMiB,
    exitCode,
  };
}

/** A counting is cut at PHASE_COUNTING_DEADLINE_MS: past that (and a margin) the first request is timed as it is. */
const FIRST_COUNTS_WITHIN_MS = PHASE_COUNTING_DEADLINE_MS + 30_000;

/** The first GET timed (until its figures are in) on its own; then `reps` rounds of `requests` GETs, one at a time after 2 more warm-ups; the percentiles per round. */
async function timeRequests(p: string, o: { reps: number; requests: number }, get: (p: string) => Promise<number>): Promise<ApiTiming> {
  const t0 = performance.now();
  let first = await get(p);
  const firstAnswerMs = performance.now() - t0;
  // A numbers answer given while its phases are still being counted has none (NaN): asked again until it has.
  while (Number.isNaN(first) && performance.now() - t0 < FIRST_COUNTS_WITHIN_MS) {
    await sleep(250);
    first = await get(p);
  }
  const firstMs = performance.now() - t0;
  for (let i = 0; i < 2; i++) await get(p);
  const p95: number[] = [];
  const p50: number[] = [];
  const max: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let size = Number.NaN;
  for (let rep = 0; rep < o.reps; rep++) {
    const r = await runConcurrent(o.requests, 1, async () => {
      size = await get(p);
    });
    errors += r.errors;
    firstError ??= r.firstError;
    const sorted = [...r.latenciesMs].sort((a, b) => a - b);
    p95.push(nearestRank(sorted, 0.95));
    p50.push(quantile(sorted, 0.5));
    max.push(sorted[sorted.length - 1] ?? Number.NaN);
  }
  return { path: p, p95: summarize(p95), p50: summarize(p50), max: summarize(max), requests: o.reps * o.requests, errors, ...(firstError ? { firstError } : {}), size, firstMs, firstAnswerMs };
}

/** Rows in a list answer; running clients in a numbers answer. */
function sizeOf(body: unknown): number {
  if (Array.isArray(body)) return body.length;
  const running = (body as { clients?: { running?: unknown } } | null)?.clients?.running;
  return typeof running === 'number' ? running : Number.NaN;
}

const mib = (x: MemorySample[]) => (summarize(x.map((m) => m.rss / MiB)).median).toFixed(0);
const fmtMs = (s: Summary) => `${s.median.toFixed(0)} ms (${s.min.toFixed(0)}–${s.max.toFixed(0)})`;
