/**
 * The clinic's numbers at the front desk (`#/numbers`), in a real browser against the whole local
 * stack (what `npm start` runs). Clients are enrolled through the API, so their welcomes really go
 * out; an owner opens the numbers and sees charts drawn by Chart.js (served from this origin,
 * under the page's CSP) and the same figures, as text and tables, as the API's answer; the
 * 90-day switch asks again; the CSV download is the API's CSV; an error offers to try again; a
 * narrow screen holds it; an administrator picks the clinic; staff of another clinic see only their own (empty) clinic and get 404
 * for this one. Screenshots go to test-results/screenshots/numbers-*.png.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { sendInboundSms } from '../../examples/send-inbound-sms';
import { withEnvLocal } from '../../platform/env-file';
import { dayLabel } from '../../web/numbers-format.js';
import { acceptInvitationInPage, apiRequest, daytimeZone, frontDeskSuite, invitePerson, screenshot } from '../support/browser';
import { until } from '../support/eventually';

jest.setTimeout(600_000);

const CLINIC = 'northside';
const OTHER_CLINIC = 'harbour';
const run = Date.now().toString(36);
const OWNER = { email: `numbers-owner-${run}@example.com`, name: 'Nora Owner', password: 'owner password for numbers' };
const STAFF = { email: `numbers-staff-${run}@example.com`, name: 'Hal Staff', password: 'staff password for numbers' };
const CHARTS = ['numbers-phases-chart', 'numbers-booking-chart', 'numbers-sms-chart', 'numbers-email-chart', 'numbers-urgent-chart', 'numbers-opt-outs-chart'];

const zone = daytimeZone();
const desk = frontDeskSuite({ clinicId: CLINIC, zone });
const theStack = desk.stack;

interface Figures {
  sent: number;
  delivered: number;
  failed: number;
}
interface Numbers {
  clinicId: string;
  days: number;
  from: string;
  to: string;
  generatedAt: string;
  clients: { counting: boolean; running: number; byPhase: { phase: string; count: number }[]; countedAt: string };
  sends: { byDay: { day: string; sms: Figures; email: Figures }[]; totals: { sms: Figures; email: Figures } };
  booking: { asked: number; bookedByDay14: number; conversion: number | null };
  urgent: { replies: number; handled: number; medianMinutesToHandled: number | null; byDay: { day: string; replies: number; handled: number }[] };
  optOuts: { sms: number; email: number; byDay: { day: string; sms: number; email: number }[] };
}

const numbersPath = (clinicId: string, days: number, csv = false) => `/api/clinics/${clinicId}/numbers${csv ? '.csv' : ''}?days=${days}`;
const apiNumbers = async (days: number) => (await apiRequest<Numbers>(theStack(), 'GET', numbersPath(CLINIC, days))).body;
/** The answer without the moment it was made. */
/** The answer without its times: when it was made, and when the API (which keeps them a few seconds) counted the phases. */
const figuresOf = ({ generatedAt: _at, clients: { countedAt: _counted, ...clients }, ...rest }: Numbers) => ({ ...rest, clients });
const count = (n: number) => n.toLocaleString('en-US');
/** The page's own ask for the numbers over `days` (for holding it back or failing it). */
const numbersAsk = (days: number) => (url: URL) => url.pathname === `/api/clinics/${CLINIC}/numbers` && url.searchParams.get('days') === String(days);

let page: Page;
let answer90: Numbers;
let pageErrors: string[] = [];
const violations: string[] = [];
const foreign: string[] = [];

/** A table's body rows as the cells' texts (the row heading first). */
const tableRows = (id: string) =>
  page.$$eval(`#${id} tbody tr`, (rows) => rows.map((r) => Array.from((r as unknown as { children: ArrayLike<{ textContent: string | null }> }).children, (c) => (c.textContent ?? '').trim())));

/** How many pixels of the canvas something was drawn on (a blank canvas has none). */
const paintedPixels = (id: string) =>
  page.evaluate(`(() => {
    const c = document.getElementById(${JSON.stringify(id)});
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return n;
  })()`) as Promise<number>;

/** The charts an answer has: booking's only once someone was asked to book (new clients have not been). */
const chartsOf = (answer: Numbers) => CHARTS.filter((id) => id !== 'numbers-booking-chart' || answer.booking.asked > 0);

