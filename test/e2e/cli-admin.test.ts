/**
 * `aftercare admin create` as the operator runs it at the server (issue 14): on PGlite in a
 * DATA_DIR of its own; the one-time password it prints is the administrator's.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { passwordMatches } from '../../app/passwords';
import { openAccessStores } from '../../platform/database/access-stores';
import { openDatabase } from '../../platform/database/connection';
import { sealerOf } from '../../platform/sealed';

jest.setTimeout(300_000);

const ROOT = path.join(__dirname, '..', '..');
const tmp = mkdtempSync(path.join(tmpdir(), 'cli-admin-create-'));
const DATA_DIR = path.join(tmp, 'data');
const SEALING = { CODEC_KEYS: `t1:${randomBytes(32).toString('base64')}`, PHONE_HASH_KEY: 'phone-hash-key-for-cli-tests-0123' };

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function aftercare(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'aftercare.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ENV_LOCAL_FILE: path.join(tmp, 'none.env'), DATA_DIR, DATABASE_URL: '', ...SEALING },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

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
