/**
 * Signing in and the other ways of calling /api (issue 14), through the real API stack over real
 * HTTP: the session cookie and its CSRF token, sign-out, a password reset by the link read from a
 * real SMTP server, an accepted invitation, a clinic's key (and its revocation), the limits on
 * failed sign-ins and failed keys, one rate-limit bucket per caller, and the first administrator.
 */
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { buildApp, type ApiConfig } from '../../api/server';
import { FailureThrottle } from '../../app/failure-throttle';
import { createAdmin, ensureFirstAdmin, firstAdminLines } from '../../app/first-admin';
import { requestPasswordReset, RESET_MAILS_PER_EMAIL } from '../../app/password-reset';
import { hashPassword } from '../../app/passwords';
import { createPersonLink } from '../../app/person-links';
import { sha256Hex } from '../../app/tokens';
import { CLINIC } from '../../dev/aftercare-harness';
import { openClinicStore } from '../../dev/clinics';
import { startSmtpSink, type SmtpSink } from '../../dev/smtp-sink';
import { createLogger } from '../../platform/logger';
import type { Person } from '../../platform/people';
import { startApiStack, TEST_API_KEY, testApiConfig } from '../support/api-stack';
import { eventually } from '../support/eventually';

jest.setTimeout(180_000);

let smtp: SmtpSink;
let stack: Awaited<ReturnType<typeof startApiStack>>;
let config: ApiConfig;
const extraApps: FastifyInstance[] = [];

beforeAll(async () => {
  smtp = await startSmtpSink();
  config = testApiConfig({ SMTP_URL: smtp.url, EMAIL_FROM: 'Aftercare <aftercare@example.com>' });
  stack = await startApiStack({ clinics: [CLINIC], config, logger: createLogger({ write: () => undefined }) });
});

afterAll(async () => {
  for (const app of extraApps) await app.close();
  await stack?.stop();
  await smtp?.close();
});

