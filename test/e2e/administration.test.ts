/**
 * Administration (issue 14): a clinic's API keys, its people and the audit log, through the real
 * API on a real dev server, with invitations arriving in a real SMTP server. Callers other than
 * the bootstrap key (owners, staff, keys) are built directly and asked through the app
 * operations the routes call, until sign-in (api/plugins/auth.ts) lets them through HTTP.
 */
import { createHash } from 'node:crypto';
import { listAudit } from '../../app/audit-list';
import type { Caller } from '../../app/caller';
import type { AdminDeps } from '../../app/clinic-access';
import { ForbiddenError, InvalidInputError, LastOwnerError, UnknownClinicError } from '../../app/errors';
import { createKey, listKeys, revokeKey } from '../../app/keys';
import { changeStaff, invite, listStaff, removeStaff } from '../../app/staff';
import { CLINIC } from '../../dev/aftercare-harness';
import { startSmtpSink, type SmtpSink } from '../../dev/smtp-sink';
import { createLogger } from '../../platform/logger';
import type { Person } from '../../platform/people';
import { TASK_QUEUE } from '../../workflows/contract';
import { startApiStack, TEST_API_KEY, testApiConfig } from '../support/api-stack';

jest.setTimeout(300_000);

const A = CLINIC.id;
const B = 'eastgate';
const CLINIC_B = { ...CLINIC, id: B, name: 'Eastgate Hairline Studio', email: 'desk@eastgate.example.com' };
/** A clinic of its own for the last-owner rule: nobody else adds owners to it. */
const LONE = { ...CLINIC, id: 'lastowner', name: 'Last Owner Studio' };
/** Another, for two owners leaving at once. */
const PAIR = { ...CLINIC, id: 'ownerpair', name: 'Owner Pair Studio' };
const PAGE = 'https://aftercare.example.com';
const sha256hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const admin = { authorization: `Bearer ${TEST_API_KEY}` };

let smtp: SmtpSink;
let stack: Awaited<ReturnType<typeof startApiStack>>;
let deps: AdminDeps;

beforeAll(async () => {
  smtp = await startSmtpSink();
  const config = testApiConfig({ PUBLIC_BASE_URL: PAGE, SMTP_URL: smtp.url, EMAIL_FROM: 'Aftercare <aftercare@example.com>' });
  stack = await startApiStack({ clinics: [CLINIC, CLINIC_B, LONE, PAIR], config, logger: createLogger({ write: () => undefined }), taskQueue: TASK_QUEUE });
  deps = { clinics: stack.clinics, access: stack.access, now: () => new Date() };
});
afterAll(async () => {
  await stack?.stop();
  await smtp?.close();
});

type Json = Record<string, unknown> & { issues?: { path: string; message: string }[] };

