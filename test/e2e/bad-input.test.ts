/**
 * Bad input (issue 5): a corpus of bad enrollment bodies (test/fixtures/bad-input-corpus.ts)
 * against the HTTP API and the CLI, on one real Temporal dev server with a worker on `aftercare`.
 * Every case gets a 4xx (never a 5xx) whose `issues` name the field, and `aftercare enroll --file`
 * exits with code 2 naming the field on its one stderr line; no case starts a workflow. A few
 * unusual but valid bodies (emoji, Arabic, Hebrew, O'Brien) must be accepted.
 *
 * The CLI's verdict on every case comes from its entry point (cli/main.ts, what bin/aftercare.js
 * runs) called in this process: a child process per case cost about a second of CPU to load the
 * CLI, minutes for the corpus. The real bin then runs one case of each top-level field, and the
 * one case that gets past the schema to the clinics' database, and must print the very same line.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { FastifyInstance } from 'fastify';
import { parseEnrollment } from '../../app/enrollment-schema';
import { main as cliMain } from '../../cli/main';
import { TASK_QUEUE } from '../../workflows/contract';
import { createLogger } from '../../platform/logger';
import { badCorpus, validBody, validUnusual, type BadCase } from '../fixtures/bad-input-corpus';
import { CLINIC, type Harness } from '../../dev/aftercare-harness';
import { startApiStack, TEST_API_KEY, testApiConfig } from '../support/api-stack';

jest.setTimeout(300_000);

const ROOT = path.join(__dirname, '..', '..');
const API_KEY = TEST_API_KEY;
const CONFIG = testApiConfig({ API_RATE_LIMIT_PER_MINUTE: 100_000 });
const CLI_CONCURRENCY = 4;
const tmp = mkdtempSync(path.join(tmpdir(), 'bad-input-'));

interface Issue {
  path: string;
  message: string;
}

/** Whether an API issue names `field`: same path, a path under it, or `<parent>: unknown field(s): <key>`. */
function issueNames(issue: Issue, field: string): boolean {
  if (issue.path === field || issue.path.startsWith(`${field}.`)) return true;
  const m = /^unknown field\(s\): (.*)$/.exec(issue.message);
  if (!m) return false;
  const parent = issue.path === '(body)' ? '' : `${issue.path}.`;
  return m[1]!.split(', ').some((key) => `${parent}${key}` === field);
}

/** Whether the CLI's error line names `field` (as `<path>:`, or as an unknown key of its parent). */
function lineNames(line: string, field: string): boolean {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (new RegExp(`(^|[\\s(,])${esc(field)}(\\.[\\w.]+)?[:,)]`).test(line)) return true;
  const dot = field.lastIndexOf('.');
  const parent = dot < 0 ? '(body)' : field.slice(0, dot);
  const key = field.slice(dot + 1);
  return new RegExp(`${esc(parent)}: unknown field\\(s\\): ([^;]*\\b)?${esc(key)}\\b`).test(line);
}

/** The environment the CLI runs with here: the stack's server, a DATA_DIR of its own, no .env.local. */
function cliEnv(): NodeJS.ProcessEnv {
  return { TEMPORAL_ADDRESS: env.address, ENV_LOCAL_FILE: path.join(tmp, 'none.env'), DATA_DIR: tmp, DATABASE_URL: '' };
}

