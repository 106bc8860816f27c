/**
 * The real worker as a child process, started as the image starts it (`node --import tsx
 * worker/main.ts`, configured by its environment: platform/config.ts), for the local stack, the
 * fault runner, the bench and the end-to-end tests. Ready once it reports over IPC that it polls
 * (worker/main.ts sends `worker-ready`); a kill is a SIGKILL of its process group, so no in-flight
 * activity gets to finish.
 */
import path from 'node:path';
import { PROJECT_ROOT } from '../platform/paths';
import { killChild, spawnChild, stopChild, tailOfLog, type Child } from './child-processes';

export interface WorkerProcessOptions {
  env: NodeJS.ProcessEnv;
  logFile: string;
  /** Node options for the worker's own process, e.g. `--expose-gc`. */
  nodeArgs?: string[];
  /** How long start-up (the workflow bundle included) may take; default 60 s. */
  readyWithinMs?: number;
  /** Called as soon as the process exists, before it is ready (e.g. to supervise it). */
  onSpawn?: (child: Child) => void;
}

export interface WorkerProcess {
  /** Starts a worker and resolves once it polls. */
  start(): Promise<void>;
  /** SIGKILL of the whole process tree. */
  kill(): Promise<void>;
  /** SIGTERM (graceful), SIGKILL after `graceMs` (default 10 s). */
  stop(graceMs?: number): Promise<void>;
  running(): boolean;
  /** The process of the current (or last) start. */
  readonly child: Child | undefined;
  /** Starts, including the first. */
  readonly starts: number;
  /** Exits nobody asked for (a crash of the worker itself). */
  readonly unexpectedExits: number;
}

export function workerProcess(opts: WorkerProcessOptions): WorkerProcess {
  let child: Child | undefined;
  let starts = 0;
  let unexpectedExits = 0;
  let expectingExit = false;
  const readyWithinMs = opts.readyWithinMs ?? 60_000;

  return {
    async start() {
      if (child?.running()) throw new Error('the worker is already running');
      starts += 1;
      expectingExit = false;
      const args = [...(opts.nodeArgs ?? []), '--import', 'tsx', path.join(PROJECT_ROOT, 'worker', 'main.ts')];
      const started = spawnChild('worker', process.execPath, args, { env: opts.env, logFile: opts.logFile, ipc: true });
      child = started;
      opts.onSpawn?.(started);
      void started.exited.then(() => {
        if (!expectingExit) unexpectedExits += 1;
      });
      const outcome = await new Promise<'ready' | 'exited' | 'timeout'>((resolve) => {
        started.proc.on('message', (m: unknown) => {
          if ((m as { type?: string } | null)?.type === 'worker-ready') resolve('ready');
        });
        void started.exited.then(() => resolve('exited'));
        setTimeout(() => resolve('timeout'), readyWithinMs).unref();
      });
      if (outcome === 'ready') return;
      // A worker that is late is left running: the caller stops it, or waits longer.
      if (outcome === 'timeout') throw new Error(`The worker did not report ready within ${Math.round(readyWithinMs / 1000)} s; see ${opts.logFile}`);
      const { code, signal } = await started.exited;
      throw new Error(`The worker exited during start-up (${signal ?? `code ${code}`}). Last lines of ${opts.logFile}:\n${tailOfLog(opts.logFile)}`);
    },
    async kill() {
      expectingExit = true;
      if (child) await killChild(child);
    },
    async stop(graceMs = 10_000) {
      expectingExit = true;
      if (child) await stopChild(child, graceMs);
    },
    running: () => child?.running() ?? false,
    get child() {
      return child;
    },
    get starts() {
      return starts;
    },
    get unexpectedExits() {
      return unexpectedExits;
    },
  };
}
