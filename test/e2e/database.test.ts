/**
 * The application database, the same suite on every way it runs: PGlite (the embedded default,
 * files in DATA_DIR), PGlite served on loopback as `npm start` serves it to its other processes,
 * and a real PostgreSQL server (dev/postgres-server.ts: a throwaway one, or DATABASE_URL's). Each
 * gets fresh databases, so the first migration really runs.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { SqlSendRecordStore } from '../../activities/sql-send-records';
import type { SendRecordEntry } from '../../activities/types';
import { Pool } from 'pg';
import { openDatabase } from '../../platform/database/connection';
import { migrateToLatest } from '../../platform/database/migrate';
import { claimPGlite, ownerFile, PGliteInUseError } from '../../platform/database/pglite-owner';
import { serveEmbeddedDatabase, type EmbeddedDatabase } from '../../platform/database/serve-embedded';
import type { Database } from '../../platform/database/schema';
import { MIGRATIONS } from '../../platform/database/migrations';
import { createFreshDatabase, findPostgresBin, startPostgresServer, type PostgresServer } from '../../dev/postgres-server';
import { freePort } from '../../dev/ports';

/** Every migration, in order: what a fresh database ends with. */
const ALL = Object.keys(MIGRATIONS);

const ROOT = path.join(__dirname, '..', '..');
const tmp = mkdtempSync(path.join(tmpdir(), 'database-test-'));
let server: PostgresServer;
const opened: Kysely<Database>[] = [];
const served: EmbeddedDatabase[] = [];

beforeAll(async () => {
  server = await startPostgresServer();
}, 300_000);

