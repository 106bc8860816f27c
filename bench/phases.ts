/**
 * The five measurements of `npm run bench` (issue 6). Each returns plain numbers; bench/run.ts
 * turns them into the table and bench/RESULTS.md.
 */
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { DateTime } from 'luxon';
import { startAftercare } from '../app/enrollment-service';
import { CLINIC, startHarness } from '../dev/aftercare-harness';
import { startSmtpSink, type SmtpSink } from '../dev/smtp-sink';
import { createTimeSkippingEnv } from '../dev/temporal-env';
import { startTwilioStandIn, type TwilioStandIn } from '../dev/twilio-stand-in';
import type { AftercareResult } from '../workflows/aftercare';
import { recordBookingUpdate, smsTaskQueueFor, TASK_QUEUE, type ClinicProfile } from '../workflows/contract';
import { workflowIdFor } from '../domain/identifiers';
import { addClinics, benchClinicBody, northside } from './clinics';
import { benchInput, welcomeDueMs } from './inputs';
import { sleep, waitForTexts } from './lib';
import { cpuMsOf, metric, ownCpuMs } from './measure';
import { registerCleanup, startApiProcess, startDevServer, startWorkerProcess, type DevServer, type MemorySample, type WorkerProcess } from './processes';
import { runConcurrent, summarize, type Summary } from './stats';
import { zoneAtLocalHour } from '../dev/zones';

export type Log = (line: string) => void;

const DAY = 86_400_000;
const MiB = 1024 * 1024;

export const runTag = () => Math.random().toString(36).slice(2, 7);

// --- 1. enrollment through the HTTP API vs bare starts -------------------------------------------

export interface LatencyStats {
  throughput: Summary;
  p50: Summary;
  p95: Summary;
  p99: Summary;
  errors: number;
  firstError?: string;
}

export interface EnrollmentResult {
  n: number;
  concurrency: number;
  reps: number;
  api: LatencyStats;
  bare: LatencyStats;
  /** API throughput / bare throughput, per repetition (the two runs of a repetition are back to back). */
  ratio: Summary;
  /** CPU ms per request, by process: what limits throughput when they share the same cores. */
  cpuPerRequest: { api: { apiProcess: Summary; temporal: Summary; loadGenerator: Summary }; bare: { temporal: Summary; loadGenerator: Summary } };
}

