/**
 * `aftercare import` as a clinic runs it: the real bin against a real Temporal dev server and
 * worker, DATA_DIR's PGlite served as `npm start` serves it. Refused rows are named; an import
 * stopped half-way resumes and ends with every good row enrolled exactly once; one killed mid-way
 * is taken over once its record goes stale; the same file again enrols nothing.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { serveEmbeddedDatabase, type EmbeddedDatabase } from '../../platform/database/serve-embedded';
import { TASK_QUEUE } from '../../workflows/contract';
import { startHarness, type Harness } from '../../dev/aftercare-harness';
import { createLocalEnv } from '../../dev/temporal-env';
import { workflowIdFor } from '../../domain/identifiers';
import { STALE_AFTER_MS } from '../../app/import-limits';
import { csvOf, goodRow } from '../support/import-files';

const ROOT = path.join(__dirname, '..', '..');
let env: TestWorkflowEnvironment;
let h: Harness;
let database: EmbeddedDatabase;
const tmp = mkdtempSync(path.join(tmpdir(), 'cli-import-'));

function spawnAftercare(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'aftercare.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, TEMPORAL_ADDRESS: env.address, ENV_LOCAL_FILE: path.join(tmp, 'none.env'), DATA_DIR: tmp, DATABASE_URL: '', PHONE_HASH_KEY: 'phone-hash-key-for-tests-0123', ...extraEnv },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done, stderr: () => stderr };
}

/** Resolves once the command has written `text` on stderr; rejects if it ends first. */
function outputOf(run: ReturnType<typeof spawnAftercare>, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    run.child.stderr.on('data', () => {
      if (run.stderr().includes(text)) resolve();
    });
    void run.done.then((r) => reject(new Error(`the command ended (${r.code}) before writing "${text}": ${r.stderr}`)));
  });
}

const aftercare = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) => spawnAftercare(args, extraEnv).done;

beforeAll(async () => {
  env = await createLocalEnv();
  h = await startHarness(env, { taskQueue: TASK_QUEUE });
  database = await serveEmbeddedDatabase(tmp, 0);
  expect((await aftercare(['clinic', 'import', path.join(ROOT, 'examples', 'clinics.json')])).code).toBe(0);
});
afterAll(async () => {
  for await (const wf of env.client.workflow.list({ query: `ExecutionStatus = 'Running'` })) {
    await env.client.workflow.getHandle(wf.workflowId).terminate('test finished').catch(() => undefined);
  }
  await h?.stop();
  await env?.teardown();
  await database?.close();
});

const good = [
  goodRow('IMP01', 0.1),
  goodRow('IMP02', 3, { clinicId: 'harbour', plannedSessions: '4', timezone: 'America/Los_Angeles' }),
  goodRow('IMP03', 6, { phone: '', consentSms: 'no' }),
  goodRow('IMP04', 9),
  goodRow('IMP05', 12, { email: '', consentEmail: '0', locale: 'es' }),
  goodRow('IMP06', 20, { sessionNumber: '3' }),
  goodRow('IMP07', 25, { sessionNumber: '2' }),
  goodRow('IMP07', 2, { sessionNumber: '3' }),
];
const bad = [
  goodRow('IMP90', 2, { phone: '555-0100' }),
  goodRow('IMP91', 2, { timezone: 'Mars/Olympus' }),
  goodRow('IMP92', 2, { consentSms: 'no', consentEmail: 'no' }),
  goodRow('IMP93', 2, { clinicId: 'nowhere' }),
  goodRow('IMP94', 2, { sessionNumber: '5' }),
];
// The bad rows among the good ones: lines 4, 6, 8, 10 and 12.
const rows = good.flatMap((row, i) => (bad[i] ? [row, bad[i]] : [row]));
const file = path.join(tmp, 'clients.csv');
writeFileSync(file, csvOf(rows));
const goodIds = good.map((r) => workflowIdFor(r.clinicId!, r.clientRef!, Number(r.sessionNumber)));

interface Summary {
  importId: string;
  total: number;
  enrolled: number;
  alreadyEnrolled: number;
  refused: { line: number; path: string; message: string }[];
  failed: number;
  peakRssMiB: number;
}

