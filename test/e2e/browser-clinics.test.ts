/**
 * Clinics managed from the front desk, in a real browser against the whole local stack (what
 * `npm start` runs), never restarted: add a second clinic with its own text sender, enroll a
 * client there, change the clinic's phone, and see the client's next text carry the new number.
 * Refusals (a window that crosses midnight, a taken clinic ID) show beside their fields;
 * deactivating a clinic asks first and takes it out of the enrolment form. Screenshots go to
 * test-results/screenshots/clinics-*.png.
 */
import { DateTime } from 'luxon';
import { regionFromPhone } from '../../domain/compliance/profile';
import { readablePhone } from '../../domain/phone';
import type { Page } from 'playwright-core';
import { apiRequest, daytimeZone, frontDeskSuite, screenshot } from '../support/browser';

jest.setTimeout(600_000);

const SEEDED = 'northside';
const OTHER_SEEDED = 'harbour';
const run = Date.now().toString(36);
const CLINIC_ID = `eastside-${run}`;
const CLINIC_NAME = 'Eastside Ink Studio';
const FIRST_PHONE = '+12125550147';
const NEW_PHONE = '+12125550162';
const OWN_SENDER = '+12125550100';
const CLIENT_PHONE = '+12125550181';
const CLIENT_REF = `CL${run.toUpperCase()}`;
/** A zone where it is mid-day: the welcome goes at once, and a send time a minute or two ahead is still today. */
const zone = daytimeZone();
/**
 * The clinic's send time (set when the first test starts): the first whole minute at least
 * SEND_MARGIN ahead on the client's clock. The client's session was yesterday, so their "days 1-4"
 * text is due today at that time: the next message after the welcome, a minute or two away
 * instead of a day. The margin covers adding the clinic, enrolling and changing the phone (about
 * 10 s in CI), which must all come before it: a phone changed too late would leave the old
 * number in the text, and the last test would fail.
 */
const SEND_MARGIN = { seconds: 75 };
let sendAt: DateTime = DateTime.now();
let SEND_TIME = '';

/** The workflow of the client enrolled at the new clinic (set by the first test). */
let workflowId = '';

const desk = frontDeskSuite({ clinicId: SEEDED, zone });
const theStack = desk.stack;
const newPage = desk.newPage;

/** Signed in, with the Clinics screen's list drawn. */
async function signIn(page: Page): Promise<void> {
  await desk.signIn(page);
  await page.waitForSelector('#clinics-body tr');
}

const row = (page: Page, clinicId: string) => page.locator(`#clinics-body tr[data-clinic-id="${clinicId}"]`);

async function pickerOptions(page: Page): Promise<string[]> {
  return page.$$eval('#clinic option', (options) => options.map((o) => (o as unknown as { value: string }).value));
}

/** Fills the add form with a complete clinic, its own Twilio number as the sender. */
async function fillNewClinic(page: Page, id: string, window: [string, string]): Promise<void> {
  await page.fill('#clinic-id', id);
  await page.fill('#clinic-name', CLINIC_NAME);
  await page.fill('#clinic-phone', FIRST_PHONE);
  await page.fill('#clinic-email', 'care@eastside-ink.example.com');
  await page.fill('#clinic-bookingUrl', 'https://eastside-ink.example.com/book');
  await page.fill('#clinic-sendTime', SEND_TIME);
  await page.fill('#clinic-windowStart', window[0]);
  await page.fill('#clinic-windowEnd', window[1]);
  await page.fill('#clinic-plannedSessions', '3');
  await page.check('#clinic-sender-number');
  await page.fill('#clinic-smsFrom', OWN_SENDER);
  await page.fill('#clinic-smsRate', '2');
  await page.fill('#clinic-emailFrom', 'Eastside Ink Studio <care@eastside-ink.example.com>');
}

