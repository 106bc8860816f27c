/**
 * Children started `detached` lead a process group of their own, so one signal reaches the whole
 * tree (`node bin/run.js` and the node process it starts).
 */
import type { ChildProcess } from 'node:child_process';

/** Sends `signal` to `proc`'s process group, or to `proc` alone when it leads none; quiet once gone. */
export function signalProcessGroup(proc: ChildProcess, signal: NodeJS.Signals): void {
  if (proc.pid === undefined) return;
  try {
    process.kill(-proc.pid, signal);
  } catch {
    try {
      proc.kill(signal);
    } catch {
      // already gone
    }
  }
}
