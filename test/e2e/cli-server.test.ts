/**
 * The server commands as a clinic runs them: the real `aftercare` bin as a child process against a
 * real Temporal dev server, with a worker (real activities, Twilio stand-in, SMTP sink) on the
 * `aftercare` task queue, and DATA_DIR's PGlite served the way `npm start` serves it (so each
 * command connects to it instead of starting PostgreSQL in WebAssembly, seconds apiece). Commands
 * opening DATA_DIR's files themselves are tested in test/e2e/clinics.test.ts and bad-input.test.ts.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import { phoneHash } from '../../app/phone-hash';
import { BOOKING_HORIZON_HINT } from '../../domain/booking';
import { openDatabase } from '../../platform/database/connection';
import { SqlAuditLog } from '../../platform/database/audit-store';
import { serveEmbeddedDatabase, type EmbeddedDatabase } from '../../platform/database/serve-embedded';
import { TASK_QUEUE } from '../../workflows/contract';
import { startHarness, type Harness } from '../../dev/aftercare-harness';
import { createLocalEnv } from '../../dev/temporal-env';
import { eventually } from '../support/eventually';

const ROOT = path.join(__dirname, '..', '..');
let env: TestWorkflowEnvironment;
let h: Harness;
let address: string;
let database: EmbeddedDatabase;
const tmp = mkdtempSync(path.join(tmpdir(), 'cli-server-'));

function aftercare(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'aftercare.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, TEMPORAL_ADDRESS: address, ENV_LOCAL_FILE: path.join(tmp, 'none.env'), DATA_DIR: tmp, DATABASE_URL: '', ...extraEnv },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function enrollmentFile(overrides: { clientRef: string; session?: number; phone?: string; consent?: { sms: boolean; email: boolean } }): string {
  const body = {
    clinicId: 'northside',
    clientRef: overrides.clientRef,
    client: {
      firstName: 'Jordan',
      phone: overrides.phone ?? '+12125554477',
      email: 'jordan@example.com',
      timezone: 'America/New_York',
      consent: overrides.consent ?? { sms: true, email: true },
    },
    session: { number: overrides.session ?? 1, performedAt: DateTime.now().minus({ hours: 1 }).toISO(), plannedSessions: 3 },
  };
  const file = path.join(tmp, `${overrides.clientRef}.json`);
  writeFileSync(file, JSON.stringify(body));
  return file;
}

beforeAll(async () => {
  env = await createLocalEnv();
  address = env.address;
  h = await startHarness(env, { taskQueue: TASK_QUEUE });
  database = await serveEmbeddedDatabase(tmp, 0);
  // The commands read the clinics from the database in DATA_DIR: the examples, imported once.
  const imported = await aftercare(['clinic', 'import', path.join(ROOT, 'examples', 'clinics.json')]);
  expect(imported).toMatchObject({ code: 0, stdout: 'imported 2: northside, harbour\n' });
});
afterAll(async () => {
  await h?.stop();
  await env?.teardown();
  await database?.close();
});

describe('aftercare CLI against a running server', () => {
  it('enrolls from the example file, then shows status and the list', async () => {
    const enrolled = await aftercare(['enroll', '--file', path.join(ROOT, 'examples', 'enrollment.json'), '--performed-at', 'now', '--json']);
    expect(enrolled.stderr).toBe('');
    expect(enrolled.code).toBe(0);
    const { workflowId, plan } = JSON.parse(enrolled.stdout) as { workflowId: string; plan: { step: string }[] };
    expect(workflowId).toBe('aftercare-northside~C1042-s1');
    expect(plan[0]!.step).toBe('welcome');

    const status = await eventually(
      async () => JSON.parse((await aftercare(['status', workflowId, '--json'])).stdout) as { sent: { id: string; channel: string }[]; nextStep: unknown },
      (s) => s.sent.length >= 1,
    );
    expect(status.nextStep).not.toBeNull();

    const human = await aftercare(['status', workflowId]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/next:\s+\S.* on \w{3} \w{3} \d+ \d{4}, \d\d:\d\d \S+, by SMS and email/);

    const list = await eventually(
      async () => JSON.parse((await aftercare(['list', '--clinic', 'northside', '--json'])).stdout) as { workflowId: string; clinicId: string; phase: string }[],
      (rows) => rows.some((r) => r.workflowId === workflowId),
    );
    expect(list.find((r) => r.workflowId === workflowId)).toMatchObject({ clinicId: 'northside', clientRef: 'C1042', sessionNumber: 1, bookingStatus: 'awaiting' });
  });

  it('refuses to enroll the same session twice, with exit code 2', async () => {
    const file = enrollmentFile({ clientRef: 'C2001' });
    expect((await aftercare(['enroll', '--file', file])).code).toBe(0);
    const again = await aftercare(['enroll', '--file', file]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already enrolled: aftercare-northside~C2001-s1/);
  });

  it('books, refuses a past booking, and cancels', async () => {
    const file = enrollmentFile({ clientRef: 'C2002' });
    expect((await aftercare(['enroll', '--file', file])).code).toBe(0);
    const id = 'aftercare-northside~C2002-s1';
    const at = DateTime.now().plus({ days: 20 }).set({ hour: 15, minute: 0, second: 0, millisecond: 0 }).toISO() as string;
    const booked = await aftercare(['book', id, '--at', at, '--json']);
    expect(booked.code).toBe(0);
    expect(JSON.parse(booked.stdout).booking).toEqual({ status: 'booked', appointmentAt: at });

    const past = await aftercare(['book', id, '--at', '2020-01-01T10:00:00Z']);
    expect(past.code).toBe(2);
    // The workflow's refusal names its field; the CLI names the flag it came from.
    expect(past.stderr.trim()).toBe('aftercare book: --at: the appointment must be in the future');
    const farAhead = await aftercare(['book', id, '--at', '9999-01-05T10:00:00Z']);
    expect(farAhead.code).toBe(2);
    expect(farAhead.stderr.trim()).toBe(`aftercare book: --at: ${BOOKING_HORIZON_HINT}`);

    const cancelled = await aftercare(['cancel', id, '--reason', 'client asked']);
    expect(cancelled.code).toBe(0);
    const status = await eventually(
      async () => JSON.parse((await aftercare(['status', id, '--json'])).stdout) as { phase: string },
      (s) => s.phase === 'cancelled',
    );
    expect(status.phase).toBe('cancelled');

    // The plan has ended: a refusal the user can act on, exit code 2, nothing changed.
    const late = await aftercare(['book', id, '--at', at]);
    expect(late.code).toBe(2);
    expect(late.stderr).toMatch(new RegExp(`^aftercare book: ${id}: this aftercare plan (is cancelled|has already ended)`));
  });

  it('names the bad field of an enrollment file, starts nothing, exit code 2', async () => {
    const file = path.join(tmp, 'bad.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(JSON.stringify({ clinicId: 'northside', clientRef: 'C2003' })), client: { firstName: 'A', phone: '555-1234', timezone: 'America/New_York', consent: { sms: true, email: false } }, session: { number: 1, performedAt: new Date().toISOString() } }));
    const r = await aftercare(['enroll', '--file', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/client\.phone: must be in international E\.164 form/);
    const status = await aftercare(['status', 'aftercare-northside~C2003-s1']);
    expect(status.code).toBe(1);
    expect(status.stderr).toMatch(/no aftercare workflow with ID aftercare-northside~C2003-s1/);
  });

  it("enrolls a Spanish-speaking client from examples/enrollment-es.json; --locale sets the language, and names a bad one (exit 2, nothing started)", async () => {
    const spanish = await aftercare(['enroll', '--file', path.join(ROOT, 'examples', 'enrollment-es.json'), '--performed-at', 'now', '--json']);
    expect(spanish.stderr).toBe('');
    expect(spanish.code).toBe(0);
    const { workflowId, locale } = JSON.parse(spanish.stdout) as { workflowId: string; locale?: string };
    expect(workflowId).toBe('aftercare-northside~C1043-s1');
    expect(locale).toBe('es');
    const human = await aftercare(['status', workflowId]);
    expect(human.stdout).toMatch(/language: Español \(es\)/);
    expect((JSON.parse((await aftercare(['status', workflowId, '--json'])).stdout) as { locale?: string }).locale).toBe('es');

    const flagged = await aftercare(['enroll', '--file', enrollmentFile({ clientRef: 'C2461' }), '--locale', 'es-MX']);
    expect(flagged.code).toBe(0);
    expect(flagged.stdout).toMatch(/^Enrolled: aftercare-northside~C2461-s1\nMessages in: Español \(es\)\n/);

    const refused = await aftercare(['enroll', '--file', enrollmentFile({ clientRef: 'C2462' }), '--locale', 'fr']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--locale must be a language the messages are written in: en, es/);
    expect((await aftercare(['status', 'aftercare-northside~C2462-s1'])).code).toBe(1);
  });

  it("preview --show-messages --locale es shows the client's texts and emails in Spanish; without --locale, in the clinic's language", async () => {
    type Shown = { step: string; message: { sms?: string; email?: { subject: string } } }[];
    const welcome = async (args: string[]) => {
      const r = await aftercare(['preview', '--session-at', '2026-03-06T15:00:00-05:00', '--timezone', 'America/New_York', '--show-messages', '--clinic', 'northside', '--json', ...args]);
      expect(r.stderr).toBe('');
      return (JSON.parse(r.stdout) as Shown).find((s) => s.step === 'welcome')!.message;
    };
    const [spanish, english] = await Promise.all([welcome(['--locale', 'es-MX']), welcome([])]);
    expect(spanish.sms).toMatch(/PARAR/);
    expect(spanish.sms).not.toMatch(/\bSTOP\b/);
    expect(spanish.email!.subject).toMatch(/sesión 1/);
    // Northside's default language is English.
    expect(english.sms).toMatch(/\bSTOP\b/);
    expect(english.email!.subject).toMatch(/session 1/);
  });

  it('pauses a whole clinic and resumes it: the status says so, and an unknown workflow is an error', async () => {
    const ids = ['C2101', 'C2102'].map((ref) => {
      const file = enrollmentFile({ clientRef: ref });
      return { file, id: `aftercare-northside~${ref}-s1` };
    });
    for (const { file } of ids) expect((await aftercare(['enroll', '--file', file])).code).toBe(0);
    // Visibility lists new workflows a moment after they start.
    await eventually(
      async () => JSON.parse((await aftercare(['list', '--clinic', 'northside', '--json'])).stdout) as { workflowId: string }[],
      (rows) => ids.every(({ id }) => rows.some((r) => r.workflowId === id)),
    );

    const paused = await aftercare(['pause', '--clinic', 'northside', '--reason', 'template under review', '--json']);
    expect(paused.code).toBe(0);
    expect((JSON.parse(paused.stdout) as { paused: string[] }).paused).toEqual(expect.arrayContaining(ids.map((i) => i.id)));
    for (const { id } of ids) {
      const s = await eventually(
        async () => JSON.parse((await aftercare(['status', id, '--json'])).stdout) as { paused: { reason: string } | null },
        (v) => v.paused !== null,
      );
      expect(s.paused).toMatchObject({ reason: 'template under review' });
    }

    const resumed = await aftercare(['resume', ids[0]!.id]);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/^Resumed 1 aftercare workflow: /);
    const s = await eventually(
      async () => JSON.parse((await aftercare(['status', ids[0]!.id, '--json'])).stdout) as { paused: unknown },
      (v) => v.paused === null,
    );
    expect(s.paused).toBeNull();
    expect(JSON.parse((await aftercare(['status', ids[1]!.id, '--json'])).stdout).paused).not.toBeNull();

    const unknown = await aftercare(['pause', 'aftercare-northside-NOPE-s1']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no running aftercare workflow with ID aftercare-northside-NOPE-s1/);
    const both = await aftercare(['pause', ids[0]!.id, '--clinic', 'northside']);
    expect(both.code).toBe(2);
  });

  it('resends a step that went out, and refuses one not yet due or unknown, naming why', async () => {
    const file = enrollmentFile({ clientRef: 'C2201' });
    expect((await aftercare(['enroll', '--file', file])).code).toBe(0);
    const id = 'aftercare-northside~C2201-s1';
    await eventually(
      async () => JSON.parse((await aftercare(['status', id, '--json'])).stdout) as { sent: unknown[] },
      (s) => s.sent.length >= 1,
    );
    const early = await aftercare(['resend', id, '--step', 'day-15']);
    expect(early.code).toBe(2);
    expect(early.stderr).toMatch(/--step: day-15 is not due yet/);
    const unknown = await aftercare(['resend', id, '--step', 'day-99']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--step: must be one of /);
    const clinicStep = await aftercare(['resend', id, '--step', 'clinic-follow-up']);
    expect(clinicStep.code).toBe(2);
    expect(clinicStep.stderr).toMatch(/goes to the clinic/);
  });

  it('records a consent given after enrolment, turning SMS on; names a bad flag or a refused time (exit 2), an unknown workflow (exit 1), an ended plan (exit 2)', async () => {
    const file = enrollmentFile({ clientRef: 'C2301', consent: { sms: false, email: true } });
    expect((await aftercare(['enroll', '--file', file])).code).toBe(0);
    const id = 'aftercare-northside~C2301-s1';
    const wording = 'I agree to receive aftercare texts. Reply STOP to stop.';
    const statusOf = async () => JSON.parse((await aftercare(['status', id, '--json'])).stdout) as { channels: { sms: string }; consents: { channel: string; text: string; at: string }[] };
    expect((await eventually(statusOf, (s) => s.channels !== undefined)).channels.sms).toBe('none');

    const missing = await aftercare(['consent', id, '--channel', 'sms']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe('aftercare consent: --text is required');
    const fax = await aftercare(['consent', id, '--channel', 'fax', '--text', wording]);
    expect(fax.code).toBe(2);
    expect(fax.stderr.trim()).toBe('aftercare consent: --channel: must be sms or email');
    const badAt = await aftercare(['consent', id, '--channel', 'sms', '--text', wording, '--at', 'this morning']);
    expect(badAt.code).toBe(2);
    expect(badAt.stderr).toMatch(/^aftercare consent: --at: must be an ISO-8601/);
    // Well-formed, so only the workflow's validator refuses it; the CLI names the flag it came from.
    const future = await aftercare(['consent', id, '--channel', 'sms', '--text', wording, '--at', DateTime.now().plus({ hours: 2 }).toISO() as string]);
    expect(future.code).toBe(2);
    expect(future.stderr).toMatch(/^aftercare consent: --at: is in the future/);
    expect((await statusOf()).channels.sms).toBe('none');

    const at = DateTime.now().minus({ minutes: 5 }).toISO() as string;
    const granted = await aftercare(['consent', id, '--channel', 'sms', '--text', wording, '--at', at, '--json']);
    expect(granted.stderr).toBe('');
    expect(granted.code).toBe(0);
    const s = JSON.parse(granted.stdout) as { channels: { sms: string }; consents: unknown[] };
    expect(s.channels.sms).toBe('active');
    expect(s.consents).toEqual([{ channel: 'sms', text: wording, at, recordedAt: expect.any(String) }]);
    expect((await statusOf()).consents).toEqual(s.consents);
    const human = await aftercare(['consent', id, '--channel', 'email', '--text', 'I agree to aftercare emails.']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^Consent to email recorded, as given at \S+\.\n/);
    expect(human.stdout).toContain('channels: SMS active, email active');

    const unknown = await aftercare(['consent', 'aftercare-northside-NOPE-s1', '--channel', 'sms', '--text', wording]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no aftercare workflow with ID aftercare-northside-NOPE-s1/);
    expect((await aftercare(['cancel', id])).code).toBe(0);
    await eventually(async () => (await statusOf()) as unknown as { phase: string }, (v) => v.phase === 'cancelled');
    await env.client.workflow.getHandle(id).result();
    const late = await aftercare(['consent', id, '--channel', 'sms', '--text', wording]);
    expect(late.code).toBe(2);
    expect(late.stderr).toMatch(new RegExp(`^aftercare consent: ${id}: this aftercare plan (is cancelled|has already ended)`));
  });

  it('prints the PhoneHash of a number with the key enrollments use, and names a missing key', async () => {
    const key = 'a-phone-hash-key-for-tests-only';
    const r = await aftercare(['phone-hash', '+12125554477'], { PHONE_HASH_KEY: key });
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(phoneHash('+12125554477', key));
    const missing = await aftercare(['phone-hash', '+12125554477'], { PHONE_HASH_KEY: '' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/PHONE_HASH_KEY is not set/);
    expect((await aftercare(['phone-hash', '555-0104'], { PHONE_HASH_KEY: key })).code).toBe(2);
    const unknown = await aftercare(['phone-hash', '+999999999999999'], { PHONE_HASH_KEY: key });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/<phone> starts with a country code no country uses/);
    expect(unknown.stdout).toBe('');
  });

  it('changes the time zone, switches SMS off and on, clears a booking, and finds a client by reference or phone; names each bad flag (exit 2)', async () => {
    const key = 'a-phone-hash-key-for-tests-only';
    const file = enrollmentFile({ clientRef: 'C2401', phone: '+12125554491' });
    const enrolled = await aftercare(['enroll', '--file', file], { PHONE_HASH_KEY: key });
    expect({ code: enrolled.code, stderr: enrolled.stderr }).toEqual({ code: 0, stderr: '' });
    const id = 'aftercare-northside~C2401-s1';
    type Status = { timezone: string; channels: { sms: string }; booking: { status: string }; plan: { step: string; sendAt: string }[] };
    const json = (r: { stdout: string }) => JSON.parse(r.stdout) as Status;

    const moved = await aftercare(['contact', id, '--timezone', 'Europe/London', '--json']);
    expect(moved.code).toBe(0);
    expect(json(moved).timezone).toBe('Europe/London');
    const day1 = json(moved).plan.find((s) => s.step === 'days-1-4')!;
    expect(DateTime.fromISO(day1.sendAt, { zone: 'Europe/London' }).toFormat('HH:mm')).toBe('10:00');
    const human = await aftercare(['contact', id, '--timezone', 'Europe/London']);
    expect(human.stdout).toMatch(/^Contact changed\.\n/);
    expect(human.stdout).toContain('client zone Europe/London');
    const badZone = await aftercare(['contact', id, '--timezone', 'Mars/Base']);
    expect(badZone.code).toBe(2);
    expect(badZone.stderr.trim()).toBe('aftercare contact: --timezone must be an IANA time zone such as America/New_York (got "Mars/Base")');
    expect((await aftercare(['contact', id])).code).toBe(2);
    const noKey = await aftercare(['contact', id, '--phone', '+12125554492'], { PHONE_HASH_KEY: '' });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/PHONE_HASH_KEY must be set/);

    const off = await aftercare(['channel', id, '--sms', 'off', '--json']);
    expect(off.code).toBe(0);
    expect(json(off).channels.sms).toBe('off');
    const on = await aftercare(['channel', id, '--sms', 'on']);
    expect(on.code).toBe(0);
    expect(on.stdout).toMatch(/^SMS switched on\.\n/);
    expect(on.stdout).toContain('channels: SMS active, email active');
    const maybe = await aftercare(['channel', id, '--sms', 'maybe']);
    expect(maybe.code).toBe(2);
    expect(maybe.stderr.trim()).toBe('aftercare channel: --sms must be on or off (got "maybe")');
    expect((await aftercare(['channel', id, '--sms', 'on', '--email', 'off'])).code).toBe(2);

    const none = await aftercare(['book', id, '--clear']);
    expect(none.code).toBe(2);
    expect(none.stderr.trim()).toBe('aftercare book: --clear: there is no booking to clear');
    const at = DateTime.now().plus({ days: 20 }).set({ hour: 15, minute: 0, second: 0, millisecond: 0 }).toISO() as string;
    expect((await aftercare(['book', id, '--at', at])).code).toBe(0);
    const cleared = await aftercare(['book', id, '--clear', '--json']);
    expect(cleared.code).toBe(0);
    expect(json(cleared).booking).toEqual({ status: 'awaiting', appointmentAt: null });
    expect(json(cleared).plan.map((s) => s.step)).toContain('book-next');
    expect((await aftercare(['book', id, '--clear', '--at', at])).code).toBe(2);

    const rows = async (args: string[]) => {
      const r = await aftercare(['list', ...args, '--json'], { PHONE_HASH_KEY: key });
      expect(r.code).toBe(0);
      return (JSON.parse(r.stdout) as { workflowId: string }[]).map((row) => row.workflowId);
    };
    expect(await eventually(() => rows(['--client-ref', 'C2401']), (ids) => ids.length > 0)).toEqual([id]);
    expect(await rows(['--phone', '+12125554491'])).toEqual([id]);
    expect(await rows(['--clinic', 'northside', '--phone', '(212) 555-4491'])).toEqual([id]);
    const national = await aftercare(['list', '--phone', '212 555 4491'], { PHONE_HASH_KEY: key });
    expect(national.code).toBe(2);
    expect(national.stderr).toMatch(/^aftercare list: --phone: give the number in international form/);
    const badRef = await aftercare(['list', '--client-ref', "x'y"], { PHONE_HASH_KEY: key });
    expect(badRef.code).toBe(2);
    expect(badRef.stderr).toMatch(/^aftercare list: --client-ref: must be the clinic's own reference/);
    const keyless = await aftercare(['list', '--phone', '+12125554491'], { PHONE_HASH_KEY: '' });
    expect(keyless.code).toBe(2);
    expect(keyless.stderr).toMatch(/PHONE_HASH_KEY must be set to search by phone/);
    expect((await aftercare(['cancel', id])).code).toBe(0);
  });

  it("wrote each change the commands made to the audit log, as the operator at the CLI, with no contact details", async () => {
    const { db } = await openDatabase({ DATA_DIR: tmp });
    try {
      const entries = await new SqlAuditLog(db).list({ limit: 1000 });
      const actions = new Set(entries.map((e) => e.action));
      for (const action of ['clinic.added', 'enrollment.created', 'booking.recorded', 'enrollment.cancelled', 'clinic.paused', 'enrollment.resumed', 'consent.recorded', 'contact.changed', 'channel.switched', 'booking.cleared']) {
        expect(actions).toContain(action);
      }
      // Every resend above was refused: a refused change leaves no entry.
      expect(actions).not.toContain('step.resent');
      expect(new Set(entries.map((e) => `${e.actor} ${e.via}`))).toEqual(new Set(['cli cli']));
      expect(entries.filter((e) => e.action === 'clinic.added').map((e) => e.clinicId).sort()).toEqual(['harbour', 'northside']);
      const created = entries.filter((e) => e.action === 'enrollment.created');
      expect(created.every((e) => e.clinicId === 'northside' && /^aftercare-northside~/.test(e.workflowId ?? ''))).toBe(true);
      const text = JSON.stringify(entries);
      for (const personal of ['+12125554477', '+12125554491', 'jordan', 'Jordan']) expect(text).not.toContain(personal);
    } finally {
      await db.destroy();
    }
  });

  it('says clearly when the server cannot be reached, exit code 1', async () => {
    const r = await aftercare(['list'], { TEMPORAL_ADDRESS: '127.0.0.1:1' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot reach the Temporal server at 127\.0\.0\.1:1/);
  });
});
