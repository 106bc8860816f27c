/**
 * The Temporal CLI's dev server for a fault run: persisted in a SQLite file (WAL, as the local
 * stack runs it), headless, on 127.0.0.1, with the project's search attributes registered on the
 * command line as scripts/start.ts does. `kill()` is a SIGKILL (no clean shutdown); `start()` again
 * reopens the same file on the same port.
 */
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { requireTool } from '../../dev/temporal-toolchain';
import { SEARCH_ATTRIBUTE_CLI_TYPES } from '../../workflows/contract';
import { PROJECT_ROOT } from '../../platform/config';
import { freePort } from '../../dev/ports';
import { killChild, spawnChild, type Child } from './child-processes';
import { sleep } from './timing';

export interface DevServer {
  /** host:port; the port is fixed by the first successful start and kept for every restart. */
  readonly address: string;
  readonly dbFile: string;
  /** Starts the server (again) and waits until it answers for the namespace. */
  start(): Promise<void>;
  /** SIGKILL: the server gets no chance to flush or say goodbye. */
  kill(): Promise<void>;
  running(): boolean;
}

const NAMESPACE = 'default';

async function answers(address: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 1000 });
  try {
    await connection.workflowService.describeNamespace({ namespace: NAMESPACE });
    return true;
  } finally {
    await connection.close();
  }
}

class PortTakenError extends Error {}

export function devServer(opts: { dir: string; env: NodeJS.ProcessEnv }): DevServer {
  const dbFile = path.join(opts.dir, 'temporal.sqlite');
  const logFile = path.join(opts.dir, 'temporal.log');
  const cli = requireTool('cli');
  let port: number | undefined;
  let child: Child | undefined;

  const args = (p: number) => [
    'server',
    'start-dev',
    '--db-filename',
    dbFile,
    '--sqlite-pragma',
    'journal_mode=wal',
    '--headless',
    '--ip',
    '127.0.0.1',
    '--port',
    String(p),
    '--log-level',
    'warn',
    ...Object.entries(SEARCH_ATTRIBUTE_CLI_TYPES).flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]),
  ];

  const launch = async (p: number) => {
    const started = spawnChild('temporal', cli, args(p), { env: opts.env, cwd: PROJECT_ROOT, logFile });
    child = started;
    let output = '';
    started.onOutput((text) => {
      output = (output + text).slice(-8192);
    });
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (!started.running()) {
        if (/address already in use/.test(output)) throw new PortTakenError(`port ${p} was taken`);
        throw new Error(`the Temporal dev server exited during start-up; see ${logFile}`);
      }
      if (await answers(`127.0.0.1:${p}`).catch(() => false)) return;
      await sleep(200);
    }
    throw new Error(`the Temporal dev server did not answer within 60 s; see ${logFile}`);
  };

  return {
    get address() {
      if (port === undefined) throw new Error('the dev server has not started yet');
      return `127.0.0.1:${port}`;
    },
    dbFile,
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
    running: () => child?.running() ?? false,
  };
}
