/**
 * Issue 15, point 4: a client's emails carry a one-click unsubscribe (RFC 8058), and using it
 * switches email off in their running aftercare at that clinic, and nowhere else.
 *
 * On a real stack (dev server, worker, API, SMTP sink): the welcome email as it arrives over SMTP
 * carries List-Unsubscribe with an https link and List-Unsubscribe-Post; posting to that link as a
 * mail program does switches email off in the client's run at that clinic and leaves the same
 * address's run at another clinic alone; the link opened in Chromium does it through its page; a
 * new address (contact change) gets its own working link; an altered link is refused and changes
 * nothing.
 */
import { DateTime } from 'luxon';
import type { ParsedMail } from 'mailparser';
import { unsubscribeUrl } from '../../app/unsubscribe-token';
import { CLINIC } from '../../dev/aftercare-harness';
import { clinicRecord } from '../../dev/clinics';
import { createLogger } from '../../platform/logger';
import { TASK_QUEUE, type AftercareStatus } from '../../workflows/contract';
import { startApiStack, TEST_API_KEY, testApiConfig } from '../support/api-stack';
import { launchBrowser } from '../support/browser';
import { eventually, middayZone } from '../support/eventually';

jest.setTimeout(240_000);

const A = clinicRecord({ ...CLINIC, id: 'northside', phone: '+12125550147' });
const B = clinicRecord({ ...CLINIC, id: 'southbank', name: 'Southbank Hair Clinic', email: 'desk@southbank.example.com', phone: '+12125550160' });
const EMAIL = 'Jordan.Unsub@example.com';
const config = testApiConfig();
const auth = { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' };

let stack: Awaited<ReturnType<typeof startApiStack>>;

beforeAll(async () => {
  stack = await startApiStack({ clinics: [A, B], config, logger: createLogger({ write: () => undefined }), taskQueue: TASK_QUEUE, unsubscribeLinks: true });
});
afterAll(async () => {
  await stack?.stop();
});

let refs = 0;
async function enroll(clinicId: string, email = EMAIL): Promise<string> {
  const res = await fetch(`${stack.baseUrl}/api/enrollments`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({
      clinicId,
      clientRef: `UN${Date.now().toString(36)}${++refs}`,
      client: { firstName: 'Jordan', email, timezone: middayZone(), consent: { sms: false, email: true } },
      session: { number: 1, performedAt: DateTime.now().minus({ hours: 1 }).toISO(), plannedSessions: 3 },
    }),
  });
  if (res.status !== 201) throw new Error(`enrolment at ${clinicId}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { workflowId: string }).workflowId;
}

const statusOf = async (workflowId: string) => (await (await fetch(`${stack.baseUrl}/api/enrollments/${workflowId}`, { headers: auth })).json()) as AftercareStatus;

/** The welcome email of a run, as the SMTP server received it. */
async function welcomeOf(workflowId: string): Promise<ParsedMail> {
  const find = () => stack.h.smtp.messages.find((m) => m.headers.get('x-aftercare-workflow') === workflowId && m.headers.get('x-aftercare-step') === 'welcome');
  const mail = await eventually(async () => find(), (m) => m !== undefined, 60_000);
  if (!mail) throw new Error(`no welcome email for ${workflowId}`);
  return mail;
}

const headerOf = (mail: ParsedMail, name: string) => mail.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, '');

/** The one https link of List-Unsubscribe. */
function linkOf(mail: ParsedMail): string {
  const m = /^<(https?:\/\/[^>]+)>$/.exec(headerOf(mail, 'list-unsubscribe') ?? '');
  if (!m) throw new Error(`no one-click link in List-Unsubscribe: ${headerOf(mail, 'list-unsubscribe')}`);
  return m[1]!;
}

/** What a mail program does for one click (RFC 8058 section 3.2): no cookies, no auth. */
const oneClick = (url: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });

/** Posts until the run shows email off: the run's EmailHash may take a moment to be searchable. */
async function unsubscribedBy(url: string, workflowId: string): Promise<AftercareStatus> {
  return eventually(
    async () => {
      const res = await oneClick(url);
      expect(res.status).toBe(200);
      return statusOf(workflowId);
    },
    (s) => s.channels.email === 'opted-out',
  );
}

let WF_A: string;
let WF_B: string;
let link: string;

it('the welcome carries List-Unsubscribe (one https link of this stack) and List-Unsubscribe-Post, and the link in its footer', async () => {
  WF_A = await enroll(A.id);
  WF_B = await enroll(B.id);
  const mail = await welcomeOf(WF_A);
  link = linkOf(mail);
  expect(link.startsWith(`${stack.baseUrl}/unsubscribe/`)).toBe(true);
  expect(headerOf(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
  expect(mail.text).toContain(link);
  expect(mail.html).toContain(`href="${link}"`);
  // The link names the clinic and a keyed hash, never the address.
  expect(link.toLowerCase()).not.toContain('jordan');
  // Each clinic's email has its own link.
  expect(linkOf(await welcomeOf(WF_B))).not.toBe(link);
});

it('an altered or forged link is refused with a page (404) and changes nothing', async () => {
  const token = link.slice(link.lastIndexOf('/') + 1);
  const [clinicId, hash, signature] = token.split('.') as [string, string, string];
  const flip = (s: string, i: number) => `${s.slice(0, i)}${s[i] === 'A' ? 'B' : 'A'}${s.slice(i + 1)}`;
  const forged = [
    `${B.id}.${hash}.${signature}`,
    `${clinicId}.${(parseInt(hash[0]!, 16) ^ 1).toString(16)}${hash.slice(1)}.${signature}`,
    `${clinicId}.${hash}.${flip(signature, 3)}`,
    `${clinicId}.${hash}.${signature.slice(0, -1)}`,
    'northside.0123456789abcdef0123456789abcdef.AAAAAAAAAAAAAAAAAAAAAA',
  ];
  for (const t of forged) {
    const url = `${stack.baseUrl}/unsubscribe/${t}`;
    const posted = await oneClick(url);
    expect([t, posted.status]).toEqual([t, 404]);
    expect(await posted.text()).toContain('This unsubscribe link is not valid');
    expect((await fetch(url)).status).toBe(404);
  }
  // Given time to act, had it acted: both runs still email.
  await new Promise((r) => setTimeout(r, 1000));
  expect((await statusOf(WF_A)).channels.email).toBe('active');
  expect((await statusOf(WF_B)).channels.email).toBe('active');
});

it("posting the link as a mail program does switches email off in the client's run at that clinic, not at another", async () => {
  const after = await unsubscribedBy(link, WF_A);
  expect(after.channels.email).toBe('opted-out');
  expect((await statusOf(WF_B)).channels.email).toBe('active');
  // Audited as the client's own switch, without the address.
  const entries = (await stack.access.audit.list({ limit: 100, workflowId: WF_A })).filter((e) => e.action === 'channel.switched');
  expect(entries[0]).toMatchObject({ actor: 'client:email', clinicId: A.id, detail: { channel: 'email', enabled: false, by: 'unsubscribe' } });
  expect(JSON.stringify(entries)).not.toMatch(/jordan/i);
});

it('the link opened in Chromium performs it through its page (a script file posts the form; no inline script)', async () => {
  const linkB = linkOf(await welcomeOf(WF_B));
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const problems: string[] = [];
    const loaded: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      // The browser asking for a /favicon.ico nobody serves is no fault of the page.
      if (m.type() === 'error' && !/status of 404/.test(m.text())) problems.push(m.text());
    });
    page.on('response', (r) => {
      const path = new URL(r.url()).pathname;
      if (path !== '/favicon.ico') loaded.push(`${r.request().method()} ${path} ${r.status()}`);
    });
    await page.goto(linkB);
    await page.getByRole('heading', { name: 'You are unsubscribed' }).waitFor();
    expect(await page.textContent('body')).toContain(`no more aftercare emails from ${B.name}`);
    const path = new URL(linkB).pathname;
    expect(loaded).toEqual([`GET ${path} 200`, 'GET /unsubscribe.js 200', `POST ${path} 200`]);
    expect(problems).toEqual([]);
  } finally {
    await browser.close();
  }
  expect((await statusOf(WF_B)).channels.email).toBe('opted-out');
  expect((await statusOf(WF_A)).channels.email).toBe('opted-out');
});

it("without JavaScript, the page's button does it", async () => {
  const wf = await enroll(A.id, 'no.scripts@example.com');
  const url = linkOf(await welcomeOf(wf));
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(url);
    await page.getByRole('heading', { name: 'Unsubscribe from aftercare emails' }).waitFor();
    expect((await statusOf(wf)).channels.email).toBe('active');
    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    await page.getByRole('heading', { name: 'You are unsubscribed' }).waitFor();
  } finally {
    await browser.close();
  }
  expect((await eventually(() => statusOf(wf), (s) => s.channels.email === 'opted-out')).channels.email).toBe('opted-out');
});

it('opening the page alone changes nothing (a mail scanner fetching the link unsubscribes nobody)', async () => {
  const wf = await enroll(A.id, 'scanned@example.com');
  const url = linkOf(await welcomeOf(wf));
  const page = await fetch(url);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('<form id="unsubscribe" method="post"');
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  await new Promise((r) => setTimeout(r, 1000));
  expect((await statusOf(wf)).channels.email).toBe('active');
});

it("after an email change, the new address's link reaches the run", async () => {
  const wf = await enroll(A.id, 'before.change@example.com');
  await welcomeOf(wf);
  const changed = await fetch(`${stack.baseUrl}/api/enrollments/${wf}/contact`, { method: 'POST', headers: auth, body: JSON.stringify({ email: 'After.Change@example.com' }) });
  expect(changed.status).toBe(200);
  // The old address's link no longer reaches it.
  const old = unsubscribeUrl(stack.baseUrl, config.PHONE_HASH_KEY!, { to: 'before.change@example.com', clinicId: A.id });
  expect((await oneClick(old)).status).toBe(200);
  await new Promise((r) => setTimeout(r, 1000));
  expect((await statusOf(wf)).channels.email).toBe('active');
  const fresh = unsubscribeUrl(stack.baseUrl, config.PHONE_HASH_KEY!, { to: 'after.change@example.com', clinicId: A.id });
  expect((await unsubscribedBy(fresh, wf)).channels.email).toBe('opted-out');
});