export async function benchEnrollment(o: { workDir: string; n: number; concurrency: number; reps: number; log: Log }): Promise<EnrollmentResult> {
  const server = await startDevServer(o.workDir, 'temporal-enrollment');
  const api = await startApiProcess({ workDir: o.workDir, temporalAddress: server.address });
  try {
    const tag = runTag();
    const enrollOne = async (label: string, i: number) => {
      const body = {
        clinicId: 'northside',
        clientRef: `E${tag}${label}x${i}`,
        client: {
          firstName: 'Bench',
          phone: '+12125554477',
          email: 'bench@example.com',
          timezone: 'America/New_York',
          consent: { sms: true, email: true },
        },
        session: { number: 1, performedAt: new Date(Date.now() - 60 * 60_000).toISOString(), plannedSessions: 3 },
      };
      const res = await fetch(`${api.url}/api/enrollments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${api.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status !== 201) throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`);
    };
    // The no-op workflow is only started: no worker polls its queue, and none is needed to start it.
    const bareOne = async (label: string, i: number) => {
      await server.client.workflow.start('benchNoopWorkflow', { taskQueue: 'bench-noop', workflowId: `noop-${tag}${label}x${i}`, args: [] });
    };

    o.log(`  warm-up: 50 enrollments and 50 bare starts`);
    await runConcurrent(50, o.concurrency, (i) => enrollOne('w', i));
    await runConcurrent(50, o.concurrency, (i) => bareOne('w', i));

    const cpu = { apiApi: [] as number[], apiTemporal: [] as number[], apiBench: [] as number[], bareTemporal: [] as number[], bareBench: [] as number[] };
    const apiRuns: { rate: number; lat: number[]; errors: number; firstError?: string }[] = [];
    const bareRuns: typeof apiRuns = [];
    const ratios: number[] = [];
    for (let rep = 0; rep < o.reps; rep++) {
      // Alternate which goes first, so neither always gets the warmer server.
      const order = rep % 2 === 0 ? (['api', 'bare'] as const) : (['bare', 'api'] as const);
      const got: Record<string, { rate: number; lat: number[]; errors: number; firstError?: string }> = {};
      for (const which of order) {
        const before = { api: cpuMsOf(api.pid), temporal: cpuMsOf(server.proc.pid ?? -1), bench: ownCpuMs() };
        const r = await runConcurrent(o.n, o.concurrency, (i) => (which === 'api' ? enrollOne(`r${rep}`, i) : bareOne(`r${rep}`, i)));
        const per = (after: number, b: number) => (after - b) / o.n;
        if (which === 'api') {
          cpu.apiApi.push(per(cpuMsOf(api.pid), before.api));
          cpu.apiTemporal.push(per(cpuMsOf(server.proc.pid ?? -1), before.temporal));
          cpu.apiBench.push(per(ownCpuMs(), before.bench));
        } else {
          cpu.bareTemporal.push(per(cpuMsOf(server.proc.pid ?? -1), before.temporal));
          cpu.bareBench.push(per(ownCpuMs(), before.bench));
        }
        got[which] = { rate: r.latenciesMs.length / (r.wallMs / 1000), lat: r.latenciesMs, errors: r.errors, ...(r.firstError ? { firstError: r.firstError } : {}) };
      }
      apiRuns.push(got.api!);
      bareRuns.push(got.bare!);
      ratios.push(got.api!.rate / got.bare!.rate);
      o.log(`  rep ${rep + 1}/${o.reps}: API ${got.api!.rate.toFixed(0)}/s, bare ${got.bare!.rate.toFixed(0)}/s, ratio ${(got.api!.rate / got.bare!.rate).toFixed(2)}`);
    }
    const stats = (runs: typeof apiRuns): LatencyStats => {
      const pct = (q: number) =>
        summarize(
          runs.map((r) => {
            const sorted = [...r.lat].sort((a, b) => a - b);
            return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
          }),
        );
      const firstError = runs.find((r) => r.firstError)?.firstError;
      return {
        throughput: summarize(runs.map((r) => r.rate)),
        p50: pct(0.5),
        p95: pct(0.95),
        p99: pct(0.99),
        errors: runs.reduce((a, r) => a + r.errors, 0),
        ...(firstError ? { firstError } : {}),
      };
    };
    return {
      n: o.n,
      concurrency: o.concurrency,
      reps: o.reps,
      api: stats(apiRuns),
      bare: stats(bareRuns),
      ratio: summarize(ratios),
      cpuPerRequest: {
        api: { apiProcess: summarize(cpu.apiApi), temporal: summarize(cpu.apiTemporal), loadGenerator: summarize(cpu.apiBench) },
        bare: { temporal: summarize(cpu.bareTemporal), loadGenerator: summarize(cpu.bareBench) },
      },
    };
  } finally {
    await api.stop();
    await server.stop();
  }
}

// --- 2 and 5. a full timeline with a booking under time skipping: its history and wall time -------

export interface HistoryCost {
  events: number;
  bytes: number;
  byType: Record<string, number>;
  activitiesByType: Record<string, number>;
  activityRetries: number;
  /** Billed upserts beyond the first in the same workflow task: one upsert per task would have done. */
  upsertsSharingATask: number;
  actions: number;
  actionsByRule: Record<string, number>;
}

/**
 * Temporal Cloud Actions in one history, by https://docs.temporal.io/cloud/actions (read for this
 * bench): a workflow start, each activity scheduled plus each retry (attempt - 1 on its started
 * event), each timer started, each signal received, each update accepted, each search-attribute
 * upsert (not those at start; not TemporalChangeVersion alone), each child-workflow start (2),
 * the local-activity markers of one workflow task (1), each workflow-options update. Queries are
 * billed too but leave no event; signals this workflow sends are billed to the one it signals.
 */
