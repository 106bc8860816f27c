/**
 * Shared pieces of the benchmark (bench/run.ts): statistics, the child processes it owns (Temporal
 * dev server, worker, HTTP API), the worker's Prometheus metrics, zones for "now is midday/night",
 * and the machine description. Everything listens on 127.0.0.1; every child is in its own process
 * group and is killed on exit, whatever way the bench ends.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DateTime } from 'luxon';
import { killAllChildrenNow, liveChildren, spawnChild, stopChild, type Child } from '../dev/child-processes';
import { devServer } from '../dev/dev-server';
import { PINNED_WHEELS, requireTool } from '../dev/temporal-toolchain';
import { freePort } from '../dev/ports';
import { waitUntilReady } from '../dev/readiness';
import { workerProcess } from '../dev/worker-process';
import { planOf, type AftercareInput, type ClinicProfile } from '../workflows/contract';

export const PROJECT_ROOT = path.resolve(__dirname, '..');
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// --- statistics ---------------------------------------------------------------------------------

export interface Summary {
  median: number;
  min: number;
  max: number;
  q1: number;
  q3: number;
  n: number;
}

/** Linear interpolation between closest ranks (the usual "type 7" quantile). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
    n: sorted.length,
  };
}

/** "12.3 (11.9–12.8, n=5)": median with min–max over the repetitions. */
export function fmt(s: Summary, digits = 1, unit = ''): string {
  const f = (v: number) => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');
  if (s.n <= 1 || s.min === s.max) return `${f(s.median)}${unit}${s.n > 1 ? ` (all ${s.n} equal)` : ' (n=1)'}`;
  return `${f(s.median)}${unit} (${f(s.min)}–${f(s.max)}, n=${s.n})`;
}

/** Runs `total` tasks with at most `concurrency` in flight; returns each task's latency in ms and the wall time. */
export async function runConcurrent(total: number, concurrency: number, task: (i: number) => Promise<void>): Promise<{ latenciesMs: number[]; wallMs: number; errors: number; firstError?: string }> {
  const latenciesMs: number[] = [];
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const lane = async () => {
    while (next < total) {
      const i = next++;
      const t0 = performance.now();
      try {
        await task(i);
        latenciesMs.push(performance.now() - t0);
      } catch (err) {
        errors++;
        firstError ??= (err as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, lane));
  return { latenciesMs, wallMs: performance.now() - started, errors, ...(firstError ? { firstError } : {}) };
}

// --- child processes (dev/child-processes.ts) --------------------------------------------------

// Last resort: whatever way this process ends, no child outlives it.
process.on('exit', killAllChildrenNow);

const cleanups = new Set<() => Promise<unknown>>();

/** Something to stop on Ctrl-C that is not a child of ours (the time-skipping server the SDK starts). Returns the unregister function. */
export function registerCleanup(fn: () => Promise<unknown>): () => void {
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

/** Runs the registered clean-ups (at most `ms` in all), then stops every child. */
export async function cleanUpEverything(ms = 20_000): Promise<void> {
  // Last registered first: the harness before the server it runs on.
  const inOrder = async () => {
    for (const fn of [...cleanups].reverse()) await fn().catch(() => undefined);
  };
  await Promise.race([inOrder(), sleep(ms)]);
  await Promise.allSettled(liveChildren().map((child) => stopChild(child, 5000)));
}

/** Stops `child` after a failed start-up and throws `err`. */
async function stopAndThrow(child: Child | undefined, err: unknown): Promise<never> {
  if (child) await stopChild(child, 15_000);
  throw err;
}

export function makeWorkDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'aftercare-bench-'));
}

export function removeWorkDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** CPU time (user + system) a process has used so far, in ms, from /proc (Linux). */
export function cpuMsOf(pid: number): number {
  try {
    // Fields after the command name (which is in parentheses and may hold spaces): utime is the 12th, stime the 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** This process's CPU time so far, in ms. */
export function ownCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

// --- Temporal dev server ------------------------------------------------------------------------

export interface DevServer {
  address: string;
  proc: ChildProcess;
  client: Client;
  connection: Connection;
  stop(): Promise<void>;
}

/**
 * A fresh Temporal dev server (dev/dev-server.ts: in memory, no UI, on a free loopback port), with
 * the server's default task-queue partitions unless `dynamicConfig` says otherwise.
 */
export async function startDevServer(workDir: string, name: string, dynamicConfig: Record<string, unknown> = {}): Promise<DevServer> {
  const server = devServer({ ip: '127.0.0.1', dynamicConfig, logFile: path.join(workDir, `${name}.log`) });
  await server.start().catch((err: unknown) => stopAndThrow(server.child, err));
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace: 'default' });
  return {
    address: server.address,
    proc: server.child!.proc,
    client,
    connection,
    async stop() {
      await connection.close().catch(() => undefined);
      await server.stop();
    },
  };
}