/** Another app on the same stack and database, with other settings (and limits counted afresh). */
async function appWith(overrides: Partial<ApiConfig>): Promise<string> {
  const app = await buildApp({ temporalClient: stack.env.client, clinics: stack.clinics, access: stack.access, config: { ...config, ...overrides }, logger: createLogger({ write: () => undefined }) });
  extraApps.push(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
  setCookie: string[];
}

async function call(method: string, path: string, opts: { body?: unknown; headers?: Record<string, string>; base?: string } = {}): Promise<Answer> {
  const res = await fetch(`${opts.base ?? stack.baseUrl}${path}`, {
    method,
    headers: { ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(opts.headers ?? {}) },
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, setCookie: res.headers.getSetCookie() };
}

let people = 0;
async function person(opts: { role?: 'admin' | 'owner' | 'staff'; password?: string | null } = {}): Promise<Person & { password: string }> {
  const password = opts.password === undefined ? `password-${randomBytes(6).toString('hex')}` : (opts.password ?? '');
  const role = opts.role ?? 'staff';
  const added = await stack.access.people.add({
    email: `Person${++people}.${Date.now()}@Example.com`,
    name: `Person ${people}`,
    passwordHash: opts.password === null ? null : await hashPassword(password),
    ...(role === 'admin' ? { role, clinicId: null } : { role, clinicId: CLINIC.id }),
  });
  return { ...added, password };
}

/** Signs in; the cookie to send back and the CSRF token. */
async function signIn(who: { email: string; password: string }, base?: string) {
  const res = await call('POST', '/api/session', { body: { email: who.email, password: who.password }, ...(base ? { base } : {}) });
  expect(res.status).toBe(200);
  const cookie = res.setCookie[0]!.split(';')[0]!;
  return { cookie, csrf: res.body.csrfToken as string, res };
}

const newClinic = (id: string) => ({ id, name: `Clinic ${id}`, phone: '+12125550147', email: `desk@${id}.example.com`, bookingUrl: `https://${id}.example.com/book` });

describe('signing in', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie and answers who signed in; the audit log records it without the email', async () => {
    const admin = await person({ role: 'admin' });
    const { cookie, csrf, res } = await signIn({ email: admin.email.toUpperCase(), password: admin.password });
    expect(res.body).toEqual({ person: { id: admin.id, name: admin.name, email: admin.email, role: 'admin', clinicId: null }, csrfToken: expect.any(String) });
    const attributes = res.setCookie[0]!.split(';').map((a) => a.trim());
    expect(attributes[0]).toMatch(/^aftercare_session=[A-Za-z0-9_-]{43}$/);
    expect(attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/', 'Secure', 'Max-Age=43200']));

    const me = await call('GET', '/api/session', { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ person: res.body.person, csrfToken: csrf });
    expect((await call('GET', '/api/clinics', { headers: { cookie } })).status).toBe(200);

    const [entry] = await stack.access.audit.list({ limit: 1 });
    expect(entry).toMatchObject({ action: 'person.signed-in', actor: `person:${admin.id}`, via: 'page', from: '127.0.0.1', clinicId: null });
    expect(JSON.stringify(entry)).not.toContain(admin.email.split('@')[0]);
  });

  it('answers a wrong password and an unknown email alike: 401, and no cookie', async () => {
    const staff = await person();
    const wrong = await call('POST', '/api/session', { body: { email: staff.email, password: 'not-the-password' } });
    const unknown = await call('POST', '/api/session', { body: { email: 'nobody@example.com', password: staff.password } });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.setCookie).toEqual([]);
    }
    expect({ ...wrong.body, requestId: undefined }).toEqual({ ...unknown.body, requestId: undefined });
    expect((await call('GET', '/api/session')).status).toBe(401);
    expect((await call('POST', '/api/session', { body: { email: staff.email } })).body).toMatchObject({ error: 'invalid_request', issues: [{ path: 'password' }] });
  });

  it('refuses a deactivated person, at sign-in and on the session they had', async () => {
    const staff = await person();
    const { cookie } = await signIn(staff);
    await stack.access.people.update(staff.id, { active: false });
    expect((await call('GET', '/api/enrollments', { headers: { cookie } })).status).toBe(401);
    expect((await call('POST', '/api/session', { body: { email: staff.email, password: staff.password } })).status).toBe(401);
  });

  it('needs the CSRF token for signed-in changes (403 without it or with a wrong one); Bearer calls need none', async () => {
    const admin = await person({ role: 'admin' });
    const { cookie, csrf } = await signIn(admin);
    const without = await call('POST', '/api/clinics', { headers: { cookie }, body: newClinic('csrf-one') });
    expect(without.status).toBe(403);
    expect(without.body).toMatchObject({ error: 'csrf' });
    const wrong = await call('POST', '/api/clinics', { headers: { cookie, 'x-csrf-token': `${csrf.slice(0, -2)}xx` }, body: newClinic('csrf-one') });
    expect(wrong.status).toBe(403);
    expect((await call('GET', '/api/clinics/csrf-one', { headers: { cookie } })).status).toBe(404);
    expect((await call('POST', '/api/clinics', { headers: { cookie, 'x-csrf-token': csrf }, body: newClinic('csrf-one') })).status).toBe(201);
    expect((await call('POST', '/api/clinics', { headers: { authorization: `Bearer ${TEST_API_KEY}` }, body: newClinic('csrf-two') })).status).toBe(201);
  });

  it('signs out: the session ends at once and the cookie is cleared', async () => {
    const staff = await person();
    const { cookie, csrf } = await signIn(staff);
    expect((await call('DELETE', '/api/session', { headers: { cookie } })).status).toBe(403);
    const out = await call('DELETE', '/api/session', { headers: { cookie, 'x-csrf-token': csrf } });
    expect(out.status).toBe(204);
    expect(out.setCookie[0]).toMatch(/^aftercare_session=; Max-Age=0/);
    expect((await call('GET', '/api/session', { headers: { cookie } })).status).toBe(401);
    expect((await call('GET', '/api/enrollments', { headers: { cookie } })).status).toBe(401);
    const [entry] = await stack.access.audit.list({ limit: 1 });
    expect(entry).toMatchObject({ action: 'person.signed-out', actor: `person:${staff.id}`, clinicId: CLINIC.id, via: 'page' });
  });
});

