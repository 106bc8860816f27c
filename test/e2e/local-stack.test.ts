/**
 * `npm start` end to end: scripts/start.ts as a child process on random free ports with its own
 * DATA_DIR and .env.local, checked from the outside like a person would, stopped with SIGINT and
 * SIGTERM, started again on the same sqlite file and PGlite directory, and refused when a port is
 * taken. CLI commands run beside it reach its embedded database.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { SEARCH_ATTRIBUTE_CLI_TYPES } from '../../workflows/contract';
import { requireTool } from '../../dev/temporal-toolchain';
import { urlAfter, type StackPorts } from '../support/browser';
import { distinctFreePorts } from '../../dev/ports';

jest.setTimeout(420_000);

const ROOT = path.resolve(__dirname, '..', '..');
const START = path.join(ROOT, 'scripts', 'start.ts');

interface Ports extends StackPorts {
  codec: number;
  pglite: number;
}

interface Stack {
  proc: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  running: () => boolean;
}

const started: Stack[] = [];
const blockers: net.Server[] = [];
let dir: string;
let ports: Ports;

function stackEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // The outbox, the local mail server and a fresh key: nothing from the developer's shell.
  for (const key of Object.keys(env)) {
    if (/^(TWILIO_|CODEC_|TEMPORAL_(ADDRESS|NAMESPACE|API_KEY|TLS_)|API_KEY$|SMTP_URL$|EMAIL_FROM$|CLINICS_FILE$|WORKFLOW_BUNDLE_PATH$|PUBLIC_BASE_URL$|DATABASE_URL$)/.test(key)) {
      delete env[key];
    }
  }
  return {
    ...env,
    TEMPORAL_PORT: String(ports.temporal),
    TEMPORAL_UI_PORT: String(ports.temporalUi),
    MAIL_UI_PORT: String(ports.mailUi),
    SMTP_URL: `smtp://localhost:${ports.smtp}`,
    PORT: String(ports.pages),
    METRICS_PORT: String(ports.metrics),
    CODEC_SERVER_PORT: String(ports.codec),
    PGLITE_PORT: String(ports.pglite),
    DATA_DIR: path.join(dir, 'data'),
    ENV_LOCAL_FILE: path.join(dir, 'env.local'),
    ...extra,
  };
}

function startStack(env: NodeJS.ProcessEnv): Stack {
  const proc = spawn(process.execPath, ['--import', 'tsx', START], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  let running = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => {
      running = false;
      resolve({ code, signal });
    }),
  );
  const stack = { proc, stdout: () => out, stderr: () => err, exited, running: () => running };
  started.push(stack);
  return stack;
}

async function waitForOutput(stack: Stack, pattern: RegExp, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const m = pattern.exec(stack.stdout());
    if (m) return m[0];
    if (!stack.running()) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no ${pattern} from the local stack.\n--- stdout\n${stack.stdout()}\n--- stderr\n${stack.stderr()}`);
}

async function get(url: string, accept = 'text/html'): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { headers: { accept }, signal: AbortSignal.timeout(10_000) });
  return { status: res.status, text: await res.text() };
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

async function expectPortsFreed(list: number[]): Promise<void> {
  // The OS may need a moment after the last process exits.
  const deadline = Date.now() + 15_000;
  let busy: number[] = [];
  do {
    busy = [];
    for (const p of list) if (!(await portIsFree(p))) busy.push(p);
    if (busy.length === 0) return;
    await new Promise((r) => setTimeout(r, 250));
  } while (Date.now() < deadline);
  expect(busy).toEqual([]);
}

/** The secrets .env.local keeps (keys, tokens; CODEC_KEY_ID only names a key): none may show up outside it. */
function secretsOf(envLocal: string): string[] {
  return [...envLocal.matchAll(/^([A-Z_]+)=(.+)$/gm)].filter((m) => m[1] !== 'CODEC_KEY_ID').map((m) => m[2]!.trim());
}

/** Every file and folder under `root`. */
function walk(root: string): string[] {
  return readdirSync(root, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(root, e.name);
    return e.isDirectory() ? [full, ...walk(full)] : [full];
  });
}

