/**
 * Browser tests' shared parts: the whole local stack (scripts/start.ts, exactly what `npm start`
 * runs) as a child process on free ports with its own DATA_DIR and .env.local, and Debian's
 * chromium driven by playwright-core (no browser download: dev/chromium.ts finds it, and `npm test`
 * installs Debian's package when it is missing).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { CHROMIUM_ADVICE, findChromium } from '../../dev/chromium';
import { distinctFreePorts } from '../../dev/ports';
import { ZONES, zoneAtLocalHour } from '../../dev/zones';

export const ROOT = path.resolve(__dirname, '..', '..');
export const SCREENSHOT_DIR = path.join(ROOT, 'test-results', 'screenshots');
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const START = path.join(ROOT, 'scripts', 'start.ts');

// --- the local stack --------------------------------------------------------------------------

export interface StackPorts {
  temporal: number;
  temporalUi: number;
  mailUi: number;
  smtp: number;
  pages: number;
  metrics: number;
}

export interface LocalStack {
  /** As printed by the stack ("Front desk", "Temporal UI", ...). */
  urls: { frontDesk: string; temporalUi: string; outbox: string; mail: string };
  apiKey: string;
  ports: StackPorts;
  dataDir: string;
  stdout(): string;
  stderr(): string;
  /** SIGTERM (graceful: worker, API, Temporal), SIGKILL after a grace period; removes its files. */
  stop(): Promise<void>;
}

/** The developer's shell must not leak into the stack: no real Twilio, keys or remote Temporal. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) {
    if (
      /^(TWILIO_|TEMPORAL_(ADDRESS|NAMESPACE|API_KEY|TLS_)|API_KEY$|PHONE_HASH_KEY$|SMTP_URL$|EMAIL_FROM$|CLINICS_FILE$|WORKFLOW_BUNDLE_PATH$|PUBLIC_BASE_URL$|API_RATE_LIMIT)/.test(
        key,
      )
    ) {
      delete env[key];
    }
  }
  return env;
}

/** The URL printed after `label` in the local stack's start-up lines. */
export function urlAfter(output: string, label: string): string {
  const m = new RegExp(`^\\s*${label}\\s+(http://\\S+)`, 'm').exec(output);
  if (!m) throw new Error(`the local stack printed no ${label} URL:\n${output}`);
  return m[1]!;
}

