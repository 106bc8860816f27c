/**
 * Waiting for a child process to answer: a probe polled until it says yes, failing early (with
 * the last lines of the child's log) when the child exits first, or once the time is up.
 */
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { tailOfLog, type Child } from './child-processes';

export class NotReadyError extends Error {
  constructor(
    message: string,
    /** The child exited (rather than being slow). */
    readonly exited: boolean,
  ) {
    super(message);
  }
}

/** Polls `probe` every 250 ms; a probe that throws counts as "not yet". */
export async function waitUntilReady(what: string, child: Child | undefined, timeoutMs: number, probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && !child.running()) {
      await child.exited;
      throw new NotReadyError(`${what} exited during start-up. Last lines of ${child.logFile}:\n${tailOfLog(child.logFile)}`, true);
    }
    if (await probe().catch(() => false)) return;
    await sleep(250);
  }
  throw new NotReadyError(`${what} did not answer within ${Math.round(timeoutMs / 1000)} s${child ? `; see ${child.logFile}` : ''}`, false);
}

/** An HTTP answer below 500. */
export async function httpAnswers(url: string, headers: Record<string, string> = { accept: 'text/html' }): Promise<boolean> {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(2000) });
  await res.arrayBuffer();
  return res.status < 500;
}

/** Something accepts TCP connections on 127.0.0.1:`port`. */
export function tcpAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** The Temporal server at `address` answers for `namespace`. */
export async function temporalAnswers(address: string, namespace: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 1000 });
  try {
    await connection.workflowService.describeNamespace({ namespace });
    return true;
  } finally {
    await connection.close();
  }
}