// --- the worker, as its own process -------------------------------------------------------------

export interface MemorySample {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** Worker threads that answered (the SDK's workflow thread), and their V8 heaps together. */
  threads: number;
  threadHeapUsed: number;
  threadHeapTotal: number;
}

export interface WorkerProcess {
  proc: ChildProcess;
  metricsUrl: string;
  logFile: string;
  /** process.memoryUsage() of the worker process and its threads' heaps; with `gc`, after a full GC in every thread. */
  memory(gc: boolean): Promise<MemorySample>;
  metrics(): Promise<Map<string, number>>;
  stop(): Promise<void>;
}

/**
 * `worker/main.ts` in its own Node process, exactly as `npm start` runs it, plus bench/worker-probe.cjs
 * preloaded (answers memory requests over IPC; with `sdkDefaultCache` it leaves the SDK's own
 * maxCachedWorkflows default in force instead of WORKER_MAX_CACHED_WORKFLOWS). Resolves once the worker reports it is polling.
 */
export async function startWorkerProcess(opts: { workDir: string; name: string; env: NodeJS.ProcessEnv; sdkDefaultCache?: boolean }): Promise<WorkerProcess> {
  const metricsPort = await freePort();
  const logFile = path.join(opts.workDir, `${opts.name}.log`);
  const worker = workerProcess({
    env: {
      ...process.env,
      ...opts.env,
      METRICS_PORT: String(metricsPort),
      ...(opts.sdkDefaultCache ? { BENCH_SDK_DEFAULT_CACHE: '1' } : {}),
    },
    logFile,
    nodeArgs: ['--expose-gc', '--require', path.join(__dirname, 'worker-probe.cjs')],
    readyWithinMs: 180_000,
  });
  await worker.start().catch((err: unknown) => stopAndThrow(worker.child, err));
  const proc = worker.child!.proc;
  const pending = new Map<number, (m: MemorySample) => void>();
  let seq = 0;
  proc.on('message', (m: unknown) => {
    const msg = m as { type?: string; id?: number; memory?: MemorySample };
    if (msg.type === 'bench-memory' && msg.id !== undefined && msg.memory) {
      pending.get(msg.id)?.(msg.memory);
      pending.delete(msg.id);
    }
  });
  const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
  return {
    proc,
    metricsUrl,
    logFile,
    memory(gc: boolean) {
      const id = ++seq;
      return new Promise<MemorySample>((resolve, reject) => {
        pending.set(id, resolve);
        proc.send({ type: 'bench-memory', id, gc }, (err) => {
          if (err) reject(err);
        });
        setTimeout(() => reject(new Error('the worker did not answer a memory request within 60 s')), 60_000).unref();
      });
    },
    metrics: () => scrapeMetrics(metricsUrl),
    stop: () => worker.stop(30_000),
  };
}

/** Prometheus text format: `name{labels} value`, summed over label sets, keyed by metric name. */
export async function scrapeMetrics(url: string): Promise<Map<string, number>> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  const text = await res.text();
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([A-Za-z_:][A-Za-z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const value = Number(m[3]);
    if (!Number.isFinite(value)) continue;
    // Histogram buckets would be summed across `le`: keep only totals.
    if (m[1]!.endsWith('_bucket')) continue;
    out.set(m[1]!, (out.get(m[1]!) ?? 0) + value);
  }
  return out;
}

/** The first of `names` that the scrape has (metric names differ between SDK versions). */
export function metric(metrics: Map<string, number>, ...names: string[]): number | undefined {
  for (const name of names) {
    const v = metrics.get(name);
    if (v !== undefined) return v;
  }
  return undefined;
}

// --- the HTTP API, as its own process -----------------------------------------------------------

export interface ApiProcess {
  pid: number;
  url: string;
  apiKey: string;
  stop(): Promise<void>;
}

export async function startApiProcess(opts: { workDir: string; temporalAddress: string }): Promise<ApiProcess> {
  const port = await freePort();
  const apiKey = `bench-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  const logFile = path.join(opts.workDir, 'api.log');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TEMPORAL_ADDRESS: opts.temporalAddress,
    TEMPORAL_NAMESPACE: 'default',
    PORT: String(port),
    API_KEY: apiKey,
    // The per-key limit (default 120/min) is not what is measured here.
    API_RATE_LIMIT_PER_MINUTE: '100000',
    PHONE_HASH_KEY: 'bench-phone-hash-key-0123456789abcdef',
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'info',
    DATA_DIR: path.join(opts.workDir, 'api-data'),
    // Nothing from the checkout's .env.local.
    ENV_LOCAL_FILE: path.join(opts.workDir, 'no.env.local'),
  };
  const api = spawnChild('api', process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'api', 'main.ts')], { env, logFile });
  const url = `http://127.0.0.1:${port}`;
  // Ready once an authenticated request succeeds: the clinics are loaded and the key is taken.
  const answers = async () => {
    const res = await fetch(`${url}/api/clinics`, { headers: { authorization: `Bearer ${apiKey}` }, signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.status === 200;
  };
  await waitUntilReady('The HTTP API', api, 60_000, answers).catch((err: unknown) => stopAndThrow(api, err));
  return { pid: api.proc.pid ?? -1, url, apiKey, stop: () => stopChild(api, 15_000) };
}

// --- inputs ---------------------------------------------------------------------------

/** An aftercare input for a session that ended 30 minutes before `nowMs`, as the enrollment service builds it. */
export function benchInput(clinic: ClinicProfile, opts: { nowMs: number; clientRef: string; zone: string; sms: boolean; email: boolean }): AftercareInput {
  const enrolledAt = new Date(opts.nowMs).toISOString();
  return {
    clinic,
    clientRef: opts.clientRef,
    client: {
      firstName: 'Bench',
      phone: '+15550104477',
      ...(opts.email ? { email: 'bench@example.com' } : {}),
      timezone: opts.zone,
      consent: { sms: opts.sms, email: opts.email },
    },
    session: { number: 1, performedAt: new Date(opts.nowMs - 30 * 60_000).toISOString(), plannedSessions: clinic.plannedSessions },
    enrolledAt,
  };
}

/** When the first step (the welcome) of `input` is due. */
export function welcomeDueMs(input: AftercareInput): number {
  const first = planOf(input)[0];
  if (!first) throw new Error('empty plan');
  return Date.parse(first.sendAt);
}

// --- the machine --------------------------------------------------------------------------------

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  temporalCli: string;
  testServer: string;
  sdk: string;
}

export function machineInfo(): MachineInfo {
  const cli = requireTool('cli');
  const cliVersion = spawnSync(cli, ['--version'], { encoding: 'utf8' }).stdout.trim();
  const sdk = (JSON.parse(readFileSync(require.resolve('@temporalio/worker/package.json'), 'utf8')) as { version: string }).version;
  return {
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    temporalCli: cliVersion || 'unknown',
    testServer: `temporal-test-server ${PINNED_WHEELS.testServer.version} (PyPI wheel ${PINNED_WHEELS.testServer.pkg})`,
    sdk: `@temporalio/* ${sdk}`,
  };
}

/**
 * Other busy processes on the machine (not this bench, its ancestors or its children), for the
 * record: they share the CPUs and skew timings.
 */
export function otherActivity(minCpu = 1): string[] {
  const ps = spawnSync('ps', ['-eo', 'pid,ppid,pgid,pcpu,args', '--sort=-pcpu'], { encoding: 'utf8' });
  if (ps.status !== 0) return [];
  const rows = ps.stdout
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f.length >= 5)
    .map((f) => ({ pid: Number(f[0]), ppid: Number(f[1]), pgid: Number(f[2]), cpu: Number(f[3]), args: f.slice(4).join(' ') }));
  const parent = new Map(rows.map((r) => [r.pid, r.ppid]));
  const ancestors = new Set<number>();
  for (let pid: number | undefined = process.pid; pid && !ancestors.has(pid); pid = parent.get(pid)) ancestors.add(pid);
  const groups = new Set<number>(liveChildren().map((c) => c.proc.pid ?? -1));
  const isOurs = (pid: number): boolean => {
    for (let p: number | undefined = pid, hops = 0; p && hops < 50; p = parent.get(p), hops++) {
      if (p === process.pid || groups.has(p)) return true;
    }
    return false;
  };
  return rows
    .filter((r) => !ancestors.has(r.pid) && !isOurs(r.pid) && !groups.has(r.pgid) && r.cpu >= minCpu)
    .filter((r) => !/^(ps|\[)/.test(r.args))
    .map((r) => `pid ${r.pid}, ${r.cpu}% CPU: ${r.args.slice(0, 140)}`)
    .slice(0, 12);
}