describe('choosing a password by an emailed link', () => {
  it('resets a forgotten password: the link from the email works once, the new password signs in, the old one and every old session do not', async () => {
    const staff = await person();
    const before = await signIn(staff);
    smtp.reset();
    expect((await call('POST', '/api/password-reset', { body: { email: 'no-such-person@example.com' } })).status).toBe(202);
    expect((await call('POST', '/api/password-reset', { body: { email: staff.email } })).status).toBe(202);
    await eventually(async () => smtp.messages.length, (n) => n >= 1);
    expect(smtp.envelopes.map((e) => e.to.map((to) => to.toLowerCase()))).toEqual([[staff.email.toLowerCase()]]);
    const mail = smtp.messages[0]!;
    expect(mail.subject).toMatch(/password/i);
    const token = /https:\/\/aftercare\.example\.com\/#\/reset\/([A-Za-z0-9_-]{43})/.exec(mail.text ?? '')?.[1];
    expect(token).toBeDefined();

    const short = await call('POST', '/api/password-reset/complete', { body: { token, password: 'short' } });
    expect(short.body).toMatchObject({ error: 'invalid_request', issues: [{ path: 'password', message: expect.stringMatching(/12/) }] });
    const newPassword = 'a brand new password';
    expect((await call('POST', '/api/password-reset/complete', { body: { token, password: newPassword } })).status).toBe(204);
    const again = await call('POST', '/api/password-reset/complete', { body: { token, password: 'yet another password' } });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ issues: [{ path: 'token' }] });

    expect((await call('GET', '/api/session', { headers: { cookie: before.cookie } })).status).toBe(401);
    expect((await call('POST', '/api/session', { body: { email: staff.email, password: staff.password } })).status).toBe(401);
    await signIn({ email: staff.email, password: newPassword });
    expect(await stack.access.audit.list({ limit: 5 })).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'password.reset', actor: `person:${staff.id}`, via: 'page' })]));
  });

  it('accepts an invitation: the invited person chooses a password and is signed in; the link works once', async () => {
    const invited = await person({ password: null });
    const token = await createPersonLink(stack.access, invited.id, 'invitation', new Date());
    expect((await call('POST', '/api/invitations/accept', { body: { token: 'not-a-token', password: 'a fine long password' } })).status).toBe(400);
    const res = await call('POST', '/api/invitations/accept', { body: { token, password: 'a fine long password' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ person: { id: invited.id, role: 'staff', clinicId: CLINIC.id }, csrfToken: expect.any(String) });
    const cookie = res.setCookie[0]!.split(';')[0]!;
    expect((await call('GET', '/api/session', { headers: { cookie } })).status).toBe(200);
    expect((await call('POST', '/api/invitations/accept', { body: { token, password: 'another long password' } })).status).toBe(400);
    await signIn({ email: invited.email, password: 'a fine long password' });
    // A reset link is no invitation, and the other way round.
    const reset = await createPersonLink(stack.access, invited.id, 'password-reset', new Date());
    expect((await call('POST', '/api/invitations/accept', { body: { token: reset, password: 'another long password' } })).status).toBe(400);
  });
});

describe('an invitation from the staff routes, end to end', () => {
  it('is read in the mail, accepted on the page route, and the new person acts for their clinic only', async () => {
    smtp.reset();
    const email = `invited.${Date.now()}@example.com`;
    const invited = await call('POST', `/api/clinics/${CLINIC.id}/staff`, { headers: { authorization: `Bearer ${TEST_API_KEY}` }, body: { email, name: 'Sam Invited', role: 'staff' } });
    expect(invited.status).toBe(201);
    await eventually(async () => smtp.messages.length, (n) => n >= 1);
    const token = /\/#\/invite\/([A-Za-z0-9_-]{43})/.exec(smtp.messages[0]!.text ?? '')?.[1];
    expect(token).toBeDefined();
    const accepted = await call('POST', '/api/invitations/accept', { body: { token, password: 'my own long password' } });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ person: { email, role: 'staff', clinicId: CLINIC.id } });
    const cookie = accepted.setCookie[0]!.split(';')[0]!;
    expect((await call('GET', `/api/clinics/${CLINIC.id}/staff`, { headers: { cookie } })).status).toBe(200);
    expect((await call('POST', '/api/clinics', { headers: { authorization: `Bearer ${TEST_API_KEY}` }, body: newClinic('invite-other') })).status).toBe(201);
    expect((await call('GET', '/api/clinics/invite-other/staff', { headers: { authorization: `Bearer ${TEST_API_KEY}` } })).status).toBe(200);
    expect((await call('GET', '/api/clinics/invite-other/staff', { headers: { cookie } })).status).toBe(404);
  });
});

describe('reset emails', () => {
  it('go to one person at most 3 times an hour, whoever asks', async () => {
    const db = await openClinicStore();
    try {
      const { person: someone } = await createAdmin(db.access.people, 'someone@example.com');
      const sent: string[] = [];
      const mailer = { send: async (m: { to: string }) => (sent.push(m.to), { providerId: 'x' }) };
      const deps = { access: db.access, now: () => new Date(), mailer, pageUrl: 'http://localhost:3000', mailsSent: new FailureThrottle(RESET_MAILS_PER_EMAIL) };
      const results = [];
      for (let i = 0; i < 4; i++) results.push(await requestPasswordReset(deps, { email: 'Someone@Example.com' }).sent);
      expect(results).toEqual(['sent', 'sent', 'sent', 'too-many']);
      expect(sent).toEqual([someone.email, someone.email, someone.email]);
    } finally {
      await db.close();
    }
  });
});

