/**
 * The child processes of the local stack, the fault runner, the bench and the end-to-end tests.
 *
 * Each child leads a process group of its own (`detached`), so that one signal reaches its whole
 * tree (`node bin/run.js` and the node process it starts), and a terminal's Ctrl-C reaches only the
 * parent, which then stops its children in its own order. Output goes to a log file: straight from
 * the child (nothing passes through this process, which matters when this process's CPU time is
 * measured), or through this process when `watchOutput` is set, so that `onOutput` can notice a
 * line. Every child is remembered until it exits, so that an entry point can kill whatever is left
 * on any way out (failure, Ctrl-C, an uncaught error).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, closeSync, createWriteStream, openSync, readFileSync } from 'node:fs';
import { PROJECT_ROOT } from '../platform/paths';

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Child {
  readonly name: string;
  readonly proc: ChildProcess;
  readonly logFile: string;
  /** Settles once the process has exited and its log is complete (never rejects). */
  readonly exited: Promise<ExitStatus>;
  running(): boolean;
  /** Called with every chunk of output, e.g. to notice a readiness line (with `watchOutput` only). */
  onOutput(listener: (text: string) => void): void;
}

export interface SpawnOptions {
  env: NodeJS.ProcessEnv;
  logFile: string;
  /** Default: the project's root. */
  cwd?: string;
  /** Output passes through this process, for `onOutput`. */
  watchOutput?: boolean;
  /** An IPC channel (`proc.send`, 'message' events), e.g. for the worker's readiness message. */
  ipc?: boolean;
}

const live = new Set<Child>();

function describeExit({ code, signal }: ExitStatus): string {
  return signal ?? `code ${code}`;
}

export function spawnChild(name: string, command: string, args: readonly string[], opts: SpawnOptions): Child {
  appendFileSync(opts.logFile, `\n=== ${new Date().toISOString()} start ${name}: ${[command, ...args].join(' ')}\n`);
  const fd = opts.watchOutput ? undefined : openSync(opts.logFile, 'a');
  const output = fd ?? 'pipe';
  const proc = spawn(command, args, {
    cwd: opts.cwd ?? PROJECT_ROOT,
    env: opts.env,
    stdio: opts.ipc ? ['ignore', output, output, 'ipc'] : ['ignore', output, output],
    detached: true,
  });
  if (fd !== undefined) closeSync(fd);
  const log = opts.watchOutput ? createWriteStream(opts.logFile, { flags: 'a' }) : undefined;
  const listeners: Array<(text: string) => void> = [];
  const forward = (chunk: Buffer) => {
    log?.write(chunk);
    const text = chunk.toString('utf8');
    for (const l of listeners) l(text);
  };
  proc.stdout?.on('data', forward);
  proc.stderr?.on('data', forward);
  let isRunning = true;
  const exited = new Promise<ExitStatus>((resolve) => {
    const finish = (line: string, result: ExitStatus) => {
      if (!isRunning) return;
      isRunning = false;
      live.delete(child);
      const footer = `=== ${new Date().toISOString()} ${line}\n`;
      // Resolved once the log is complete, so that a restart's lines come after these.
      if (log) log.end(footer, () => resolve(result));
      else {
        appendFileSync(opts.logFile, footer);
        resolve(result);
      }
    };
    // 'close', not 'exit': by then its output has been read to the end.
    proc.once('close', (code, signal) => finish(`${name} exited (${describeExit({ code, signal })})`, { code, signal }));
    proc.once('error', (err) => finish(`${name} failed to start: ${err.message}`, { code: 127, signal: null }));
  });
  const child: Child = {
    name,
    proc,
    logFile: opts.logFile,
    exited,
    running: () => isRunning,
    onOutput: (listener) => {
      if (!opts.watchOutput) throw new Error(`${name}: onOutput needs watchOutput`);
      listeners.push(listener);
    },
  };
  live.add(child);
  return child;
}

/** Sends `signal` to the child's whole process group (to the child alone when it leads none); quiet once gone. */
export function signalChild(child: Child, signal: NodeJS.Signals): void {
  if (!child.running() || child.proc.pid === undefined) return;
  try {
    process.kill(-child.proc.pid, signal);
  } catch {
    try {
      child.proc.kill(signal);
    } catch {
      // already gone
    }
  }
}

/** SIGKILL, and wait until it is gone. */
export async function killChild(child: Child): Promise<void> {
  signalChild(child, 'SIGKILL');
  await child.exited;
}

/** SIGTERM, then SIGKILL after `graceMs`. */
export async function stopChild(child: Child, graceMs: number): Promise<void> {
  if (!child.running()) return;
  signalChild(child, 'SIGTERM');
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs).unref());
  if ((await Promise.race([child.exited.then(() => 'exited' as const), timer])) === 'timeout') await killChild(child);
}

/** Synchronous last resort (process 'exit' handlers cannot wait): SIGKILL every group still running. */
export function killAllChildrenNow(): void {
  for (const child of [...live]) signalChild(child, 'SIGKILL');
}

export function liveChildren(): readonly Child[] {
  return [...live];
}

/** The last lines of a child's log, for an error message. */
export function tailOfLog(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
