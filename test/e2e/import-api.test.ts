/**
 * `/api/imports` against a real dev server and worker: the check alone (dryRun), an import run in
 * the background and followed to its end, rows of another clinic refused, another clinic's import
 * a 404, the same file again enrolling nothing, and one audit entry per import; an import left
 * behind by a dead API process shown interrupted after a restart and carried on by the same upload.
 */
import { createHash, randomBytes } from 'node:crypto';
import { buildApp } from '../../api/server';
import { digestOfBytes } from '../../app/import-digest';
import { createLogger } from '../../platform/logger';
import { TASK_QUEUE } from '../../workflows/contract';
import { CLINIC } from '../../dev/aftercare-harness';
import { clinicRecord } from '../../dev/clinics';
import { workflowIdFor } from '../../domain/identifiers';
import type { ImportView } from '../../app/import-view';
import { eventually } from '../support/eventually';
import { startApiStack, testApiConfig, TEST_API_KEY } from '../support/api-stack';
import { csvOf, goodRow } from '../support/import-files';

const A = clinicRecord({ ...CLINIC, id: 'northside', phone: '+12125550147' });
const B = clinicRecord({ ...CLINIC, id: 'harbour', name: 'Harbour SMP', phone: '+12125550160' });
let stack: Awaited<ReturnType<typeof startApiStack>>;
const admin = { authorization: `Bearer ${TEST_API_KEY}` };
const keyOf: Record<string, Record<string, string>> = {};

async function clinicKey(clinicId: string): Promise<Record<string, string>> {
  const id = randomBytes(6).toString('hex');
  const key = `ak_${id}_${randomBytes(32).toString('base64url')}`;
  await stack.access.keys.create({ id, clinicId, name: 'import test', keyDigest: createHash('sha256').update(key).digest('hex'), createdBy: 'test' });
  return { authorization: `Bearer ${key}` };
}

async function call(method: string, url: string, headers: Record<string, string>, body?: string, type = 'text/csv'): Promise<{ status: number; json: any }> {
  const res = await fetch(`${stack.baseUrl}${url}`, { method, headers: { ...headers, ...(body !== undefined ? { 'content-type': type } : {}) }, ...(body !== undefined ? { body } : {}) });
  return { status: res.status, json: await res.json() };
}

const followed = (id: string, headers: Record<string, string>) =>
  eventually(
    async () => (await call('GET', `/api/imports/${id}`, headers)).json as ImportView,
    (v) => v.state === 'done',
  );

beforeAll(async () => {
  stack = await startApiStack({ clinics: [A, B], config: testApiConfig(), logger: createLogger({ write: () => undefined }), taskQueue: TASK_QUEUE });
  keyOf.a = await clinicKey(A.id);
  keyOf.b = await clinicKey(B.id);
});
afterAll(async () => {
  await stack?.stop();
});

const rows = [goodRow('API01', 1), goodRow('API02', 4), goodRow('API03', 2, { clinicId: 'harbour' }), goodRow('API04', 8, { email: 'not an email' }), goodRow('API05', 11)];
const file = csvOf(rows);

describe('POST /api/imports', () => {
  it('checks only with dryRun=true: the refused rows by line and field, nothing started', async () => {
    const res = await call('POST', '/api/imports?dryRun=true', keyOf.a!, file);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      dryRun: true,
      total: 5,
      toEnrol: 3,
      refused: 2,
      refusals: [
        { line: 4, path: 'clinicId', message: expect.stringMatching(/^unknown clinic/) },
        { line: 5, path: 'client.email', message: 'must be an email address' },
      ],
    });
    await expect(stack.env.client.workflow.getHandle(workflowIdFor('northside', 'API01', 1)).describe()).rejects.toThrow();
  });

  it('refuses a wrong header (naming the column), an empty body and a body that is not CSV', async () => {
    const header = await call('POST', '/api/imports', keyOf.a!, 'clinicId,clientRef\nnorthside,C1\n');
    expect(header.status).toBe(400);
    expect(header.json.issues).toContainEqual({ path: 'header', message: 'missing column "phone"' });
    expect((await call('POST', '/api/imports', keyOf.a!, '')).status).toBe(400);
    expect((await call('POST', '/api/imports', keyOf.a!, JSON.stringify({ rows: [] }), 'application/json')).status).toBe(415);
  });

  it("enrols in the background, followed to the end; a clinic's own rows only; its import a 404 to another clinic; the same file again enrols nothing", async () => {
    const started = await call('POST', '/api/imports', keyOf.a!, file);
    expect(started.status).toBe(202);
    const id = (started.json as ImportView).id;
    expect(started.json).toMatchObject({ clinicId: 'northside', via: 'api' });

    const done = await followed(id, keyOf.a!);
    expect(done).toMatchObject({ total: 5, enrolled: 3, alreadyEnrolled: 0, refused: 2, failed: 0, settled: 5, secondsLeft: 0 });
    expect(done.refusals.map((r) => [r.line, r.path])).toEqual([
      [4, 'clinicId'],
      [5, 'client.email'],
    ]);
    for (const ref of ['API01', 'API02', 'API05']) await stack.env.client.workflow.getHandle(workflowIdFor('northside', ref, 1)).describe();
    await expect(stack.env.client.workflow.getHandle(workflowIdFor('harbour', 'API03', 1)).describe()).rejects.toThrow();

    const other = await call('GET', `/api/imports/${id}`, keyOf.b!);
    const none = await call('GET', '/api/imports/imp_nosuchimport', keyOf.b!);
    expect(other.status).toBe(404);
    expect({ ...other.json, requestId: '' }).toEqual({ ...none.json, requestId: '' });
    expect(((await call('GET', '/api/imports', keyOf.b!)).json as ImportView[]).map((v) => v.id)).not.toContain(id);
    expect(((await call('GET', '/api/imports', keyOf.a!)).json as ImportView[]).map((v) => v.id)).toContain(id);
    expect((await call('GET', `/api/imports/${id}`, admin)).status).toBe(200);

    const again = await call('POST', '/api/imports', keyOf.a!, file);
    expect(again.status).toBe(202);
    expect(await followed((again.json as ImportView).id, keyOf.a!)).toMatchObject({ enrolled: 0, alreadyEnrolled: 3, refused: 2 });

    const audit = await stack.access.audit.list({ clinicId: 'northside', limit: 50 });
    const entries = audit.filter((e) => e.action === 'import.finished');
    expect(entries).toHaveLength(2);
    expect(entries.map((e) => e.detail)).toContainEqual({ importId: id, total: 5, enrolled: 3, alreadyEnrolled: 0, refused: 2, failed: 0 });
  });
});

