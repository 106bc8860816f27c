/**
 * `aftercare key`, `aftercare staff` and `aftercare admin create` as the operator runs them at the
 * server (issue 14): on PGlite in a DATA_DIR of their own, the invitation going through a real SMTP
 * server; the one-time password `admin create` prints is the administrator's.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { passwordMatches } from '../../app/passwords';
import { startSmtpSink, type SmtpSink } from '../../dev/smtp-sink';
import { openDatabase } from '../../platform/database/connection';
import { openAccessStores } from '../../platform/database/access-stores';
import { sealerOf } from '../../platform/sealed';

jest.setTimeout(300_000);

const ROOT = path.join(__dirname, '..', '..');
const tmp = mkdtempSync(path.join(tmpdir(), 'cli-admin-test-'));
let smtp: SmtpSink;
const DATA_DIR = path.join(tmp, 'data');
const SEALING = { CODEC_KEYS: `t1:${randomBytes(32).toString('base64')}`, PHONE_HASH_KEY: 'phone-hash-key-for-cli-tests-0123' };

beforeAll(async () => {
  smtp = await startSmtpSink();
});
afterAll(async () => {
  await smtp?.close();
  rmSync(tmp, { recursive: true, force: true });
});

function aftercare(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'aftercare.js'), ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        ENV_LOCAL_FILE: path.join(tmp, 'none.env'),
        DATA_DIR,
        DATABASE_URL: '',
        SMTP_URL: smtp.url,
        EMAIL_FROM: 'Aftercare <aftercare@example.com>',
        PUBLIC_BASE_URL: 'https://desk.example.com/',
        ...SEALING,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('key create prints the key once; list shows it without the secret; revoke ends it', async () => {
  const made = await aftercare(['key', 'create', '--clinic', 'northside', '--name', 'Booking system']);
  expect(made.code).toBe(0);
  const key = /^(ak_([A-Za-z0-9_-]{12})_[A-Za-z0-9_-]{43})$/m.exec(made.stdout);
  expect(key).not.toBeNull();
  const [, secret, id] = key!;
  expect(made.stdout).toContain(`Made key ${id} ("Booking system") for clinic northside.`);
  expect(made.stdout).toContain('This is the only time it is shown');

  const list = await aftercare(['key', 'list', '--clinic', 'northside']);
  expect(list.code).toBe(0);
  expect(list.stdout).toMatch(new RegExp(`^${id!.replace(/[-]/g, '\\-')}\\s+Booking system\\s+\\S+\\s+never\\s+-$`, 'm'));
  expect(list.stdout).not.toContain(secret!.slice(16));

  const { db } = await openDatabase({ DATA_DIR });
  try {
    const row = await db.selectFrom('api_keys').selectAll().executeTakeFirstOrThrow();
    expect(row.key_digest).toBe(createHash('sha256').update(secret!).digest('hex'));
    expect(row.created_by).toBe('cli');
    const audit = await db.selectFrom('audit_log').selectAll().execute();
    expect(audit.map((e) => [e.action, e.actor, e.via, e.clinic_id])).toEqual([['key.created', 'cli', 'cli', 'northside']]);
  } finally {
    await db.destroy();
  }

  expect(await aftercare(['key', 'revoke', '--clinic', 'northside', id!])).toMatchObject({ code: 0, stdout: `Revoked key ${id} of clinic northside: requests with it get 401 from now on.\n` });
  const json = JSON.parse((await aftercare(['key', 'list', '--clinic', 'northside', '--json'])).stdout) as { id: string; revokedAt: string | null }[];
  expect(json).toEqual([expect.objectContaining({ id, revokedAt: expect.any(String) })]);
});

test('refusals name the argument and exit 2', async () => {
  expect(await aftercare(['key'])).toMatchObject({ code: 2, stderr: 'aftercare key: <subcommand> must be one of: create, list, revoke\n' });
  expect(await aftercare(['key', 'create', '--name', 'x'])).toMatchObject({ code: 2, stderr: 'aftercare key: --clinic is required\n' });
  expect(await aftercare(['key', 'create', '--clinic', 'northside'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^aftercare key: --name: is required/) });
  expect(await aftercare(['key', 'create', '--clinic', 'nowhere', '--name', 'x'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown clinic "nowhere"') });
  expect(await aftercare(['key', 'revoke', '--clinic', 'northside', 'nosuchkey000'])).toMatchObject({ code: 2, stderr: 'aftercare key: keyId: no key "nosuchkey000" in this clinic\n' });
  expect(await aftercare(['staff', 'invite', '--clinic', 'northside', '--email', 'a@b.example.com', '--name', 'A', '--role', 'admin'])).toMatchObject({
    code: 2,
    stderr: expect.stringMatching(/^aftercare staff: --role: must be one of owner, staff/),
  });
});

test("staff invite makes a clinic's owner and emails the link", async () => {
  smtp.reset();
  const res = await aftercare(['staff', 'invite', '--clinic', 'harbour', '--email', 'lee@harbour.example.com', '--name', 'Lee Chen', '--role', 'owner']);
  expect(res).toMatchObject({ code: 0, stdout: 'Invited Lee Chen to clinic harbour as owner: the email with their link is on its way (it works for 7 days).\n' });
  expect(smtp.messages).toHaveLength(1);
  const token = /https:\/\/desk\.example\.com\/#\/invite\/([A-Za-z0-9_-]{43})/.exec(smtp.messages[0]!.text ?? '')?.[1];
  expect(token).toBeDefined();

  const list = await aftercare(['staff', 'list', '--clinic', 'harbour', '--json']);
  const [person] = JSON.parse(list.stdout) as { id: string; email: string; role: string; invited: boolean }[];
  expect(person).toMatchObject({ email: 'lee@harbour.example.com', role: 'owner', invited: true });

  const opened = await openDatabase({ DATA_DIR });
  try {
    const access = openAccessStores(opened.db, sealerOf(SEALING));
    expect(await access.links.use(createHash('sha256').update(token!).digest('hex'), 'invitation', new Date())).toBe(person!.id);
  } finally {
    await opened.db.destroy();
  }
  const again = await aftercare(['staff', 'invite', '--clinic', 'northside', '--email', 'LEE@harbour.example.com', '--name', 'Lee', '--role', 'staff']);
  expect(again).toMatchObject({ code: 2, stderr: 'aftercare staff: email: someone with this email has an account already\n' });
});

test('admin create prints a one-time password that is the new administrator’s; a taken email or a bad one exits 2', async () => {
  const made = await aftercare(['admin', 'create', '--email', 'boss@example.com', '--name', 'Pat Boss']);
  expect(made).toMatchObject({ code: 0, stderr: '' });
  const password = /^ {2}([A-Za-z0-9_-]{24})$/m.exec(made.stdout)?.[1];
  expect(password).toBeDefined();

  const opened = await openDatabase({ DATA_DIR });
  try {
    const admin = await openAccessStores(opened.db, sealerOf(SEALING)).people.findByEmail('boss@example.com');
    expect(admin).toMatchObject({ name: 'Pat Boss', role: 'admin', clinicId: null, active: true });
    expect(await passwordMatches(admin!.passwordHash!, password!)).toBe(true);
  } finally {
    await opened.db.destroy();
  }

  const again = await aftercare(['admin', 'create', '--email', 'Boss@Example.com', '--name', 'Pat Again']);
  expect(again.code).toBe(2);
  expect(again.stderr).toMatch(/^aftercare admin: --email: .*existing account/);
  const bad = await aftercare(['admin', 'create', '--email', 'not-an-email', '--name', 'X']);
  expect(bad).toMatchObject({ code: 2, stderr: 'aftercare admin: --email must be an email address\n' });
  expect((await aftercare(['admin', 'create', '--name', 'X'])).stderr).toContain('--email is required');
});
