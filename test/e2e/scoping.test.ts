/**
 * Everything is scoped to the caller's clinic (issue 14, point 4): every route of the app, asked by
 * every kind of caller, on a real stack with two clinics. The callers are made for real in the
 * database (people with sessions, clinic keys, a revoked key) and sent the way the page and a
 * clinic's systems send them (session cookie with its CSRF header; Bearer key).
 *
 * What each caller must get follows the contract: a clinic's people and keys act on their own
 * clinic; anything of the other clinic is a 404 (the very answer a missing thing gets) and never in
 * a list; the clinic's settings are its owners' (403 for its staff and keys); adding a clinic is an
 * administrator's (403 for everyone else); a revoked key and no key get 401. The table is checked
 * against `routesOf(app)`, so a new route without a row fails this suite.
 */
import { createHash, randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { routesOf } from '../../api/server';
import { clinicRecord } from '../../dev/clinics';
import { CLINIC } from '../../dev/aftercare-harness';
import { createLogger } from '../../platform/logger';
import { TASK_QUEUE, type AftercareStatus } from '../../workflows/contract';
import { TOUCH_UP_WORKFLOW_TYPE, touchUpSearchAttributes, type TouchUpInput } from '../../workflows/touch-up-contract';
import { touchUpWorkflowIdFor } from '../../domain/identifiers';
import { startApiStack, TEST_API_KEY, testApiConfig } from '../support/api-stack';
import { eventually, middayZone } from '../support/eventually';

jest.setTimeout(300_000);

// Phones the clinic rules accept today, so that a change to A is checked against a valid profile.
const A = clinicRecord({ ...CLINIC, id: 'northside', phone: '+12125550147' });
const B = clinicRecord({ ...CLINIC, id: 'southbank', name: 'Southbank Hair Clinic', email: 'desk@southbank.example.com', phone: '+12125550160' });

const CALLERS = ['admin-key', 'admin', 'owner-a', 'staff-a', 'key-a', 'owner-b', 'staff-b', 'key-b', 'revoked-key', 'none'] as const;
type CallerName = (typeof CALLERS)[number];

/** What a caller may do: see every clinic (admin), or one clinic as its owner or staff (a key acts as staff). */
const standing: Record<CallerName, { sees: 'all' | 'a' | 'b' | 'nothing'; manages: boolean; admin: boolean }> = {
  'admin-key': { sees: 'all', manages: true, admin: true },
  admin: { sees: 'all', manages: true, admin: true },
  'owner-a': { sees: 'a', manages: true, admin: false },
  'staff-a': { sees: 'a', manages: false, admin: false },
  'key-a': { sees: 'a', manages: false, admin: false },
  'owner-b': { sees: 'b', manages: true, admin: false },
  'staff-b': { sees: 'b', manages: false, admin: false },
  'key-b': { sees: 'b', manages: false, admin: false },
  'revoked-key': { sees: 'nothing', manages: false, admin: false },
  none: { sees: 'nothing', manages: false, admin: false },
};

const sha256hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

let stack: Awaited<ReturnType<typeof startApiStack>>;
const headersOf = {} as Record<CallerName, Record<string, string>>;
/** A's and B's running workflows, enrolled by the administrator key. */
let WF_A: string;
let WF_B: string;

async function send(caller: CallerName, method: string, url: string, body?: unknown, headersInstead?: Record<string, string>): Promise<{ status: number; json: unknown }> {
  const headers: Record<string, string> = { ...(headersInstead ?? headersOf[caller]) };
  // A string is a form, as Twilio posts; anything else goes as JSON.
  if (body !== undefined) headers['content-type'] = typeof body === 'string' ? 'application/x-www-form-urlencoded' : 'application/json';
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await fetch(`${stack.baseUrl}${url}`, { method, headers, ...(body !== undefined ? { body: payload } : {}) });
  const text = await res.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // TwiML, the docs page: kept as text.
  }
  return { status: res.status, json };
}

let refs = 0;
const enrollment = (clinicId: string) => ({
  clinicId,
  clientRef: `SC${Date.now().toString(36)}${++refs}`,
  client: {
    firstName: 'Jordan',
    phone: '+12125554477',
    email: 'jordan@example.com',
    timezone: middayZone(),
    consent: { sms: true, email: true, text: 'I agree to aftercare texts and emails.' },
  },
  session: { number: 1, performedAt: DateTime.now().minus({ hours: 1 }).toISO(), plannedSessions: 3 },
});