function aftercare(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'aftercare.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...cliEnv() },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * `aftercare <args>` through the CLI's entry point in this process, with cliEnv() in the
 * environment: the exit code it hands bin/aftercare.js, and what it wrote. One at a time, since it
 * writes to this process's stdout and stderr.
 */
async function aftercareHere(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { stdout: '', stderr: '' };
  const streams = { stdout: process.stdout, stderr: process.stderr } as const;
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
  const saved = Object.entries(cliEnv()).map(([key, value]) => [key, process.env[key], value] as const);
  for (const name of ['stdout', 'stderr'] as const) {
    streams[name].write = ((chunk: string | Uint8Array) => {
      out[name] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
      return true;
    }) as typeof process.stdout.write;
  }
  for (const [key, , value] of saved) process.env[key] = value;
  try {
    return { code: await cliMain(args), ...out };
  } finally {
    streams.stdout.write = writes.stdout;
    streams.stderr.write = writes.stderr;
    for (const [key, before] of saved) {
      if (before === undefined) delete process.env[key];
      else process.env[key] = before;
    }
  }
}

/** A case's enrolment file: the same body, under its own clientRef (BADnnn -> BADCnnn), so a case the API wrongly accepted is not refused here merely as "already enrolled". */
function caseFile(c: BadCase, i: number): string {
  const file = path.join(tmp, `case-${i}.json`);
  writeFileSync(file, c.json.replace(/"clientRef":"BAD(\d+)"/, '"clientRef":"BADC$1"'));
  return file;
}

/** Whether the CLI refused a case as it must: code 2, one stderr line naming the field, nothing on stdout. */
function refusedAsItMust(r: { code: number | null; stdout: string; stderr: string }, c: BadCase): boolean {
  const lines = r.stderr.trimEnd().split('\n');
  return r.code === 2 && lines.length === 1 && lineNames(lines[0]!, c.field) && r.stdout === '';
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}

let stack: Awaited<ReturnType<typeof startApiStack>>;
let env: TestWorkflowEnvironment;
let h: Harness;
let app: FastifyInstance;
let baseUrl: string;
/** What the CLI wrote on stderr for each case (by its index in the corpus), in this process. */
const cliLines = new Map<number, string>();
const tally = { cases: badCorpus.length, api4xx: 0, api5xx: 0, cliExit2: 0, workflowsStarted: -1, validAccepted: 0 };

beforeAll(async () => {
  stack = await startApiStack({
    clinics: new Map([[CLINIC.id, CLINIC]]),
    config: CONFIG,
    logger: createLogger({ level: 'error', write: () => undefined }),
    taskQueue: TASK_QUEUE,
  });
  ({ env, h, app, baseUrl } = stack);
});

afterAll(async () => {
  process.stdout.write(
    `bad input: ${tally.cases} cases, ${tally.api4xx} API 4xx (${tally.api5xx} 5xx), ${tally.cliExit2} CLI exit 2, ` +
      `${tally.workflowsStarted} workflows started by the corpus, ${tally.validAccepted}/${validUnusual.length} unusual-but-valid accepted\n`,
  );
  await stack?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

async function postRaw(json: string): Promise<{ status: number; body: { error?: string; issues?: Issue[] } }> {
  const res = await fetch(`${baseUrl}/api/enrollments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
    body: json,
  });
  const text = await res.text();
  let body: { error?: string; issues?: Issue[] } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    /* not JSON: left empty, the assertions say so */
  }
  return { status: res.status, body };
}

describe('bad enrollment input', () => {
  it('has at least 100 cases, each with a unique name, spoiling an otherwise valid body', () => {
    expect(badCorpus.length).toBeGreaterThanOrEqual(100);
    expect(new Set(badCorpus.map((c) => c.name)).size).toBe(badCorpus.length);
    // The base really is valid, so each case fails for its own reason.
    expect(() => parseEnrollment(validBody('BASE1'), new Date())).not.toThrow();
  });

  it('the API answers every case with a 4xx naming the field, never a 5xx', async () => {
    const failures: string[] = [];
    await mapLimit(badCorpus, 8, async (c: BadCase) => {
      const { status, body } = await postRaw(c.json);
      if (status >= 500) tally.api5xx++;
      const named = (body.issues ?? []).some((i) => issueNames(i, c.field));
      if (status >= 400 && status < 500 && named) tally.api4xx++;
      else failures.push(`${c.name}: expected 4xx naming ${c.field}, got ${status} ${JSON.stringify(body).slice(0, 300)}`);
    });
    expect(failures).toEqual([]);
  });

  it('a phone of E.164 shape that no country uses gets a 400 naming client.phone and why', async () => {
    const c = badCorpus.find((b) => b.name === 'phone: country code no country uses')!;
    const { status, body } = await postRaw(c.json);
    expect(status).toBe(400);
    expect(body.issues).toEqual([{ path: 'client.phone', message: expect.stringMatching(/^starts with a country code no country uses/) }]);
    // The last test shows that no workflow started for it, nor for any other case.
  });

  it('`aftercare enroll --file` exits with code 2 naming the field on one line, for every case', async () => {
    const failures: string[] = [];
    for (const [i, c] of badCorpus.entries()) {
      const r = await aftercareHere(['enroll', '--file', caseFile(c, i)]);
      cliLines.set(i, r.stderr);
      if (refusedAsItMust(r, c)) tally.cliExit2++;
      else failures.push(`${c.name}: expected exit 2 naming ${c.field}, got ${r.code} ${JSON.stringify(r.stderr.slice(0, 300))}`);
    }
    expect(failures).toEqual([]);
  });

  it('the real `aftercare` bin, in a process of its own, exits 2 with that same line', async () => {
    // A case of each top-level field, and the unknown clinic: the one case refused by the database, not the schema.
    const picked = new Map<string, number>();
    badCorpus.forEach((c, i) => {
      const group = c.name === 'clinicId unknown' ? c.name : c.field.split('.')[0]!;
      if (!picked.has(group)) picked.set(group, i);
    });
    expect(picked.has('clinicId unknown')).toBe(true);
    // The line to match, should this test run alone.
    for (const i of picked.values()) {
      if (!cliLines.has(i)) cliLines.set(i, (await aftercareHere(['enroll', '--file', caseFile(badCorpus[i]!, i)])).stderr);
    }
    const failures: string[] = [];
    await mapLimit([...picked.values()], CLI_CONCURRENCY, async (i) => {
      const c = badCorpus[i]!;
      const r = await aftercare(['enroll', '--file', caseFile(c, i)]);
      if (!refusedAsItMust(r, c) || r.stderr !== cliLines.get(i)) {
        failures.push(`${c.name}: expected exit 2 with ${JSON.stringify(cliLines.get(i))}, got ${r.code} ${JSON.stringify(r.stderr.slice(0, 300))}`);
      }
    });
    expect(failures).toEqual([]);
  });

  it('accepts unusual but valid bodies (emoji, Arabic, Hebrew, O\'Brien)', async () => {
    const failures: string[] = [];
    for (const v of validUnusual) {
      const { status, body } = await postRaw(v.json);
      if (status === 201) tally.validAccepted++;
      else failures.push(`${v.name}: expected 201, got ${status} ${JSON.stringify(body).slice(0, 300)}`);
    }
    expect(failures).toEqual([]);
  });

  it('started no workflow for any case of the corpus', async () => {
    const expected = new Set(validUnusual.map((v) => `aftercare-${CLINIC.id}~${v.body.clientRef as string}-s1`));
    const list = async () => {
      const ids: string[] = [];
      for await (const wf of env.client.workflow.list({ query: `WorkflowType = 'aftercareWorkflow'` })) ids.push(wf.workflowId);
      return ids;
    };
    // Give visibility time to catch up (it sees the accepted ones first, then waits a little more).
    const until = Date.now() + 15_000;
    let ids = await list();
    while (Date.now() < until && [...expected].some((id) => !ids.includes(id))) {
      await new Promise((r) => setTimeout(r, 300));
      ids = await list();
    }
    await new Promise((r) => setTimeout(r, 1500));
    ids = await list();
    const strays = ids.filter((id) => !expected.has(id));
    tally.workflowsStarted = strays.length;
    expect(strays).toEqual([]);
    expect(ids.filter((id) => expected.has(id)).sort()).toEqual([...expected].sort());
  });
});