describe('an import another process is running', () => {
  it('is 409 with the import named and when an upload may take it over; nothing is started', async () => {
    const busyFile = csvOf([goodRow('BUSY01', 1), goodRow('BUSY02', 2)]);
    // Another process's live import of the same file: progress written 5 s ago.
    const fiveAgo = new Date(Date.now() - 5_000);
    const live = await stack.access.imports.create({ id: 'imp_stillrunning', clinicId: 'northside', sourceDigest: digestOfBytes(Buffer.from(busyFile)), actor: 'key:k', via: 'cli', startedAt: fiveAgo });
    await stack.access.imports.save(live.id, { state: 'running', totalRows: 2, enrolled: 0, checkpointLine: 1, updatedAt: fiveAgo });

    const res = await fetch(`${stack.baseUrl}/api/imports`, { method: 'POST', headers: { ...keyOf.a!, 'content-type': 'text/csv' }, body: busyFile });
    expect(res.status).toBe(409);
    const body = (await res.json()) as { error: string; importId: string; message: string; retryAfterSeconds: number };
    expect(body).toMatchObject({ error: 'import_running', importId: live.id });
    // Taken over once its progress is STALE_AFTER_MS (15 s) old: about 10 s from now.
    expect(body.retryAfterSeconds).toBeGreaterThanOrEqual(9);
    expect(body.retryAfterSeconds).toBeLessThanOrEqual(11);
    expect(res.headers.get('retry-after')).toBe(String(body.retryAfterSeconds));
    expect(body.message).toContain(`/api/imports/${live.id}`);
    expect(body.message).toContain(`upload the file again in ${body.retryAfterSeconds} s`);
    expect((await stack.access.imports.get(live.id))?.state).toBe('running');
    await expect(stack.env.client.workflow.getHandle(workflowIdFor('northside', 'BUSY01', 1)).describe()).rejects.toThrow();
  });
});

describe('an import whose API process died', () => {
  it('shows as interrupted once the API starts again, and the same upload carries on after its checkpoint', async () => {
    const deadFile = csvOf([goodRow('DIE01', 1), goodRow('DIE02', 2), goodRow('DIE03', 3)]);
    // What a process killed after the first row leaves behind: its record running, written a minute ago.
    const minuteAgo = new Date(Date.now() - 60_000);
    const dead = await stack.access.imports.create({ id: 'imp_diedmidway', clinicId: 'northside', sourceDigest: digestOfBytes(Buffer.from(deadFile)), actor: 'key:k', via: 'api', startedAt: minuteAgo });
    await stack.access.imports.save(dead.id, { state: 'running', totalRows: 3, enrolled: 1, checkpointLine: 2, updatedAt: minuteAgo });

    // The API started again (a second app on the same database): the import is marked interrupted.
    const restarted = await buildApp({ temporalClient: stack.env.client, clinics: stack.clinics, access: stack.access, config: testApiConfig(), logger: createLogger({ write: () => undefined }), sms: stack.h.senders });
    try {
      const url = await restarted.listen({ port: 0, host: '127.0.0.1' });
      expect((await stack.access.imports.get(dead.id))?.state).toBe('interrupted');
      const shown = await fetch(`${url}/api/imports/${dead.id}`, { headers: keyOf.a! });
      expect(await shown.json()).toMatchObject({ state: 'interrupted', enrolled: 1, secondsLeft: null });
    } finally {
      await restarted.close();
    }

    const resumed = await call('POST', '/api/imports', keyOf.a!, deadFile);
    expect(resumed.status).toBe(202);
    expect((resumed.json as ImportView).id).toBe(dead.id);
    // Line 2 is behind the checkpoint: counted from the record, not started again.
    expect(await followed(dead.id, keyOf.a!)).toMatchObject({ total: 3, enrolled: 3, alreadyEnrolled: 0, failed: 0 });
    for (const ref of ['DIE02', 'DIE03']) await stack.env.client.workflow.getHandle(workflowIdFor('northside', ref, 1)).describe();
  });
});