export function costOfHistory(history: temporal.api.history.v1.IHistory): HistoryCost {
  const T = temporal.api.enums.v1.EventType;
  const events = history.events ?? [];
  const byType: Record<string, number> = {};
  const activitiesByType: Record<string, number> = {};
  const rules: Record<string, number> = {};
  const add = (rule: string, n = 1) => {
    if (n > 0) rules[rule] = (rules[rule] ?? 0) + n;
  };
  let retries = 0;
  const laTasks = new Set<string>();
  const upsertTasks = new Set<string>();
  let upserts = 0;
  for (const e of events) {
    const type = e.eventType ?? T.EVENT_TYPE_UNSPECIFIED;
    const name = (T[type] ?? String(type)).replace(/^EVENT_TYPE_/, '');
    byType[name] = (byType[name] ?? 0) + 1;
    switch (type) {
      case T.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED:
        add('workflow started');
        break;
      case T.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED: {
        add('activity scheduled');
        const activity = e.activityTaskScheduledEventAttributes?.activityType?.name ?? '?';
        activitiesByType[activity] = (activitiesByType[activity] ?? 0) + 1;
        break;
      }
      case T.EVENT_TYPE_ACTIVITY_TASK_STARTED: {
        const extra = Math.max(0, (e.activityTaskStartedEventAttributes?.attempt ?? 1) - 1);
        retries += extra;
        add('activity retry', extra);
        break;
      }
      case T.EVENT_TYPE_TIMER_STARTED:
        add('timer started');
        break;
      case T.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
        add('signal received');
        break;
      case T.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
        add('update accepted');
        break;
      case T.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES: {
        const keys = Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {});
        // The SDK's TemporalChangeVersion upsert (one per patch) is exempt, and not the workflow's own.
        if (keys.length === 1 && keys[0] === 'TemporalChangeVersion') break;
        add('search attributes upserted');
        upserts++;
        upsertTasks.add(String(e.upsertWorkflowSearchAttributesEventAttributes?.workflowTaskCompletedEventId ?? '?'));
        break;
      }
      case T.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED:
        add('child workflow started (2 each)', 2);
        break;
      case T.EVENT_TYPE_WORKFLOW_EXECUTION_OPTIONS_UPDATED:
        add('workflow options updated');
        break;
      case T.EVENT_TYPE_MARKER_RECORDED: {
        const attrs = e.markerRecordedEventAttributes;
        if (attrs?.markerName === 'core_local_activity') {
          const task = String(attrs.workflowTaskCompletedEventId ?? '?');
          if (!laTasks.has(task)) add('local activities (1 per workflow task)');
          laTasks.add(task);
        }
        break;
      }
      default:
        break;
    }
  }
  return {
    events: events.length,
    bytes: temporal.api.history.v1.History.encode(history).finish().length,
    byType,
    activitiesByType,
    activityRetries: retries,
    upsertsSharingATask: upserts - upsertTasks.size,
    actions: Object.values(rules).reduce((a, b) => a + b, 0),
    actionsByRule: rules,
  };
}

/** Item 2's goal (issue 17): Temporal Actions of one session with the full timeline and a booking. */
export const ACTIONS_PER_SESSION_GOAL = 24;

export interface TimelineResult {
  reps: number;
  wallMs: Summary;
  actions: Summary;
  events: Summary;
  bytes: Summary;
  /** The first repetition's breakdown (the others are checked to be the same shape). */
  sample: HistoryCost;
  smsPerSession: number;
  emailsPerSession: number;
  steps: string[];
}

