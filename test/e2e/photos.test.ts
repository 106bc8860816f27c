/**
 * Photo check-ins end to end (issue 16): a clinic that asks for photos enrols a client over HTTP,
 * the client replies with an MMS (a signed Twilio webhook whose MediaUrl0 points at a file server
 * on loopback, as `npm run send-inbound-sms -- --media` does), the real worker's photo intake
 * fetches, checks and keeps the picture sealed, and staff list it, open it and review it through
 * the API. The database is read back with SQL, and the intake's Temporal history searched, to see
 * that neither the picture nor its address is kept in clear.
 */
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { tmpdir } from 'node:os';
import { sql } from 'kysely';
import { phoneHash } from '../../app/phone-hash';
import { CLINIC } from '../../dev/aftercare-harness';
import { clinicRecord } from '../../dev/clinics';
import { serveMediaFiles, type MediaFileServer } from '../../examples/media-file-server';
import { sendInboundSms } from '../../examples/send-inbound-sms';
import { PHOTO_MAX_BYTES } from '../../domain/photo-media';
import { createFreshDatabase, startPostgresServer } from '../../dev/postgres-server';
import { openDatabase } from '../../platform/database/connection';
import { migrateToLatest } from '../../platform/database/migrate';
import { SqlPhotoStore } from '../../platform/database/photo-store';
import { createLogger } from '../../platform/logger';
import { createSealer } from '../../platform/sealed';
import { TASK_QUEUE } from '../../workflows/contract';
import { photoIntakeWorkflowIdFor, type PhotoIntakeResult } from '../../workflows/photo-intake';
import { startApiStack, testApiConfig } from '../support/api-stack';
import { eventually, middayZone } from '../support/eventually';

jest.setTimeout(240_000);

const CONFIG = testApiConfig();
const NORTH = clinicRecord({ ...CLINIC, phone: '+12125550147' }, { photoCheckIns: true, sms: { ratePerSecond: 1000, from: '+12125550148' } });
const SOUTH = clinicRecord({ ...CLINIC, id: 'southbank', name: 'Southbank Hair Clinic', phone: '+12125550160', email: 'desk@southbank.example.com' }, { sms: { ratePerSecond: 1000, from: '+12125550161' } });
const JPEG = readFileSync(path.join(__dirname, '..', '..', 'examples', 'photo-check-in.jpg'));

let stack: Awaited<ReturnType<typeof startApiStack>>;
let files: MediaFileServer | undefined;
const keys: Record<'north' | 'south', Record<string, string>> = { north: {}, south: {} };

const sha256hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
async function clinicKey(clinicId: string): Promise<Record<string, string>> {
  const id = randomBytes(6).toString('hex');
  const key = `ak_${id}_${randomBytes(32).toString('base64url')}`;
  await stack.access.keys.create({ id, clinicId, name: `systems of ${clinicId}`, keyDigest: sha256hex(key), createdBy: 'photos-test' });
  return { authorization: `Bearer ${key}` };
}

beforeAll(async () => {
  stack = await startApiStack({ clinics: [NORTH, SOUTH], config: CONFIG, logger: createLogger({ write: () => undefined }), taskQueue: TASK_QUEUE });
  keys.north = await clinicKey(NORTH.id);
  keys.south = await clinicKey(SOUTH.id);
});

afterAll(async () => {
  await files?.close();
  await stack?.stop();
});