afterAll(async () => {
  await Promise.all(opened.map((db) => db.destroy().catch(() => undefined)));
  for (const s of served) await s.close().catch(() => undefined);
  await server?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

/** A new, empty database on the server; its URL. */
const freshServerDatabase = () => createFreshDatabase(server);

interface Engine {
  name: string;
  /** Handles on one new, empty database; `count` of them when the engine allows more than one. */
  open(count: number): Promise<Kysely<Database>[]>;
}

const engines: Engine[] = [
  {
    name: 'PGlite in DATA_DIR',
    async open(count) {
      // One process holds a PGlite directory at a time: every caller shares one handle.
      const { db } = await openDatabase({ DATA_DIR: mkdtempSync(path.join(tmp, 'data-')) });
      opened.push(db);
      return Array.from({ length: count }, () => db);
    },
  },
  {
    name: 'PGlite served on loopback',
    async open(count) {
      const dataDir = mkdtempSync(path.join(tmp, 'served-'));
      const embedded = await serveEmbeddedDatabase(dataDir, 0);
      served.push(embedded);
      // Connected as a CLI command beside `npm start` connects: DATABASE_URL unset, the claim names the URL.
      const handles = await Promise.all(Array.from({ length: count }, async () => (await openDatabase({ DATA_DIR: dataDir })).db));
      opened.push(...handles);
      return handles;
    },
  },
  {
    name: 'PostgreSQL server',
    async open(count) {
      const url = await freshServerDatabase();
      const handles = await Promise.all(Array.from({ length: count }, async () => (await openDatabase({ DATABASE_URL: url, DATA_DIR: tmp })).db));
      opened.push(...handles);
      return handles;
    },
  },
];

async function tableNames(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables where table_schema = current_schema() order by table_name`.execute(db);
  return rows.map((r) => r.table_name);
}

describe.each(engines)('$name', (engine) => {
  let db: Kysely<Database>;

  test('two migrations started at once both succeed, and the schema is applied once', async () => {
    const [a, b] = await engine.open(2);
    const results = await Promise.all([migrateToLatest(a!), migrateToLatest(b!)]);
    expect(results.map((r) => r.applied).sort()).toEqual([[], ALL]);
    expect(await tableNames(a!)).toEqual(expect.arrayContaining(['clinics', 'kysely_migration', 'send_records']));
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(a!);
    expect(rows.map((r) => r.name)).toEqual(ALL);
    db = a!;
  });

  test('migrating again applies nothing and keeps the data', async () => {
    const store = new SqlSendRecordStore(db);
    await store.put('wf-keep:welcome:sms', { state: 'sent', startedAt: '2026-03-01T10:00:00.000Z', sentAt: '2026-03-01T10:00:02.000Z' });
    expect(await migrateToLatest(db)).toEqual({ applied: [], total: ALL.length });
    expect((await store.get('wf-keep:welcome:sms'))?.state).toBe('sent');
  });

  describe('SqlSendRecordStore', () => {
    const key = 'northside-C1-s1:day-1:sms';
    const pending: SendRecordEntry = { state: 'pending', startedAt: '2026-03-02T14:00:00.123Z' };
    const sent: SendRecordEntry = { state: 'sent', startedAt: '2026-03-02T14:00:00.123Z', providerId: 'SM0123456789abcdef', sentAt: '2026-03-02T14:00:01.456Z' };

    test('a key never written reads as undefined', async () => {
      expect(await new SqlSendRecordStore(db).get('northside-C9-s1:welcome:email')).toBeUndefined();
    });

    test('put then get returns the record as written, without fields it did not have', async () => {
      const store = new SqlSendRecordStore(db);
      await store.put(key, pending);
      expect(await store.get(key)).toStrictEqual(pending);
    });

    test('a second put replaces the record: pending becomes sent with its provider id', async () => {
      const store = new SqlSendRecordStore(db);
      await store.put(key, pending);
      await store.put(key, sent);
      expect(await store.get(key)).toStrictEqual(sent);
      // And back: put replaces the whole record, as the file store does.
      await store.put(key, pending);
      expect(await store.get(key)).toStrictEqual(pending);
    });

    test('keys are independent, including keys that differ only in channel or resend', async () => {
      const store = new SqlSendRecordStore(db);
      await store.put('wf-a:day-3:sms', sent);
      await store.put('wf-a:day-3:email', pending);
      expect(await store.get('wf-a:day-3:sms')).toStrictEqual(sent);
      expect(await store.get('wf-a:day-3:email')).toStrictEqual(pending);
      expect(await store.get('wf-a:day-3#resend-1:sms')).toBeUndefined();
      expect(await store.get('wf-b:day-3:sms')).toBeUndefined();
    });

    test('a state outside pending|sent is refused by the table', async () => {
      await expect(
        db.insertInto('send_records').values({ key: 'wf-x:day-1:sms', state: 'lost' as 'sent', provider_id: null, started_at: new Date(), sent_at: null }).execute(),
      ).rejects.toThrow(/check constraint/);
    });
  });
});

describe('PGlite shared between processes', () => {
  test('one process at a time opens the files: another is refused, naming it, and a claim of a process gone is taken over', async () => {
    const dataDir = mkdtempSync(path.join(tmp, 'owner-'));
    const { db } = await openDatabase({ DATA_DIR: dataDir });
    opened.push(db);
    await expect(openDatabase({ DATA_DIR: dataDir })).rejects.toThrow(new PGliteInUseError(`the embedded database in ${path.join(dataDir, 'pglite')} is in use by process ${process.pid} (not shared: wait for it to finish)`));
    await db.destroy();
    await expect(openDatabase({ DATA_DIR: dataDir }).then((o) => o.db.destroy())).resolves.toBeUndefined();

    // A killed process leaves its claim behind; nobody is kept out by it.
    writeFileSync(ownerFile(dataDir), `${JSON.stringify({ pid: 2 ** 22 + 1, url: 'postgres://postgres@127.0.0.1:1/postgres' })}\n`);
    const claim = claimPGlite(dataDir);
    claim.release();
    expect(existsSync(ownerFile(dataDir))).toBe(false);
  });

  test('connections to served PGlite take turns whole queries and transactions at a time, and one that drops mid-transaction leaves nothing', async () => {
    const embedded = await serveEmbeddedDatabase(mkdtempSync(path.join(tmp, 'turns-')), 0);
    served.push(embedded);
    const pools = [0, 1, 2].map(() => new Pool({ connectionString: embedded.url, max: 4 }));
    try {
      await pools[0]!.query('create table turns (id int primary key, v text)');
      const work: Promise<void>[] = [];
      for (let i = 0; i < 120; i++) {
        const pool = pools[i % 3]!;
        // Parameterised queries go as Parse, Bind, Execute, Sync: another connection's Parse in
        // between would bind the wrong statement and return the wrong row.
        work.push(
          pool.query<{ id: number; v: string }>('insert into turns values ($1, $2) returning id, v', [i, `v${i}`]).then(({ rows }) => {
            expect(rows).toEqual([{ id: i, v: `v${i}` }]);
          }),
        );
        if (i % 10 === 0) {
          work.push(
            (async () => {
              const client = await pool.connect();
              try {
                await client.query('begin');
                await client.query('insert into turns values ($1, $2)', [1000 + i, 'in a transaction']);
                await new Promise((r) => setTimeout(r, 5));
                expect((await client.query<{ n: number }>('select count(*)::int as n from turns where id = $1', [1000 + i])).rows).toEqual([{ n: 1 }]);
                await client.query('rollback');
              } finally {
                client.release();
              }
            })(),
          );
        }
      }
      await Promise.all(work);
      expect((await pools[1]!.query<{ n: number }>('select count(*)::int as n from turns')).rows).toEqual([{ n: 120 }]);

      const dropped = await pools[2]!.connect();
      await dropped.query('begin');
      await dropped.query('insert into turns values ($1, $2)', [9999, 'never committed']);
      dropped.release(new Error('connection dropped mid-transaction'));
      expect((await pools[0]!.query<{ n: number }>('select count(*)::int as n from turns where id = 9999')).rows).toEqual([{ n: 0 }]);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });
});

describe("docker-compose's app-database job (deploy/postgres/create-app-database.sh)", () => {
  test('makes a role and a database of its own with the password from the environment, never printing it, and can run again', async () => {
    const bin = findPostgresBin();
    const u = new URL(server.url);
    const suffix = randomBytes(4).toString('hex');
    const names = { APP_DB_NAME: `aftercare_job_${suffix}`, APP_DB_USER: `aftercare_job_${suffix}` };
    const password = `p${randomBytes(12).toString('hex')}`;
    const env = {
      PATH: [bin, process.env.PATH].filter(Boolean).join(path.delimiter),
      PGHOST: u.hostname,
      PGPORT: u.port,
      PGUSER: decodeURIComponent(u.username),
      PGPASSWORD: decodeURIComponent(u.password),
      PGDATABASE: u.pathname.slice(1),
      AFTERCARE_DB_PASSWORD: password,
      ...names,
    };
    for (let run = 0; run < 2; run++) {
      const r = spawnSync('sh', [path.join(ROOT, 'deploy', 'postgres', 'create-app-database.sh')], { env, encoding: 'utf8' });
      expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({
        status: 0,
        stdout: `app-database: role ${names.APP_DB_USER} and database ${names.APP_DB_NAME} ready\n`,
        stderr: '',
      });
    }
    const admin = await openDatabase({ DATABASE_URL: server.url, DATA_DIR: tmp });
    opened.push(admin.db);
    const { rows } = await sql<{ owner: string; login: boolean }>`
      select pg_get_userbyid(d.datdba) as owner, r.rolcanlogin as login
      from pg_database d, pg_roles r
      where d.datname = ${names.APP_DB_NAME} and r.rolname = ${names.APP_DB_USER}`.execute(admin.db);
    expect(rows).toEqual([{ owner: names.APP_DB_USER, login: true }]);
    // The role migrates its own database: the migrate job's work.
    const url = new URL(server.url);
    url.username = names.APP_DB_USER;
    url.password = password;
    url.pathname = `/${names.APP_DB_NAME}`;
    const app = await openDatabase({ DATABASE_URL: url.toString(), DATA_DIR: tmp });
    opened.push(app.db);
    expect((await migrateToLatest(app.db)).applied).toContain('0001-send-records');
  });
});

function aftercare(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'aftercare.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ENV_LOCAL_FILE: path.join(tmp, 'none.env'), DATA_DIR: tmp, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('aftercare db migrate', () => {
  test('applies the migrations to DATABASE_URL once, then reports nothing to apply', async () => {
    const url = await freshServerDatabase();
    const first = await aftercare(['db', 'migrate'], { DATABASE_URL: url });
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(new RegExp(`^postgres 127\\.0\\.0\\.1:\\d+/aftercare_test_\\w+: applied ${ALL.length} \\(${ALL.join(', ')}\\); ${ALL.length} of ${ALL.length} migrations in place\\n$`));
    const again = await aftercare(['db', 'migrate'], { DATABASE_URL: url });
    expect(again).toMatchObject({ code: 0, stderr: '' });
    expect(again.stdout).toMatch(new RegExp(`: nothing to apply; ${ALL.length} of ${ALL.length} migrations in place\\n$`));
    const check = await openDatabase({ DATABASE_URL: url, DATA_DIR: tmp });
    opened.push(check.db);
    expect(await tableNames(check.db)).toContain('send_records');
  });

  test('without DATABASE_URL, migrates PGlite in DATA_DIR/pglite', async () => {
    const dataDir = mkdtempSync(path.join(tmp, 'cli-data-'));
    const r = await aftercare(['db', 'migrate'], { DATABASE_URL: '', DATA_DIR: dataDir });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe(`pglite ${path.join(dataDir, 'pglite')}: applied ${ALL.length} (${ALL.join(', ')}); ${ALL.length} of ${ALL.length} migrations in place\n`);
  });

  test('exits 1 and names the server when the database is unreachable', async () => {
    const port = await freePort();
    const r = await aftercare(['db', 'migrate'], { DATABASE_URL: `postgres://someone:hunter2@127.0.0.1:${port}/aftercare` });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`aftercare db: database unreachable at 127.0.0.1:${port}/aftercare (ECONNREFUSED): check DATABASE_URL and that the server is running\n`);
    expect(r.stderr).not.toContain('hunter2');
  });

  test('an unknown subcommand is a usage error (exit 2)', async () => {
    const r = await aftercare(['db', 'rollback'], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/<subcommand> must be one of: migrate/);
  });
});