function logTail(dataDir: string, name: string, lines = 20): string {
  try {
    return readFileSync(path.join(dataDir, 'logs', `${name}.log`), 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Starts scripts/start.ts on free ports and waits until it says it is running (the first start
 * bundles the workflow code and may take a while). The API key is the one it prints.
 */
export async function startLocalStack(options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<LocalStack> {
  try {
    return await startLocalStackOnce(options);
  } catch (err) {
    // The ports are free when picked, not reserved: the dev server opens ports of its own choosing
    // as it starts, and one of them can be a port picked here (MailDev then exits at once, with
    // nothing in its log). Such a stack dies during start-up; a second try, on other ports, tells
    // a taken port from a stack that cannot start, which fails twice.
    if (!(err instanceof StackExitedDuringStartUp)) throw err;
    process.stderr.write(`${err.message}\n\nStarting the local stack once more, on other ports.\n`);
    return startLocalStackOnce(options);
  }
}

class StackExitedDuringStartUp extends Error {}

async function startLocalStackOnce(options: { timeoutMs?: number; env?: NodeJS.ProcessEnv }): Promise<LocalStack> {
  const dir = mkdtempSync(path.join(tmpdir(), 'browser-stack-'));
  const dataDir = path.join(dir, 'data');
  const [temporal, temporalUi, mailUi, smtp, pages, metrics, codec, pglite] = (await distinctFreePorts(8)) as [number, number, number, number, number, number, number, number];
  const ports: StackPorts = { temporal, temporalUi, mailUi, smtp, pages, metrics };
  const env: NodeJS.ProcessEnv = {
    ...cleanEnv(),
    TEMPORAL_PORT: String(temporal),
    TEMPORAL_UI_PORT: String(temporalUi),
    MAIL_UI_PORT: String(mailUi),
    SMTP_URL: `smtp://localhost:${smtp}`,
    PORT: String(pages),
    METRICS_PORT: String(metrics),
    CODEC_SERVER_PORT: String(codec),
    PGLITE_PORT: String(pglite),
    DATA_DIR: dataDir,
    ENV_LOCAL_FILE: path.join(dir, 'env.local'),
    ...options.env,
  };
  const proc: ChildProcess = spawn(process.execPath, ['--import', 'tsx', START], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  let running = true;
  const exited = new Promise<void>((resolve) =>
    proc.once('exit', () => {
      running = false;
      resolve();
    }),
  );

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      if (running) {
        proc.kill('SIGTERM');
        const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 60_000).unref());
        if ((await Promise.race([exited, timeout])) === 'timeout') {
          proc.kill('SIGKILL');
          await exited;
        }
      }
      // If the stack itself died hard, its children (own process groups) are listed here.
      const pidFile = path.join(dataDir, 'local-stack.json');
      if (existsSync(pidFile)) {
        try {
          const { children } = JSON.parse(readFileSync(pidFile, 'utf8')) as { children: { pid: number }[] };
          for (const { pid } of children) {
            try {
              process.kill(-pid, 'SIGKILL');
            } catch {
              // gone already
            }
          }
        } catch {
          // unreadable: nothing more to do
        }
      }
      rmSync(dir, { recursive: true, force: true });
    })());

  const deadline = Date.now() + (options.timeoutMs ?? 300_000);
  while (!/Press Ctrl-C to stop\./.test(out)) {
    if (!running || Date.now() > deadline) {
      const why = running ? 'did not report running in time' : 'exited during start-up';
      const logs = ['temporal', 'worker', 'api'].map((n) => `--- ${n}.log\n${logTail(dataDir, n)}`).join('\n');
      await stop();
      const message = `The local stack ${why}.\n--- stdout\n${out}\n--- stderr\n${err}\n${logs}`;
      throw running ? new Error(message) : new StackExitedDuringStartUp(message);
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  const fromOutput = /API key\s+(\S+)/.exec(out)?.[1];
  const fromFile = /^API_KEY=(.+)$/m.exec(existsSync(env.ENV_LOCAL_FILE!) ? readFileSync(env.ENV_LOCAL_FILE!, 'utf8') : '')?.[1]?.trim();
  const apiKey = fromOutput ?? fromFile;
  if (!apiKey) {
    await stop();
    throw new Error(`The local stack printed no API key:\n${out}`);
  }
  return {
    urls: {
      frontDesk: urlAfter(out, 'Front desk'),
      temporalUi: urlAfter(out, 'Temporal UI'),
      outbox: urlAfter(out, 'SMS outbox'),
      mail: urlAfter(out, 'Mail'),
    },
    apiKey,
    ports,
    dataDir,
    stdout: () => out,
    stderr: () => err,
    stop,
  };
}

/** Calls the stack's HTTP API as a script would (for set-up and checks beside the page). */
export async function apiRequest<T = unknown>(
  stack: LocalStack,
  method: string,
  apiPath: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(new URL(apiPath, stack.urls.frontDesk), {
    method,
    headers: {
      authorization: `Bearer ${stack.apiKey}`,
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed as T };
}

/** Waits until the API answers the clinic's list (Temporal, visibility and the key all work). */
export async function waitForApi(stack: LocalStack, clinicId: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await apiRequest(stack, 'GET', `/api/enrollments?clinicId=${encodeURIComponent(clinicId)}`);
      if (res.status === 200) return;
      last = `${res.status} ${JSON.stringify(res.body)}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`The HTTP API on ${stack.urls.frontDesk} did not answer GET /api/enrollments: ${last}`);
}

// --- the browser ------------------------------------------------------------------------------

export async function launchBrowser(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(CHROMIUM_ADVICE);
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}

export interface OpenPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions in the page: a front desk that throws is broken. */
  pageErrors: string[];
}

export async function openPage(browser: Browser, options: BrowserContextOptions = {}): Promise<OpenPage> {
  // Reduced motion: the page scrolls and slides instantly, so screenshots catch finished frames.
  const context = await browser.newContext({ viewport: { width: 1440, height: 960 }, locale: 'en-US', reducedMotion: 'reduce', ...options });
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return { context, page, pageErrors };
}

/** What a browser suite shares: the local stack, Chromium, pages in the client's zone, signing in. */
export interface FrontDesk {
  stack(): LocalStack;
  /** A fresh browser context in `zone`, closed after the suite. */
  newPage(): Promise<OpenPage>;
  /** Opens the front desk and signs in as the administrator the stack made (`shot`: a screenshot of the sign-in). */
  signIn(page: Page, shot?: string): Promise<void>;
}

// --- people: the first administrator, invitations and links read from the mail page -----------

export interface Credentials {
  email: string;
  password: string;
}

/** The first administrator's email and password, as the local stack's banner prints them once (app/first-admin.ts). */
export function adminCredentials(stack: LocalStack): Credentials {
  const m = /^\s*Sign in\s+\S+ as (\S+) with the password (\S+)/m.exec(stack.stdout());
  if (!m) throw new Error(`The local stack printed no administrator's email and password:\n${stack.stdout()}`);
  return { email: m[1]!, password: m[2]! };
}

interface Mail {
  id: string;
  subject: string;
  text?: string;
  html?: string;
  to: { address: string }[];
}

async function mails(stack: LocalStack): Promise<Mail[]> {
  const res = await fetch(`${stack.urls.mail}/api/email`, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(10_000) });
  return (await res.json()) as Mail[];
}

/**
 * The token of the newest front-desk link (`#/invite/<token>`, `#/reset/<token>`) mailed to
 * `address`, waiting for it to arrive; `seen`: tokens already used, to wait for a newer mail.
 */
export async function linkToken(stack: LocalStack, address: string, kind: 'invite' | 'reset', seen: ReadonlySet<string> = new Set(), timeoutMs = 30_000): Promise<string> {
  const link = new RegExp(`#/${kind}/([A-Za-z0-9_-]+)`, 'g');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const mail of (await mails(stack)).reverse()) {
      if (!mail.to.some((t) => t.address.toLowerCase() === address.toLowerCase())) continue;
      const tokens = [...`${mail.text ?? ''} ${mail.html ?? ''}`.matchAll(link)].map((m) => m[1]!);
      const fresh = tokens.find((t) => !seen.has(t));
      if (fresh) return fresh;
    }
    if (Date.now() > deadline) throw new Error(`No ${kind} link was mailed to ${address}.`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** Invites someone to a clinic through the API with the stack's administrator key; the invitation's link token. */
export async function invitePerson(stack: LocalStack, clinicId: string, person: { email: string; name: string; role: 'owner' | 'staff' }): Promise<string> {
  const res = await apiRequest(stack, 'POST', `/api/clinics/${clinicId}/staff`, person);
  if (res.status !== 201) throw new Error(`Inviting ${person.email} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return linkToken(stack, person.email, 'invite');
}

/** Opens an invitation link in the page and chooses a password: the person ends signed in at the desk. */
export async function acceptInvitationInPage(page: Page, stack: LocalStack, token: string, password: string): Promise<void> {
  await page.goto(`${stack.urls.frontDesk}#/invite/${token}`);
  await page.waitForSelector('#invite #password-form');
  await page.fill('#newPassword', password);
  await page.fill('#newPasswordAgain', password);
  await page.click('#password-submit');
  await page.waitForSelector('#enroll-form');
  await page.waitForSelector('#clinic:not([disabled])');
}

/** Opens the front desk and signs in with an email and a password. */
export async function signInAs(page: Page, stack: LocalStack, who: Credentials, shot?: string): Promise<void> {
  const url = stack.urls.frontDesk;
  await page.goto(url);
  await page.waitForSelector('#signin-form, #enroll-form');
  if ((await page.locator('#signin-form').count()) === 0) {
    throw new Error(`The front desk at ${url} opened without asking who is signing in.`);
  }
  if (shot) await screenshot(page, shot);
  await page.fill('#signinEmail', who.email);
  await page.fill('#signinPassword', who.password);
  await page.click('#signin-submit');
  await page.waitForSelector('#enroll-form');
  // The clinic list (or, without one, the clinic ID field) is ready.
  await page.waitForSelector('#clinic:not([disabled])');
}

/**
 * Starts Chromium and the whole local stack before the suite (ready once `clinicId` answers) and
 * stops both after it.
 */
export function frontDeskSuite(opts: { clinicId: string; zone: string }): FrontDesk {
  let stack: LocalStack | undefined;
  let browser: Browser | undefined;
  const opened: OpenPage[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
    stack = await startLocalStack();
    await waitForApi(stack, opts.clinicId);
  });
  afterAll(async () => {
    for (const p of opened.splice(0)) await p.context.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await stack?.stop();
  });
  const theStack = (): LocalStack => {
    if (!stack) throw new Error('the local stack did not start (see beforeAll)');
    return stack;
  };
  return {
    stack: theStack,
    async newPage() {
      if (!browser) throw new Error('chromium did not start (see beforeAll)');
      const p = await openPage(browser, { timezoneId: opts.zone });
      opened.push(p);
      return p;
    },
    async signIn(page, shot) {
      const stackNow = theStack();
      if ((await page.context().request.get(`${stackNow.urls.frontDesk}/`)).status() !== 200) {
        throw new Error(`The front desk (web/index.html) is not served at ${stackNow.urls.frontDesk}/.`);
      }
      await signInAs(page, stackNow, adminCredentials(stackNow), shot);
    },
  };
}

/** test-results/screenshots/<name>.png (animations finished, caret hidden). */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  // Let scrolling and layout settle: a capture right after a scroll can be a frame behind.
  // (Browser-side code as a string: the project's TypeScript has no DOM types.)
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
  await page.waitForTimeout(250);
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide', fullPage: options.fullPage ?? false });
  return file;
}

// --- time -------------------------------------------------------------------------------------

/**
 * A client zone where it is mid-day now, so the welcome goes at once inside every clinic's window;
 * only zones the page's picker offers (ICU lists some under older names: Asia/Calcutta).
 */
export function daytimeZone(at = new Date()): string {
  const listed = new Set(Intl.supportedValuesOf('timeZone'));
  return zoneAtLocalHour(at.getTime(), 10, 18, ZONES.filter((zone) => listed.has(zone)));
}
