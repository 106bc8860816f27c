/**
 * Clinics managed live (issue 13): the store on both engines it runs on (PGlite in DATA_DIR and a
 * real PostgreSQL server), the /api/clinics routes end to end with enrolment on a real dev server
 * and worker, and the `aftercare clinic` commands as a person runs them.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { DateTime } from 'luxon';
import { addClinic, changeClinic, clinicForEnrolment, importClinicsFile } from '../../app/clinics';
import { ClinicExistsError, InvalidInputError, UnknownClinicError } from '../../app/errors';
import { CLINIC } from '../../dev/aftercare-harness';
import { startPostgresServer, type PostgresServer } from '../../dev/postgres-server';
import { openDatabase } from '../../platform/database/connection';
import { SqlClinicStore } from '../../platform/database/clinic-store';
import { migrateToLatest } from '../../platform/database/migrate';
import { MIGRATIONS } from '../../platform/database/migrations';
import type { Database } from '../../platform/database/schema';
import { createLogger } from '../../platform/logger';
import { TASK_QUEUE } from '../../workflows/contract';
import { startApiStack, TEST_API_KEY, testApiConfig } from '../support/api-stack';
import { eventually, middayZone } from '../support/eventually';

jest.setTimeout(300_000);

const ROOT = path.join(__dirname, '..', '..');
const tmp = mkdtempSync(path.join(tmpdir(), 'clinics-test-'));
let server: PostgresServer;
const opened: Kysely<Database>[] = [];

beforeAll(async () => {
  server = await startPostgresServer();
}, 300_000);

afterAll(async () => {
  await Promise.all(opened.map((db) => db.destroy().catch(() => undefined)));
  await server?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

async function freshServerDatabase(): Promise<string> {
  const name = `clinics_test_${randomBytes(4).toString('hex')}`;
  const admin = await openDatabase({ DATABASE_URL: server.url, DATA_DIR: tmp });
  try {
    await sql`create database ${sql.id(name)}`.execute(admin.db);
  } finally {
    await admin.db.destroy();
  }
  const url = new URL(server.url);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A valid new clinic as a person writes it. */
const eastgate = (extra: Record<string, unknown> = {}) => ({
  id: 'eastgate',
  name: 'Eastgate Hairline Studio',
  phone: '+12125550147',
  email: 'desk@eastgate.example.com',
  bookingUrl: 'https://eastgate.example.com/book',
  window: '09:00-19:00',
  sms: { from: '+12125550149', ratePerSecond: 2 },
  ...extra,
});

interface Engine {
  name: string;
  /** Two handles on one new, empty database (the same handle twice where only one may exist). */
  open(): Promise<[Kysely<Database>, Kysely<Database>]>;
}

const engines: Engine[] = [
  {
    name: 'PGlite in DATA_DIR',
    async open() {
      const { db } = await openDatabase({ DATA_DIR: mkdtempSync(path.join(tmp, 'data-')) });
      opened.push(db);
      return [db, db];
    },
  },
  {
    name: 'PostgreSQL server',
    async open() {
      const url = await freshServerDatabase();
      const a = (await openDatabase({ DATABASE_URL: url, DATA_DIR: tmp })).db;
      const b = (await openDatabase({ DATABASE_URL: url, DATA_DIR: tmp })).db;
      opened.push(a, b);
      return [a, b];
    },
  },
];