describe("a clinic's API key", () => {
  it('acts for its clinic, records its last use, and gets 401 at once when revoked', async () => {
    const id = randomBytes(9).toString('base64url');
    const key = `ak_${id}_${randomBytes(32).toString('base64url')}`;
    await stack.access.keys.create({ id, clinicId: CLINIC.id, name: 'booking system', keyDigest: sha256Hex(key), createdBy: 'admin-key' });
    const auth = { authorization: `Bearer ${key}` };
    expect((await call('GET', '/api/clinics', { headers: auth })).status).toBe(200);
    const [info] = await stack.access.keys.list(CLINIC.id);
    expect(info!.lastUsedAt).toBeInstanceOf(Date);

    await stack.access.keys.revoke(CLINIC.id, id, new Date());
    const revoked = await call('GET', '/api/clinics', { headers: auth });
    expect(revoked.status).toBe(401);
    expect(revoked.headers.get('www-authenticate')).toBe('Bearer realm="aftercare", error="invalid_token"');
  });
});

describe('limits', () => {
  it('answers 429 to an address after too many wrong keys, before checking even a right one', async () => {
    const base = await appWith({ API_AUTH_FAILURES_PER_MINUTE: 5 });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await call('GET', '/api/enrollments', { base, headers: { authorization: `Bearer ak_wrongwrongw_${'x'.repeat(43)}` } })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    const right = await call('GET', '/api/clinics', { base, headers: { authorization: `Bearer ${TEST_API_KEY}` } });
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(right.body).toMatchObject({ error: 'rate_limited' });
  });

  it('by default, 450 wrong keys from one address get 429 after the first 20', async () => {
    const base = await appWith({ API_AUTH_FAILURES_PER_MINUTE: undefined });
    const statuses: number[] = [];
    for (let i = 0; i < 450; i++) statuses.push((await call('GET', '/api/enrollments', { base, headers: { authorization: `Bearer wrong-key-${i}` } })).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
  });

  it('slows down repeated failed sign-ins for an email (429 with Retry-After, even with the right password); a success clears the count', async () => {
    const base = await appWith({});
    const target = await person();
    const other = await person();
    const wrong = (who: { email: string }) => call('POST', '/api/session', { base, body: { email: who.email, password: 'a wrong password' } });
    for (let i = 0; i < 9; i++) expect((await wrong(other)).status).toBe(401);
    await signIn(other, base);
    for (let i = 0; i < 9; i++) expect((await wrong(other)).status).toBe(401);

    for (let i = 0; i < 10; i++) expect((await wrong(target)).status).toBe(401);
    const slowed = await call('POST', '/api/session', { base, body: { email: target.email, password: target.password } });
    expect(slowed.status).toBe(429);
    expect(Number(slowed.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another email from the same address is not held up by it.
    await signIn(other, base);
  });

  it('keeps one request budget per person and per key: one desk spending its own blocks no other', async () => {
    const base = await appWith({ API_RATE_LIMIT_PER_MINUTE: 3 });
    const first = await signIn(await person(), base);
    const second = await signIn(await person(), base);
    for (let i = 0; i < 3; i++) expect((await call('GET', '/api/clinics', { base, headers: { cookie: first.cookie } })).status).toBe(200);
    const over = await call('GET', '/api/clinics', { base, headers: { cookie: first.cookie } });
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).not.toBeNull();
    expect((await call('GET', '/api/clinics', { base, headers: { cookie: second.cookie } })).status).toBe(200);
    expect((await call('GET', '/api/clinics', { base, headers: { authorization: `Bearer ${TEST_API_KEY}` } })).status).toBe(200);
  });
});

describe('the first administrator', () => {
  it('is made once, with a one-time password that signs in; the banner shows it and how to change it', async () => {
    const db = await openClinicStore();
    try {
      const made = await ensureFirstAdmin(db.access.people, 'admin@localhost');
      expect(made).toEqual({ email: 'admin@localhost', password: expect.stringMatching(/^[A-Za-z0-9_-]{24}$/) });
      expect(await ensureFirstAdmin(db.access.people, 'admin@localhost')).toBeUndefined();
      const admin = await db.access.people.findByEmail('admin@localhost');
      expect(admin).toMatchObject({ role: 'admin', clinicId: null, active: true });
      expect(admin!.passwordHash).toMatch(/^\$argon2id\$/);
      const lines = firstAdminLines(made, 'http://localhost:3000').join('\n');
      expect(lines).toContain(made!.password);
      expect(lines).toContain('http://localhost:3000');
      expect(lines).toMatch(/Forgot password/);
      expect(firstAdminLines(undefined, 'http://localhost:3000').join('\n')).not.toMatch(/password [A-Za-z0-9_-]{24}/);
    } finally {
      await db.close();
    }
  });
});
