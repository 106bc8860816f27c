/**
 * The clinics' inbox end to end (issue 15): signed Twilio webhooks posted over real HTTP to the
 * API, a real Temporal dev server and worker (the harness: Twilio stand-in, SMTP sink), and the
 * application database on a real PostgreSQL server (dev/postgres-server.ts), read back with SQL to
 * see that nothing personal is kept in clear.
 *
 * Triage is the classifier's job (domain/triage, tested on its corpus); here it is replaced by one
 * that calls a text with "pus" or "bleeding" urgent, so these tests say what the inbox does with
 * each class whatever the classifier's words are.
 */
import { startSearchAttributes } from '../../app/enrollment-service';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { randomBytes, createHash } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import twilio from 'twilio';
import { buildApp, type ApiConfig } from '../../api/server';
import { phoneHash } from '../../app/phone-hash';
import { workflowIdFor } from '../../domain/identifiers';
import { CLINIC, inputAt, startHarness, type Harness } from '../../dev/aftercare-harness';
import { addClinics, clinicRecord } from '../../dev/clinics';
import { createFreshDatabase, startPostgresServer, type PostgresServer } from '../../dev/postgres-server';
import { createLocalEnv } from '../../dev/temporal-env';
import { describeAnswer } from '../../examples/send-inbound-sms';
import { openAccessStores } from '../../platform/database/access-stores';
import { SqlClinicStore } from '../../platform/database/clinic-store';
import { openDatabase } from '../../platform/database/connection';
import { migrateToLatest } from '../../platform/database/migrate';
import type { Database } from '../../platform/database/schema';
import { createLogger } from '../../platform/logger';
import type { AccessStores } from '../../platform/people';
import { createSealer } from '../../platform/sealed';
import { pauseSignal, type AftercareInput } from '../../workflows/contract';
import { eventually, middayZone } from '../support/eventually';

jest.mock('../../domain/triage/classify', () => ({
  classifyReply: (text: string) => {
    const matched = ['pus', 'bleeding'].filter((w) => text.toLowerCase().includes(w));
    return matched.length > 0 ? { class: 'urgent', matched } : { class: 'question', matched: [] };
  },
}));

jest.setTimeout(300_000);

const PUBLIC_BASE_URL = 'https://aftercare.example.com';
const AUTH_TOKEN = 'twilio-auth-token-for-inbox-tests';
const ADMIN_KEY = 'inbox-tests-admin-key-0123456789';
const PLATFORM_FROM = '+12125550100';
const CONFIG: ApiConfig = {
  API_KEY: ADMIN_KEY,
  PUBLIC_BASE_URL,
  TWILIO_AUTH_TOKEN: AUTH_TOKEN,
  TWILIO_WEBHOOK_AUTH_TOKEN: undefined,
  PHONE_HASH_KEY: 'phone-hash-key-for-inbox-tests',
  API_RATE_LIMIT_PER_MINUTE: 10_000,
  API_AUTH_FAILURES_PER_MINUTE: 1000,
  TWILIO_FROM: PLATFORM_FROM,
};

// Two clinics with numbers of their own, two sharing the platform's.
const withSender = (id: string, name: string, phone: string, from?: string) =>
  clinicRecord({ ...CLINIC, id, name, phone, email: `desk@${id}.example.com` }, { sms: { ratePerSecond: 1000, ...(from ? { from } : {}) } });
const NORTH = withSender('northside', CLINIC.name, '+12125550147', '+12125550148');
const SOUTH = withSender('southbank', 'Southbank Hair Clinic', '+12125550160', '+12125550161');
const LAKE = withSender('lakeside', 'Lakeside Scalp Care', '+12125550142');
const BAY = withSender('bayview', 'Bayview Studio', '+12125550143');

let pg: PostgresServer;
let db: Kysely<Database>;
let dataDir: string;
let env: TestWorkflowEnvironment;
let h: Harness;
let app: FastifyInstance;
let baseUrl: string;
let access: AccessStores;
const keyOf = {} as Record<'admin' | 'north' | 'south', Record<string, string>>;
let northKeyId: string;
let clinics: SqlClinicStore;

const sha256hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