describe.each(engines)('SqlClinicStore on $name', (engine) => {
  let store: SqlClinicStore;
  let other: SqlClinicStore;

  beforeAll(async () => {
    const [a, b] = await engine.open();
    expect((await migrateToLatest(a)).applied).toEqual(Object.keys(MIGRATIONS));
    store = new SqlClinicStore(a);
    other = new SqlClinicStore(b);
  });

  test('a clinic added is read back whole, defaults filled in, by every handle', async () => {
    const added = await addClinic(store, eastgate());
    expect(added).toEqual({
      id: 'eastgate',
      name: 'Eastgate Hairline Studio',
      phone: '+12125550147',
      email: 'desk@eastgate.example.com',
      bookingUrl: 'https://eastgate.example.com/book',
      sendTime: '10:00',
      window: { start: '09:00', end: '19:00' },
      plannedSessions: 3,
      defaultLocale: 'en',
      photoCheckIns: false,
      touchUpIntervalMonths: 18,
      sms: { from: '+12125550149', ratePerSecond: 2 },
      active: true,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      updatedAt: added.createdAt,
    });
    expect(await other.get('eastgate')).toEqual(added);
    expect((await other.list()).map((c) => c.id)).toEqual(['eastgate']);
  });

  test('a taken id is ClinicExistsError, and the clinic there stays as it was', async () => {
    const before = await store.get('eastgate');
    await expect(addClinic(store, eastgate({ name: 'Someone Else' }))).rejects.toBeInstanceOf(ClinicExistsError);
    expect(await store.get('eastgate')).toEqual(before);
  });

  test('every optional field round-trips, and removing one with null leaves it absent', async () => {
    const full = await addClinic(store, {
      ...eastgate({ id: 'full-profile' }),
      onCallPhone: '+12125550148',
      defaultLocale: 'es',
      reviewUrl: 'https://eastgate.example.com/review',
      photoCheckIns: true,
      touchUpIntervalMonths: 24,
      sms: { messagingServiceSid: `MG${'a1'.repeat(16)}`, accountSid: `AC${'b2'.repeat(16)}`, authTokenEnv: 'TWILIO_AUTH_TOKEN_EASTGATE', ratePerSecond: 0.5 },
      emailFrom: 'Eastgate Hairline Studio <desk@eastgate.example.com>',
      replyTo: 'care@eastgate.example.com',
    });
    expect(await other.get('full-profile')).toEqual(full);
    const trimmed = await changeClinic(store, 'full-profile', { onCallPhone: null, reviewUrl: null, sms: { accountSid: null, authTokenEnv: null }, touchUpIntervalMonths: null });
    expect(trimmed).not.toHaveProperty('onCallPhone');
    expect(trimmed).not.toHaveProperty('reviewUrl');
    expect(trimmed.sms).toEqual({ messagingServiceSid: `MG${'a1'.repeat(16)}`, ratePerSecond: 0.5 });
    expect(trimmed.touchUpIntervalMonths).toBe(18);
  });

  test('a change is merged into the profile and checked whole: an invalid one changes nothing', async () => {
    const before = (await store.get('eastgate'))!;
    const refused = await changeClinic(store, 'eastgate', { phone: '+12125550150', window: '09:00-09:30' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InvalidInputError);
    expect((refused as InvalidInputError).issues).toEqual([{ path: 'window', message: expect.stringMatching(/only 30 minutes wide/) }]);
    expect(await store.get('eastgate')).toEqual(before);

    // The send time no longer fits the window the change names: the window is what to fix.
    const late = await changeClinic(store, 'eastgate', { window: '12:00-18:00' }).catch((e: unknown) => e);
    expect((late as InvalidInputError).issues).toEqual([{ path: 'window', message: 'send time 10:00 is outside the sending window 12:00-18:00' }]);

    const changed = await changeClinic(other, 'eastgate', { phone: '+12125550150', sms: { ratePerSecond: 3 } });
    expect(changed).toEqual({ ...before, phone: '+12125550150', sms: { ...before.sms, ratePerSecond: 3 }, updatedAt: expect.any(String) });
    expect(Date.parse(changed.updatedAt)).toBeGreaterThanOrEqual(Date.parse(before.updatedAt));
    expect(await store.get('eastgate')).toEqual(changed);
  });

  test('changes made at once to different fields all survive (the row is locked, not overwritten)', async () => {
    await Promise.all([
      changeClinic(store, 'eastgate', { name: 'Eastgate Studio' }),
      changeClinic(other, 'eastgate', { bookingUrl: 'https://eastgate.example.com/new-booking' }),
      changeClinic(store, 'eastgate', { plannedSessions: 5 }),
      changeClinic(other, 'eastgate', { sms: { ratePerSecond: 4 } }),
    ]);
    expect(await store.get('eastgate')).toMatchObject({
      name: 'Eastgate Studio',
      bookingUrl: 'https://eastgate.example.com/new-booking',
      plannedSessions: 5,
      sms: { from: '+12125550149', ratePerSecond: 4 },
    });
  });

  test('a deactivated clinic is still there but takes no enrolment; reactivated, it does again', async () => {
    await changeClinic(store, 'eastgate', { active: false });
    expect(await other.get('eastgate')).toMatchObject({ active: false });
    expect((await store.list()).map((c) => c.id)).toContain('eastgate');
    const refused = await clinicForEnrolment(other, 'eastgate').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InvalidInputError);
    expect((refused as InvalidInputError).issues).toEqual([{ path: 'clinicId', message: expect.stringMatching(/deactivated/) }]);
    await changeClinic(other, 'eastgate', { active: true });
    expect(await clinicForEnrolment(store, 'eastgate')).toMatchObject({ id: 'eastgate', phone: '+12125550150' });
  });

  test('an import adds the new ids and leaves the taken ones as they are', async () => {
    const file = path.join(mkdtempSync(path.join(tmp, 'import-')), 'clinics.json');
    const { id: _id, ...entry } = eastgate({ name: 'Imported Eastgate' });
    writeFileSync(file, JSON.stringify({ eastgate: entry, westgate: { ...entry, name: 'Westgate' } }));
    const before = await store.get('eastgate');
    expect(await importClinicsFile(store, file)).toEqual({ added: ['westgate'], skipped: ['eastgate'] });
    expect(await store.get('eastgate')).toEqual(before);
    expect(await other.get('westgate')).toMatchObject({ name: 'Westgate' });
    expect(await importClinicsFile(other, file)).toEqual({ added: [], skipped: ['eastgate', 'westgate'] });
  });

  test('an unknown id reads as undefined and cannot be changed', async () => {
    expect(await store.get('nowhere')).toBeUndefined();
    await expect(changeClinic(store, 'nowhere', { name: 'X' })).rejects.toBeInstanceOf(UnknownClinicError);
    await expect(clinicForEnrolment(store, 'nowhere')).rejects.toBeInstanceOf(UnknownClinicError);
  });

  test('the table itself refuses a sender with both a number and a messaging service', async () => {
    const [db] = await engine.open();
    await migrateToLatest(db);
    const clinic = await addClinic(new SqlClinicStore(db), eastgate({ id: 'checked' }));
    await expect(db.updateTable('clinics').set({ sms_messaging_service_sid: `MG${'c3'.repeat(16)}` }).where('id', '=', clinic.id).execute()).rejects.toThrow(/check constraint/);
  });
});