/** The field's error: shown, inside that field's block, under its control, announced with it. */
async function expectErrorBeside(page: Page, controlId: string, errorId: string): Promise<string> {
  const error = page.locator(`#${errorId}`);
  await error.waitFor({ state: 'visible' });
  expect(await page.locator(`[data-field]:has(#${controlId}) #${errorId}`).count()).toBe(1);
  const control = (await page.locator(`#${controlId}`).boundingBox())!;
  const box = (await error.boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(control.y + control.height);
  expect(box.y - (control.y + control.height)).toBeLessThan(120);
  expect(await page.getAttribute(`#${controlId}`, 'aria-invalid')).toBe('true');
  expect((await page.getAttribute(`#${controlId}`, 'aria-describedby'))?.split(' ')).toContain(errorId);
  return (await error.textContent()) ?? '';
}

interface OutboxLine {
  at: string;
  to: string;
  body: string;
  idempotencyKey: string;
  clinicId?: string;
}

async function outbox(): Promise<OutboxLine[]> {
  const res = await fetch(`${new URL(theStack().urls.outbox).origin}/outbox.json`, { signal: AbortSignal.timeout(10_000) });
  return (await res.json()) as OutboxLine[];
}

/** Waits for the outbox line of `step` for the enrolled client (the worker appends it when it sends). */
async function waitForText(step: string, timeoutMs: number): Promise<OutboxLine> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = (await outbox()).find((l) => l.idempotencyKey.startsWith(`${workflowId}:`) && l.idempotencyKey.includes(`:${step}:`));
    if (line) return line;
    if (Date.now() > deadline) throw new Error(`no "${step}" text for ${workflowId} in the outbox within ${timeoutMs / 1000} s: ${JSON.stringify(await outbox())}`);
    await new Promise((r) => setTimeout(r, 2_000));
  }
}