/** The view shows the answer for `days`, every chart it has drawn. */
async function shown(answer: Numbers): Promise<void> {
  await page.waitForSelector(`#numbers[aria-busy="false"][data-days="${answer.days}"]`);
  for (const id of chartsOf(answer)) await page.waitForSelector(`#${id}[data-drawn="true"], #numbers .numbers-chart-failed`);
  expect(await page.locator('#numbers .numbers-chart-failed').count()).toBe(0);
}

/** What the page shows equals `answer`: the headline figures, every table, the period. */
async function expectShows(answer: Numbers): Promise<void> {
  const text = (selector: string) => page.textContent(selector).then((t) => (t ?? '').trim());
  await expect(text('#numbers-running')).resolves.toBe(count(answer.clients.running));
  await expect(text('#numbers-sms-sent')).resolves.toBe(count(answer.sends.totals.sms.sent));
  await expect(text('#numbers-email-sent')).resolves.toBe(count(answer.sends.totals.email.sent));
  await expect(text('#numbers-tiles')).resolves.toContain(`texts sent, ${count(answer.sends.totals.sms.delivered)} delivered`);
  await expect(text('#numbers-urgent-replies')).resolves.toBe(count(answer.urgent.replies));
  await expect(text('#numbers-opt-outs-total')).resolves.toBe(count(answer.optOuts.sms + answer.optOuts.email));
  const rate = answer.booking.conversion === null ? '–' : `${Math.round(answer.booking.conversion * 100)}%`;
  await expect(text('#numbers-conversion')).resolves.toBe(rate);
  await expect(text('#numbers-sms-summary')).resolves.toContain(
    `${count(answer.sends.totals.sms.sent)} sent, ${count(answer.sends.totals.sms.delivered)} delivered, ${count(answer.sends.totals.sms.failed)} failed`,
  );

  expect((await tableRows('numbers-phases-table')).map((r) => r[1])).toEqual(answer.clients.byPhase.map((p) => count(p.count)));
  for (const channel of ['sms', 'email'] as const) {
    expect(await tableRows(`numbers-${channel}-table`)).toEqual(
      answer.sends.byDay.map((d) => [dayLabel(d.day, 'en-US'), count(d[channel].sent), count(d[channel].delivered), count(d[channel].failed)]),
    );
  }
  expect(await tableRows('numbers-urgent-table')).toEqual(answer.urgent.byDay.map((d) => [dayLabel(d.day, 'en-US'), count(d.replies), count(d.handled)]));
  expect(await tableRows('numbers-opt-outs-table')).toEqual(answer.optOuts.byDay.map((d) => [dayLabel(d.day, 'en-US'), count(d.sms), count(d.email)]));
  expect(await tableRows('numbers-booking-table')).toEqual([
    ['Asked to book', count(answer.booking.asked)],
    ['Booked by day 14', count(answer.booking.bookedByDay14)],
    ['Conversion', rate],
  ]);
  await expect(text('#numbers-period')).resolves.toContain(`The last ${answer.days} days`);
  // When the phases were counted, on the reader's clock.
  await expect(page.getAttribute('#numbers-counted-at', 'datetime')).resolves.toBe(answer.clients.countedAt);
  await expect(text('#numbers-period')).resolves.toMatch(/Clients in each phase counted at \d{1,2}:\d{2}/);
}

const phoneOf = (n: number) => `+1212555${String(4600 + n).padStart(4, '0')}`;

/** Client `n` texts the clinic through the webhook, signed with the local stack's token. */
async function clientTexts(n: number, body: string): Promise<void> {
  const env = withEnvLocal({ ENV_LOCAL_FILE: path.join(theStack().dataDir, '..', 'env.local') });
  const answer = await sendInboundSms({ from: phoneOf(n), body, target: new URL(theStack().urls.frontDesk).origin }, env);
  expect(answer.status).toBe(200);
}