async function enrollAs(caller: CallerName, clinicId: string): Promise<string> {
  const res = await send(caller, 'POST', '/api/enrollments', enrollment(clinicId));
  if (res.status !== 201) throw new Error(`enrolment at ${clinicId} by ${caller}: ${res.status} ${JSON.stringify(res.json)}`);
  return (res.json as { workflowId: string }).workflowId;
}

/** A's client with touch-up reminders. */
const TOUCH_UP_REF = 'SCtouchup1';

/** Client texts kept for A, for B, and for no clinic (a shared number, no plan): only administrators see that one. */
const TEXTS = {} as Record<'a' | 'b' | 'none', string>;

async function keepText(key: keyof typeof TEXTS, clinicId: string | null, workflowId: string | null): Promise<void> {
  const { record } = await stack.access.inbox.recordInbound({
    messageSid: `SMscoping${key}${Date.now()}`,
    clinicId,
    workflowId,
    clientRef: null,
    phone: '+12125554477',
    text: `A question for ${key}`,
    triage: { class: 'question', matched: [] },
    keyword: null,
    at: new Date(),
  });
  TEXTS[key] = record.id;
}

/** A photo A's client texted in, kept as the photo intake keeps one. */
let PHOTO_A = '';

async function keepPhoto(workflowId: string): Promise<void> {
  const messageSid = `MMscoping${Date.now()}`;
  await stack.access.photos.recordIncoming({ messageSid, clinicId: A.id, workflowId, clientRef: null, media: [{ url: 'https://api.twilio.com/media/x', contentType: 'image/jpeg' }], at: new Date() });
  PHOTO_A = await stack.access.photos.store(messageSid, 0, { contentType: 'image/jpeg', bytes: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), at: new Date() });
}

/** The person behind each person caller, for a second session of theirs. */
const personIdOf = {} as Partial<Record<CallerName, string>>;

async function sessionOf(personId: string): Promise<Record<string, string>> {
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(32).toString('base64url');
  await stack.access.sessions.create({ tokenDigest: sha256hex(token), personId, csrfDigest: sha256hex(csrf), expiresAt: new Date(Date.now() + 3_600_000) });
  return { cookie: `aftercare_session=${token}`, 'x-csrf-token': csrf };
}

async function personSession(role: 'admin' | 'owner' | 'staff', clinicId: string | null, label: CallerName): Promise<Record<string, string>> {
  const person = await stack.access.people.add({
    email: `${label}@scoping.example.com`,
    name: `Person ${label}`,
    // Never checked here: the session is made directly, as sign-in would make it.
    passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$not-a-real-hash',
    ...(role === 'admin' ? { role, clinicId: null } : { role, clinicId: clinicId! }),
  });
  personIdOf[label] = person.id;
  return sessionOf(person.id);
}

async function clinicKey(clinicId: string, createdBy: string): Promise<{ id: string; headers: Record<string, string> }> {
  const id = randomBytes(6).toString('hex');
  const key = `ak_${id}_${randomBytes(32).toString('base64url')}`;
  await stack.access.keys.create({ id, clinicId, name: `systems of ${clinicId}`, keyDigest: sha256hex(key), createdBy });
  return { id, headers: { authorization: `Bearer ${key}` } };
}