describe('clinics from the front desk', () => {
  it('adds a second clinic with its own sender, offers it at once, and enrolls a client there without a restart', async () => {
    const earliest = DateTime.now().setZone(zone).plus(SEND_MARGIN);
    sendAt = earliest.startOf('minute').equals(earliest) ? earliest : earliest.startOf('minute').plus({ minutes: 1 });
    SEND_TIME = sendAt.toFormat('HH:mm');
    const { page, pageErrors } = await newPage();
    await signIn(page);
    expect(await pickerOptions(page)).not.toContain(CLINIC_ID);

    await page.click('#clinic-add');
    await page.waitForSelector('#clinic-editor[open]');
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('clinic-id');
    await fillNewClinic(page, CLINIC_ID, ['06:00', '22:00']);
    await screenshot(page, 'clinics-01-add-form');
    const added = page.waitForResponse((r) => r.url().endsWith('/api/clinics') && r.request().method() === 'POST');
    await page.click('#clinic-save');
    expect((await added).status()).toBe(201);
    await page.waitForSelector('#clinic-editor', { state: 'hidden' });

    // In the list, as the server has it.
    const listed = row(page, CLINIC_ID);
    await listed.waitFor({ state: 'visible' });
    await expect(listed.locator('.clinic-name').textContent()).resolves.toBe(CLINIC_NAME);
    await expect(listed.locator('.cell-phone').textContent()).resolves.toBe(FIRST_PHONE);
    await expect(listed.locator('.cell-sender').textContent()).resolves.toContain(OWN_SENDER);
    await expect(listed.locator('.cell-rate').textContent()).resolves.toBe('2 per second');
    await expect(listed.locator('.cell-status').textContent()).resolves.toContain('Active');
    const profile = await apiRequest<{ phone: string; sendTime: string; window: string; sms: { from?: string; ratePerSecond: number } }>(
      theStack(),
      'GET',
      `/api/clinics/${CLINIC_ID}`,
    );
    expect(profile.status).toBe(200);
    expect(profile.body).toMatchObject({ phone: FIRST_PHONE, sendTime: SEND_TIME, window: '06:00-22:00', sms: { from: OWN_SENDER, ratePerSecond: 2 } });
    await page.locator('#clinics').scrollIntoViewIfNeeded();
    await screenshot(page, 'clinics-02-added');

    // The enrolment form offers it without a reload, and a client is enrolled there (SMS only:
    // their texts then point to the clinic's phone). Their session was yesterday.
    expect(await pickerOptions(page)).toContain(CLINIC_ID);
    await page.selectOption('#clinic', CLINIC_ID);
    await page.fill('#clientRef', CLIENT_REF);
    await page.fill('#firstName', 'Robin');
    await page.fill('#phone', CLIENT_PHONE);
    await page.selectOption('#timezone', zone);
    await page.fill('#sessionNumber', '1');
    await page.fill('#plannedSessions', '3');
    await page.fill('#performedAt', DateTime.now().setZone(zone).minus({ days: 1 }).toFormat("yyyy-MM-dd'T'HH:mm"));
    await page.check('#consentSms');
    await expect(page.textContent('#consentSms-text')).resolves.toContain(CLINIC_NAME);
    const enrolled = page.waitForResponse((r) => r.url().endsWith('/api/enrollments') && r.request().method() === 'POST');
    // The plan first (the new clinic's send time), then the enrolment.
    await page.click('#enroll-submit');
    await page.locator('#enroll-preview .preview-step[data-step="days-1-4"]').waitFor();
    await page.click('#enroll-submit');
    const answer = await enrolled;
    expect(answer.status()).toBe(201);
    workflowId = ((await answer.json()) as { workflowId: string }).workflowId;
    await page.locator('#enroll-result').waitFor({ state: 'visible' });
    await expect(page.textContent('#enroll-result')).resolves.toContain(`at ${CLINIC_NAME}`);
    // The next text after the welcome is due today, minutes from now.
    const status = await apiRequest<{ clinicId: string; plan: { step: string; sendAt: string }[] }>(theStack(), 'GET', `/api/enrollments/${workflowId}`);
    expect(status.body.clinicId).toBe(CLINIC_ID);
    expect(status.body.plan.find((s) => s.step === 'days-1-4')?.sendAt).toBe(sendAt.toUTC().toISO());

    await page.locator(`#clients-body tr[data-workflow-id="${workflowId}"]`).waitFor({ state: 'visible', timeout: 60_000 });
    await screenshot(page, 'clinics-03-enrolled-at-new-clinic');
    expect(pageErrors).toEqual([]);
  });

  it("changes the clinic's phone from the page and shows it in the list", async () => {
    const { page, pageErrors } = await newPage();
    await signIn(page);
    await row(page, CLINIC_ID).locator('[data-action="edit"]').click();
    await page.waitForSelector('#clinic-editor[open]');
    await expect(page.inputValue('#clinic-phone')).resolves.toBe(FIRST_PHONE);
    expect(await page.getAttribute('#clinic-id', 'readonly')).not.toBeNull();
    await page.fill('#clinic-phone', NEW_PHONE);
    const saved = page.waitForResponse((r) => r.url().endsWith(`/api/clinics/${CLINIC_ID}`) && r.request().method() === 'PATCH');
    await page.click('#clinic-save');
    const answer = await saved;
    expect(answer.status()).toBe(200);
    // Only what changed is sent.
    expect(answer.request().postDataJSON()).toEqual({ phone: NEW_PHONE });
    await page.waitForSelector('#clinic-editor', { state: 'hidden' });
    await expect(row(page, CLINIC_ID).locator('.cell-phone').textContent()).resolves.toBe(NEW_PHONE);
    const profile = await apiRequest<{ phone: string }>(theStack(), 'GET', `/api/clinics/${CLINIC_ID}`);
    expect(profile.body.phone).toBe(NEW_PHONE);
    await page.locator('#clinics').scrollIntoViewIfNeeded();
    await screenshot(page, 'clinics-04-phone-changed');
    expect(pageErrors).toEqual([]);
  });

  it('shows a window that crosses midnight and a taken clinic ID beside their fields, and adds nothing', async () => {
    const { page, pageErrors } = await newPage();
    await signIn(page);
    await page.click('#clinic-add');
    await page.waitForSelector('#clinic-editor[open]');

    // A taken ID: 409, shown under the ID, which gets the focus.
    await fillNewClinic(page, SEEDED, ['09:00', '20:00']);
    const taken = page.waitForResponse((r) => r.url().endsWith('/api/clinics') && r.request().method() === 'POST');
    await page.click('#clinic-save');
    expect((await taken).status()).toBe(409);
    expect(await expectErrorBeside(page, 'clinic-id', 'clinic-id-error')).toContain(SEEDED);
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('clinic-id');
    expect(await page.locator('#clinic-form .has-error').count()).toBe(1);
    await screenshot(page, 'clinics-05-id-taken');

    // A window from 22:00 to 06:00: the server's 400, under the window.
    const fresh = `west-${run}`;
    await page.fill('#clinic-id', fresh);
    await expect(page.isHidden('#clinic-id-error')).resolves.toBe(true);
    await page.fill('#clinic-sendTime', '23:00');
    await page.fill('#clinic-windowStart', '22:00');
    await page.fill('#clinic-windowEnd', '06:00');
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/clinics') && r.request().method() === 'POST');
    await page.click('#clinic-save');
    const answer = await refused;
    expect(answer.status()).toBe(400);
    const issues = ((await answer.json()) as { issues: { path: string }[] }).issues;
    expect(issues.map((i) => i.path)).toContain('window');
    expect((await expectErrorBeside(page, 'clinic-windowStart', 'clinic-window-error')).length).toBeGreaterThan(5);
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('clinic-windowStart');
    await expect(page.isHidden('#clinic-id-error')).resolves.toBe(true);
    await screenshot(page, 'clinics-06-bad-window');

    const list = await apiRequest<{ id: string }[]>(theStack(), 'GET', '/api/clinics');
    expect(list.body.map((c) => c.id)).not.toContain(fresh);
    const seeded = await apiRequest<{ name: string }>(theStack(), 'GET', `/api/clinics/${SEEDED}`);
    expect(seeded.body.name).not.toBe(CLINIC_NAME);
    expect(pageErrors).toEqual([]);
  });

  it('deactivates a clinic only after a confirmation, and the enrolment form stops offering it', async () => {
    const { page, pageErrors } = await newPage();
    await signIn(page);
    expect(await pickerOptions(page)).toContain(OTHER_SEEDED);

    // Backing out changes nothing.
    await row(page, OTHER_SEEDED).locator('[data-action="deactivate"]').click();
    await page.waitForSelector('#clinic-status-dialog[open]');
    await expect(page.textContent('#clinic-status-what')).resolves.toMatch(/never\s+deleted/);
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('clinic-status-back');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#clinic-status-dialog', { state: 'hidden' });
    await expect(row(page, OTHER_SEEDED).locator('.cell-status').textContent()).resolves.toContain('Active');

    await row(page, OTHER_SEEDED).locator('[data-action="deactivate"]').click();
    await page.waitForSelector('#clinic-status-dialog[open]');
    await screenshot(page, 'clinics-07-deactivate-confirm');
    await page.click('#clinic-status-confirm');
    await page.waitForSelector('#clinic-status-dialog', { state: 'hidden' });
    await expect(row(page, OTHER_SEEDED).locator('.cell-status').textContent()).resolves.toContain('Deactivated');
    await page.waitForFunction(`![...document.querySelectorAll('#clinic option')].some((o) => o.value === '${OTHER_SEEDED}')`);
    expect((await apiRequest<{ active: boolean }>(theStack(), 'GET', `/api/clinics/${OTHER_SEEDED}`)).body.active).toBe(false);

    // And back.
    await row(page, OTHER_SEEDED).locator('[data-action="reactivate"]').click();
    await page.waitForSelector('#clinic-status-dialog[open]');
    await page.click('#clinic-status-confirm');
    await page.waitForSelector('#clinic-status-dialog', { state: 'hidden' });
    await page.waitForFunction(`[...document.querySelectorAll('#clinic option')].some((o) => o.value === '${OTHER_SEEDED}')`);
    expect((await apiRequest<{ active: boolean }>(theStack(), 'GET', `/api/clinics/${OTHER_SEEDED}`)).body.active).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it("sends the client's next text with the clinic's new phone number, labelled with the clinic in the outbox", async () => {
    expect(workflowId).not.toBe('');
    const welcome = await waitForText('welcome', 120_000);
    expect(welcome.to).toBe(CLIENT_PHONE);
    expect(welcome.body).toContain(CLINIC_NAME);
    // The "days 1-4" text goes at the clinic's send time, after the phone changed.
    const next = await waitForText('days-1-4', sendAt.toMillis() - Date.now() + 180_000);
    // Written as the client dials it: their region is their number's country.
    const asDialled = (phone: string) => readablePhone(phone, regionFromPhone(CLIENT_PHONE));
    expect(next.body).toContain(asDialled(NEW_PHONE));
    expect(next.body).not.toContain(asDialled(FIRST_PHONE));
    expect(next.clinicId).toBe(CLINIC_ID);

    const { page } = await newPage();
    await page.goto(theStack().urls.outbox);
    const line = page.locator('tr', { hasText: asDialled(NEW_PHONE) }).first();
    await expect(line.locator('td.clinic').textContent()).resolves.toContain(CLINIC_ID);
    await screenshot(page, 'clinics-08-outbox-new-number');
  });
});