async function api(who: 'north' | 'south', method: string, url: string, body?: unknown): Promise<{ status: number; json: any; res: Response }> {
  const res = await fetch(`${stack.baseUrl}${url}`, {
    method,
    headers: { ...keys[who], ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const type = res.headers.get('content-type') ?? '';
  const json = type.includes('json') ? await res.json() : undefined;
  return { status: res.status, json, res };
}

let counter = 0;
const newPhone = () => `+1646555${String(3000 + ++counter).slice(-4)}`;
const newSid = () => `MM${randomBytes(16).toString('hex')}`;

/** Enrols a client at `clinic` over HTTP and waits until the webhook can find them by phone. */
async function enrol(clinic: typeof NORTH, who: 'north' | 'south'): Promise<{ workflowId: string; phone: string; plan: { step: string }[] }> {
  const phone = newPhone();
  const res = await api(who, 'POST', '/api/enrollments', {
    clinicId: clinic.id,
    clientRef: `PH${Date.now().toString(36)}${counter}`,
    client: { firstName: 'Jordan', phone, timezone: middayZone(), consent: { sms: true, email: false } },
    session: { number: 1, performedAt: new Date().toISOString(), plannedSessions: 3 },
  });
  expect(res.status).toBe(201);
  const query = `WorkflowType = 'aftercareWorkflow' AND ExecutionStatus = 'Running' AND PhoneHash = '${phoneHash(phone, CONFIG.PHONE_HASH_KEY!)}'`;
  await eventually(
    async () => {
      let found = 0;
      for await (const wf of stack.env.client.workflow.list({ query })) if (wf) found++;
      return found;
    },
    (found) => found === 1,
  );
  return { workflowId: res.json.workflowId, phone, plan: res.json.plan };
}

/** An MMS from `phone` to the clinic's number, signed as Twilio signs it. */
async function mms(phone: string, to: string, media: { url: string; contentType: string }[], sid = newSid()) {
  const env = { TWILIO_AUTH_TOKEN: CONFIG.TWILIO_AUTH_TOKEN, PUBLIC_BASE_URL: CONFIG.PUBLIC_BASE_URL };
  const answer = await sendInboundSms({ from: phone, to, body: 'here is day 7', sid, media, target: stack.baseUrl }, env);
  expect(answer.status).toBe(200);
  return sid;
}

const intakeResult = (sid: string) => stack.env.client.workflow.getHandle(photoIntakeWorkflowIdFor(sid)).result() as Promise<PhotoIntakeResult>;

describe('photo check-ins', () => {
  it('plans the day 7 and day 14 photo asks only at a clinic that asks for photos', async () => {
    const north = await enrol(NORTH, 'north');
    expect(north.plan.map((s) => s.step)).toEqual(expect.arrayContaining(['photo-day-7', 'photo-day-14']));
    const south = await enrol(SOUTH, 'south');
    expect(south.plan.map((s) => s.step)).not.toContain('photo-day-7');
    expect(south.plan.map((s) => s.step)).not.toContain('photo-day-14');
  });

  it('an MMS photo is fetched, kept sealed, listed and served to its clinic, reviewed and audited; never to another clinic', async () => {
    const { workflowId, phone } = await enrol(NORTH, 'north');
    files = await serveMediaFiles([{ bytes: JPEG, contentType: 'image/jpeg' }]);
    const mediaUrl = files.files[0]!.url;
    const sid = await mms(phone, NORTH.sms.from!, files.files);
    await files.fetched(60_000);
    // A retried delivery of the same message starts nothing new and keeps nothing twice.
    await mms(phone, NORTH.sms.from!, files.files, sid);
    expect(await intakeResult(sid)).toEqual({ stored: [expect.any(String)], refused: [] });

    const listed = await eventually(() => api('north', 'GET', `/api/enrollments/${workflowId}/photos`), (r) => r.json?.photos?.length === 1);
    expect(listed.status).toBe(200);
    const [photo] = listed.json.photos;
    expect(photo).toEqual({ id: expect.any(String), at: expect.any(String), contentType: 'image/jpeg', size: JPEG.length, review: { state: 'to-review' } });

    const image = await api('north', 'GET', `/api/photos/${photo.id}`);
    expect(image.status).toBe(200);
    expect(image.res.headers.get('content-type')).toBe('image/jpeg');
    expect(image.res.headers.get('cache-control')).toBe('private, no-store');
    expect(Buffer.from(await image.res.arrayBuffer()).equals(JPEG)).toBe(true);

    // At rest: neither the picture nor its address in clear.
    const row = await sql<{ data_sealed: Uint8Array; url_sealed: string; clinic_id: string; workflow_id: string }>`select data_sealed, url_sealed, clinic_id, workflow_id from photos where message_sid = ${sid}`.execute(stack.db);
    expect(row.rows).toHaveLength(1);
    const sealed = Buffer.from(row.rows[0]!.data_sealed);
    expect(sealed.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(false);
    expect(sealed.includes(JPEG.subarray(0, 64))).toBe(false);
    expect(row.rows[0]!.url_sealed).not.toContain('127.0.0.1');
    expect(row.rows[0]).toMatchObject({ clinic_id: NORTH.id, workflow_id: workflowId });
    // In Temporal: ids and counts only.
    const intakeHistory = await stack.env.client.workflow.getHandle(photoIntakeWorkflowIdFor(sid)).fetchHistory();
    // Kept for the replay test (test/workflow/replay.test.ts) with RECORD_HISTORIES=1.
    if (process.env.RECORD_HISTORIES) writeFileSync(path.join(__dirname, '..', 'workflow', 'histories', 'photo-intake.json'), historyToJSON(intakeHistory));
    const history = JSON.stringify(intakeHistory);
    expect(history).not.toContain(new URL(mediaUrl).pathname);
    expect(history).not.toContain(JPEG.subarray(0, 48).toString('base64'));

    // Another clinic: not there, whichever way it asks.
    expect((await api('south', 'GET', `/api/enrollments/${workflowId}/photos`)).status).toBe(404);
    expect((await api('south', 'GET', `/api/photos/${photo.id}`)).status).toBe(404);
    expect((await api('south', 'POST', `/api/photos/${photo.id}/review`, { outcome: 'looks-fine' })).status).toBe(404);
    expect((await api('north', 'GET', '/api/photos/999999999')).status).toBe(404);

    // Bad input: 400 naming the field, nothing recorded.
    const bad = await api('north', 'POST', `/api/photos/${photo.id}/review`, { outcome: 'maybe' });
    expect(bad.status).toBe(400);
    expect(bad.json.issues.map((i: { path: string }) => i.path)).toEqual(['outcome']);
    const long = await api('north', 'POST', `/api/photos/${photo.id}/review`, { outcome: 'looks-fine', note: 'x'.repeat(1001) });
    expect(long.status).toBe(400);
    expect(long.json.issues.map((i: { path: string }) => i.path)).toEqual(['note']);
    expect((await api('north', 'GET', `/api/enrollments/${workflowId}/photos`)).json.photos[0].review).toEqual({ state: 'to-review' });

    const NOTE = 'scabs look a little angry near the crown';
    const reviewed = await api('north', 'POST', `/api/photos/${photo.id}/review`, { outcome: 'call-client', note: NOTE });
    expect(reviewed.status).toBe(200);
    expect(reviewed.json.review).toEqual({ state: 'call-client', at: expect.any(String), by: expect.stringMatching(/^key:/), note: NOTE });
    expect((await api('north', 'GET', `/api/enrollments/${workflowId}/photos`)).json.photos[0].review.state).toBe('call-client');
    const noteRow = await sql<{ review_note_sealed: string }>`select review_note_sealed from photos where message_sid = ${sid}`.execute(stack.db);
    expect(noteRow.rows[0]!.review_note_sealed).not.toContain('crown');

    const entries = await stack.access.audit.list({ clinicId: NORTH.id, workflowId, limit: 20 });
    const entry = entries.find((e) => e.action === 'photo.reviewed');
    expect(entry).toMatchObject({ clinicId: NORTH.id, workflowId, detail: { photoId: photo.id, outcome: 'call-client' } });
    expect(JSON.stringify(entry)).not.toContain('crown');
  });

  it('refuses a picture too large, a file that is not a picture, a lying Content-Type and a missing one; keeps none of them', async () => {
    const { workflowId, phone } = await enrol(NORTH, 'north');
    const big = Buffer.alloc(PHOTO_MAX_BYTES + 1024, 0);
    JPEG.copy(big, 0, 0, 64);
    const server = await serveMediaFiles([
      { bytes: big, contentType: 'image/jpeg' },
      { bytes: Buffer.from('<html>not a picture</html>'), contentType: 'text/html' },
      { bytes: Buffer.from('GIF-looking text, not a picture at all'), contentType: 'image/jpeg' },
    ]);
    try {
      const gone = { url: `${new URL(server.files[0]!.url).origin}/media/nothing-here`, contentType: 'image/jpeg' };
      const sid = await mms(phone, NORTH.sms.from!, [...server.files, gone]);
      const result = await intakeResult(sid);
      expect(result.stored).toEqual([]);
      expect([...result.refused].sort((a, b) => a.index - b.index)).toEqual([
        { index: 0, type: 'PhotoTooLarge' },
        { index: 1, type: 'PhotoWrongType' },
        { index: 2, type: 'PhotoWrongType' },
        { index: 3, type: 'PhotoNotFound' },
      ]);
      const rows = await sql<{ state: string; data_sealed: unknown }>`select state, data_sealed from photos where message_sid = ${sid} order by media_index`.execute(stack.db);
      expect(rows.rows.map((r) => [r.state, r.data_sealed])).toEqual([
        ['refused', null],
        ['refused', null],
        ['refused', null],
        ['refused', null],
      ]);
      expect((await api('north', 'GET', `/api/enrollments/${workflowId}/photos`)).json.photos).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe('the photo store on a real PostgreSQL server', () => {
  it('keeps a picture sealed in bytea and gives it back whole; a retried webhook adds nothing', async () => {
    const pg = await startPostgresServer();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'aftercare-photos-'));
    const { db } = await openDatabase({ DATABASE_URL: await createFreshDatabase(pg, 'aftercare_photos'), DATA_DIR: dataDir });
    try {
      await migrateToLatest(db);
      const store = new SqlPhotoStore(db, createSealer({ currentKeyId: 'k1', keys: new Map([['k1', randomBytes(32)]]) }, 'digest-key-for-photo-tests'));
      const incoming = { messageSid: 'MMpg1', clinicId: 'northside', workflowId: 'aftercare-northside~C1-s1', clientRef: 'C1', media: [{ url: 'https://api.twilio.com/m/1', contentType: 'image/jpeg' }], at: new Date() };
      expect(await store.recordIncoming(incoming)).toBe(1);
      expect(await store.recordIncoming(incoming)).toBe(0);
      expect(await store.pending('MMpg1', 0)).toEqual({ clinicId: 'northside', url: 'https://api.twilio.com/m/1' });
      const id = await store.store('MMpg1', 0, { contentType: 'image/jpeg', bytes: JPEG, at: new Date() });
      expect(await store.pending('MMpg1', 0)).toBeUndefined();
      const back = await store.bytesOf(id);
      expect(back?.contentType).toBe('image/jpeg');
      expect(back?.bytes.equals(JPEG)).toBe(true);
      const raw = await sql<{ data_sealed: Buffer }>`select data_sealed from photos where id = ${id}`.execute(db);
      expect(Buffer.from(raw.rows[0]!.data_sealed).includes(JPEG.subarray(0, 32))).toBe(false);
      expect((await store.ofWorkflow('aftercare-northside~C1-s1', 10)).map((p) => p.id)).toEqual([id]);
    } finally {
      await db.destroy();
      await pg.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