beforeAll(async () => {
  stack = await startApiStack({ clinics: [A, B], config: testApiConfig(), logger: createLogger({ write: () => undefined }), taskQueue: TASK_QUEUE });
  headersOf['admin-key'] = { authorization: `Bearer ${TEST_API_KEY}` };
  headersOf.admin = await personSession('admin', null, 'admin');
  headersOf['owner-a'] = await personSession('owner', A.id, 'owner-a');
  headersOf['staff-a'] = await personSession('staff', A.id, 'staff-a');
  headersOf['owner-b'] = await personSession('owner', B.id, 'owner-b');
  headersOf['staff-b'] = await personSession('staff', B.id, 'staff-b');
  headersOf['key-a'] = (await clinicKey(A.id, 'owner-a')).headers;
  headersOf['key-b'] = (await clinicKey(B.id, 'owner-b')).headers;
  const revoked = await clinicKey(A.id, 'owner-a');
  await stack.access.keys.revoke(A.id, revoked.id, new Date());
  headersOf['revoked-key'] = revoked.headers;
  headersOf.none = {};

  WF_A = await enrollAs('admin-key', A.id);
  WF_B = await enrollAs('admin-key', B.id);
  await keepText('a', A.id, WF_A);
  await keepText('b', B.id, WF_B);
  await keepText('none', null, null);
  await keepPhoto(WF_A);
  // A client of A whose course ended: touch-up reminders to see and stop (stopping again answers the same).
  const touchUp: TouchUpInput = {
    clinic: A,
    clientRef: TOUCH_UP_REF,
    client: { firstName: 'Jordan', timezone: 'America/New_York', email: 'jordan@example.com', consent: { sms: false, email: true } },
    courseEndedAt: new Date().toISOString(),
    courseRef: `aftercare-${A.id}~${TOUCH_UP_REF}-s3`,
  };
  await stack.env.client.workflow.start(TOUCH_UP_WORKFLOW_TYPE, { taskQueue: TASK_QUEUE, workflowId: touchUpWorkflowIdFor(A.id, TOUCH_UP_REF), args: [touchUp], typedSearchAttributes: touchUpSearchAttributes(touchUp) });
  // The welcome has gone out (so it can be resent), and both are in the lists.
  await eventually(
    async () => (await send('admin-key', 'GET', `/api/enrollments/${WF_A}`)).json as AftercareStatus,
    (s) => s.sent.some((r) => r.id === 'welcome'),
  );
  await eventually(
    async () => ((await send('admin-key', 'GET', '/api/enrollments')).json as { workflowId: string }[]).map((r) => r.workflowId),
    (ids) => ids.includes(WF_A) && ids.includes(WF_B),
  );
});

afterAll(async () => {
  await stack?.stop();
});

/** Who a route is for, and what a caller allowed through gets. */
type Policy =
  /** Not under /api: the same answer whoever asks (no caller is looked at). */
  | { kind: 'public'; status: number }
  /** Something of clinic A that its people and keys act on. */
  | { kind: 'clinic-a'; ok: number }
  /** A's settings: its owners and the administrators; 403 for A's staff and keys. */
  | { kind: 'manage-a'; ok: number }
  /** Administrators only: 403 for anyone else signed in. */
  | { kind: 'admin-only'; ok: number }
  /** Anyone signed in or with a valid key (a list is then checked by `check`). */
  | { kind: 'any-caller'; ok: number }
  /** A signed-in person's own session: 401 for keys. */
  | { kind: 'person-only'; ok: number };

function expectedStatus(policy: Policy, caller: CallerName): number {
  const who = standing[caller];
  if (policy.kind === 'public') return policy.status;
  if (who.sees === 'nothing') return 401;
  switch (policy.kind) {
    case 'any-caller':
      return policy.ok;
    case 'person-only':
      return personIdOf[caller] ? policy.ok : 401;
    case 'admin-only':
      return who.admin ? policy.ok : 403;
    case 'clinic-a':
      return who.sees === 'all' || who.sees === 'a' ? policy.ok : 404;
    case 'manage-a':
      if (who.sees === 'b') return 404;
      return who.manages ? policy.ok : 403;
  }
}

interface Sent {
  url: string;
  body?: unknown;
  /** Instead of the caller's own headers (a second session of the same person). */
  headers?: Record<string, string>;
}

interface Row {
  method: string;
  /** The route's pattern as the app registers it. */
  route: string;
  policy: Policy;
  /** The request a caller sends: each caller its own when the change is made once (a new clinic, a cancel). */
  request(caller: CallerName): Promise<Sent> | Sent;
  /** What else the answer must show to this caller. */
  check?(caller: CallerName, json: unknown): void;
}

const inDays = (days: number) => DateTime.now().setZone(middayZone()).plus({ days }).set({ hour: 14, minute: 0, second: 0, millisecond: 0 }).toISO();
const visibleTo = (caller: CallerName) => ({ a: ['all', 'a'].includes(standing[caller].sees), b: ['all', 'b'].includes(standing[caller].sees) });

