/**
 * A throwaway PostgreSQL server for the database tests, provided the way the Temporal binaries are:
 * found on the machine, installed when missing, started in a temporary directory on a free port,
 * stopped and removed afterwards. With DATABASE_URL set, that server is used instead and left alone.
 *
 * The binaries: `initdb` and `pg_ctl` on PATH, else the newest /usr/lib/postgresql/<version>/bin
 * (where Debian puts them, off PATH). When neither has them and this process is root with apt-get,
 * Debian's `postgresql` package is installed; anywhere else it says in one line what to install.
 * PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user that the
 * package creates, in a directory owned by that user.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { isExecutable } from './chromium';
import { freePort } from './ports';

const DEBIAN_VERSIONS_DIR = '/usr/lib/postgresql';
const SERVER_USER = 'postgres';
const START_TIMEOUT_S = 60;

export const POSTGRES_ADVICE =
  "PostgreSQL is missing (the database tests need initdb and pg_ctl): install Debian's package (`sudo apt-get install postgresql`) or set DATABASE_URL to a server the tests may use.";

export class PostgresServerError extends Error {}

export interface PostgresServer {
  /** postgres:// URL of a database the caller may create tables in. */
  url: string;
  /** Whether this process started it (and `stop` removes it) or DATABASE_URL named it. */
  owned: boolean;
  stop(): Promise<void>;
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

/** The directory holding initdb and pg_ctl, or undefined. */
export function findPostgresBin(env: NodeJS.ProcessEnv = process.env, versionsDir = DEBIAN_VERSIONS_DIR): string | undefined {
  const initdb = onPath('initdb', env);
  if (initdb && isExecutable(path.join(path.dirname(initdb), 'pg_ctl'))) return path.dirname(initdb);
  let versions: string[];
  try {
    versions = readdirSync(versionsDir);
  } catch {
    return undefined;
  }
  const newestFirst = versions.filter((v) => /^\d+(\.\d+)?$/.test(v)).sort((a, b) => Number(b) - Number(a));
  for (const version of newestFirst) {
    const bin = path.join(versionsDir, version, 'bin');
    if (isExecutable(path.join(bin, 'initdb')) && isExecutable(path.join(bin, 'pg_ctl'))) return bin;
  }
  return undefined;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): { status: number | null; output: string } {
  const r = spawnSync(command, args, { env, encoding: 'utf8', timeout: 600_000 });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
}

/** initdb and pg_ctl's directory, installing Debian's package first when this process may. */
export function ensurePostgresBin(note: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): string {
  const found = findPostgresBin();
  if (found) return found;
  const aptGet = onPath('apt-get', process.env);
  if (process.getuid?.() !== 0 || !aptGet) throw new PostgresServerError(POSTGRES_ADVICE);
  note("PostgreSQL is missing (the database tests need it): installing Debian's package with apt-get");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'postgresql']]) {
    const { status } = spawnSync(aptGet, args, { stdio: ['ignore', 2, 'inherit'], env });
    if (status !== 0) throw new PostgresServerError(`\`apt-get ${args.join(' ')}\` failed (exit ${status ?? 'signal'}): ${POSTGRES_ADVICE}`);
  }
  const installed = findPostgresBin();
  if (!installed) throw new PostgresServerError(`apt-get installed postgresql, but no initdb was found afterwards: ${POSTGRES_ADVICE}`);
  return installed;
}

/** Runs a server binary as the current user, or as `postgres` when the current user is root. */
function asServerUser(): { wrap: (command: string, args: string[]) => [string, string[]]; owner?: { uid: number; gid: number } } {
  if (process.getuid?.() !== 0) return { wrap: (c, a) => [c, a] };
  const runuser = onPath('runuser', process.env) ?? '/usr/sbin/runuser';
  const uid = Number(run('id', ['-u', SERVER_USER]).output);
  const gid = Number(run('id', ['-g', SERVER_USER]).output);
  if (!Number.isInteger(uid) || !Number.isInteger(gid) || uid === 0) {
    throw new PostgresServerError(`running as root, and there is no "${SERVER_USER}" user to run PostgreSQL as (Debian's postgresql package creates it)`);
  }
  return { wrap: (c, a) => [runuser, ['-u', SERVER_USER, '--', c, ...a]], owner: { uid, gid } };
}

/** DATABASE_URL's server, or a new one of our own. */
export async function startPostgresServer(env: NodeJS.ProcessEnv = process.env): Promise<PostgresServer> {
  const given = env.DATABASE_URL?.trim();
  if (given) return { url: given, owned: false, stop: async () => undefined };

  const bin = ensurePostgresBin();
  const { wrap, owner } = asServerUser();
  const dir = mkdtempSync(path.join(tmpdir(), 'aftercare-postgres-'));
  const data = path.join(dir, 'data');
  const log = path.join(dir, 'server.log');
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const remove = () => rmSync(dir, { recursive: true, force: true });
  const step = (what: string, command: string, args: string[]) => {
    const [c, a] = wrap(path.join(bin, command), args);
    const r = run(c, a);
    if (r.status !== 0) throw new PostgresServerError(`${what} failed (exit ${r.status ?? 'signal'}): ${r.output.split('\n').slice(-5).join(' | ')}`);
  };

  try {
    step('initdb', 'initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8']);
    const port = await freePort();
    // The socket goes into our directory: the default one may not exist or not be writable.
    const serverOptions = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off`;
    step('pg_ctl start', 'pg_ctl', ['-D', data, '-l', log, '-o', serverOptions, '-w', '-t', String(START_TIMEOUT_S), 'start']);
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      owned: true,
      async stop() {
        try {
          step('pg_ctl stop', 'pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
        } finally {
          remove();
        }
      },
    };
  } catch (err) {
    remove();
    throw err;
  }
}

/** A new, empty database on `server` (its role needs CREATEDB); its postgres:// URL. */
export async function createFreshDatabase(server: Pick<PostgresServer, 'url'>, prefix = 'aftercare_test'): Promise<string> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: server.url });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(server.url);
  url.pathname = `/${name}`;
  return url.toString();
}