/** The addresses (hex, as the kernel lists them) that listen on `port`, IPv4 and IPv6. */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((cols) => cols[3] === '0A' && cols[1]?.endsWith(`:${hexPort}`))
      .map((cols) => cols[1]!.split(':')[0]!),
  );
}

/** 127.0.0.0/8, ::1, or 127.x mapped into IPv6 (the kernel's byte order). */
function isLoopback(hex: string): boolean {
  if (hex.length === 8) return hex.endsWith('7F');
  return hex === '00000000000000000000000001000000' || /^0000000000000000FFFF0000[0-9A-F]{6}7F$/.test(hex);
}

/** `aftercare <args>` in a process of its own, configured like a person's shell beside the stack. */
function aftercareCli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const env = stackEnv();
  delete env.DATABASE_URL;
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'aftercare.js'), ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function temporalCli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(requireTool('cli'), [...args, '--address', `localhost:${ports.temporal}`], { encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function stopStack(stack: Stack, signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  stack.proc.kill(signal);
  return stack.exited;
}

/** Whatever happened in a test: stop every stack gracefully, then by force, and its children too. */
async function cleanUp(): Promise<void> {
  for (const stack of started.splice(0)) {
    if (stack.running()) {
      stack.proc.kill('SIGTERM');
      const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 45_000).unref());
      if ((await Promise.race([stack.exited, timeout])) === 'timeout') stack.proc.kill('SIGKILL');
    }
  }
  const pidFile = dir ? path.join(dir, 'data', 'local-stack.json') : '';
  if (pidFile && existsSync(pidFile)) {
    const { children } = JSON.parse(readFileSync(pidFile, 'utf8')) as { children: { pid: number }[] };
    for (const { pid } of children) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
    rmSync(pidFile, { force: true });
  }
  for (const server of blockers.splice(0)) await new Promise((r) => server.close(r));
}

beforeAll(async () => {
  requireTool('cli'); // install outside the timed part when missing
  dir = mkdtempSync(path.join(tmpdir(), 'local-stack-'));
  const [temporal, temporalUi, mailUi, smtp, pages, metrics, codec, pglite] = (await distinctFreePorts(8)) as [number, number, number, number, number, number, number, number];
  ports = { temporal, temporalUi, mailUi, smtp, pages, metrics, codec, pglite };
});

afterEach(cleanUp);