async function enrol(n: number, email: boolean): Promise<void> {
  const res = await apiRequest(theStack(), 'POST', '/api/enrollments', {
    clinicId: CLINIC,
    clientRef: `NU${run.toUpperCase()}${n}`,
    client: {
      firstName: 'Numa',
      phone: phoneOf(n),
      ...(email ? { email: `numbers-client-${run}-${n}@example.com` } : {}),
      timezone: zone,
      consent: { sms: true, email, text: 'I agree to receive aftercare messages.' },
    },
    session: { number: 1, performedAt: new Date(Date.now() - 3_600_000).toISOString(), plannedSessions: 3 },
  });
  expect(res.status).toBe(201);
}

describe("the clinic's numbers at the front desk", () => {
  afterAll(() => {
    expect(pageErrors).toEqual([]);
    expect(violations).toEqual([]);
    expect(foreign).toEqual([]);
  });

  it('serves Chart.js from this origin: the files its build imports, and nothing else of the package', async () => {
    const get = (p: string) => fetch(new URL(p, theStack().urls.frontDesk), { signal: AbortSignal.timeout(10_000) });
    for (const p of ['/vendor/chart/chart.js', '/vendor/chart/chunks/index.js', '/vendor/kurkle-color.mjs']) {
      const res = await get(p);
      expect([p, res.status, res.headers.get('content-type')]).toEqual([p, 200, 'text/javascript; charset=utf-8']);
    }
    for (const p of ['/vendor/chart/chart.js.map', '/vendor/chart/chart.cjs', '/vendor/chart/chart.umd.js', '/vendor/chart/package.json', '/vendor/chunks/index.js']) {
      expect([p, (await get(p)).status]).toEqual([p, 404]);
    }
  });

  it("an owner opens the numbers: loading, then every chart drawn and the same figures as the API's answer", async () => {
    for (let n = 1; n <= 3; n++) await enrol(n, n === 1);
    // The webhook finds a run by the phone's hash in visibility, which lags a moment.
    await until(
      async () => (await apiRequest<unknown[]>(theStack(), 'GET', `/api/enrollments?clinicId=${CLINIC}&phone=${encodeURIComponent(phoneOf(3))}`)).body,
      (rows) => Array.isArray(rows) && rows.length === 1,
      'the last client found by phone',
    );
    await clientTexts(2, "my scalp is hot and there's yellow pus");
    await clientTexts(3, 'STOP');
    // The welcomes go out at once (mid-day in the clients' zone); wait until the numbers count
    // them, the urgent text and the opt-out, and stand still.
    let last = '';
    await until(
      () => apiNumbers(30),
      (answer) => {
        const now = JSON.stringify(figuresOf(answer));
        const settled =
          answer.clients.running >= 3 &&
          answer.sends.totals.sms.sent >= 3 &&
          answer.sends.totals.email.sent >= 1 &&
          answer.urgent.replies >= 1 &&
          answer.optOuts.sms >= 1 &&
          now === last;
        last = now;
        return settled;
      },
      'the enrolments, the urgent text and the opt-out counted',
    );

    const token = await invitePerson(theStack(), CLINIC, { email: OWNER.email, name: OWNER.name, role: 'owner' });
    const opened = await desk.newPage();
    page = opened.page;
    pageErrors = opened.pageErrors;
    await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
    await page.addInitScript("document.addEventListener('securitypolicyviolation', (e) => window.reportViolation(e.violatedDirective + ' ' + e.blockedURI))");
    const origin = new URL(theStack().urls.frontDesk).origin;
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (!['data:', 'blob:'].includes(url.protocol) && url.origin !== origin) foreign.push(r.url());
    });
    await acceptInvitationInPage(page, theStack(), token, OWNER.password);

    // Held back, the answer leaves the view saying it is counting.
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const ask30 = numbersAsk(30);
    await page.route(ask30, async (route) => {
      await held;
      await route.continue();
    });
    const answered = page.waitForResponse((r) => r.url().endsWith(numbersPath(CLINIC, 30)));
    await page.click('#nav-numbers');
    await page.locator('#numbers-loading').waitFor({ state: 'visible' });
    await expect(page.getAttribute('#numbers', 'aria-busy')).resolves.toBe('true');
    expect(await page.locator('#numbers canvas').count()).toBe(0);
    release();
    const response = await answered;
    await page.unroute(ask30);
    expect(response.status()).toBe(200);
    const answer = (await response.json()) as Numbers;

    await shown(answer);
    expect(new URL(page.url()).hash).toBe('#/numbers');
    await expect(page.getAttribute('#nav-numbers', 'aria-current')).resolves.toBe('page');
    // The page's answer is the API's: the enrolments counted, and nothing but the time differs.
    expect(answer.clients.running).toBeGreaterThanOrEqual(3);
    expect(figuresOf(answer)).toEqual(figuresOf(await apiNumbers(30)));
    for (const id of chartsOf(answer)) expect(await paintedPixels(id)).toBeGreaterThan(500);
    expect(await page.locator('#numbers canvas').count()).toBe(chartsOf(answer).length);
    // Each chart is an image named by its section's summary.
    for (const id of chartsOf(answer)) {
      const section = id.replace(/-chart$/, '');
      await expect(page.getAttribute(`#${id}`, 'aria-labelledby')).resolves.toBe(`${section}-summary`);
      await expect(page.textContent(`#${section}-title`)).resolves.toBeTruthy();
    }
    await expectShows(answer);
    // The figures' table opens under its chart.
    await page.click('#numbers-sms summary');
    await page.locator('#numbers-sms-table').waitFor({ state: 'visible' });
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'numbers-01-owner-30-days', { fullPage: true });
  });

  it('the 90-day switch asks the API again and shows 90 days', async () => {
    const answered = page.waitForResponse((r) => r.url().endsWith(numbersPath(CLINIC, 90)));
    await page.click('#numbers-days-90');
    const answer = (await (await answered).json()) as Numbers;
    expect(answer.days).toBe(90);
    answer90 = answer;
    await shown(answer);
    await expect(page.getAttribute('#numbers-days-90', 'aria-pressed')).resolves.toBe('true');
    await expect(page.getAttribute('#numbers-days-30', 'aria-pressed')).resolves.toBe('false');
    expect(await page.locator('#numbers-sms-table tbody tr').count()).toBe(90);
    expect(figuresOf(answer)).toEqual(figuresOf(await apiNumbers(90)));
    await expectShows(answer);
    for (const id of chartsOf(answer)) expect(await paintedPixels(id)).toBeGreaterThan(500);
  });

  it("Download CSV saves the API's CSV for the period shown", async () => {
    const downloaded = page.waitForEvent('download');
    const fetched = page.waitForResponse((r) => r.url().endsWith(numbersPath(CLINIC, 90, true)));
    await page.click('#numbers-csv');
    const [download, response] = await Promise.all([downloaded, fetched]);
    expect(response.status()).toBe(200);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^${CLINIC}-numbers-.*\\.csv$`));
    const saved = await readFile(await download.path(), 'utf8');
    // The owner's own session asks for the same file.
    const again = await page.context().request.get(`${theStack().urls.frontDesk}${numbersPath(CLINIC, 90, true)}`);
    expect(again.status()).toBe(200);
    expect(saved).toBe(await again.text());
    const lines = saved.trim().split(/\r?\n/);
    expect(lines).toHaveLength(91);
    expect(lines[0]).toMatch(/^day,/);
    await expect(page.locator('#numbers-alert').isHidden()).resolves.toBe(true);
  });

  it('an answer that fails says so and offers to try again', async () => {
    const ask90 = numbersAsk(90);
    await page.route(ask90, (route) =>
      route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ error: 'internal', message: 'The numbers are not available right now.' }) }),
    );
    await page.click('#numbers-refresh');
    await page.locator('#numbers-alert', { hasText: 'could not be refreshed' }).waitFor({ state: 'visible' });
    await expect(page.textContent('#numbers-alert')).resolves.toContain('The figures below are the last ones loaded.');
    await expect(page.textContent('#numbers-alert')).resolves.toContain('The numbers are not available right now.');
    await screenshot(page, 'numbers-02-error');
    await page.unroute(ask90);
    await page.click('#numbers-retry');
    await shown(answer90);
    await expect(page.locator('#numbers-alert').isHidden()).resolves.toBe(true);
  });

  it('an answer given before the phases are counted shows the rest, says so, and fills in by itself', async () => {
    const ask90 = numbersAsk(90);
    let asks = 0;
    // The first ask is answered as an API still counting a large clinic answers; the next go through.
    await page.route(ask90, async (route) => {
      asks++;
      if (asks > 1) return route.continue();
      const real = await route.fetch();
      const body = (await real.json()) as Numbers;
      return route.fulfill({ response: real, json: { ...body, clients: { counting: true, running: null, byPhase: [], countedAt: null } } });
    });
    const text = (selector: string) => page.textContent(selector).then((t) => (t ?? '').trim());
    await page.click('#numbers-refresh');
    await page.locator('#numbers-phases-counting').waitFor({ state: 'visible' });
    await expect(text('#numbers-running')).resolves.toBe('…');
    await expect(text('#numbers-phases-summary')).resolves.toContain('Counting the clients in each phase');
    await expect(text('#numbers-period')).resolves.toContain('Clients in each phase are being counted.');
    expect(await page.locator('#numbers-phases-chart, #numbers-counted-at').count()).toBe(0);
    // Every other figure is there already.
    await expect(text('#numbers-sms-sent')).resolves.toBe(count(answer90.sends.totals.sms.sent));
    await expect(text('#numbers-opt-outs-total')).resolves.toBe(count(answer90.optOuts.sms + answer90.optOuts.email));
    await screenshot(page, 'numbers-03-counting');
    // Nobody clicks: the page asks again by itself and the counts come in.
    await page.locator('#numbers-counted-at').waitFor({ state: 'visible', timeout: 30_000 });
    await page.unroute(ask90);
    expect(asks).toBeGreaterThanOrEqual(2);
    await page.waitForSelector('#numbers-phases-chart[data-drawn="true"]');
    expect(await page.locator('#numbers-phases-counting').count()).toBe(0);
    await expect(text('#numbers-running')).resolves.not.toBe('…');
  });

  it('holds on a narrow screen: no sideways scrolling, a way in from the desk and back', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await shown(answer90);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await screenshot(page, 'numbers-04-narrow');
    await page.click('#numbers-back');
    await page.waitForSelector('#enroll-form');
    expect(await page.locator('#numbers').count()).toBe(0);
    await page.click('#numbers-way-in');
    await shown(answer90);
    await page.setViewportSize({ width: 1440, height: 960 });
  });

  it("an administrator picks the clinic whose numbers they see", async () => {
    const opened = await desk.newPage();
    const adminPage = opened.page;
    await desk.signIn(adminPage);
    await adminPage.click('#nav-numbers');
    await adminPage.waitForSelector('#numbers-clinic');
    const asked = adminPage.waitForResponse((r) => r.url().includes(`/api/clinics/${OTHER_CLINIC}/numbers?days=30`));
    await adminPage.selectOption('#numbers-clinic', OTHER_CLINIC);
    expect((await asked).status()).toBe(200);
    await adminPage.locator('#numbers-empty').waitFor({ state: 'visible' });
    await adminPage.selectOption('#numbers-clinic', CLINIC);
    await adminPage.waitForSelector('#numbers-phases-chart[data-drawn="true"]');
    await expect(adminPage.textContent('#numbers-title')).resolves.toContain('Northside');
    expect(opened.pageErrors).toEqual([]);
  });

  it("staff of another clinic see their own clinic's numbers (none yet), never this clinic's", async () => {
    const token = await invitePerson(theStack(), OTHER_CLINIC, { email: STAFF.email, name: STAFF.name, role: 'staff' });
    const opened = await desk.newPage();
    const staffPage = opened.page;
    await acceptInvitationInPage(staffPage, theStack(), token, STAFF.password);
    const answered = staffPage.waitForResponse((r) => r.url().includes(`/api/clinics/${OTHER_CLINIC}/numbers?days=30`));
    await staffPage.click('#nav-numbers');
    expect((await answered).status()).toBe(200);
    await staffPage.locator('#numbers-empty').waitFor({ state: 'visible' });
    await expect(staffPage.textContent('#numbers-title')).resolves.toContain('Harbour');
    expect(await staffPage.locator('#numbers canvas').count()).toBe(0);
    await screenshot(staffPage, 'numbers-04-other-clinic-empty');
    for (const csv of [false, true]) {
      const res = await staffPage.context().request.get(`${theStack().urls.frontDesk}${numbersPath(CLINIC, 30, csv)}`);
      expect(res.status()).toBe(404);
    }
    expect(opened.pageErrors).toEqual([]);
  });
});