const ROWS: Row[] = [
  { method: 'GET', route: '/healthz', policy: { kind: 'public', status: 200 }, request: () => ({ url: '/healthz' }) },
  { method: 'GET', route: '/readyz', policy: { kind: 'public', status: 200 }, request: () => ({ url: '/readyz' }) },
  // Business metrics for Prometheus: no API key; METRICS_TOKEN when set (here not: test/e2e/numbers.test.ts sets one).
  { method: 'GET', route: '/metrics', policy: { kind: 'public', status: 200 }, request: () => ({ url: '/metrics' }) },
  { method: 'GET', route: '/openapi.json', policy: { kind: 'public', status: 200 }, request: () => ({ url: '/openapi.json' }) },
  { method: 'GET', route: '/docs', policy: { kind: 'public', status: 200 }, request: () => ({ url: '/docs' }) },
  // Unsigned: Twilio's signature is what these check, whoever else asks.
  {
    method: 'POST',
    route: '/webhooks/twilio/inbound',
    policy: { kind: 'public', status: 403 },
    request: () => ({ url: '/webhooks/twilio/inbound', body: 'From=%2B12125554477&To=%2B12125550147&Body=STOP&MessageSid=SM1' }),
  },
  {
    method: 'POST',
    route: '/webhooks/twilio/status',
    policy: { kind: 'public', status: 403 },
    request: () => ({ url: `/webhooks/twilio/status?wf=${WF_A}&step=welcome`, body: 'MessageSid=SM1&MessageStatus=failed' }),
  },
  // A client's unsubscribe link: its signed token is the credential, whoever asks (a forged one is a 404).
  { method: 'GET', route: '/unsubscribe/:token', policy: { kind: 'public', status: 404 }, request: () => ({ url: `/unsubscribe/${A.id}.0123456789abcdef0123456789abcdef.AAAAAAAAAAAAAAAAAAAAAA` }) },
  {
    method: 'POST',
    route: '/unsubscribe/:token',
    policy: { kind: 'public', status: 404 },
    request: () => ({ url: `/unsubscribe/${A.id}.0123456789abcdef0123456789abcdef.AAAAAAAAAAAAAAAAAAAAAA`, body: 'List-Unsubscribe=One-Click' }),
  },
  // A session's calendar address: its signed token is the credential, whoever asks (a forged one is a 404).
  { method: 'GET', route: '/calendar/:token.ics', policy: { kind: 'public', status: 404 }, request: () => ({ url: `/calendar/aftercare-${A.id}~C1-s1.AAAAAAAAAAAAAAAAAAAAAA.ics` }) },
  { method: 'GET', route: '/unsubscribe.js', policy: { kind: 'public', status: 200 }, request: () => ({ url: '/unsubscribe.js' }) },
  // Sign-in (public routes: the same answer whoever asks).
  {
    method: 'POST',
    route: '/api/session',
    policy: { kind: 'public', status: 401 },
    request: (caller) => ({ url: '/api/session', body: { email: `nobody-${caller}@scoping.example.com`, password: 'not the password at all' } }),
  },
  { method: 'GET', route: '/api/session', policy: { kind: 'person-only', ok: 200 }, request: () => ({ url: '/api/session' }) },
  {
    method: 'DELETE',
    route: '/api/session',
    policy: { kind: 'any-caller', ok: 204 },
    // Signing out ends the session: a person signs out of a second session, keeping the one the table uses.
    request: async (caller) => ({ url: '/api/session', ...(personIdOf[caller] ? { headers: await sessionOf(personIdOf[caller]) } : {}) }),
  },
  { method: 'POST', route: '/api/password-reset', policy: { kind: 'public', status: 503 }, request: () => ({ url: '/api/password-reset', body: { email: 'nobody@scoping.example.com' } }) },
  {
    method: 'POST',
    route: '/api/password-reset/complete',
    policy: { kind: 'public', status: 400 },
    request: () => ({ url: '/api/password-reset/complete', body: { token: 'no-such-token', password: 'a long enough password' } }),
  },
  {
    method: 'POST',
    route: '/api/invitations/accept',
    policy: { kind: 'public', status: 400 },
    request: () => ({ url: '/api/invitations/accept', body: { token: 'no-such-token', password: 'a long enough password' } }),
  },
  { method: 'GET', route: '/api/steps', policy: { kind: 'any-caller', ok: 200 }, request: () => ({ url: '/api/steps' }) },
  { method: 'GET', route: '/api/languages', policy: { kind: 'any-caller', ok: 200 }, request: () => ({ url: '/api/languages' }) },
  {
    method: 'GET',
    route: '/api/clinics',
    policy: { kind: 'any-caller', ok: 200 },
    request: () => ({ url: '/api/clinics' }),
    check(caller, json) {
      const ids = (json as { id: string }[]).map((c) => c.id);
      const sees = visibleTo(caller);
      expect({ a: ids.includes(A.id), b: ids.includes(B.id) }).toEqual(sees);
    },
  },
  {
    method: 'POST',
    route: '/api/clinics',
    policy: { kind: 'admin-only', ok: 201 },
    request: (caller) => ({
      url: '/api/clinics',
      body: { id: `added-by-${caller}`, name: 'Added Clinic', phone: '+12125550170', email: 'desk@added.example.com', bookingUrl: 'https://added.example.com/book' },
    }),
  },
  // A whole clinic held and released at once (the clinic's staff may, like for one client).
  { method: 'POST', route: '/api/clinics/:clinicId/pause', policy: { kind: 'manage-a', ok: 200 }, request: () => ({ url: `/api/clinics/${A.id}/pause`, body: { reason: 'scoping table' } }) },
  { method: 'POST', route: '/api/clinics/:clinicId/resume', policy: { kind: 'manage-a', ok: 200 }, request: () => ({ url: `/api/clinics/${A.id}/resume`, body: { reason: 'scoping table' } }) },
  {
    method: 'POST',
    route: '/api/preview',
    policy: { kind: 'clinic-a', ok: 200 },
    request: () => ({ url: '/api/preview', body: { clinicId: A.id, client: { timezone: middayZone() }, session: { number: 1, performedAt: DateTime.now().minus({ hours: 1 }).toISO() } } }),
  },
  // Keys and people: the clinic's owners (and administrators) manage them; its staff and keys may read its people.
  { method: 'POST', route: '/api/clinics/:clinicId/keys', policy: { kind: 'manage-a', ok: 201 }, request: (caller) => ({ url: `/api/clinics/${A.id}/keys`, body: { name: `made by ${caller}` } }) },
  { method: 'GET', route: '/api/clinics/:clinicId/keys', policy: { kind: 'manage-a', ok: 200 }, request: () => ({ url: `/api/clinics/${A.id}/keys` }) },
  {
    method: 'DELETE',
    route: '/api/clinics/:clinicId/keys/:keyId',
    policy: { kind: 'manage-a', ok: 204 },
    // Each caller revokes a key of its own making, so the table's key of A keeps working.
    request: async () => ({ url: `/api/clinics/${A.id}/keys/${(await clinicKey(A.id, 'owner-a')).id}` }),
  },
  // No mail server in this stack: an allowed invitation stops at 503 (after the clinic and role checks).
  {
    method: 'POST',
    route: '/api/clinics/:clinicId/staff',
    policy: { kind: 'manage-a', ok: 503 },
    request: (caller) => ({ url: `/api/clinics/${A.id}/staff`, body: { email: `invited-by-${caller}@scoping.example.com`, name: 'Invited Person', role: 'staff' } }),
  },
  { method: 'GET', route: '/api/clinics/:clinicId/staff', policy: { kind: 'clinic-a', ok: 200 }, request: () => ({ url: `/api/clinics/${A.id}/staff` }) },
  {
    method: 'PATCH',
    route: '/api/clinics/:clinicId/staff/:personId',
    policy: { kind: 'manage-a', ok: 200 },
    request: () => ({ url: `/api/clinics/${A.id}/staff/${personIdOf['staff-a']}`, body: { role: 'staff' } }),
  },
  {
    method: 'DELETE',
    route: '/api/clinics/:clinicId/staff/:personId',
    policy: { kind: 'manage-a', ok: 204 },
    // Each caller removes someone of its own, so the table's people stay.
    request: async (caller) => {
      const person = await stack.access.people.add({ email: `leaving-${caller}@scoping.example.com`, name: 'Leaving Person', passwordHash: null, role: 'staff', clinicId: A.id });
      return { url: `/api/clinics/${A.id}/staff/${person.id}` };
    },
  },
  { method: 'GET', route: '/api/audit', policy: { kind: 'manage-a', ok: 200 }, request: () => ({ url: `/api/audit?clinicId=${A.id}` }) },
  { method: 'GET', route: '/api/clinics/:clinicId', policy: { kind: 'clinic-a', ok: 200 }, request: () => ({ url: `/api/clinics/${A.id}` }) },
  {
    method: 'PATCH',
    route: '/api/clinics/:clinicId',
    policy: { kind: 'manage-a', ok: 200 },
    request: (caller) => ({ url: `/api/clinics/${A.id}`, body: { reviewUrl: `https://northside.example.com/review/${caller}` } }),
  },
  { method: 'POST', route: '/api/enrollments', policy: { kind: 'clinic-a', ok: 201 }, request: () => ({ url: '/api/enrollments', body: enrollment(A.id) }) },
  {
    method: 'GET',
    route: '/api/enrollments',
    policy: { kind: 'any-caller', ok: 200 },
    request: () => ({ url: '/api/enrollments' }),
    check(caller, json) {
      const rows = json as { workflowId: string; clinicId: string }[];
      const ids = rows.map((r) => r.workflowId);
      expect({ a: ids.includes(WF_A), b: ids.includes(WF_B) }).toEqual(visibleTo(caller));
      const sees = standing[caller].sees;
      if (sees === 'a' || sees === 'b') expect(new Set(rows.map((r) => r.clinicId))).toEqual(new Set([sees === 'a' ? A.id : B.id]));
    },
  },
  { method: 'GET', route: '/api/enrollments/:workflowId', policy: { kind: 'clinic-a', ok: 200 }, request: () => ({ url: `/api/enrollments/${WF_A}` }) },
  {
    method: 'POST',
    route: '/api/enrollments/:workflowId/booking',
    policy: { kind: 'clinic-a', ok: 200 },
    request: () => ({ url: `/api/enrollments/${WF_A}/booking`, body: { appointmentAt: inDays(20) } }),
  },
  // Right after the booking above, so there is one to clear.
  { method: 'DELETE', route: '/api/enrollments/:workflowId/booking', policy: { kind: 'clinic-a', ok: 200 }, request: () => ({ url: `/api/enrollments/${WF_A}/booking` }) },
  {
    method: 'POST',
    route: '/api/enrollments/:workflowId/channels',
    policy: { kind: 'clinic-a', ok: 200 },
    request: () => ({ url: `/api/enrollments/${WF_A}/channels`, body: { channel: 'email', enabled: true } }),
  },
  // No urgent reply came, so no concern is open: the run refuses (400, issues: concern) those who may ask.
  {
    method: 'POST',
    route: '/api/enrollments/:workflowId/concern/handled',
    policy: { kind: 'clinic-a', ok: 400 },
    request: () => ({ url: `/api/enrollments/${WF_A}/concern/handled`, body: { note: 'scoping table' } }),
  },
  {
    method: 'POST',
    route: '/api/enrollments/:workflowId/pause',
    policy: { kind: 'clinic-a', ok: 200 },
    request: () => ({ url: `/api/enrollments/${WF_A}/pause`, body: { reason: 'scoping table' } }),
  },
  {
    method: 'POST',
    route: '/api/enrollments/:workflowId/resume',
    policy: { kind: 'clinic-a', ok: 200 },
    request: () => ({ url: `/api/enrollments/${WF_A}/resume`, body: { reason: 'scoping table' } }),
  },
  {
    method: 'POST',
    route: '/api/enrollments/:workflowId/resend',
    policy: { kind: 'clinic-a', ok: 200 },
    request: () => ({ url: `/api/enrollments/${WF_A}/resend`, body: { step: 'welcome', channel: 'email' } }),
  },
  {
    method: 'POST',
    route: '/api/enrollments/:workflowId/contact',
    policy: { kind: 'clinic-a', ok: 200 },
    request: () => ({ url: `/api/enrollments/${WF_A}/contact`, body: { email: 'jordan.new@example.com' } }),
  },
  {
    method: 'POST',
    route: '/api/enrollments/:workflowId/consent',
    policy: { kind: 'clinic-a', ok: 200 },
    request: () => ({ url: `/api/enrollments/${WF_A}/consent`, body: { channel: 'email', text: 'I agree to aftercare emails.' } }),
  },
  {
    method: 'POST',
    route: '/api/enrollments/:workflowId/cancel',
    policy: { kind: 'clinic-a', ok: 200 },
    // Cancelling ends the run: each caller cancels a run of A of its own.
    request: async () => ({ url: `/api/enrollments/${await enrollAs('admin-key', A.id)}/cancel`, body: { reason: 'scoping table' } }),
  },
  // A client's touch-up reminders (issue 16): their clinic's people and keys see and stop them.
  { method: 'GET', route: '/api/clinics/:clinicId/clients/:clientRef/touch-ups', policy: { kind: 'clinic-a', ok: 200 }, request: () => ({ url: `/api/clinics/${A.id}/clients/${TOUCH_UP_REF}/touch-ups` }) },
  {
    method: 'POST',
    route: '/api/clinics/:clinicId/clients/:clientRef/touch-ups/stop',
    policy: { kind: 'clinic-a', ok: 200 },
    request: () => ({ url: `/api/clinics/${A.id}/clients/${TOUCH_UP_REF}/touch-ups/stop`, body: {} }),
  },
  // The inbox: a clinic's people and keys read, mark and answer their clinic's texts.
  {
    method: 'GET',
    route: '/api/inbox',
    policy: { kind: 'any-caller', ok: 200 },
    request: () => ({ url: '/api/inbox' }),
    check(caller, json) {
      const ids = (json as { texts: { id: string }[] }).texts.map((t) => t.id);
      expect({ a: ids.includes(TEXTS.a), b: ids.includes(TEXTS.b), none: ids.includes(TEXTS.none) }).toEqual({ ...visibleTo(caller), none: standing[caller].admin });
    },
  },
  { method: 'GET', route: '/api/enrollments/:workflowId/texts', policy: { kind: 'clinic-a', ok: 200 }, request: () => ({ url: `/api/enrollments/${WF_A}/texts` }) },
  // A client's course, and the next session's prefilled enrolment (A's run has no booking: 409 for A's callers).
  {
    method: 'GET',
    route: '/api/clinics/:clinicId/clients/:clientRef/course',
    policy: { kind: 'clinic-a', ok: 200 },
    request: () => ({ url: `/api/clinics/${A.id}/clients/${WF_A.slice(WF_A.indexOf('~') + 1).replace(/-s\d+$/, '')}/course` }),
  },
  // The clinic's numbers (issue 17): owners, staff, keys and administrators read them.
  { method: 'GET', route: '/api/clinics/:clinicId/numbers', policy: { kind: 'clinic-a', ok: 200 }, request: () => ({ url: `/api/clinics/${A.id}/numbers?days=90` }) },
  { method: 'GET', route: '/api/clinics/:clinicId/numbers.csv', policy: { kind: 'clinic-a', ok: 200 }, request: () => ({ url: `/api/clinics/${A.id}/numbers.csv` }) },
  { method: 'GET', route: '/api/enrollments/:workflowId/next-enrollment', policy: { kind: 'clinic-a', ok: 409 }, request: () => ({ url: `/api/enrollments/${WF_A}/next-enrollment` }) },
  { method: 'POST', route: '/api/inbox/:id/read', policy: { kind: 'clinic-a', ok: 204 }, request: () => ({ url: `/api/inbox/${TEXTS.a}/read` }) },
  {
    method: 'POST',
    route: '/api/inbox/:id/reply',
    policy: { kind: 'clinic-a', ok: 201 },
    request: (caller) => ({ url: `/api/inbox/${TEXTS.a}/reply`, body: { text: `Thanks, answered by ${caller}` } }),
    check(_caller, json) {
      expect(json).toMatchObject({ direction: 'out', clinicId: A.id, workflowId: WF_A, status: 'sent' });
    },
  },
  // Photos: a clinic's people and keys see and review their clinic's clients' photos.
  { method: 'GET', route: '/api/enrollments/:workflowId/photos', policy: { kind: 'clinic-a', ok: 200 }, request: () => ({ url: `/api/enrollments/${WF_A}/photos` }) },
  { method: 'GET', route: '/api/photos/:id', policy: { kind: 'clinic-a', ok: 200 }, request: () => ({ url: `/api/photos/${PHOTO_A}` }) },
  { method: 'POST', route: '/api/photos/:id/review', policy: { kind: 'clinic-a', ok: 200 }, request: () => ({ url: `/api/photos/${PHOTO_A}/review`, body: { outcome: 'looks-fine' } }) },
];