async function call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = admin) {
  const res = await fetch(`${stack.baseUrl}${url}`, {
    method,
    headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, text, json: (text ? JSON.parse(text) : undefined) as Json & Json[] };
}

const paths = (json: Json) => (json.issues ?? []).map((i) => i.path);

let people = 0;
/** A person of a clinic, added straight to the store (as an accepted invitation leaves them). */
async function personOf(clinicId: string, role: 'owner' | 'staff'): Promise<{ person: Person; caller: Caller }> {
  const n = ++people;
  const person = await stack.access.people.add({ email: `person${n}@${clinicId}.example.com`, name: `Person ${n}`, role, clinicId, passwordHash: 'not-a-real-hash' });
  return { person, caller: { kind: 'person', personId: person.id, role, clinicId, actor: `person:${person.id}`, via: 'page', from: '127.0.0.1' } };
}
const keyCaller = (clinicId: string): Caller => ({ kind: 'key', keyId: 'k1', role: 'staff', clinicId, actor: 'key:k1', via: 'api' });

describe('API keys', () => {
  test('a key is shown once when made, kept only as its digest, listed without it, and revoked at once', async () => {
    const made = await call('POST', `/api/clinics/${A}/keys`, { name: '  Booking system  ' });
    expect(made.status).toBe(201);
    const key = made.json.key as string;
    expect(key).toMatch(/^ak_[A-Za-z0-9_-]{12}_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(`ak_${made.json.id as string}_`)).toBe(true);
    expect(made.json).toEqual({ id: made.json.id, name: 'Booking system', key, createdAt: expect.any(String) });

    const listed = await call('GET', `/api/clinics/${A}/keys`);
    expect(listed.status).toBe(200);
    expect(listed.json).toEqual([{ id: made.json.id, name: 'Booking system', createdAt: made.json.createdAt, lastUsedAt: null, revokedAt: null, createdBy: 'admin-key' }]);
    // The secret is everything after 'ak_<id>_' (it may itself hold underscores).
    expect(listed.text).not.toContain(key.slice(`ak_${made.json.id}_`.length));
    // Clinic B's list does not have it.
    expect((await call('GET', `/api/clinics/${B}/keys`)).json).toEqual([]);

    // What the auth plugin finds it by: the digest of the whole key, and only while not revoked.
    const row = await stack.db.selectFrom('api_keys').selectAll().where('id', '=', made.json.id as string).executeTakeFirstOrThrow();
    expect(row.key_digest).toBe(sha256hex(key));
    expect(JSON.stringify(row)).not.toContain(key);
    expect(await stack.access.keys.useActive(sha256hex(key), new Date())).toEqual({ id: made.json.id, clinicId: A });
    expect((await call('GET', `/api/clinics/${A}/keys`)).json[0]!.lastUsedAt).toEqual(expect.any(String));

    const revoked = await call('DELETE', `/api/clinics/${A}/keys/${made.json.id as string}`);
    expect(revoked.status).toBe(204);
    expect(await stack.access.keys.useActive(sha256hex(key), new Date())).toBeUndefined();
    expect((await call('GET', `/api/clinics/${A}/keys`)).json[0]!.revokedAt).toEqual(expect.any(String));
  });

  test('a key works as Bearer for its own clinic, then gets 401 at once when revoked', async () => {
    const made = await call('POST', `/api/clinics/${A}/keys`, { name: 'Front desk tablet' });
    const asKey = { authorization: `Bearer ${made.json.key as string}` };
    expect((await call('GET', `/api/clinics/${A}/staff`, undefined, asKey)).status).toBe(200);
    expect((await call('GET', `/api/clinics/${B}/staff`, undefined, asKey)).status).toBe(404);
    expect((await call('DELETE', `/api/clinics/${A}/keys/${made.json.id as string}`)).status).toBe(204);
    const after = await call('GET', `/api/clinics/${A}/staff`, undefined, asKey);
    expect(after.status).toBe(401);
    expect(after.json).toMatchObject({ error: 'unauthorized' });
  });

  test.each([
    ['no name', {}, 'name'],
    ['a blank name', { name: '   ' }, 'name'],
    ['a name too long', { name: 'x'.repeat(81) }, 'name'],
    ['a name with markup', { name: '<b>Booking</b>' }, 'name'],
    ['an unknown field', { name: 'ok', scope: 'all' }, '(body)'],
  ])('400 for %s, naming the field, and no key made', async (_what, body, field) => {
    const before = (await call('GET', `/api/clinics/${B}/keys`)).json.length;
    const res = await call('POST', `/api/clinics/${B}/keys`, body);
    expect(res.status).toBe(400);
    expect(paths(res.json)).toContain(field);
    expect((await call('GET', `/api/clinics/${B}/keys`)).json).toHaveLength(before);
  });

  test('404 for an unknown key or clinic', async () => {
    const noKey = await call('DELETE', `/api/clinics/${A}/keys/nosuchkey000`);
    expect(noKey.status).toBe(404);
    expect(paths(noKey.json)).toEqual(['keyId']);
    const noClinic = await call('POST', '/api/clinics/nowhere/keys', { name: 'x' });
    expect(noClinic.status).toBe(404);
    expect(paths(noClinic.json)).toEqual(['clinicId']);
  });

  test("owners manage their own clinic's keys; staff and keys get 403; another clinic's owner gets 404", async () => {
    const owner = await personOf(A, 'owner');
    const staff = await personOf(A, 'staff');
    const otherOwner = await personOf(B, 'owner');
    const made = await createKey(deps, owner.caller, A, { name: 'Owner made' });
    expect((await listKeys(deps, owner.caller, A)).map((k) => k.id)).toContain(made.id);
    expect((await listKeys(deps, owner.caller, A)).find((k) => k.id === made.id)!.createdBy).toBe(`person:${owner.person.id}`);
    await expect(createKey(deps, staff.caller, A, { name: 'x' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listKeys(deps, keyCaller(A), A)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(revokeKey(deps, staff.caller, A, made.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listKeys(deps, otherOwner.caller, A)).rejects.toBeInstanceOf(UnknownClinicError);
    await expect(revokeKey(deps, otherOwner.caller, A, made.id)).rejects.toBeInstanceOf(UnknownClinicError);
    // Another clinic's key id through one's own clinic is simply not there.
    await expect(revokeKey(deps, otherOwner.caller, B, made.id)).rejects.toMatchObject({ name: 'UnknownRecordError', field: 'keyId' });
  });
});

describe('staff', () => {
  test('the administrator makes an owner for a clinic; the invitation arrives with a working link', async () => {
    smtp.reset();
    const res = await call('POST', `/api/clinics/${B}/staff`, { email: 'Dana.Owner@Eastgate.example.com', name: 'Dana Okafor', role: 'owner' });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ id: expect.any(String), name: 'Dana Okafor', email: 'Dana.Owner@Eastgate.example.com', role: 'owner', active: true, invited: true, createdAt: expect.any(String) });

    // The answer comes once the mail server has taken the invitation.
    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0]!;
    expect(smtp.envelopes[0]!.to.map((a) => a.toLowerCase())).toEqual(['dana.owner@eastgate.example.com']);
    expect(mail.subject).toBe("The platform's administrator invited you to Eastgate Hairline Studio's aftercare front desk");
    expect(mail.text).toContain('Hello Dana Okafor,');
    expect(mail.text).toContain('as an owner');
    expect(mail.text).toMatch(/The link works once, until \w+day, \d+ \w+ \d{4} at \d\d:\d\d UTC\./);
    const token = /https:\/\/aftercare\.example\.com\/#\/invite\/([A-Za-z0-9_-]{43})\b/.exec(mail.text ?? '')?.[1];
    expect(token).toBeDefined();
    // The link is the one A1's POST /api/invitations/accept takes: its digest opens the invitation, once.
    expect(await stack.access.links.use(sha256hex(token!), 'invitation', new Date())).toBe(res.json.id);
    expect(await stack.access.links.use(sha256hex(token!), 'invitation', new Date())).toBeUndefined();

    const listed = await call('GET', `/api/clinics/${B}/staff`);
    expect(listed.json.map((p) => p.id)).toContain(res.json.id);
    expect((await call('GET', `/api/clinics/${A}/staff`)).json.map((p) => p.id)).not.toContain(res.json.id);
  });

  test('an owner invites staff; the mail names them and the clinic', async () => {
    smtp.reset();
    const owner = await personOf(A, 'owner');
    const staff = await invite({ ...deps, mailer: undefined, pageUrl: PAGE }, owner.caller, A, { email: 'x@y.example.com', name: 'X', role: 'staff' }).catch((e: unknown) => e);
    // Without a mail server nothing is added.
    expect(staff).toMatchObject({ name: 'NotConfiguredError', setting: 'SMTP_URL' });
    expect((await listStaff(deps, owner.caller, A)).map((p) => p.email)).not.toContain('x@y.example.com');

    const res = await call('POST', `/api/clinics/${A}/staff`, { email: 'sam@northside.example.com', name: 'Sam Rivera', role: 'staff' });
    expect(res.status).toBe(201);
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]!.text).toContain("invited you to Northside Scalp Studio's aftercare front desk, as a member of staff");
  });

  test.each([
    ['an unknown role', { email: 'r1@x.example.com', name: 'R', role: 'boss' }, 'role'],
    ['the administrator role', { email: 'r2@x.example.com', name: 'R', role: 'admin' }, 'role'],
    ['no role', { email: 'r3@x.example.com', name: 'R' }, 'role'],
    ['a malformed email', { email: 'not-an-email', name: 'R', role: 'staff' }, 'email'],
    ['no name', { email: 'r4@x.example.com', role: 'staff' }, 'name'],
    ['a name too long', { email: 'r5@x.example.com', name: 'n'.repeat(81), role: 'staff' }, 'name'],
    ['an unknown field', { email: 'r6@x.example.com', name: 'R', role: 'staff', password: 'x' }, '(body)'],
  ])('an invitation with %s is 400 naming the field; nobody is added and no mail goes', async (_what, body, field) => {
    smtp.reset();
    const before = (await call('GET', `/api/clinics/${A}/staff`)).json.length;
    const res = await call('POST', `/api/clinics/${A}/staff`, body);
    expect(res.status).toBe(400);
    expect(paths(res.json)).toContain(field);
    expect((await call('GET', `/api/clinics/${A}/staff`)).json).toHaveLength(before);
    expect(smtp.messages).toHaveLength(0);
  });

  test('an email with an account already is 409 naming email', async () => {
    await call('POST', `/api/clinics/${A}/staff`, { email: 'twice@northside.example.com', name: 'Twice', role: 'staff' });
    const again = await call('POST', `/api/clinics/${B}/staff`, { email: ' TWICE@northside.example.com ', name: 'Twice', role: 'staff' });
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ error: 'person_exists', issues: [{ path: 'email', message: 'is taken' }] });
  });

  test('inviting again someone who has not accepted sends a new link, to the same person', async () => {
    smtp.reset();
    const first = await call('POST', `/api/clinics/${A}/staff`, { email: 'late@northside.example.com', name: 'Late Larsen', role: 'staff' });
    const second = await call('POST', `/api/clinics/${A}/staff`, { email: 'Late@northside.example.com', name: 'Lou Larsen', role: 'owner' });
    expect(second.status).toBe(201);
    expect(second.json).toMatchObject({ id: first.json.id, name: 'Lou Larsen', role: 'owner', invited: true });
    expect(smtp.messages).toHaveLength(2);
    const tokenOf = (text: string | undefined) => /#\/invite\/([A-Za-z0-9_-]{43})/.exec(text ?? '')![1]!;
    expect(tokenOf(smtp.messages[1]!.text)).not.toBe(tokenOf(smtp.messages[0]!.text));
    expect(smtp.messages[1]!.text).toContain('Hello Lou Larsen,');
    expect(await stack.access.links.use(sha256hex(tokenOf(smtp.messages[1]!.text)), 'invitation', new Date())).toBe(first.json.id);
    // Once they have a password, the email is taken like any other.
    await stack.access.people.update(first.json.id as string, { passwordHash: 'chosen' });
    const third = await call('POST', `/api/clinics/${A}/staff`, { email: 'late@northside.example.com', name: 'Lou', role: 'staff' });
    expect(third.status).toBe(409);
  });

  test('staff cannot promote themselves, nor invite; nobody changes their own role', async () => {
    const staff = await personOf(A, 'staff');
    await expect(changeStaff(deps, staff.caller, A, staff.person.id, { role: 'owner' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(invite({ ...deps, mailer: undefined, pageUrl: PAGE }, staff.caller, A, { email: 'z@z.example.com', name: 'Z', role: 'owner' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(changeStaff(deps, keyCaller(A), A, staff.person.id, { role: 'owner' })).rejects.toBeInstanceOf(ForbiddenError);
    const owner = await personOf(A, 'owner');
    await expect(changeStaff(deps, owner.caller, A, owner.person.id, { role: 'staff' })).rejects.toThrow(/own role/);
    expect((await stack.access.people.get(staff.person.id))!.role).toBe('staff');
    // Staff read the list; another clinic's owner does not see it at all.
    expect((await listStaff(deps, staff.caller, A)).map((p) => p.id)).toContain(staff.person.id);
    const otherOwner = await personOf(B, 'owner');
    await expect(listStaff(deps, otherOwner.caller, A)).rejects.toBeInstanceOf(UnknownClinicError);
    await expect(changeStaff(deps, otherOwner.caller, B, staff.person.id, { active: false })).rejects.toMatchObject({ name: 'UnknownRecordError', field: 'personId' });
  });

  test("an owner promotes staff and deactivates them (their sessions end); the last owner stays", async () => {
    const owner = await personOf('lastowner', 'owner');
    const staff = await personOf('lastowner', 'staff');

    // The only active owner: not demoted, not deactivated, not removed, by anyone.
    await expect(changeStaff(deps, owner.caller, 'lastowner', owner.person.id, { active: false })).rejects.toBeInstanceOf(LastOwnerError);
    const demote = await call('PATCH', `/api/clinics/lastowner/staff/${owner.person.id}`, { role: 'staff' });
    expect(demote.status).toBe(409);
    expect(demote.json).toMatchObject({ error: 'last_owner' });
    const remove = await call('DELETE', `/api/clinics/lastowner/staff/${owner.person.id}`);
    expect(remove.status).toBe(409);
    expect(remove.json).toMatchObject({ error: 'last_owner' });

    const promoted = await changeStaff(deps, owner.caller, 'lastowner', staff.person.id, { role: 'owner' });
    expect(promoted).toMatchObject({ role: 'owner', active: true });

    // Two owners now: one may go; a session of theirs ends with it.
    await stack.access.sessions.create({ tokenDigest: sha256hex('session-of-the-first-owner'), personId: owner.person.id, csrfDigest: 'x', expiresAt: new Date(Date.now() + 3_600_000) });
    const removed = await call('DELETE', `/api/clinics/lastowner/staff/${owner.person.id}`);
    expect(removed.status).toBe(204);
    expect(await stack.access.sessions.find(sha256hex('session-of-the-first-owner'), new Date())).toBeUndefined();
    expect((await call('GET', '/api/clinics/lastowner/staff')).json.find((p) => p.id === owner.person.id)).toMatchObject({ active: false });
    // And the one left is the last again.
    await expect(removeStaff(deps, staff.caller, 'lastowner', staff.person.id)).rejects.toBeInstanceOf(Error);
    const last = await call('PATCH', `/api/clinics/lastowner/staff/${staff.person.id}`, { active: false });
    expect(last.json).toMatchObject({ error: 'last_owner' });
  });

  test('two owners demoting each other at the same moment: one change goes through, the other is 409, and an owner is left', async () => {
    const first = await personOf(PAIR.id, 'owner');
    const second = await personOf(PAIR.id, 'owner');
    // An owner still invited (no password yet) cannot manage anything: it does not count.
    await call('POST', `/api/clinics/${PAIR.id}/staff`, { email: 'not-yet@ownerpair.example.com', name: 'Not Yet', role: 'owner' });
    const answers = await Promise.all([
      call('PATCH', `/api/clinics/${PAIR.id}/staff/${first.person.id}`, { role: 'staff' }),
      call('PATCH', `/api/clinics/${PAIR.id}/staff/${second.person.id}`, { role: 'staff' }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const owners = (await call('GET', `/api/clinics/${PAIR.id}/staff`)).json.filter((p) => p.role === 'owner' && p.active && !p.invited);
    expect(owners).toHaveLength(1);
  });

  test.each([
    ['the administrator role', { role: 'admin' }, 'role'],
    ['an unknown role', { role: 'manager' }, 'role'],
    ['active not a boolean', { active: 'no' }, 'active'],
    ['nothing to change', {}, '(body)'],
    ['an unknown field', { email: 'new@x.example.com' }, '(body)'],
  ])('PATCH with %s is 400 naming the field', async (_what, body, field) => {
    const { person } = await personOf(A, 'staff');
    const res = await call('PATCH', `/api/clinics/${A}/staff/${person.id}`, body);
    expect(res.status).toBe(400);
    expect(paths(res.json)).toContain(field);
    expect((await stack.access.people.get(person.id))!.role).toBe('staff');
  });

  test('PATCH and DELETE of an unknown person are 404 naming personId', async () => {
    for (const method of ['PATCH', 'DELETE'] as const) {
      const res = await call(method, `/api/clinics/${A}/staff/00000000-0000-0000-0000-000000000000`, method === 'PATCH' ? { active: false } : undefined);
      expect(res.status).toBe(404);
      expect(paths(res.json)).toEqual(['personId']);
    }
  });
});

describe('the audit log', () => {
  test('records key and staff changes with ids only; owners read their own clinic, staff and keys none', async () => {
    const owner = await personOf(A, 'owner');
    const made = await createKey(deps, owner.caller, A, { name: 'Audited key' });
    await revokeKey(deps, owner.caller, A, made.id);
    const invited = await invite({ ...deps, mailer: { send: async () => ({ providerId: 'x' }) }, pageUrl: PAGE }, owner.caller, A, { email: 'audited@northside.example.com', name: 'Audited Person', role: 'staff' });
    await changeStaff(deps, owner.caller, A, invited.id, { role: 'owner' });
    await removeStaff(deps, owner.caller, A, invited.id);

    const mine = await listAudit(deps, owner.caller, {});
    const actions = mine.filter((e) => e.actor === `person:${owner.person.id}`).map((e) => e.action);
    expect(actions).toEqual(['person.removed', 'person.changed', 'person.invited', 'key.revoked', 'key.created']);
    const changed = mine.find((e) => e.action === 'person.changed' && e.actor === `person:${owner.person.id}`)!;
    expect(changed).toMatchObject({ clinicId: A, via: 'page', from: '127.0.0.1', actorName: owner.person.name, detail: { personId: invited.id, role: 'owner', previousRole: 'staff' } });
    expect(mine.every((e) => e.clinicId === A)).toBe(true);
    expect(JSON.stringify(mine)).not.toMatch(/audited@northside|Audited Person/);

    // Through the API: the administrator's key, one clinic or all, and paging.
    const all = await call('GET', '/api/audit');
    expect(all.status).toBe(200);
    expect(new Set(all.json.map((e) => e.clinicId))).toEqual(new Set([A, B, LONE.id, PAIR.id]));
    const onlyB = await call('GET', `/api/audit?clinicId=${B}`);
    expect(onlyB.json.map((e) => [e.action, e.actor, e.via])).toEqual([['person.invited', 'admin-key', 'api']]);
    const page = await call('GET', `/api/audit?clinicId=${A}&limit=2`);
    expect(page.json.map((e) => e.action)).toEqual(['person.removed', 'person.changed']);
    const next = await call('GET', `/api/audit?clinicId=${A}&limit=2&before=${page.json[1]!.id as string}`);
    expect(next.json.map((e) => e.action)).toEqual(['person.invited', 'key.revoked']);

    const staff = await personOf(A, 'staff');
    await expect(listAudit(deps, staff.caller, {})).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listAudit(deps, keyCaller(A), { clinicId: A })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listAudit(deps, owner.caller, { clinicId: B })).rejects.toBeInstanceOf(UnknownClinicError);
    await expect(listAudit(deps, staff.caller, { clinicId: B })).rejects.toBeInstanceOf(UnknownClinicError);
  });

  test.each([
    ['limit=0', 'limit'],
    ['limit=501', 'limit'],
    ['limit=ten', 'limit'],
    ['before=abc', 'before'],
    ['clinicId=Not%20A%20Clinic', 'clinicId'],
    ['limit=1&limit=2', 'limit'],
    ['actor=cli', 'actor'],
  ])('GET /api/audit?%s is 400 naming %s', async (query, field) => {
    const res = await call('GET', `/api/audit?${query}`);
    expect(res.status).toBe(400);
    expect(paths(res.json)).toContain(field);
  });

  test('an unknown clinic is 404', async () => {
    expect((await call('GET', '/api/audit?clinicId=nowhere')).status).toBe(404);
    await expect(listAudit(deps, keyCaller(A), { clinicId: 'nowhere' })).rejects.toBeInstanceOf(UnknownClinicError);
  });
});

test('bad input to the app operations is InvalidInputError', async () => {
  await expect(createKey(deps, { kind: 'operator', role: 'admin', clinicId: null, actor: 'cli', via: 'cli' }, A, 'name')).rejects.toBeInstanceOf(InvalidInputError);
});
