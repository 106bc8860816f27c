/**
 * Child processes of the fault tests: each in a process group of its own, so that one SIGKILL of
 * the group takes the whole tree (`node bin/run.js` and the node process it starts), with stdout
 * and stderr appended to a log file. Every child is remembered until it exits, so the entry point
 * can kill whatever is left on any way out (failure, Ctrl-C, an uncaught error).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { signalProcessGroup } from '../../dev/process-group';

export interface Child {
  readonly name: string;
  readonly proc: ChildProcess;
  readonly logFile: string;
  /** Settles when the process has exited (never rejects). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  running(): boolean;
  /** Called with every chunk of output, e.g. to notice a readiness line. */
  onOutput(listener: (text: string) => void): void;
}

const live = new Set<Child>();

export function spawnChild(name: string, command: string, args: string[], opts: { env: NodeJS.ProcessEnv; cwd: string; logFile: string }): Child {
  const log = createWriteStream(opts.logFile, { flags: 'a' });
  log.write(`\n=== ${new Date().toISOString()} start ${name}\n`);
  // detached: a group of its own, so the group can be killed, and a terminal's Ctrl-C reaches only
  // the entry point, which then cleans up in order.
  const proc = spawn(command, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const listeners: Array<(text: string) => void> = [];
  let isRunning = true;
  const forward = (chunk: Buffer) => {
    log.write(chunk);
    const text = chunk.toString('utf8');
    for (const l of listeners) l(text);
  };
  proc.stdout?.on('data', forward);
  proc.stderr?.on('data', forward);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    const finish = (line: string, result: { code: number | null; signal: NodeJS.Signals | null }) => {
      if (!isRunning) return;
      isRunning = false;
      live.delete(child);
      // Resolved once the log is complete, so that a restart's lines come after these.
      log.end(`=== ${new Date().toISOString()} ${line}\n`, () => resolve(result));
    };
    // 'close', not 'exit': by then its output has been read to the end.
    proc.once('close', (code, signal) => finish(`${name} exited (${signal ?? `code ${code}`})`, { code, signal }));
    proc.once('error', (err) => finish(`${name} failed to start: ${err.message}`, { code: 127, signal: null }));
  });
  const child: Child = {
    name,
    proc,
    logFile: opts.logFile,
    exited,
    running: () => isRunning,
    onOutput: (listener) => void listeners.push(listener),
  };
  live.add(child);
  return child;
}

/** Sends `signal` to the child's whole process group (falls back to the child alone). */
export function signalChild(child: Child, signal: NodeJS.Signals): void {
  if (child.running()) signalProcessGroup(child.proc, signal);
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

export function liveChildren(): number {
  return live.size;
}