export async function benchTimeline(o: { reps: number; log: Log }): Promise<TimelineResult> {
  const env = await createTimeSkippingEnv();
  const unregisterEnv = registerCleanup(() => env.teardown());
  const h = await startHarness(env);
  const unregisterHarness = registerCleanup(() => h.stop());
  try {
    const walls: number[] = [];
    const costs: HistoryCost[] = [];
    let sms = 0;
    let emails = 0;
    let steps: string[] = [];
    for (let rep = 0; rep < o.reps; rep++) {
      const nowMs = await env.currentTimeMs();
      // A zone where it is daytime on the server's clock: the welcome goes out at once, as in the
      // tests, so every repetition has the same shape.
      const zone = zoneAtLocalHour(nowMs, 10, 16);
      const input = benchInput(CLINIC, { nowMs, clientRef: `T${runTag()}${rep}`, zone, sms: true, email: true });
      const workflowId = workflowIdFor(input.clinic.id, input.clientRef, input.session.number);
      const smsBefore = h.twilio.messages.length;
      const mailBefore = h.smtp.messages.length;
      const t0 = performance.now();
      const handle = await h.start(input, workflowId);
      // Booked on day 3 for day 25 at 14:30 local, as the booking test does.
      await env.sleep(3 * DAY);
      const appointment = DateTime.fromISO(input.session.performedAt, { zone }).plus({ days: 25 }).set({ hour: 14, minute: 30, second: 0, millisecond: 0 });
      await handle.executeUpdate(recordBookingUpdate, { args: [{ appointmentAt: appointment.toISO() as string }] });
      const result = (await handle.result()) as AftercareResult;
      walls.push(performance.now() - t0);
      if (result.phase !== 'completed') throw new Error(`timeline ended ${result.phase}`);
      const cost = costOfHistory(await handle.fetchHistory());
      costs.push(cost);
      sms = h.twilio.messages.length - smsBefore;
      emails = h.smtp.messages.length - mailBefore;
      steps = [...new Set(result.sent.map((r) => r.id))];
      o.log(`  rep ${rep + 1}/${o.reps}: ${(walls[rep]! / 1000).toFixed(2)} s wall, ${cost.events} events, ${cost.actions} Actions, ${cost.bytes} bytes`);
    }
    return {
      reps: o.reps,
      wallMs: summarize(walls),
      actions: summarize(costs.map((c) => c.actions)),
      events: summarize(costs.map((c) => c.events)),
      bytes: summarize(costs.map((c) => c.bytes)),
      sample: costs[0]!,
      smsPerSession: sms,
      emailsPerSession: emails,
      steps,
    };
  } finally {
    unregisterHarness();
    await h.stop();
    unregisterEnv();
    await env.teardown();
  }
}

// --- the worker's environment -------------------------------------------------------------------

export function workerEnv(o: { address: string; dataDir: string; twilio: TwilioStandIn; smtp: SmtpSink; smsRate: number; bundlePath: string }): NodeJS.ProcessEnv {
  return {
    TEMPORAL_ADDRESS: o.address,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_API_KEY: '',
    TEMPORAL_TLS_CERT_PATH: '',
    TEMPORAL_TLS_KEY_PATH: '',
    CODEC_KEYS: '',
    CODEC_KEYS_FILE: '',
    DATA_DIR: o.dataDir,
    SMTP_URL: o.smtp.url,
    EMAIL_FROM: 'Aftercare <aftercare@example.com>',
    TWILIO_ACCOUNT_SID: o.twilio.accountSid,
    TWILIO_AUTH_TOKEN: o.twilio.authToken,
    TWILIO_FROM: '+13125559999',
    TWILIO_MESSAGING_SERVICE_SID: '',
    TWILIO_API_BASE_URL: o.twilio.baseUrl,
    PUBLIC_BASE_URL: 'http://127.0.0.1:9',
    SMS_RATE_LIMIT_PER_SECOND: String(o.smsRate),
    WORKFLOW_BUNDLE_PATH: o.bundlePath,
    LOG_LEVEL: 'info',
  };
}

/** Starts `n` aftercare workflows the way the enrollment service does (startAftercare), `concurrency` at a time. */
export async function startMany(client: Client, n: number, concurrency: number, make: (i: number) => Parameters<typeof startAftercare>[1]): Promise<{ wallMs: number; workflowIds: string[] }> {
  const workflowIds: string[] = [];
  const r = await runConcurrent(n, concurrency, async (i) => {
    workflowIds.push((await startAftercare(client, make(i))).workflowId);
  });
  if (r.errors > 0) throw new Error(`${r.errors} of ${n} starts failed, first: ${r.firstError}`);
  return { wallMs: r.wallMs, workflowIds };
}

/** Workflow tasks the worker has completed (Core's histogram count), or undefined when not exported. */
export async function workflowTasksDone(worker: WorkerProcess): Promise<number | undefined> {
  const m = await worker.metrics();
  return metric(m, 'temporal_workflow_task_execution_latency_count', 'temporal_workflow_task_execution_latency_seconds_count', 'temporal_workflow_task_execution_latency_milliseconds_count');
}

export interface TaskStats {
  workflowTasks: number;
  /** Mean workflow task execution time in the worker (Core's histogram), ms. */
  workflowTaskMeanMs: number;
  activityTasks: number;
}

