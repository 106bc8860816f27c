/**
 * The real worker as a child process, exactly as deployed: `node bin/run.js worker/main.ts`, with
 * its configuration in the environment (worker/config.ts). Readiness is its own "worker started"
 * log line; a kill is a SIGKILL of its process group, so no in-flight activity gets to finish.
 */
import path from 'node:path';
import { PROJECT_ROOT } from '../../platform/config';
import { killChild, spawnChild, stopChild, type Child } from './child-processes';
import { within } from './timing';

export interface WorkerProcess {
  /** Starts a worker and resolves once it polls. */
  start(): Promise<void>;
  /** SIGKILL of the whole process tree. */
  kill(): Promise<void>;
  /** SIGTERM (graceful), SIGKILL after a while. */
  stop(): Promise<void>;
  running(): boolean;
  /** Starts, including the first. */
  readonly starts: number;
  /** Exits nobody asked for (a crash of the worker itself). */
  readonly unexpectedExits: number;
}

export function workerProcess(opts: { env: NodeJS.ProcessEnv; logFile: string }): WorkerProcess {
  let child: Child | undefined;
  let starts = 0;
  let unexpectedExits = 0;
  let expectingExit = false;

  return {
    async start() {
      if (child?.running()) throw new Error('the worker is already running');
      starts += 1;
      expectingExit = false;
      const started = spawnChild('worker', process.execPath, [path.join(PROJECT_ROOT, 'bin', 'run.js'), 'worker/main.ts'], {
        env: opts.env,
        cwd: PROJECT_ROOT,
        logFile: opts.logFile,
      });
      child = started;
      void started.exited.then(() => {
        if (!expectingExit) unexpectedExits += 1;
      });
      const ready = new Promise<void>((resolve, reject) => {
        let seen = '';
        started.onOutput((text) => {
          // The line may arrive in pieces: keep a short tail to match across chunks.
          seen = (seen + text).slice(-4096);
          if (seen.includes('"worker started"')) resolve();
        });
        void started.exited.then(({ code, signal }) => reject(new Error(`the worker exited during start-up (${signal ?? `code ${code}`}); see ${opts.logFile}`)));
      });
      await within(60_000, 'worker start-up', ready);
    },
    async kill() {
      expectingExit = true;
      if (child) await killChild(child);
    },
    async stop() {
      expectingExit = true;
      if (child) await stopChild(child, 10_000);
    },
    running: () => child?.running() ?? false,
    get starts() {
      return starts;
    },
    get unexpectedExits() {
      return unexpectedExits;
    },
  };
}
