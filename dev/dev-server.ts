/**
 * The Temporal CLI's dev server as this project runs it everywhere (local stack, fault runner,
 * bench, tests): a supervised child process with the project's search attributes registered on
 * the command line, started on a free port unless told one, and ready once it answers for its
 * namespace (and its Web UI answers, when it has one).
 */
import { readFileSync, statSync } from 'node:fs';
import { SEARCH_ATTRIBUTE_CLI_TYPES } from '../workflows/contract';
import { killChild, spawnChild, stopChild, type Child } from './child-processes';
import { freePort } from './ports';
import { httpAnswers, NotReadyError, temporalAnswers, waitUntilReady } from './readiness';
import { requireTool } from './temporal-toolchain';

/**
 * One partition per task queue. Temporal splits a task queue's rate limit evenly over its
 * partitions (4 by default), and partitions started together release their share in step, so the
 * SMS queue would send in clumps of 4 above SMS_RATE_LIMIT_PER_SECOND within a second. A production
 * cluster sets the same for the SMS queue in its dynamic config (docker-compose's
 * temporal/dynamicconfig).
 */
export const ONE_PARTITION_PER_TASK_QUEUE: Readonly<Record<string, number>> = {
  'matching.numTaskqueueReadPartitions': 1,
  'matching.numTaskqueueWritePartitions': 1,
};

export interface DevServerOptions {
  logFile: string;
  env?: NodeJS.ProcessEnv;
  /** A SQLite file (in WAL mode): what ran survives a restart. Without one, everything is in memory. */
  dbFile?: string;
  /** The gRPC port; without one, a free port, kept for every restart. */
  port?: number;
  /** The address the gRPC service binds (the CLI's default: localhost). */
  ip?: string;
  /** The Web UI's port; without one, no Web UI. */
  uiPort?: number;
  /** Where the Web UI sends payloads to be decoded. */
  uiCodecEndpoint?: string;
  /** Created at start-up besides `default`, and the one readiness is checked on. */
  namespace?: string;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** `--dynamic-config-value` pairs, e.g. ONE_PARTITION_PER_TASK_QUEUE. */
  dynamicConfig?: Readonly<Record<string, unknown>>;
  /** How long start-up may take, UI excluded (default 60 s). */
  startTimeoutMs?: number;
  /** Called as soon as the process exists, before it is ready (e.g. to supervise it). */
  onSpawn?: (child: Child) => void;
}

export interface DevServer {
  /** host:port, once started. */
  readonly address: string;
  readonly namespace: string;
  /** The process of the current (or last) start. */
  readonly child: Child | undefined;
  /** Starts the server (again, on the same port and file) and waits until it is ready. */
  start(): Promise<void>;
  /** SIGKILL: no chance to flush or say goodbye. */
  kill(): Promise<void>;
  /** SIGTERM, SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  running(): boolean;
}

/** `--dynamic-config-value key=<JSON>` for each pair. */
function dynamicConfigArgs(values: Readonly<Record<string, unknown>>): string[] {
  return Object.entries(values).flatMap(([key, value]) => ['--dynamic-config-value', `${key}=${JSON.stringify(value)}`]);
}

/** The command line of `temporal server start-dev` for `opts` on `port`. */
export function devServerArgs(opts: Omit<DevServerOptions, 'logFile' | 'port'>, port: number): string[] {
  return [
    'server',
    'start-dev',
    ...(opts.dbFile ? ['--db-filename', opts.dbFile, '--sqlite-pragma', 'journal_mode=wal'] : []),
    ...(opts.uiPort === undefined ? ['--headless'] : []),
    ...(opts.ip ? ['--ip', opts.ip] : []),
    '--port',
    String(port),
    ...(opts.uiPort === undefined ? [] : ['--ui-port', String(opts.uiPort)]),
    ...(opts.namespace && opts.namespace !== 'default' ? ['--namespace', opts.namespace] : []),
    ...(opts.logLevel ? ['--log-level', opts.logLevel] : []),
    ...Object.entries(SEARCH_ATTRIBUTE_CLI_TYPES).flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]),
    ...(opts.uiCodecEndpoint ? ['--ui-codec-endpoint', opts.uiCodecEndpoint] : []),
    ...dynamicConfigArgs(opts.dynamicConfig ?? {}),
  ];
}

class PortTakenError extends Error {}

function logSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** What a log gained since it was `offset` bytes long. */
function logSince(file: string, offset: number): string {
  try {
    return readFileSync(file).subarray(offset).toString('utf8');
  } catch {
    return '';
  }
}

export function devServer(opts: DevServerOptions): DevServer {
  const cli = requireTool('cli', opts.env);
  const namespace = opts.namespace ?? 'default';
  const host = opts.ip ?? 'localhost';
  let port = opts.port;
  let child: Child | undefined;

  async function launch(p: number): Promise<void> {
    const logFrom = logSize(opts.logFile);
    const started = spawnChild('temporal', cli, devServerArgs(opts, p), { env: opts.env ?? process.env, logFile: opts.logFile });
    child = started;
    opts.onSpawn?.(started);
    try {
      await waitUntilReady('The Temporal dev server', started, opts.startTimeoutMs ?? 60_000, () => temporalAnswers(`${host}:${p}`, namespace));
      if (opts.uiPort !== undefined) {
        const ui = `http://127.0.0.1:${opts.uiPort}/`;
        await waitUntilReady('The Temporal Web UI', started, 30_000, () => httpAnswers(ui));
      }
    } catch (err) {
      if (err instanceof NotReadyError && err.exited && /address already in use/.test(logSince(opts.logFile, logFrom))) {
        throw new PortTakenError(`a port was taken: ${opts.logFile}`);
      }
      throw err;
    }
  }

  return {
    get address() {
      if (port === undefined) throw new Error('the dev server has not started yet');
      return `${host}:${port}`;
    },
    namespace,
    get child() {
      return child;
    },
    async start() {
      if (child?.running()) throw new Error('the dev server is already running');
      if (port !== undefined) return launch(port);
      // A free port can be taken between asking and binding (the dev server's own services pick
      // random ports too, and other runs start at the same time): try another one.
      for (let attempt = 1; ; attempt++) {
        const candidate = await freePort();
        try {
          await launch(candidate);
          port = candidate;
          return;
        } catch (err) {
          if (!(err instanceof PortTakenError) || attempt >= 5) throw err;
        }
      }
    },
    async kill() {
      if (child) await killChild(child);
    },
    async stop(graceMs = 15_000) {
      if (child) await stopChild(child, graceMs);
    },
    running: () => child?.running() ?? false,
  };
}