export async function taskStats(worker: WorkerProcess): Promise<TaskStats> {
  const m = await worker.metrics();
  if (process.env.BENCH_DUMP_METRICS) {
    for (const [k, v] of m) if (/task|cache|slot/.test(k)) process.stdout.write(`    ${k} ${v}\n`);
  }
  const wftCount = metric(m, 'temporal_workflow_task_execution_latency_count') ?? Number.NaN;
  const wftSum = metric(m, 'temporal_workflow_task_execution_latency_sum') ?? Number.NaN;
  const atCount = metric(m, 'temporal_activity_execution_latency_count') ?? Number.NaN;
  return { workflowTasks: wftCount, workflowTaskMeanMs: wftSum / wftCount, activityTasks: atCount };
}

export async function sampleMemory(worker: WorkerProcess, samples: number, gapMs: number, gc: boolean): Promise<MemorySample[]> {
  const out: MemorySample[] = [];
  for (let i = 0; i < samples; i++) {
    out.push(await worker.memory(gc));
    if (i < samples - 1) await sleep(gapMs);
  }
  return out;
}

// --- 3. worker memory with N sleeping workflows --------------------------------------------------

export interface MemoryResult {
  workflows: number;
  /** 'configured': WORKER_MAX_CACHED_WORKFLOWS unset (platform/config.ts's default); a number: that value; 'sdk-default': the SDK's memory-sized default. */
  cache: MemoryCache;
  /** RSS as the OS sees it, no GC forced. */
  idleRawRssMiB: Summary;
  loadedRawRssMiB: Summary;
  deltaRawRssMiB: Summary;
  /** RSS after a full GC in every thread: what the workflows really hold. */
  idleRssMiB: Summary;
  loadedRssMiB: Summary;
  deltaRssMiB: Summary;
  /** V8 heap used, main thread plus the workflow thread, after the GC. */
  idleHeapMiB: Summary;
  loadedHeapMiB: Summary;
  workflowThreadHeapMiB: Summary;
  cachedWorkflows: number | undefined;
  startRate: number;
  settleSeconds: number;
  tasks: TaskStats;
  welcomeInHours: number;
  zone: string;
}

export type MemoryCache = 'configured' | 'sdk-default' | number;