async function clinicKey(clinicId: string): Promise<{ id: string; headers: Record<string, string> }> {
  const id = randomBytes(6).toString('hex');
  const key = `ak_${id}_${randomBytes(32).toString('base64url')}`;
  await access.keys.create({ id, clinicId, name: `systems of ${clinicId}`, keyDigest: sha256hex(key), createdBy: 'inbox-test' });
  return { id, headers: { authorization: `Bearer ${key}` } };
}

beforeAll(async () => {
  pg = await startPostgresServer();
  dataDir = mkdtempSync(path.join(tmpdir(), 'aftercare-inbox-'));
  ({ db } = await openDatabase({ DATABASE_URL: await createFreshDatabase(pg, 'aftercare_inbox'), DATA_DIR: dataDir }));
  await migrateToLatest(db);
  clinics = new SqlClinicStore(db);
  await addClinics(clinics, [NORTH, SOUTH, LAKE, BAY]);
  access = openAccessStores(db, createSealer({ currentKeyId: 'k1', keys: new Map([['k1', randomBytes(32)]]) }, 'digest-key-for-inbox-tests'));
  env = await createLocalEnv();
  h = await startHarness(env, { directory: clinics });
  app = await buildApp({
    temporalClient: env.client,
    clinics,
    access,
    config: { ...CONFIG, SMTP_URL: h.smtp.url, EMAIL_FROM: 'Aftercare <aftercare@example.com>' },
    logger: createLogger({ write: () => undefined }),
    sms: h.senders,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  keyOf.admin = { authorization: `Bearer ${ADMIN_KEY}` };
  const north = await clinicKey(NORTH.id);
  northKeyId = north.id;
  keyOf.north = north.headers;
  keyOf.south = (await clinicKey(SOUTH.id)).headers;
});

afterAll(async () => {
  await app?.close();
  await h?.stop();
  await env?.teardown();
  await db?.destroy();
  await pg?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

let phoneCounter = 0;
const newPhone = () => `+1646555${String(2000 + ++phoneCounter).slice(-4)}`;
let sidCounter = 0;
const newSid = () => `SM${(Date.now().toString(16) + String(++sidCounter).padStart(6, '0')).padStart(32, '0')}`;

/** Starts a plan as enrolment does (search attributes and all), on the harness's queue. */
async function startClient(phone: string, clinic = NORTH): Promise<string> {
  const clientRef = `IN${Date.now().toString(36)}${phoneCounter}`;
  const base = inputAt(Date.now(), { clientRef, clinic: { ...CLINIC, id: clinic.id, name: clinic.name, phone: clinic.phone, email: clinic.email } });
  const input: AftercareInput = { ...base, client: { ...base.client, phone, timezone: middayZone() }, phoneHash: phoneHash(phone, CONFIG.PHONE_HASH_KEY!) };
  const workflowId = workflowIdFor(clinic.id, clientRef, 1);
  await env.client.workflow.start('aftercareWorkflow', {
    taskQueue: h.taskQueue,
    workflowId,
    args: [input],
    typedSearchAttributes: startSearchAttributes(input),
  });
  await untilRunning(phone, 1);
  return workflowId;
}

/** Visibility is eventually consistent: wait until the phone has `count` running plans. */
async function untilRunning(phone: string, count: number): Promise<void> {
  const query = `WorkflowType = 'aftercareWorkflow' AND ExecutionStatus = 'Running' AND PhoneHash = '${phoneHash(phone, CONFIG.PHONE_HASH_KEY!)}'`;
  await eventually(
    async () => {
      let found = 0;
      for await (const wf of env.client.workflow.list({ query })) if (wf) found++;
      return found;
    },
    (found) => found === count,
  );
}

/** Posts a client's text as Twilio would, signed. */
async function textIn(from: string, to: string, body: string, opts: { sid?: string; token?: string } = {}): Promise<{ status: number; body: string; sid: string }> {
  const params = { AccountSid: `AC${'1'.repeat(32)}`, From: from, To: to, Body: body, MessageSid: opts.sid ?? newSid(), NumMedia: '0' };
  const res = await fetch(`${baseUrl}/webhooks/twilio/inbound`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_BASE_URL}/webhooks/twilio/inbound`, params),
      ...(opts.token ? { 'i-twilio-idempotency-token': opts.token } : {}),
    },
    body: new URLSearchParams(params).toString(),
  });
  return { status: res.status, body: await res.text(), sid: params.MessageSid };
}

async function api(who: keyof typeof keyOf, method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
  const res = await fetch(`${baseUrl}${url}`, {
    method,
    headers: { ...keyOf[who], ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

interface Text {
  id: string;
  direction: 'in' | 'out';
  clinicId: string | null;
  workflowId: string | null;
  text: string;
  triage: { class: string; matched: string[] } | null;
  keyword: string | null;
  readAt: string | null;
  status?: string;
  sentBy?: { id: string; name: string };
}

const inbox = async (who: keyof typeof keyOf, query = ''): Promise<{ texts: Text[]; unread: { total: number; urgent: number } }> => {
  const res = await api(who, 'GET', `/api/inbox${query}`);
  expect(res.status).toBe(200);
  return res.json;
};
const textOf = async (sid: string) => (await sql<{ id: string }>`select id from inbound_texts where message_sid = ${sid}`.execute(db)).rows[0]?.id;
const rowsOf = async (ids: string[]) => (await sql`select * from inbound_texts where id in (${sql.join(ids)})`.execute(db)).rows;

/** The clientReply signals a run got, as sent. */
async function repliesOf(workflowId: string): Promise<any[]> {
  const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? [])
    .filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'clientReply')
    .map((e) => JSON.parse(Buffer.from(e.workflowExecutionSignaledEventAttributes!.input!.payloads![0]!.data!).toString('utf8')));
}

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';
const urgentMails = (clinic: { email: string }) => h.smtp.messages.filter((m, i) => /^URGENT/.test(m.subject ?? '') && h.smtp.envelopes[i]!.to.includes(clinic.email));

describe('a client text reaching a running plan', () => {
  it('an urgent text is kept sealed (neither the words nor the number in clear), the run gets its triage, and the inbox lists it as urgent and unread', async () => {
    const phone = newPhone();
    const workflowId = await startClient(phone);
    const words = 'My scalp is hot and there is yellow pus';
    const res = await textIn(phone, NORTH.sms.from!, words);
    // The run answers an urgent text itself: nothing from the webhook.
    expect(res).toMatchObject({ status: 200, body: EMPTY_TWIML });

    const replies = await eventually(() => repliesOf(workflowId), (r) => r.length === 1);
    expect(replies[0]).toEqual({ kind: 'message', text: words, messageSid: res.sid, triage: { class: 'urgent', matched: ['pus'] } });

    const id = (await textOf(res.sid))!;
    const stored = JSON.stringify(await rowsOf([id]));
    for (const clear of ['yellow', 'pus', 'scalp', phone, phone.slice(2), phone.slice(-7)]) expect(stored).not.toContain(clear);
    expect(stored).toContain('"triage_class":"urgent"');

    const north = await inbox('north');
    expect(north.texts.find((t) => t.id === id)).toMatchObject({ direction: 'in', clinicId: NORTH.id, workflowId, text: words, triage: { class: 'urgent', matched: ['pus'] }, keyword: null, readAt: null });
    expect(north.unread.urgent).toBeGreaterThanOrEqual(1);
    expect((await inbox('north', '?class=urgent&unread=true')).texts.map((t) => t.id)).toContain(id);
    expect((await inbox('north', '?class=question')).texts.map((t) => t.id)).not.toContain(id);
    expect((await inbox('south')).texts.map((t) => t.id)).not.toContain(id);
    // The timeline of the plan shows it too.
    const timeline = await api('north', 'GET', `/api/enrollments/${workflowId}/texts`);
    expect(timeline.json.texts.map((t: Text) => t.id)).toEqual([id]);
  });

  it('a question is acknowledged in TwiML and passed on as a question; a retried delivery stores and signals nothing more', async () => {
    const phone = newPhone();
    const workflowId = await startClient(phone);
    const sid = newSid();
    const first = await textIn(phone, NORTH.sms.from!, 'Can I wear a cap tomorrow?', { sid, token: `q-${sid}` });
    expect(first.body).toMatch(new RegExp(`<Message>Thanks, ${NORTH.name} has your message.*</Message>`));
    const again = await textIn(phone, NORTH.sms.from!, 'Can I wear a cap tomorrow?', { sid, token: `q-again-${sid}` });
    expect(again.body).toBe(first.body);
    await eventually(() => repliesOf(workflowId), (r) => r.length === 1);
    expect((await repliesOf(workflowId))[0].triage).toEqual({ class: 'question', matched: [] });
    expect((await sql<{ n: string }>`select count(*) as n from inbound_texts where message_sid = ${sid}`.execute(db)).rows[0]!.n).toBe('1');
    // What `npm run send-inbound-sms` prints of that answer: the words the client gets.
    expect(describeAnswer({ status: 200, contentType: 'text/xml; charset=utf-8', body: first.body })).toContain(`Texted back to the client:\n  Thanks, ${NORTH.name} has your message`);
    expect(describeAnswer({ status: 200, contentType: 'text/xml', body: EMPTY_TWIML })).toContain('Texted back to the client: nothing (empty TwiML).');
  });

  it('a paused plan still gets the text, kept and listed', async () => {
    const phone = newPhone();
    const workflowId = await startClient(phone);
    await env.client.workflow.getHandle(workflowId).signal(pauseSignal, { reason: 'client on holiday' });
    const res = await textIn(phone, NORTH.sms.from!, 'Back next week, is that ok?');
    expect(res.body).toContain('<Message>Thanks');
    await eventually(() => repliesOf(workflowId), (r) => r.length === 1);
    const id = await textOf(res.sid);
    expect((await inbox('north')).texts.find((t) => t.id === id)).toMatchObject({ workflowId, clinicId: NORTH.id, triage: { class: 'question' } });
  });

  it('BOOK is acknowledged and kept as a keyword with no triage; STOP is kept too', async () => {
    const phone = newPhone();
    const workflowId = await startClient(phone);
    const book = await textIn(phone, NORTH.sms.from!, 'Book');
    expect(book.body).toContain(`<Message>Thanks! We've told ${NORTH.name} you'd like to book`);
    const stop = await textIn(phone, NORTH.sms.from!, 'STOP');
    expect(stop.body).toBe(EMPTY_TWIML);
    const texts = (await api('north', 'GET', `/api/enrollments/${workflowId}/texts`)).json.texts as Text[];
    expect(texts.map((t) => [t.text, t.keyword, t.triage])).toEqual([
      ['Book', 'book', null],
      ['STOP', 'stop', null],
    ]);
  });
});

describe('a text no running plan takes', () => {
  it('after the plan ended: kept with that plan for its timeline; an urgent one gets the urgent answer by TwiML and the clinic one alert email, even when replayed', async () => {
    const phone = newPhone();
    const workflowId = await startClient(phone);
    await env.client.workflow.getHandle(workflowId).terminate('plan over');
    await untilRunning(phone, 0);

    const thanks = await textIn(phone, NORTH.sms.from!, 'All healed, thank you!');
    expect(thanks.body).toContain(`<Message>Thanks, ${NORTH.name} has your message`);
    const before = urgentMails(NORTH).length;
    const onCallTexts = () => h.twilio.messages.filter((m) => m.to === NORTH.phone && /URGENT/.test(m.body));
    const textsBefore = onCallTexts().length;
    const sid = newSid();
    const urgent = await textIn(phone, NORTH.sms.from!, 'Some bleeding again since this morning', { sid, token: `u-${sid}` });
    // The urgent answer, with the clinic's number to call.
    expect(urgent.body).toMatch(/<Message>.*medical care now.*<\/Message>/);
    expect(urgent.body).toContain('212');
    const mails = await eventually(async () => urgentMails(NORTH), (m) => m.length === before + 1);
    expect(mails.at(-1)!.text).toContain('Some bleeding again since this morning');
    // The same message again (Twilio's retry, a replay): the same answer, no second email.
    expect((await textIn(phone, NORTH.sms.from!, 'Some bleeding again since this morning', { sid, token: `u-again-${sid}` })).body).toBe(urgent.body);
    await new Promise((r) => setTimeout(r, 1000));
    expect(urgentMails(NORTH)).toHaveLength(before + 1);
    // And the clinic's phone (it has no on-call number) one alert text, naming only the client's reference.
    expect(onCallTexts()).toHaveLength(textsBefore + 1);
    expect(onCallTexts().at(-1)!.body).toContain(workflowId.split('~')[1]!.replace(/-s1$/, ''));
    expect(onCallTexts().at(-1)!.body).not.toContain('bleeding');

    expect(await repliesOf(workflowId)).toEqual([]);
    const texts = (await api('north', 'GET', `/api/enrollments/${workflowId}/texts`)).json.texts as Text[];
    expect(texts.map((t) => [t.text, t.triage?.class])).toEqual([
      ['All healed, thank you!', 'question'],
      ['Some bleeding again since this morning', 'urgent'],
    ]);
  });

  it("from a number no plan knows: kept for the clinic whose number it went to; to a number clinics share, for administrators only", async () => {
    const stranger = newPhone();
    const own = await textIn(stranger, SOUTH.sms.from!, 'Hi, do you do scalp touch-ups?');
    expect(own.body).toContain(`<Message>Thanks, ${SOUTH.name} has your message`);
    const ownId = await textOf(own.sid);
    expect((await inbox('south')).texts.find((t) => t.id === ownId)).toMatchObject({ clinicId: SOUTH.id, workflowId: null });
    expect((await inbox('north')).texts.map((t) => t.id)).not.toContain(ownId);

    const shared = await textIn(stranger, PLATFORM_FROM, 'Who is this?');
    expect(shared.body).toContain('<Message>Thanks, your clinic has your message');
    const sharedId = await textOf(shared.sid);
    const admin = await inbox('admin');
    expect(admin.texts.find((t) => t.id === sharedId)).toMatchObject({ clinicId: null, workflowId: null, text: 'Who is this?' });
    expect(admin.texts.map((t) => t.id)).toContain(ownId);
    for (const who of ['north', 'south'] as const) expect((await inbox(who)).texts.map((t) => t.id)).not.toContain(sharedId);
    // Nobody of a clinic reads or answers it.
    expect((await api('south', 'POST', `/api/inbox/${sharedId}/read`)).status).toBe(404);
  });
});

describe('reading and answering', () => {
  it('unread counts drop as texts are read; reading one marks the same number\'s earlier texts at that clinic read too', async () => {
    const phone = newPhone();
    await startClient(phone, SOUTH);
    const a = await textIn(phone, SOUTH.sms.from!, 'First question');
    const b = await textIn(phone, SOUTH.sms.from!, 'There is some bleeding');
    const other = await textIn(newPhone(), SOUTH.sms.from!, 'Someone else asking');
    const [idA, idB, idOther] = [await textOf(a.sid), await textOf(b.sid), await textOf(other.sid)];
    const before = (await inbox('south')).unread;
    expect((await api('south', 'POST', `/api/inbox/${idB}/read`)).status).toBe(204);
    const after = await inbox('south');
    expect(after.unread).toEqual({ total: before.total - 2, urgent: before.urgent - 1 });
    const byId = new Map(after.texts.map((t) => [t.id, t]));
    expect(byId.get(idA!)!.readAt).not.toBeNull();
    expect(byId.get(idB!)!.readAt).not.toBeNull();
    expect(byId.get(idOther!)!.readAt).toBeNull();
    expect((await inbox('south', '?unread=true')).texts.map((t) => t.id)).toEqual(expect.not.arrayContaining([idA, idB]));

    // Pages, newest first: `before` the last id of one page gives the next.
    const page1 = await inbox('south', '?limit=2');
    const page2 = await inbox('south', `?limit=2&before=${page1.texts.at(-1)!.id}`);
    expect(page1.texts.map((t) => t.id)).toEqual([idOther, idB]);
    expect(page2.texts[0]!.id).toBe(idA);
    for (const [query, field] of [['?limit=500', 'limit'], ['?class=spam', 'class'], ['?unread=maybe', 'unread'], ['?before=abc', 'before'], ['?colour=red', 'colour']] as const) {
      const res = await api('south', 'GET', `/api/inbox${query}`);
      expect([res.status, res.json.issues?.[0]?.path]).toEqual([400, field]);
    }
  });

  it("a reply goes from the clinic's number to the client exactly once, however often the request is retried, is kept sealed and audited without its words", async () => {
    const phone = newPhone();
    const workflowId = await startClient(phone);
    const question = await textIn(phone, NORTH.sms.from!, 'Is itching normal on day 3?');
    const id = (await textOf(question.sid))!;
    const words = 'Yes, mild itching is expected around day 3. Try not to scratch.';
    const sentTo = () => h.twilio.messages.filter((m) => m.to === phone && m.body === words);

    const first = await api('north', 'POST', `/api/inbox/${id}/reply`, { text: words });
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ direction: 'out', clinicId: NORTH.id, workflowId, text: words, status: 'sent', sentBy: { id: expect.stringMatching(/^key:/) } });
    const retry = await api('north', 'POST', `/api/inbox/${id}/reply`, { text: words });
    expect(retry.status).toBe(201);
    expect(retry.json.id).toBe(first.json.id);
    expect(sentTo()).toHaveLength(1);
    expect(sentTo()[0]!.from).toBe(NORTH.sms.from);

    const timeline = (await api('north', 'GET', `/api/enrollments/${workflowId}/texts`)).json.texts as Text[];
    expect(timeline.map((t) => [t.direction, t.text])).toEqual([
      ['in', 'Is itching normal on day 3?'],
      ['out', words],
    ]);
    const stored = JSON.stringify(await rowsOf([first.json.id]));
    for (const clear of ['itching', 'scratch', phone.slice(2)]) expect(stored).not.toContain(clear);

    const audit = await access.audit.list({ workflowId, limit: 10 });
    expect(audit).toEqual([expect.objectContaining({ action: 'text.replied', clinicId: NORTH.id, detail: { textId: first.json.id, inReplyTo: id, status: 'sent' } })]);
    expect(JSON.stringify(audit)).not.toContain('itching');

    expect((await api('north', 'POST', `/api/inbox/${id}/reply`, { text: '   ' })).json).toMatchObject({ error: 'invalid_request', issues: [{ path: 'text' }] });
    expect((await api('north', 'POST', `/api/inbox/${id}/reply`, { text: 'x'.repeat(1601) })).status).toBe(400);
  });

  it('a reply whose request died after the provider took it is taken over by a retry, which finds the text sent and does not text again', async () => {
    const phone = newPhone();
    const workflowId = await startClient(phone);
    const id = (await textOf((await textIn(phone, NORTH.sms.from!, 'Are you open on Saturday?')).sid))!;
    const words = 'Yes, from 9 to 1.';
    const requestKey = `saturday-${phone}`;
    // The first request, as it was when its process died: the row 'pending' two minutes ago, the text with the provider.
    const { record } = await access.inbox.beginReply({
      clinicId: NORTH.id,
      workflowId,
      clientRef: null,
      phone,
      text: words,
      sentBy: `key:${northKeyId}`,
      replyKey: `${id}:key:${sha256hex(`key:${northKeyId}\n${requestKey}`)}`,
      at: new Date(Date.now() - 120_000),
    });
    await h.senders.smsFor((await clinics.get(NORTH.id))!).send({ to: phone, body: words, idempotencyKey: `inbox-reply:${record.id}` });

    const retry = await api('north', 'POST', `/api/inbox/${id}/reply`, { text: words }, { 'idempotency-key': requestKey });
    expect(retry.status).toBe(201);
    expect(retry.json).toMatchObject({ id: record.id, status: 'sent', text: words });
    expect(h.twilio.messages.filter((m) => m.to === phone && m.body === words)).toHaveLength(1);
  });

  it("another clinic's text is not there: reading, answering and its plan's texts are 404, and nothing is sent", async () => {
    const phone = newPhone();
    const workflowId = await startClient(phone);
    const question = await textIn(phone, NORTH.sms.from!, 'A question for Northside');
    const id = (await textOf(question.sid))!;
    expect((await api('south', 'POST', `/api/inbox/${id}/read`)).status).toBe(404);
    expect((await api('south', 'POST', `/api/inbox/${id}/reply`, { text: 'Not ours to answer' })).status).toBe(404);
    expect((await api('south', 'POST', '/api/inbox/99999999/reply', { text: 'No such text' })).status).toBe(404);
    expect((await api('south', 'GET', `/api/enrollments/${workflowId}/texts`)).status).toBe(404);
    expect((await api('south', 'GET', `/api/inbox?clinicId=${NORTH.id}`)).status).toBe(404);
    // The run's own welcome may go meanwhile: what must not is either refused reply.
    expect(h.twilio.messages.filter((m) => ['Not ours to answer', 'No such text'].includes(m.body))).toEqual([]);
    expect((await inbox('north')).texts.find((t) => t.id === id)!.readAt).toBeNull();
  });
});