describe('aftercare import', () => {
  it('checks without starting anything (--dry-run), naming each refused row by line and field', async () => {
    const dry = await aftercare(['import', file, '--dry-run']);
    expect(dry.code).toBe(2);
    expect(dry.stdout).toContain('line 3, client.phone: must be in international E.164 form');
    expect(dry.stdout).toContain('line 5, client.timezone:');
    expect(dry.stdout).toContain('line 7, client.consent: the client must agree to SMS, email or both');
    expect(dry.stdout).toContain('line 9, clinicId: unknown clinic');
    expect(dry.stdout).toContain('line 11, session.number: session 5 is beyond the 3 planned sessions');
    expect(dry.stdout).toMatch(/checked 13 rows: 8 would be enrolled, 5 refused \(nothing was started\)/);
    expect(dry.stdout).not.toContain('555-0100');
    for (const id of goodIds) await expect(env.client.workflow.getHandle(id).describe()).rejects.toThrow();
  });

  it('refuses a file whose header is wrong, naming the column', async () => {
    const wrong = path.join(tmp, 'wrong.csv');
    writeFileSync(wrong, 'clinicId,clientRef,firstName\nnorthside,C1,Al\n');
    const r = await aftercare(['import', wrong]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/line 1 \(the header\): missing column "phone"/);
  });

  it('stopped half-way, resumes where it stopped: every good row enrolled exactly once; run again, enrols nothing', async () => {
    // The test hook stops the import as Ctrl-C would, once 3 rows are enrolled.
    const first = await aftercare(['import', file, '--concurrency', '1'], { AFTERCARE_IMPORT_STOP_AFTER: '3' });
    expect(first.stderr).toContain('import stopped: run the same command again to resume');
    expect(first.code).toBe(130);
    const started = await Promise.all(goodIds.map((id) => env.client.workflow.getHandle(id).describe().then(() => true, () => false)));
    expect(started.filter(Boolean).length).toBe(3);

    const resumed = await aftercare(['import', file, '--json']);
    expect(resumed.code).toBe(2);
    const summary = JSON.parse(resumed.stdout) as Summary;
    expect(summary).toMatchObject({ total: 13, enrolled: 8, alreadyEnrolled: 0, failed: 0 });
    expect(summary.refused.map((r) => [r.line, r.path])).toEqual([
      [3, 'client.phone'],
      [5, 'client.timezone'],
      [7, 'client.consent'],
      [9, 'clinicId'],
      [11, 'session.number'],
    ]);
    expect(summary.peakRssMiB).toBeGreaterThan(0);
    for (const id of goodIds) expect((await env.client.workflow.getHandle(id).describe()).workflowId).toBe(id);

    const again = await aftercare(['import', file]);
    expect(again.code).toBe(2);
    expect(again.stdout).toMatch(/: 13 rows, 0 enrolled, 8 already enrolled, 5 refused, 0 failed/);
    expect(again.stdout).toContain('line 3, client.phone:');
  });

  it('killed mid-way: until its record goes stale another run says the file is being imported, then takes it over from the checkpoint; every row enrolled once', async () => {
    const killedRows = [goodRow('KIL01', 1), goodRow('KIL02', 2), goodRow('KIL90', 2, { phone: '555-0100' }), goodRow('KIL03', 3), goodRow('KIL04', 4), goodRow('KIL05', 5), goodRow('KIL06', 6)];
    const killedFile = path.join(tmp, 'killed.csv');
    writeFileSync(killedFile, csvOf(killedRows));
    const ids = killedRows.filter((r) => r.clientRef !== 'KIL90').map((r) => workflowIdFor(r.clinicId!, r.clientRef!, 1));
    const startedCount = async () => (await Promise.all(ids.map((id) => env.client.workflow.getHandle(id).describe().then(() => true, () => false)))).filter(Boolean).length;

    // The test hook holds the import once 3 rows are enrolled and checkpointed; SIGKILL gives it no chance to mark itself stopped.
    const first = spawnAftercare(['import', killedFile, '--concurrency', '1'], { AFTERCARE_IMPORT_PAUSE_AFTER: '3' });
    await outputOf(first, 'waiting to be killed');
    first.child.kill('SIGKILL');
    expect((await first.done).signal).toBe('SIGKILL');
    const killedAt = Date.now();
    expect(await startedCount()).toBe(3);

    // Its record is still fresh: the file is taken for another import's, and nothing is started.
    const busy = await aftercare(['import', killedFile]);
    expect(busy.code).toBe(2);
    expect(busy.stderr).toMatch(/another import of this file is running \(import (imp_[\w-]+), last progress \d+ s ago\): let it finish; if that process was killed, run this command again in \d+ s and it will resume where that one stopped/);
    const importId = /\(import (imp_[\w-]+)/.exec(busy.stderr)?.[1];
    expect(await startedCount()).toBe(3);

    // Once nothing was written for STALE_AFTER_MS, the same file takes the dead import over.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, killedAt + STALE_AFTER_MS + 1000 - Date.now())));
    const resumed = await aftercare(['import', killedFile, '--json']);
    expect(resumed.code).toBe(2);
    const summary = JSON.parse(resumed.stdout) as Summary;
    // Resumed after its checkpoint: the 3 rows before it are counted from the record, not asked again.
    expect(summary).toMatchObject({ importId, total: 7, enrolled: 6, alreadyEnrolled: 0, failed: 0 });
    expect(summary.refused.map((r) => [r.line, r.path])).toEqual([[4, 'client.phone']]);
    for (const id of ids) expect(await env.client.workflow.count(`WorkflowId = '${id}'`)).toMatchObject({ count: 1 });

    const again = await aftercare(['import', killedFile]);
    expect(again.stdout).toMatch(/: 7 rows, 0 enrolled, 6 already enrolled, 1 refused, 0 failed/);
  });

  it('enrols a late session by the plan: the steps already due skipped, the welcome first', async () => {
    const id = workflowIdFor('northside', 'IMP04', 1);
    const status = await aftercare(['status', id, '--json']);
    const plan = (JSON.parse(status.stdout) as { plan: { step: string }[] }).plan.map((s) => s.step);
    expect(plan[0]).toBe('welcome');
    for (const passed of ['days-1-4', 'days-5-7', 'days-8-14']) expect(plan).not.toContain(passed);
    expect(plan).toContain('book-next');
  });
});
