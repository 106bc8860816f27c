/**
 * The processes the bench owns, all on 127.0.0.1 and each in its own process group
 * (dev/child-processes.ts): Temporal dev servers (dev/dev-server.ts), the worker
 * (dev/worker-process.ts, with bench/worker-probe.cjs preloaded) and the HTTP API. Whatever way
 * the bench ends, none outlives it.
 */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { killAllChildrenNow, liveChildren, spawnChild, stopChild, type Child } from '../dev/child-processes';
import { devServer } from '../dev/dev-server';
import { freePort } from '../dev/ports';
import { waitUntilReady } from '../dev/readiness';
import { workerProcess } from '../dev/worker-process';
import { sleep } from './lib';
import { PROJECT_ROOT } from '../platform/paths';
import { scrapeMetrics } from './measure';

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

// --- Temporal dev server ------------------------------------------------------------------------

export interface DevServer {
  address: string;
  proc: ChildProcess;
  client: Client;
  connection: Connection;
  stop(): Promise<void>;
}

/**
 * A fresh Temporal dev server (dev/dev-server.ts: in memory unless given a SQLite file, no UI, on a
 * free loopback port), with the server's default task-queue partitions unless `dynamicConfig` says otherwise.
 */
export async function startDevServer(workDir: string, name: string, dynamicConfig: Readonly<Record<string, unknown>> = {}, opts: { dbFile?: string } = {}): Promise<DevServer> {
  const server = devServer({ ip: '127.0.0.1', dynamicConfig, logFile: path.join(workDir, `${name}.log`), ...opts });
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
  /** With `holdWorkflows`: the workflow worker starts polling now (a no-op otherwise). */
  releaseWorkflows(): void;
  stop(): Promise<void>;
}

/**
 * `worker/main.ts` in its own Node process, exactly as `npm start` runs it, plus bench/worker-probe.cjs
 * preloaded (answers memory requests over IPC; with `sdkDefaultCache` it leaves the SDK's own
 * maxCachedWorkflows default in force instead of WORKER_MAX_CACHED_WORKFLOWS; with `holdWorkflows`
 * the workflow worker polls only after `releaseWorkflows()`). Resolves once the worker reports it is started.
 */
export async function startWorkerProcess(opts: { workDir: string; name: string; env: NodeJS.ProcessEnv; sdkDefaultCache?: boolean; holdWorkflows?: boolean }): Promise<WorkerProcess> {
  const metricsPort = await freePort();
  const logFile = path.join(opts.workDir, `${opts.name}.log`);
  const worker = workerProcess({
    env: {
      ...process.env,
      ...opts.env,
      METRICS_PORT: String(metricsPort),
      ...(opts.sdkDefaultCache ? { BENCH_SDK_DEFAULT_CACHE: '1' } : {}),
      ...(opts.holdWorkflows ? { BENCH_HOLD_WORKFLOWS: '1' } : {}),
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
    releaseWorkflows() {
      if (opts.holdWorkflows && proc.connected) proc.send({ type: 'bench-poll' });
    },
    // A held workflow worker would never finish its run(): released first, so the stop is graceful.
    stop: () => {
      if (opts.holdWorkflows && proc.connected) proc.send({ type: 'bench-poll' });
      return worker.stop(30_000);
    },
  };
}

// --- the HTTP API, as its own process -----------------------------------------------------------

/** The key the API and the bench's CLI runs hash phones with (PhoneHash): the same, so both see the same clients. */
export const BENCH_PHONE_HASH_KEY = 'bench-phone-hash-key-0123456789abcdef';

export interface ApiProcess {
  pid: number;
  url: string;
  apiKey: string;
  stop(): Promise<void>;
}

export async function startApiProcess(opts: { workDir: string; temporalAddress: string; dataDir?: string; name?: string }): Promise<ApiProcess> {
  const port = await freePort();
  const apiKey = `bench-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  const logFile = path.join(opts.workDir, `${opts.name ?? 'api'}.log`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TEMPORAL_ADDRESS: opts.temporalAddress,
    TEMPORAL_NAMESPACE: 'default',
    PORT: String(port),
    API_KEY: apiKey,
    // The per-key limit (default 120/min) is not what is measured here.
    API_RATE_LIMIT_PER_MINUTE: '100000',
    PHONE_HASH_KEY: BENCH_PHONE_HASH_KEY,
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'info',
    DATA_DIR: opts.dataDir ?? path.join(opts.workDir, 'api-data'),
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