export async function benchMemory(o: { workDir: string; workflows: number; bundlePath: string; cache: MemoryCache; samples: number; log: Log }): Promise<MemoryResult> {
  const label = String(o.cache);
  const server = await startDevServer(o.workDir, `temporal-memory-${label}`);
  const twilio = await startTwilioStandIn();
  const smtp = await startSmtpSink();
  let worker: WorkerProcess | undefined;
  try {
    worker = await startWorkerProcess({
      workDir: o.workDir,
      name: `worker-memory-${label}`,
      env: {
        ...workerEnv({ address: server.address, dataDir: path.join(o.workDir, `data-memory-${label}`), twilio, smtp, smsRate: 1, bundlePath: o.bundlePath }),
        WORKER_MAX_CACHED_WORKFLOWS: typeof o.cache === 'number' ? String(o.cache) : '',
      },
      sdkDefaultCache: o.cache === 'sdk-default',
    });
    await sleep(5000);
    const idleRaw = await sampleMemory(worker, o.samples, 1000, false);
    const idle = await sampleMemory(worker, o.samples, 1000, true);
    const tasksBefore = (await workflowTasksDone(worker)) ?? 0;

    // Night in the client's zone: each welcome waits for the window to open, hours away, so every
    // workflow runs its first task (search attributes, timer) and then sleeps. Nothing is sent.
    const nowMs = Date.now();
    const zone = zoneAtLocalHour(nowMs, 1, 6);
    const clinic = northside();
    const tag = runTag();
    const make = (i: number) => benchInput(clinic, { nowMs, clientRef: `M${tag}x${i}`, zone, sms: true, email: true });
    const welcomeInHours = (welcomeDueMs(make(0)) - nowMs) / 3_600_000;
    if (welcomeInHours < 2) throw new Error(`welcome due in ${welcomeInHours.toFixed(1)} h: the workflows would not stay asleep`);
    o.log(`  starting ${o.workflows} workflows (zone ${zone}, welcome in ${welcomeInHours.toFixed(1)} h), worker cache: ${label}`);
    const t0 = performance.now();
    const { wallMs } = await startMany(server.client, o.workflows, 32, make);

    // Asleep = the worker has completed one workflow task per workflow and nothing is queued.
    const deadline = Date.now() + 15 * 60_000;
    let done = 0;
    for (;;) {
      done = ((await workflowTasksDone(worker)) ?? 0) - tasksBefore;
      const queued = await backlog(server.client, TASK_QUEUE, temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW).catch(() => 0);
      if (done >= o.workflows && queued === 0) break;
      if (Date.now() > deadline) throw new Error(`only ${done} of ${o.workflows} first workflow tasks completed within 15 minutes`);
      await sleep(1000);
    }
    const settleSeconds = (performance.now() - t0) / 1000;
    o.log(`  all ${o.workflows} asleep after ${settleSeconds.toFixed(0)} s (started in ${(wallMs / 1000).toFixed(0)} s); ${twilio.messages.length} SMS, ${smtp.messages.length} emails sent (expected 0)`);
    await sleep(10_000);
    const loadedRaw = await sampleMemory(worker, o.samples, 2000, false);
    const loaded = await sampleMemory(worker, o.samples, 2000, true);
    const cache = metric(await worker.metrics(), 'temporal_sticky_cache_size');
    const tasks = await taskStats(worker);
    const rss = (s: MemorySample[]) => s.map((m) => m.rss / MiB);
    const heap = (s: MemorySample[]) => s.map((m) => (m.heapUsed + m.threadHeapUsed) / MiB);
    const idleRss = summarize(rss(idle));
    const idleRawRss = summarize(rss(idleRaw));
    if (loaded.some((m) => m.threads < Math.max(...idle.map((i) => i.threads)))) o.log('  (a thread did not answer in time: its heap is missing from a sample)');
    return {
      workflows: o.workflows,
      cache: o.cache,
      idleRawRssMiB: idleRawRss,
      loadedRawRssMiB: summarize(rss(loadedRaw)),
      deltaRawRssMiB: summarize(rss(loadedRaw).map((v) => v - idleRawRss.median)),
      idleRssMiB: idleRss,
      loadedRssMiB: summarize(rss(loaded)),
      deltaRssMiB: summarize(rss(loaded).map((v) => v - idleRss.median)),
      idleHeapMiB: summarize(heap(idle)),
      loadedHeapMiB: summarize(heap(loaded)),
      workflowThreadHeapMiB: summarize(loaded.map((m) => m.threadHeapUsed / MiB)),
      cachedWorkflows: cache,
      startRate: o.workflows / (wallMs / 1000),
      settleSeconds,
      tasks,
      welcomeInHours,
      zone,
    };
  } finally {
    await worker?.stop();
    await twilio.close();
    await smtp.close();
    await server.stop();
  }
}

// --- 4. a burst of SMS steps due at once ----------------------------------------------------------

export interface BurstRun {
  steps: number;
  rateLimit: number;
  delivered: number;
  dropped: number;
  duplicates: number;
  failedRequests: number;
  achievedPerSecond: number;
  maxInAlignedSecond: number;
  maxInSlidingSecond: number;
  spanSeconds: number;
  firstSendAfterReadyMs: number;
  /** Sends per clock second, from the first send on. */
  perSecond: number[];
  /** The most in one clock second from the third on (the limiter's steady state; the first is partial). */
  maxInLaterSecond: number;
  /** Rate over the middle 80% of the texts, and over the last 10%. */
  middleRate: number;
  tailRate: number;
  partitions: number | 'default';
  preQueued: boolean;
  tasks: TaskStats;
}