it('has a row for every route the app serves, and none for a route it does not', () => {
  const served = routesOf(stack.app).map((r) => `${r.method} ${r.url}`);
  const rows = ROWS.map((r) => `${r.method} ${r.route}`);
  expect([...rows].sort()).toEqual([...served].sort());
});

describe.each(CALLERS)('asked by %s', (caller) => {
  it('every route answers as the contract says', async () => {
    const answers: string[] = [];
    const expected: string[] = [];
    for (const row of ROWS) {
      const { url, body, headers } = await row.request(caller);
      const res = await send(caller, row.method, url, body, headers);
      const want = expectedStatus(row.policy, caller);
      answers.push(`${row.method} ${row.route} -> ${res.status}${res.status === want ? '' : ` ${JSON.stringify(res.json).slice(0, 200)}`}`);
      expected.push(`${row.method} ${row.route} -> ${want}`);
      if (res.status === want && res.status < 300) row.check?.(caller, res.json);
    }
    // All rows at once, so one run shows every route that answers wrongly.
    expect(answers).toEqual(expected);
  });
});

describe("clinic B's callers and clinic A's clients", () => {
  const missing = (id: string) => id.replace(/-s1$/, '-s9');

  it.each(['key-b', 'staff-b', 'owner-b'] as const)("%s gets for A's workflow exactly the 404 a missing workflow gets, and A's clinic is unknown to it", async (caller) => {
    const theirs = await send(caller, 'GET', `/api/enrollments/${WF_A}`);
    const none = await send(caller, 'GET', `/api/enrollments/${missing(WF_B)}`);
    expect(theirs.status).toBe(404);
    const withoutId = (json: unknown) => {
      const { requestId: _r, workflowId: _w, message, ...rest } = json as Record<string, unknown>;
      return { ...rest, message: String(message).replace(/aftercare-\S+?(?=\.|$)/, '<id>') };
    };
    expect(withoutId(theirs.json)).toEqual(withoutId(none.json));
    const listed = await send(caller, 'GET', `/api/enrollments?clinicId=${A.id}`);
    expect(listed.status).toBe(404);
    expect(listed.json).toMatchObject({ error: 'not_found', issues: [{ path: 'clinicId' }] });
    const unknownClinic = await send(caller, 'GET', '/api/clinics/no-such-clinic');
    expect(withoutId((await send(caller, 'GET', `/api/clinics/${A.id}`)).json)).toEqual({
      ...withoutId(unknownClinic.json),
      message: expect.any(String),
      issues: [{ path: 'clinicId', message: `unknown clinic "${A.id}"` }],
    });
  });

  it("B's key cannot change A's run, and the run is untouched", async () => {
    const before = (await send('admin-key', 'GET', `/api/enrollments/${WF_A}`)).json as AftercareStatus;
    for (const path of ['pause', 'cancel']) expect((await send('key-b', 'POST', `/api/enrollments/${WF_A}/${path}`, {})).status).toBe(404);
    const after = (await send('admin-key', 'GET', `/api/enrollments/${WF_A}`)).json as AftercareStatus;
    expect(after.phase).toBe(before.phase);
    expect(after.paused).toBeFalsy();
  });
});