// --- the HTTP API -------------------------------------------------------------------------------

const API_KEY = TEST_API_KEY;
const CONFIG = testApiConfig();
const auth = { authorization: `Bearer ${API_KEY}` };

describe('/api/clinics', () => {
  let stack: Awaited<ReturnType<typeof startApiStack>>;

  beforeAll(async () => {
    stack = await startApiStack({ clinics: [CLINIC], config: CONFIG, logger: createLogger({ write: () => undefined }), taskQueue: TASK_QUEUE });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  async function call(method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown, headers: Record<string, string> = auth) {
    const res = await fetch(`${stack.baseUrl}${url}`, {
      method,
      headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, location: res.headers.get('location'), json: (await res.json()) as Record<string, unknown> & { issues?: { path: string; message: string }[] } };
  }

  let refs = 0;
  const enrollmentAt = (clinicId: string, phone: string) => ({
    clinicId,
    clientRef: `CL${Date.now().toString(36)}${++refs}`,
    client: { firstName: 'Robin', phone, timezone: middayZone(), consent: { sms: true, email: false } },
    session: { number: 1, performedAt: DateTime.now().minus({ hours: 1 }).toISO() },
  });

  test('POST adds a clinic (201, Location, the whole profile); GET lists it and reads it', async () => {
    const res = await call('POST', '/api/clinics', eastgate());
    expect(res.status).toBe(201);
    expect(res.location).toBe('/api/clinics/eastgate');
    expect(res.json).toEqual({
      ...eastgate(),
      sendTime: '10:00',
      plannedSessions: 3,
      defaultLocale: 'en',
      photoCheckIns: false,
      touchUpIntervalMonths: 18,
      active: true,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect((await call('GET', '/api/clinics/eastgate')).json).toEqual(res.json);
    const list = await call('GET', '/api/clinics');
    expect((list.json as unknown as { id: string }[]).map((c) => c.id)).toEqual(['eastgate', CLINIC.id]);
  });

  test('a taken id is 409 naming id, and changes nothing', async () => {
    const before = (await call('GET', '/api/clinics/eastgate')).json;
    const res = await call('POST', '/api/clinics', eastgate({ name: 'Impostor' }));
    expect(res.status).toBe(409);
    expect(res.json).toMatchObject({ error: 'clinic_exists', issues: [{ path: 'id' }] });
    expect((await call('GET', '/api/clinics/eastgate')).json).toEqual(before);
  });

  test('a bad profile is 400 naming each field and its reason, and creates nothing', async () => {
    const res = await call('POST', '/api/clinics', {
      ...eastgate({ id: 'badclinic' }),
      phone: '+999999999999999',
      window: '00:00-00:01',
      sms: { ratePerSecond: 0, authTokenEnv: 'abcdef0123456789abcdef0123456789' },
      defaultLocale: 'english',
      touchUpIntervalMonths: 2.5,
      colour: 'teal',
    });
    expect(res.status).toBe(400);
    const byPath = Object.fromEntries(res.json.issues!.map((i) => [i.path, i.message]));
    expect(byPath).toMatchObject({
      phone: expect.stringMatching(/country code no country uses/),
      window: expect.stringMatching(/only 1 minute wide: a sending window must be at least 60 minutes/),
      'sms.ratePerSecond': expect.stringMatching(/texts per second/),
      'sms.authTokenEnv': expect.stringMatching(/NAME of the environment variable/),
      defaultLocale: expect.stringMatching(/BCP 47/),
      touchUpIntervalMonths: expect.stringMatching(/whole number of months/),
      '(body)': expect.stringMatching(/unknown field\(s\): colour/),
    });
    expect((await call('GET', '/api/clinics/badclinic')).status).toBe(404);
  });

  test('an unknown or impossible clinic id is 404 naming clinicId, for GET and PATCH alike', async () => {
    for (const [method, url] of [
      ['GET', '/api/clinics/nowhere'],
      ['PATCH', '/api/clinics/nowhere'],
      ['GET', '/api/clinics/Not_A_Clinic'],
    ] as const) {
      const res = await call(method, url, method === 'PATCH' ? { name: 'X' } : undefined);
      expect(res.status).toBe(404);
      expect(res.json).toMatchObject({ error: 'not_found', issues: [{ path: 'clinicId' }] });
    }
  });

  test('PATCH changes only what it names; a partly bad change changes nothing', async () => {
    const before = (await call('GET', '/api/clinics/eastgate')).json;
    const bad = await call('PATCH', '/api/clinics/eastgate', { phone: '+12125550151', sendTime: '18:30' });
    expect(bad.status).toBe(400);
    expect(bad.json.issues).toEqual([{ path: 'sendTime', message: expect.stringMatching(/leaves only 30 minutes before the sending window 09:00-19:00 closes/) }]);
    expect((await call('GET', '/api/clinics/eastgate')).json).toEqual(before);

    for (const [body, path] of [
      [{ id: 'westgate' }, 'id'],
      [{}, '(body)'],
      [{ sms: { from: '+12125550149', messagingServiceSid: `MG${'d4'.repeat(16)}` } }, 'sms.messagingServiceSid'],
      [{ createdAt: '2020-01-01T00:00:00Z' }, '(body)'],
    ] as const) {
      const res = await call('PATCH', '/api/clinics/eastgate', body);
      expect(res.status).toBe(400);
      expect(res.json.issues?.[0]?.path).toBe(path);
    }

    const ok = await call('PATCH', '/api/clinics/eastgate', { phone: '+12125550151', sms: { ratePerSecond: 5 } });
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ ...before, phone: '+12125550151', sms: { from: '+12125550149', ratePerSecond: 5 }, updatedAt: expect.any(String) });
  });

  test('without the key: 401, nothing added', async () => {
    expect((await call('POST', '/api/clinics', eastgate({ id: 'sneaky' }), {})).status).toBe(401);
    expect((await call('PATCH', '/api/clinics/eastgate', { active: false }, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await call('GET', '/api/clinics/sneaky')).status).toBe(404);
  });

  test('a clinic added through the API enrols at once, its messages carry its details, and a change counts for the next enrolment', async () => {
    const added = await call('POST', '/api/clinics', eastgate({ id: 'southbank', name: 'Southbank Scalp Clinic', phone: '+12125550160', sms: { ratePerSecond: 1 } }));
    expect(added.status).toBe(201);

    const first = await call('POST', '/api/enrollments', enrollmentAt('southbank', '+12125550161'));
    expect(first.status).toBe(201);
    expect(first.json.workflowId).toMatch(/southbank/);
    const welcome = await eventually(
      async () => stack.h.twilio.messages.find((m) => m.to === '+12125550161'),
      (m) => m !== undefined,
    );
    expect(welcome?.body).toContain('Southbank Scalp Clinic');

    expect((await call('PATCH', '/api/clinics/southbank', { name: 'Southbank Studio' })).status).toBe(200);
    const second = await call('POST', '/api/enrollments', enrollmentAt('southbank', '+12125550162'));
    expect(second.status).toBe(201);
    const next = await eventually(
      async () => stack.h.twilio.messages.find((m) => m.to === '+12125550162'),
      (m) => m !== undefined,
    );
    expect(next?.body).toContain('Southbank Studio');
  });

  test('a deactivated clinic refuses enrolment with 400 on clinicId, and is still listed', async () => {
    expect((await call('PATCH', '/api/clinics/southbank', { active: false })).json).toMatchObject({ active: false });
    const refused = await call('POST', '/api/enrollments', enrollmentAt('southbank', '+12125550163'));
    expect(refused.status).toBe(400);
    expect(refused.json.issues).toEqual([{ path: 'clinicId', message: expect.stringMatching(/deactivated/) }]);
    const list = (await call('GET', '/api/clinics')).json as unknown as { id: string; active: boolean }[];
    expect(list.find((c) => c.id === 'southbank')).toMatchObject({ active: false });
    expect(stack.h.twilio.messages.some((m) => m.to === '+12125550163')).toBe(false);
  });
});

// --- the command line ---------------------------------------------------------------------------

function aftercare(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'aftercare.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ENV_LOCAL_FILE: path.join(tmp, 'none.env'), ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function jsonFile(name: string, value: unknown): string {
  const file = path.join(tmp, `${name}-${randomBytes(3).toString('hex')}.json`);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

describe('aftercare clinic', () => {
  test('add, a taken id, a bad edit, a deactivation, the list and an import, on PGlite in DATA_DIR', async () => {
    const env = { DATA_DIR: mkdtempSync(path.join(tmp, 'cli-')), DATABASE_URL: '' };

    const added = await aftercare(['clinic', 'add', '--file', jsonFile('eastgate', eastgate())], env);
    expect(added).toMatchObject({ code: 0, stdout: 'Added clinic eastgate (Eastgate Hairline Studio); it takes enrolments now.\n' });
    // The first command found the database empty and imported CLINICS_FILE (the examples) into it.
    expect(added.stderr).toMatch(/imported northside, harbour from CLINICS_FILE/);

    const again = await aftercare(['clinic', 'add', '--file', jsonFile('eastgate', eastgate())], env);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe('aftercare clinic: id: clinic "eastgate" exists already (change it with `aftercare clinic edit eastgate --file <changes.json>`)\n');

    const bad = await aftercare(['clinic', 'edit', 'eastgate', '--file', jsonFile('bad', { phone: '+12125550152', sms: { ratePerSecond: -1 } })], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^aftercare clinic: sms\.ratePerSecond: must be a number of texts per second from 0\.01 to 10000\n$/);

    const off = await aftercare(['clinic', 'edit', 'eastgate', '--file', jsonFile('off', { active: false }), '--json'], env);
    expect(off.code).toBe(0);
    expect(JSON.parse(off.stdout)).toMatchObject({ id: 'eastgate', phone: '+12125550147', active: false });

    const list = await aftercare(['clinic', 'list'], env);
    expect(list.code).toBe(0);
    const lines = list.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+PHONE\s+ACTIVE\s+SMS SENDER\s+RATE\/S$/);
    expect(lines.find((l) => l.startsWith('eastgate'))).toMatch(/^eastgate\s+Eastgate Hairline Studio\s+\+12125550147\s+no\s+\+12125550149\s+2$/);
    expect(lines.find((l) => l.startsWith('northside'))).toMatch(/\s+yes\s+platform sender\s+1$/);

    const file = jsonFile('import', { northside: { name: 'Not Imported', phone: '+12125550153', email: 'x@example.com', bookingUrl: 'https://x.example.com' }, riverside: { name: 'Riverside', phone: '+12125550154', email: 'r@example.com', bookingUrl: 'https://riverside.example.com' } });
    const imported = await aftercare(['clinic', 'import', file], env);
    expect(imported).toMatchObject({ code: 0, stdout: 'imported 1: riverside; skipped 1 already there (left unchanged): northside\n' });
    const all = JSON.parse((await aftercare(['clinic', 'list', '--json'], env)).stdout) as { id: string; name: string }[];
    expect(all.map((c) => c.id)).toEqual(['eastgate', 'harbour', 'northside', 'riverside']);
    expect(all.find((c) => c.id === 'northside')?.name).toBe('Northside Scalp Studio');
  });

  test('usage errors name what is wrong (exit 2)', async () => {
    // A DATA_DIR that does not exist yet, as on a first run.
    const env = { DATA_DIR: path.join(mkdtempSync(path.join(tmp, 'cli-')), 'first-run', 'data'), DATABASE_URL: '' };
    expect(await aftercare(['clinic'], env)).toMatchObject({ code: 2, stderr: 'aftercare clinic: <subcommand> must be one of: add, edit, list, import\n' });
    expect(await aftercare(['clinic', 'add'], env)).toMatchObject({ code: 2, stderr: 'aftercare clinic: --file is required\n' });
    expect(await aftercare(['clinic', 'edit', '--file', 'x.json'], env)).toMatchObject({ code: 2, stderr: 'aftercare clinic: <clinicId> is required\n' });
    const unknown = await aftercare(['clinic', 'edit', 'nowhere', '--file', jsonFile('n', { name: 'X' })], env);
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringMatching(/clinicId: unknown clinic "nowhere"/) });
    const broken = await aftercare(['clinic', 'import', jsonFile('broken', { 'Bad Id': {} })], env);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/clinic id 'Bad Id': must be lowercase letters/);
  });

  test('against DATABASE_URL: what one command adds, the next one reads', async () => {
    const env = { DATABASE_URL: await freshServerDatabase(), DATA_DIR: mkdtempSync(path.join(tmp, 'cli-')) };
    expect((await aftercare(['clinic', 'add', '--file', jsonFile('eastgate', eastgate())], env)).code).toBe(0);
    const list = JSON.parse((await aftercare(['clinic', 'list', '--json'], env)).stdout) as { id: string }[];
    expect(list.map((c) => c.id)).toEqual(['eastgate', 'harbour', 'northside']);
  });
});