export function analyzeSends(timesMs: number[]): { achieved: number; maxAligned: number; maxSliding: number; spanSeconds: number; perSecond: number[]; middleRate: number; tailRate: number } {
  const t = [...timesMs].sort((a, b) => a - b);
  if (t.length < 20) return { achieved: Number.NaN, maxAligned: t.length, maxSliding: t.length, spanSeconds: 0, perSecond: [t.length], middleRate: Number.NaN, tailRate: Number.NaN };
  const rateBetween = (from: number, to: number) => {
    const i = Math.floor(from * (t.length - 1));
    const j = Math.floor(to * (t.length - 1));
    return (j - i) / ((t[j]! - t[i]!) / 1000);
  };
  const spanSeconds = (t[t.length - 1]! - t[0]!) / 1000;
  const buckets = new Map<number, number>();
  for (const x of t) buckets.set(Math.floor(x / 1000), (buckets.get(Math.floor(x / 1000)) ?? 0) + 1);
  let maxSliding = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (j < t.length && t[j]! < t[i]! + 1000) j++;
    maxSliding = Math.max(maxSliding, j - i);
  }
  const firstSecond = Math.floor(t[0]! / 1000);
  const perSecond = Array.from({ length: Math.floor(t[t.length - 1]! / 1000) - firstSecond + 1 }, (_, i) => buckets.get(firstSecond + i) ?? 0);
  return {
    achieved: (t.length - 1) / spanSeconds,
    maxAligned: Math.max(...buckets.values()),
    maxSliding,
    spanSeconds,
    perSecond,
    middleRate: rateBetween(0.1, 0.9),
    tailRate: rateBetween(0.9, 1),
  };
}

/** Approximate backlog of a task queue, as the server reports it. */
export async function backlog(client: Client, taskQueue: string, type: temporal.api.enums.v1.TaskQueueType): Promise<number> {
  const d = await client.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue }, taskQueueType: type, reportStats: true });
  return Number(d.stats?.approximateBacklogCount ?? 0);
}

/**
 * Runs `start` (which starts workflows) while a workflow-only worker inside the bench (the same
 * bundle on TASK_QUEUE, no activities) runs each new workflow's first task, until the server
 * reports every queue in `queues` holding its number of texts; then stops that worker. So the
 * texts are all due, and waiting, before any worker that sends them polls.
 */
export async function preQueued<T>(server: DevServer, bundlePath: string, queues: { taskQueue: string; texts: number }[], start: () => Promise<T>, log: Log): Promise<T> {
  const connection = await NativeConnection.connect({ address: server.address });
  // No cache: it only runs each workflow's first task, and 5000 cached runs would take gigabytes here.
  const worker = await Worker.create({ connection, namespace: 'default', taskQueue: TASK_QUEUE, workflowBundle: { codePath: bundlePath }, maxCachedWorkflows: 0 });
  const running = worker.run();
  const t0 = performance.now();
  try {
    const started = await start();
    const deadline = Date.now() + 15 * 60_000;
    for (const q of queues) {
      for (;;) {
        const queued = await backlog(server.client, q.taskQueue, temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY);
        if (queued >= q.texts) break;
        if (Date.now() > deadline) throw new Error(`only ${queued} of ${q.texts} texts queued on ${q.taskQueue} within 15 minutes`);
        await sleep(1000);
      }
    }
    log(`  ${queues.map((q) => `${q.texts} texts on ${q.taskQueue}`).join(', ')}: queued by a workflow-only worker ${((performance.now() - t0) / 1000).toFixed(0)} s after the first start`);
    return started;
  } finally {
    worker.shutdown();
    await running;
    await connection.close();
  }
}

/**
 * `preQueued`: the steps' workflow tasks run first, in a workflow-only worker inside the bench (the
 * same bundle on the same queue, no activities), until all N sendSms tasks wait on `aftercare-sms`;
 * then the real worker starts and the texts are all due at once. Without it, the real worker
 * starts on N just-started workflows: each text then also waits for its workflow's first task.
 */