describe('the audit log of the changes', () => {
  it('records who changed what for each workflow and clinic, with no contact details', async () => {
    const entries = await stack.access.audit.list({ limit: 1000 });
    const of = (actor: string, action: string, workflowId?: string) =>
      entries.filter((e) => e.actor === actor && e.action === action && (workflowId === undefined || e.workflowId === workflowId));
    for (const action of ['booking.recorded', 'enrollment.paused', 'enrollment.resumed', 'step.resent', 'contact.changed', 'consent.recorded']) {
      expect(of('admin-key', action, WF_A)).toEqual([expect.objectContaining({ clinicId: A.id, via: 'api', from: '127.0.0.1' })]);
    }
    expect(of('admin-key', 'contact.changed', WF_A)[0]!.detail).toEqual({ fields: ['email'] });
    expect(of('admin-key', 'enrollment.created', WF_B)).toEqual([expect.objectContaining({ clinicId: B.id })]);
    expect(of('admin-key', 'enrollment.cancelled').length).toBeGreaterThan(0);
    expect(of('admin-key', 'clinic.added')).toEqual([expect.objectContaining({ clinicId: 'added-by-admin-key' })]);
    expect(of('admin-key', 'clinic.changed')).toEqual([expect.objectContaining({ clinicId: A.id, detail: { fields: ['reviewUrl'] } })]);
    // A person's and a key's changes name them by id, and how they came.
    expect(of(`person:${personIdOf['owner-a']}`, 'enrollment.paused', WF_A)).toEqual([expect.objectContaining({ clinicId: A.id, via: 'page' })]);
    expect(entries.filter((e) => e.actor.startsWith('key:') && e.action === 'step.resent' && e.workflowId === WF_A)).toEqual([expect.objectContaining({ via: 'api' })]);
    // B's people and keys were refused everything of A's: none of A's entries is theirs.
    const bActors = [personIdOf['owner-b'], personIdOf['staff-b']].map((id) => `person:${id}`);
    expect(entries.filter((e) => e.clinicId === A.id && bActors.includes(e.actor))).toEqual([]);
    // Refused requests changed nothing and left no entry.
    expect(entries.filter((e) => e.workflowId === WF_A && e.action === 'enrollment.cancelled')).toEqual([]);
    const text = JSON.stringify(entries);
    for (const secret of ['+12125554477', 'jordan', 'Jordan', '@example.com', 'Person ']) expect(text).not.toContain(secret);
  });
});