afterAll(async () => {
  await cleanUp();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const allPorts = () => Object.values(ports) as number[];

describe('local stack (npm start)', () => {
  const probeId = `local-stack-probe-${Math.random().toString(36).slice(2, 10)}`;
  let firstKey = '';

  it('starts everything, answers on every printed URL, and stops cleanly on SIGINT', async () => {
    const stack = startStack(stackEnv());
    const out = await waitForOutput(stack, /Aftercare local stack is running:[\s\S]*Press Ctrl-C to stop\./, 300_000);

    const temporalUi = urlAfter(out, 'Temporal UI');
    const frontDesk = urlAfter(out, 'Front desk');
    const outbox = urlAfter(out, 'SMS outbox');
    const mail = urlAfter(out, 'Mail');
    const metrics = urlAfter(out, 'Metrics');
    expect(temporalUi).toBe(`http://localhost:${ports.temporalUi}`);
    expect(frontDesk).toBe(`http://localhost:${ports.pages}`);
    expect(outbox).toBe(`http://localhost:${ports.pages}/outbox`);
    expect(mail).toBe(`http://localhost:${ports.mailUi}`);
    expect(metrics).toBe(`http://localhost:${ports.metrics}/metrics`);

    // A key was made, printed and kept in the (stand-in) .env.local.
    const key = /API key\s+(\S+) \(new; saved in /.exec(out)?.[1];
    expect(key).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    expect(readFileSync(path.join(dir, 'env.local'), 'utf8')).toContain(`API_KEY=${key}\n`);
    firstKey = key!;

    expect((await get(temporalUi)).status).toBe(200);

    // The first administrator, with a one-time password shown in the banner only: it signs in.
    const admin = /Sign in\s+(\S+) as (\S+) with the password (\S+)/.exec(out);
    expect(admin?.[1]).toBe(frontDesk);
    expect(admin?.[2]).toBe('admin@localhost');
    const signIn = await fetch(`${frontDesk}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: admin![2], password: admin![3] }) });
    expect(signIn.status).toBe(200);
    expect(((await signIn.json()) as { person: { role: string } }).person.role).toBe('admin');

    // Payloads are encrypted with a key ring kept in .env.local, and the Web UI is wired to the
    // codec server: its settings name the endpoint, which decodes for the UI's origin only.
    const envLocal = readFileSync(path.join(dir, 'env.local'), 'utf8');
    expect(envLocal).toMatch(/^CODEC_KEYS=local-\d{4}-\d{2}-\d{2}:[A-Za-z0-9+/]{43}=$/m);
    expect(urlAfter(out, 'Codec server')).toBe(`http://127.0.0.1:${ports.codec}`);
    // The UI's settings are for anyone who reaches the UI: nothing secret in them.
    const settingsText = (await get(`${temporalUi}/api/v1/settings`, 'application/json')).text;
    const uiSettings = JSON.parse(settingsText) as { Codec?: { Endpoint?: string } };
    expect(uiSettings.Codec?.Endpoint).toBe(`http://127.0.0.1:${ports.codec}`);
    const secrets = secretsOf(envLocal);
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    expect(secrets.filter((secret) => settingsText.includes(secret))).toEqual([]);
    const probe = { payloads: [{ metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('"probe"').toString('base64') }] };
    const decode = (origin: string) =>
      fetch(`${uiSettings.Codec!.Endpoint!}/decode`, { method: 'POST', headers: { Origin: origin, 'Content-Type': 'application/json' }, body: JSON.stringify(probe) });
    const fromUi = await decode(temporalUi);
    expect(fromUi.status).toBe(200);
    expect(fromUi.headers.get('access-control-allow-origin')).toBe(temporalUi);
    expect(((await fromUi.json()) as typeof probe).payloads[0]!.data).toBe(probe.payloads[0]!.data);
    expect((await decode('http://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    // Not a browser (curl, a script): no Origin, refused.
    const noOrigin = await fetch(`${uiSettings.Codec!.Endpoint!}/decode`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(probe) });
    expect(noOrigin.status).toBe(403);

    // Every local service listens on loopback only: nobody else on the network reads the outbox,
    // the mails, the metrics, or decrypts payloads.
    for (const port of allPorts()) expect({ port, addresses: listeningAddresses(port).filter((a) => !isLoopback(a)) }).toEqual({ port, addresses: [] });
    expect(listeningAddresses(ports.pages).length).toBeGreaterThan(0);
    // No secret on any command line of the stack's processes (what `ps` shows every user).
    const { pid: stackPid, children } = JSON.parse(readFileSync(path.join(dir, 'data', 'local-stack.json'), 'utf8')) as { pid: number; children: { name: string; pid: number }[] };
    expect(children.map((c) => c.name)).toEqual(expect.arrayContaining(['temporal', 'maildev', 'worker']));
    for (const pid of [stackPid, ...children.map((c) => c.pid)]) {
      const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      expect({ pid, leaked: secrets.filter((secret) => commandLine.includes(secret)) }).toEqual({ pid, leaked: [] });
    }

    const landing = await get(frontDesk);
    expect(landing.status).toBe(200);
    expect(landing.text).toContain(temporalUi);
    expect(landing.text).toContain('/outbox');
    expect(landing.text).toContain(mail);

    // The outbox page shows what the worker writes to DATA_DIR/sms-outbox.jsonl, newest first, escaped.
    const outboxFile = path.join(dir, 'data', 'sms-outbox.jsonl');
    const line = (id: string, at: string, body: string) =>
      JSON.stringify({ id, at, to: '+13125550142', body, idempotencyKey: `${id}-key` });
    // (Private, as the worker writes it: the folder's modes are checked below.)
    writeFileSync(outboxFile, `${line('a', '2026-03-06T15:00:00.000Z', 'first <b>message</b>')}\n${line('b', '2026-03-07T15:00:00.000Z', 'second message')}\n`, { mode: 0o600 });
    const outboxPage = await get(outbox);
    expect(outboxPage.status).toBe(200);
    expect(outboxPage.text).toContain('http-equiv="refresh"');
    expect(outboxPage.text).toContain('first &lt;b&gt;message&lt;/b&gt;');
    expect(outboxPage.text.indexOf('second message')).toBeLessThan(outboxPage.text.indexOf('first &lt;b&gt;'));

    // The mail page answers, and mail sent to the SMTP port shows up there.
    const mailPage = await get(mail);
    expect(mailPage.status).toBe(200);
    expect(mailPage.text).toMatch(/<html/i);
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: ports.smtp, secure: false, ignoreTLS: true });
    await transport.sendMail({ from: 'aftercare@localhost', to: 'client@example.com', subject: `probe ${probeId}`, text: 'hello' });
    transport.close();
    const inbox = await get(`${mail}/api/email`, 'application/json');
    expect(inbox.text).toContain(`probe ${probeId}`);
    // MailDev keeps it to itself: no recipient or subject in its log.
    const maildevLog = readFileSync(path.join(dir, 'data', 'logs', 'maildev.log'), 'utf8');
    expect(maildevLog).not.toContain('client@example.com');
    expect(maildevLog).not.toContain(probeId);

    // The embedded database is served to the other processes: a CLI command without DATABASE_URL
    // reaches it (the migrations the stack applied are there), instead of opening its files.
    const pgliteDir = path.join(dir, 'data', 'pglite');
    expect(out).toContain(`Database      PGlite in ${pgliteDir}, served on postgres://postgres@127.0.0.1:${ports.pglite}/postgres`);
    const migrate = aftercareCli(['db', 'migrate']);
    expect(migrate.stderr).toBe('');
    expect(migrate.stdout).toMatch(new RegExp(`^pglite ${pgliteDir} \\(served by process ${stack.proc.pid} on 127\\.0\\.0\\.1:${ports.pglite}/postgres\\): nothing to apply; (\\d+) of \\1 migrations in place\n$`));
    expect(migrate.status).toBe(0);
    const total = /(\d+) of \1 migrations/.exec(migrate.stdout)?.[1];

    // The worker's Prometheus endpoint.
    const metricsPage = await get(metrics, 'text/plain');
    expect(metricsPage.status).toBe(200);

    // interface.md's search attributes are registered.
    const attributes = temporalCli(['operator', 'search-attribute', 'list']);
    expect(attributes.status).toBe(0);
    for (const [name, type] of Object.entries(SEARCH_ATTRIBUTE_CLI_TYPES)) {
      expect(attributes.stdout).toMatch(new RegExp(`\\b${name}\\s+${type}\\b`));
    }

    // A workflow (on a queue no worker polls, so it just waits) to find again after a restart.
    const startWf = temporalCli(['workflow', 'start', '--type', 'localStackProbe', '--task-queue', `${probeId}-queue`, '--workflow-id', probeId]);
    expect(startWf.stderr).toBe('');
    expect(startWf.status).toBe(0);

    expect(await stopStack(stack, 'SIGINT')).toEqual({ code: 0, signal: null });
    expect(stack.stdout()).toContain('Local stack stopped.');
    await expectPortsFreed(allPorts());
    // Child output went to the log files, not the terminal.
    for (const name of ['temporal', 'maildev', 'worker']) {
      expect(existsSync(path.join(dir, 'data', 'logs', `${name}.log`))).toBe(true);
    }
    expect(stack.stdout()).not.toMatch(/"level":/);
    // No secret in any log, and the data folder is its owner's alone: 0700, its files 0600.
    for (const file of readdirSync(path.join(dir, 'data', 'logs'))) {
      const text = readFileSync(path.join(dir, 'data', 'logs', file), 'utf8');
      expect({ file, leaked: secrets.filter((secret) => text.includes(secret)) }).toEqual({ file, leaked: [] });
    }
    expect(statSync(path.join(dir, 'data')).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(dir, 'env.local')).mode & 0o777).toBe(0o600);
    const readableByOthers = walk(path.join(dir, 'data')).filter((f) => (statSync(f).mode & 0o077) !== 0);
    expect(readableByOthers).toEqual([]);
    expect(walk(path.join(dir, 'data')).map((f) => path.relative(path.join(dir, 'data'), f))).toEqual(
      expect.arrayContaining(['sms-outbox.jsonl', path.join('logs', 'api.log'), path.join('logs', 'temporal.log'), 'pglite']),
    );
    const password = /with the password (\S+)/.exec(out)![1]!;
    for (const name of readdirSync(path.join(dir, 'data', 'logs'))) expect(readFileSync(path.join(dir, 'data', 'logs', name), 'utf8')).not.toContain(password);
    // The embedded database's files are free again: a command opens them itself.
    expect(existsSync(path.join(dir, 'data', 'pglite.owner'))).toBe(false);
    const alone = aftercareCli(['db', 'migrate']);
    expect(alone.stdout).toBe(`pglite ${pgliteDir}: nothing to apply; ${total} of ${total} migrations in place\n`);
    expect(alone.status).toBe(0);
  });

  it('starts again on the same sqlite file, finds the earlier workflow and key, and stops on SIGTERM', async () => {
    expect(firstKey).not.toBe('');
    // As if the last stack had been killed: its claim on the database names a process that is gone.
    writeFileSync(path.join(dir, 'data', 'pglite.owner'), `${JSON.stringify({ pid: 2 ** 22 + 1, url: 'postgres://postgres@127.0.0.1:1/postgres' })}\n`);
    const stack = startStack(stackEnv());
    const out = await waitForOutput(stack, /Press Ctrl-C to stop\./, 300_000);
    expect(out).toBeTruthy();
    expect(stack.stdout()).toMatch(new RegExp(`API key\\s+${firstKey} \\(from `));
    // The administrator exists now: no new password is made or shown.
    expect(stack.stdout()).toMatch(/Sign in\s+http:\S+ \(forgot a password/);
    expect(stack.stdout()).not.toContain('with the password');

    const described = temporalCli(['workflow', 'describe', '--workflow-id', probeId]);
    expect(described.status).toBe(0);
    expect(described.stdout).toContain('localStackProbe');
    temporalCli(['workflow', 'terminate', '--workflow-id', probeId, '--reason', 'local stack test done']);

    expect(await stopStack(stack, 'SIGTERM')).toEqual({ code: 0, signal: null });
    await expectPortsFreed(allPorts());
  });

  it('refuses to start when a port is taken, naming it, and leaves nothing running', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(ports.pages, '127.0.0.1', resolve));
    blockers.push(blocker);

    const stack = startStack(stackEnv());
    const exit = await Promise.race([
      stack.exited,
      new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 60_000).unref()),
    ]);
    expect(exit).toEqual({ code: 1, signal: null });
    expect(stack.stderr()).toContain(`Port ${ports.pages} (front desk and outbox pages) is already in use`);
    expect(stack.stderr()).toContain('PORT');
    expect(stack.stderr().trim().split('\n')).toHaveLength(1);
    // Checked before anything started: Temporal's port was never taken.
    expect(await portIsFree(ports.temporal)).toBe(true);
  });

  it("refuses to start when the embedded database's port is taken, naming PGLITE_PORT", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(ports.pglite, '127.0.0.1', resolve));
    blockers.push(blocker);
    const stack = startStack(stackEnv());
    expect(await stack.exited).toEqual({ code: 1, signal: null });
    expect(stack.stderr().trim()).toBe(`Port ${ports.pglite} (embedded database) is already in use. Stop whatever is using it, or set PGLITE_PORT to a free port.`);
  });

  it('stops with one line naming a bad variable', async () => {
    const stack = startStack(stackEnv({ METRICS_PORT: 'lots' }));
    const exit = await stack.exited;
    expect(exit.code).toBe(1);
    expect(stack.stderr().trim()).toBe('Invalid configuration: METRICS_PORT: must be a port number');
  });
});