export async function benchBurst(o: { workDir: string; steps: number; rateLimit: number; bundlePath: string; name: string; preQueued: boolean; partitions?: number; log: Log }): Promise<BurstRun> {
  // The dev server's task queues have the server's default number of partitions unless told otherwise.
  const server = await startDevServer(
    o.workDir,
    `temporal-${o.name}`,
    o.partitions ? { 'matching.numTaskqueueReadPartitions': o.partitions, 'matching.numTaskqueueWritePartitions': o.partitions } : {},
  );
  const twilio = await startTwilioStandIn();
  const smtp = await startSmtpSink();
  let worker: WorkerProcess | undefined;
  try {
    // Daytime in the client's zone, hours before the window closes: every welcome is due the
    // moment its workflow starts. SMS consent only, so what is measured is the texts alone.
    const nowMs = Date.now();
    const zone = zoneAtLocalHour(nowMs, 10, 16);
    // One clinic whose sender's rate is the limit measured; the worker finds it in its database.
    const dataDir = path.join(o.workDir, `data-${o.name}`);
    const {
      profiles: [clinic],
    } = await addClinics({ DATA_DIR: dataDir }, [benchClinicBody({ id: 'bench-burst', name: 'Bench burst clinic', phone: '+13125550145', from: '+13125550152', ratePerSecond: o.rateLimit })]);
    if (!clinic) throw new Error('the clinic was not added');
    const tag = runTag();
    const make = (i: number) => benchInput(clinic, { nowMs, clientRef: `B${tag}x${i}`, zone, sms: true, email: false });
    if (welcomeDueMs(make(0)) > nowMs + 60_000) throw new Error('the welcome is not due at enrollment');
    // All started before the real worker polls. With `preQueued`, a workflow-only worker runs their
    // first tasks meanwhile, until every text waits on the clinic's SMS queue, and then stops.
    const queue = smsTaskQueueFor(TASK_QUEUE, clinic.id);
    const { wallMs } = o.preQueued
      ? await preQueued(server, o.bundlePath, [{ taskQueue: queue, texts: o.steps }], () => startMany(server.client, o.steps, 32, make), o.log)
      : await startMany(server.client, o.steps, 32, make);
    o.log(`  ${o.steps} welcomes due (zone ${zone}, started in ${(wallMs / 1000).toFixed(0)} s); starting the worker, the clinic's sender at ${o.rateLimit}/s`);
    worker = await startWorkerProcess({
      workDir: o.workDir,
      name: `worker-${o.name}`,
      env: workerEnv({ address: server.address, dataDir, twilio, smtp, smsRate: o.rateLimit, bundlePath: o.bundlePath }),
    });
    const readyAt = Date.now();
    // Bounded wait: the expected time at the limit, plus margin; stop early once 30 s pass with no send.
    const deadline = readyAt + Math.min(o.steps / o.rateLimit, 600) * 1000 * 2 + 120_000;
    await waitForTexts(twilio.messages, o.steps, deadline);
    const unique = new Set(twilio.messages.map((m) => new URL(m.statusCallback ?? 'x:/').searchParams.get('wf')));
    const times = twilio.messages.map((m) => m.dateCreated.getTime());
    const a = analyzeSends(times);
    const run: BurstRun = {
      steps: o.steps,
      rateLimit: o.rateLimit,
      delivered: unique.size,
      dropped: o.steps - unique.size,
      duplicates: twilio.messages.length - unique.size,
      failedRequests: twilio.requests.filter((r) => r.status !== 201).length,
      achievedPerSecond: a.achieved,
      maxInAlignedSecond: a.maxAligned,
      maxInSlidingSecond: a.maxSliding,
      spanSeconds: a.spanSeconds,
      firstSendAfterReadyMs: times.length ? Math.min(...times) - readyAt : Number.NaN,
      perSecond: a.perSecond,
      maxInLaterSecond: a.perSecond.length > 2 ? Math.max(...a.perSecond.slice(2)) : Number.NaN,
      middleRate: a.middleRate,
      tailRate: a.tailRate,
      partitions: o.partitions ?? 'default',
      preQueued: o.preQueued,
      tasks: await taskStats(worker),
    };
    o.log(
      `  ${run.delivered}/${o.steps} delivered in ${a.spanSeconds.toFixed(1)} s: ${a.achieved.toFixed(1)}/s, per second ${a.perSecond.slice(0, 6).join(', ')}${a.perSecond.length > 6 ? ', ...' : ''}; most in one second ${a.maxAligned} (sliding ${a.maxSliding}, from the third second on ${Math.max(...a.perSecond.slice(2))}), middle 80% at ${a.middleRate.toFixed(1)}/s, last 10% at ${a.tailRate.toFixed(1)}/s; dropped ${run.dropped}, duplicates ${run.duplicates}; ${run.tasks.workflowTasks} workflow tasks, ${run.tasks.workflowTaskMeanMs.toFixed(1)} ms each on average`,
    );
    return run;
  } finally {
    await worker?.stop();
    await twilio.close();
    await smtp.close();
    await server.stop();
  }
}
