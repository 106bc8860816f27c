/**
 * People at the front desk, in a real browser against the whole local stack (what `npm start`
 * runs): the administrator signs in; an owner accepts the emailed invitation and invites staff;
 * staff enrol a client after the plan preview and act on them from the timeline (pause, resume,
 * resend, contact and time zone, channels, a later consent, booking); search by reference and phone; the owner
 * pauses the whole clinic, makes and revokes an API key, reads the audit log, changes a role and
 * removes someone. A session that ends asks to sign in again over the page; a forgotten password
 * is reset through the emailed link. Screenshots go to test-results/screenshots/people-*.png.
 */
import type { Page } from 'playwright-core';
import {
  acceptInvitationInPage,
  adminCredentials,
  apiRequest,
  daytimeZone,
  frontDeskSuite,
  invitePerson,
  linkToken,
  screenshot,
  signInAs,
} from '../support/browser';

jest.setTimeout(600_000);

const CLINIC = 'northside';
const OTHER_CLINIC = 'harbour';
const run = Date.now().toString(36);
const OWNER = { email: `owner-${run}@example.com`, name: 'Olive Owner', password: 'owner password one two' };
const STAFF = { email: `staff-${run}@example.com`, name: 'Sam Staff', password: 'staff password one two' };
const CLIENT_REF = `PP${run.toUpperCase()}`;
const OTHER_REF = `PO${run.toUpperCase()}`;
const CLIENT_PHONE = '+12125554491';
const WORKFLOW_ID = `aftercare-${CLINIC}~${CLIENT_REF}-s1`;
const NEW_ZONE = 'Europe/Lisbon';

const zone = daytimeZone();
const desk = frontDeskSuite({ clinicId: CLINIC, zone });
const theStack = desk.stack;

let ownerPage: Page;
let staffPage: Page;
const errors: string[][] = [];

interface Status {
  phase: string;
  timezone: string;
  paused?: { reason: string } | null;
  channels: Record<string, string>;
  booking: { status: string; appointmentAt: string | null };
}
const status = async () => (await apiRequest<Status>(theStack(), 'GET', `/api/enrollments/${WORKFLOW_ID}`)).body;

/** Waits until `check` holds for the client's status as the API reports it. */
async function statusUntil(check: (s: Status) => boolean, what: string): Promise<Status> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const s = await status();
    if (check(s)) return s;
    if (Date.now() > deadline) throw new Error(`The client's status never showed ${what}: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function openPage(): Promise<Page> {
  const { page, pageErrors } = await desk.newPage();
  errors.push(pageErrors);
  return page;
}

const visible = async (page: Page, selector: string) => (await page.locator(selector).count()) > 0 && page.isVisible(selector);

describe('people at the front desk', () => {
  afterAll(() => expect(errors.flat()).toEqual([]));

  it('signs the administrator in (a wrong password is refused) and out again', async () => {
    const page = await openPage();
    await page.goto(theStack().urls.frontDesk);
    await page.waitForSelector('#signin-form');
    const admin = adminCredentials(theStack());
    await page.fill('#signinEmail', admin.email);
    await page.fill('#signinPassword', 'not the password at all');
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/session') && r.request().method() === 'POST');
    await page.click('#signin-submit');
    expect((await refused).status()).toBe(401);
    await page.locator('#signin-alert').waitFor({ state: 'visible' });
    await expect(page.textContent('#signin-alert')).resolves.toMatch(/email or the password/i);
    await screenshot(page, 'people-01-wrong-password');

    await signInAs(page, theStack(), admin);
    await expect(page.textContent('#whoami-role')).resolves.toBe('Administrator');
    // Every clinic in the picker, and the screens only owners and administrators have.
    const clinics = await page.$$eval('#clinic option', (options) => options.map((o) => (o as unknown as { value: string }).value));
    expect(clinics).toEqual(expect.arrayContaining([CLINIC, OTHER_CLINIC]));
    for (const card of ['#clinics', '#staff', '#keys', '#audit', '#clinic-add']) expect(await visible(page, card)).toBe(true);
    await screenshot(page, 'people-02-admin-signed-in');

    await page.click('#sign-out');
    await page.waitForSelector('#signin-form');
    expect((await page.context().request.get(`${theStack().urls.frontDesk}/api/session`)).status()).toBe(401);
  });

  it('an owner accepts the emailed invitation, sees only their clinic, and invites staff (a bad email refused beside its field)', async () => {
    const token = await invitePerson(theStack(), CLINIC, { email: OWNER.email, name: OWNER.name, role: 'owner' });
    ownerPage = await openPage();
    await ownerPage.goto(`${theStack().urls.frontDesk}#/invite/${token}`);
    await ownerPage.waitForSelector('#invite #password-form');
    await screenshot(ownerPage, 'people-03-invitation');
    await acceptInvitationInPage(ownerPage, theStack(), token, OWNER.password);
    // The token is gone from the address once used.
    expect(new URL(ownerPage.url()).hash).toBe('');
    await expect(ownerPage.textContent('#whoami-name')).resolves.toBe(OWNER.name);
    await expect(ownerPage.textContent('#whoami-role')).resolves.toBe('Owner');
    const clinics = await ownerPage.$$eval('#clinic option', (options) => options.map((o) => (o as unknown as { value: string }).value));
    expect(clinics).toEqual([CLINIC]);
    for (const card of ['#staff', '#keys', '#audit']) expect(await visible(ownerPage, card)).toBe(true);
    expect(await ownerPage.locator('#clinic-add').count()).toBe(0);

    await ownerPage.click('#staff-invite');
    await ownerPage.waitForSelector('#invite-dialog[open]');
    await ownerPage.fill('#inviteEmail', 'not-an-address');
    await ownerPage.fill('#inviteName', STAFF.name);
    await ownerPage.click('#invite-submit');
    await ownerPage.locator('#inviteEmail-error').waitFor({ state: 'visible' });
    expect(await ownerPage.getAttribute('#inviteEmail', 'aria-invalid')).toBe('true');
    await screenshot(ownerPage, 'people-04-invite-refused');
    await ownerPage.fill('#inviteEmail', STAFF.email);
    await ownerPage.click('#invite-submit');
    await ownerPage.waitForSelector('#invite-dialog', { state: 'hidden' });
    const row = ownerPage.locator(`#staff-body tr[data-email="${STAFF.email}"]`);
    await row.waitFor();
    await expect(row.locator('.cell-status').textContent()).resolves.toBe('Invited');
    await ownerPage.locator('#staff').scrollIntoViewIfNeeded();
    await screenshot(ownerPage, 'people-05-staff-invited');
  });

  it("staff accept, see none of the owner's screens, enrol a client after the plan preview, and see only their clinic's clients", async () => {
    const token = await linkToken(theStack(), STAFF.email, 'invite');
    staffPage = await openPage();
    await acceptInvitationInPage(staffPage, theStack(), token, STAFF.password);
    await expect(staffPage.textContent('#whoami-role')).resolves.toBe('Staff');
    for (const card of ['#clinics', '#staff', '#keys', '#audit', '#clinic-pause']) expect(await staffPage.locator(card).count()).toBe(0);

    await staffPage.fill('#clientRef', CLIENT_REF);
    await staffPage.fill('#firstName', 'Jordan');
    await staffPage.fill('#phone', CLIENT_PHONE);
    await staffPage.fill('#email', `${CLIENT_REF.toLowerCase()}@example.com`);
    await staffPage.selectOption('#timezone', zone);
    await staffPage.click('#performedAt-now');
    await staffPage.check('#consentSms');
    await staffPage.check('#consentEmail');
    await staffPage.click('#enroll-submit');
    await staffPage.locator('#enroll-preview .preview-step').first().waitFor();
    expect(await staffPage.locator('#enroll-preview .preview-step').count()).toBeGreaterThan(3);
    await screenshot(staffPage, 'people-06-preview');
    const enrolled = staffPage.waitForResponse((r) => r.url().endsWith('/api/enrollments') && r.request().method() === 'POST');
    await staffPage.click('#enroll-submit');
    expect((await enrolled).status()).toBe(201);

    // Another clinic's client, enrolled with the administrator key: never in this list.
    const other = await apiRequest(theStack(), 'POST', '/api/enrollments', {
      clinicId: OTHER_CLINIC,
      clientRef: OTHER_REF,
      client: { firstName: 'Sam', email: 'sam@example.com', timezone: zone, consent: { sms: false, email: true } },
      session: { number: 1, performedAt: new Date(Date.now() - 3_600_000).toISOString(), plannedSessions: 3 },
    });
    expect(other.status).toBe(201);
    await staffPage.locator(`#clients-body tr[data-workflow-id="${WORKFLOW_ID}"]:not(.is-pending)`).waitFor({ timeout: 60_000 });
    await staffPage.click('#clients-refresh');
    await staffPage.waitForSelector('#clients-refresh:not(.is-busy)');
    expect(await staffPage.textContent('#clients-body')).not.toContain(OTHER_REF);
  });

  it('finds the client by reference and by phone', async () => {
    await staffPage.fill('#clients-filter', CLIENT_REF);
    await staffPage.click('#clients-search');
    await staffPage.locator('#search-banner', { hasText: '1 session' }).waitFor();
    expect(await staffPage.locator('#clients-body tr').count()).toBe(1);
    await staffPage.fill('#clients-filter', '+1 212 555 4491');
    const asked = staffPage.waitForResponse((r) => r.url().includes('phone='));
    await staffPage.click('#clients-search');
    expect((await asked).status()).toBe(200);
    await staffPage.locator('#search-banner', { hasText: '1 session' }).waitFor();
    await expect(staffPage.textContent('#clients-body')).resolves.toContain(CLIENT_REF);
    await screenshot(staffPage, 'people-07-found-by-phone');
    await staffPage.click('#search-clear');
    await staffPage.waitForSelector('#search-banner', { state: 'detached' });
  });

  it('pauses and resumes the client, resends a message, and refuses a bad phone beside its field', async () => {
    await staffPage.goto(`${theStack().urls.frontDesk}#/client/${encodeURIComponent(WORKFLOW_ID)}`);
    await staffPage.waitForSelector('#timeline[open]');
    await staffPage.click('#pause-client');
    await staffPage.waitForSelector('#pause-dialog[open]');
    await staffPage.fill('#pause-dialog-reason', 'client travelling (browser test)');
    await screenshot(staffPage, 'people-08-pause');
    await staffPage.click('#pause-dialog-confirm');
    await staffPage.locator('#tl-paused').waitFor();
    expect((await status()).paused).toBeTruthy();
    await staffPage.click('#resume-client');
    await staffPage.locator('#pause-client').waitFor();
    await statusUntil((s) => !s.paused, 'resumed');

    // The welcome has gone out (a few seconds after enrolment): it can be sent again.
    await staffPage.waitForFunction(`document.querySelectorAll('.step.step-done[data-step="welcome"] .delivery').length >= 1`, undefined, { timeout: 90_000 });
    await staffPage.click('#resend-open');
    await staffPage.waitForSelector('#resend-dialog[open]');
    await staffPage.selectOption('#resendStep', 'welcome');
    await staffPage.selectOption('#resendChannel', 'sms');
    const resent = staffPage.waitForResponse((r) => r.url().endsWith('/resend'));
    await staffPage.click('#resend-submit');
    expect((await resent).status()).toBe(200);
    await staffPage.waitForSelector('#resend-dialog', { state: 'hidden' });

    await staffPage.fill('#contactPhone', '555-1234');
    await staffPage.click('#contact-submit');
    await staffPage.locator('#contactPhone-error').waitFor({ state: 'visible' });
    expect(await staffPage.getAttribute('#contactPhone', 'aria-invalid')).toBe('true');
    await staffPage.locator('#tl-contact').scrollIntoViewIfNeeded();
    await screenshot(staffPage, 'people-09-contact-refused');
  });

  it("changes the client's time zone (the steps to come follow it), switches a channel off and on, and records a consent", async () => {
    await staffPage.fill('#contactPhone', '');
    await staffPage.selectOption('#contactZone', NEW_ZONE);
    const changed = staffPage.waitForResponse((r) => r.url().endsWith('/contact'));
    await staffPage.click('#contact-submit');
    expect((await changed).status()).toBe(200);
    await staffPage.locator('#tl-sub', { hasText: NEW_ZONE }).waitFor();
    expect((await status()).timezone).toBe(NEW_ZONE);

    await staffPage.click('#channel-email-toggle');
    await staffPage.locator('#channel-email-toggle', { hasText: 'Switch on' }).waitFor();
    expect((await status()).channels.email).not.toBe('active');
    await screenshot(staffPage, 'people-10-email-off');
    await staffPage.click('#channel-email-toggle');
    await staffPage.locator('#channel-email-toggle', { hasText: 'Switch off' }).waitFor();
    expect((await status()).channels.email).toBe('active');

    // Off again, then back on through a consent the client gives now, recorded with its words.
    await staffPage.click('#channel-email-toggle');
    await staffPage.locator('.channel-switch[data-channel="email"]', { hasText: 'Switched off' }).waitFor();
    await staffPage.click('#consent-open');
    await staffPage.waitForSelector('#consent-dialog[open]');
    await staffPage.selectOption('#consentChannel', 'email');
    await expect(staffPage.textContent('#consentText')).resolves.toContain('I agree to receive aftercare emails');
    await screenshot(staffPage, 'people-10b-consent');
    const consented = staffPage.waitForResponse((r) => r.url().endsWith('/consent'));
    await staffPage.click('#consent-submit');
    expect((await consented).status()).toBe(200);
    await staffPage.locator('#channel-email-toggle', { hasText: 'Switch off' }).waitFor();
    expect((await status()).channels.email).toBe('active');
  });

  it('records a booking and clears it after a confirmation', async () => {
    const day = new Date(Date.now() + 21 * 86_400_000);
    const ymd = new Intl.DateTimeFormat('en-CA', { timeZone: NEW_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(day);
    await staffPage.fill('#appointmentAt', `${ymd}T14:00`);
    await staffPage.click('#booking-submit');
    await staffPage.locator('#tl-booking-status', { hasText: 'Booked' }).waitFor();
    await staffPage.click('#booking-clear');
    await staffPage.waitForSelector('#clear-booking[open]');
    await screenshot(staffPage, 'people-11-clear-booking');
    const cleared = staffPage.waitForResponse((r) => r.url().endsWith('/booking') && r.request().method() === 'DELETE');
    await staffPage.click('#clear-booking-confirm');
    expect((await cleared).status()).toBe(200);
    await staffPage.waitForSelector('#clear-booking', { state: 'hidden' });
    await staffPage.locator('#tl-booking-status', { hasText: /Awaiting|Not needed/ }).waitFor();
    expect((await status()).booking.appointmentAt).toBeNull();
    await staffPage.click('#tl-close');
  });

  it('the owner pauses and resumes the whole clinic, and reads the staff member\'s actions in the audit log', async () => {
    await ownerPage.click('#clinic-pause');
    await ownerPage.waitForSelector('#clinic-pause-dialog[open]');
    await screenshot(ownerPage, 'people-12-clinic-pause');
    await ownerPage.click('#clinic-pause-dialog-confirm');
    await ownerPage.locator('#toast', { hasText: /Paused messages to \d+ client/ }).waitFor();
    await statusUntil((s) => Boolean(s.paused), 'paused by the clinic');
    await ownerPage.click('#clinic-resume');
    await ownerPage.click('#clinic-resume-dialog-confirm');
    await ownerPage.locator('#toast', { hasText: /Resumed messages/ }).waitFor();
    await statusUntil((s) => !s.paused, 'resumed with the clinic');

    await ownerPage.click('#audit-refresh');
    const paused = ownerPage.locator(`#audit-body tr[data-action="enrollment.paused"]`, { hasText: WORKFLOW_ID }).first();
    await paused.waitFor();
    await expect(paused.locator('.cell-who').textContent()).resolves.toContain(STAFF.name);
    const resent = ownerPage.locator(`#audit-body tr[data-action="step.resent"]`, { hasText: WORKFLOW_ID }).first();
    await resent.waitFor();
    await expect(resent.locator('.cell-what').textContent()).resolves.toContain('Resent a message');
    // No contact details in the log: the phone typed above is nowhere in it.
    expect(await ownerPage.textContent('#audit-body')).not.toContain(CLIENT_PHONE);
    await ownerPage.locator('#audit').scrollIntoViewIfNeeded();
    await screenshot(ownerPage, 'people-13-audit-log');
  });

  it('the owner makes an API key (shown once), which sees only the clinic, and revokes it', async () => {
    await ownerPage.click('#keys-create');
    await ownerPage.fill('#keyName', 'booking system');
    await ownerPage.click('#key-submit');
    await ownerPage.waitForSelector('#key-secret');
    const key = await ownerPage.inputValue('#key-secret');
    expect(key).toMatch(/^ak_/);
    await screenshot(ownerPage, 'people-14-key-shown-once');
    await ownerPage.click('#key-done');
    const row = ownerPage.locator('#keys-body tr', { hasText: 'booking system' });
    await row.waitFor();
    expect(await ownerPage.textContent('#keys-body')).not.toContain(key);

    const withKey = (path: string) => fetch(new URL(path, theStack().urls.frontDesk), { headers: { authorization: `Bearer ${key}` } });
    expect((await withKey(`/api/enrollments?clinicId=${CLINIC}`)).status).toBe(200);
    expect((await withKey(`/api/enrollments?clinicId=${OTHER_CLINIC}`)).status).toBe(404);
    // The list says when it was last used.
    const deadline = Date.now() + 15_000;
    do {
      await ownerPage.click('#keys-refresh');
      await ownerPage.waitForSelector('#keys-refresh:not(.is-busy)');
    } while ((await row.locator('.cell-last-used').textContent()) === 'Never' && Date.now() < deadline);
    expect(await row.locator('.cell-last-used').textContent()).not.toBe('Never');

    await row.locator('[data-action="revoke"]').click();
    await ownerPage.waitForSelector('#revoke-key[open]');
    await ownerPage.click('#revoke-key-confirm');
    await row.locator('.cell-status', { hasText: 'Revoked' }).waitFor();
    expect((await withKey(`/api/enrollments?clinicId=${CLINIC}`)).status).toBe(401);
  });

  it('polls with conditional requests: an unchanged client list comes back as a bodyless 304', async () => {
    const unchanged = await ownerPage.waitForResponse((r) => r.url().includes('/api/enrollments?clinicId=') && r.status() === 304, { timeout: 30_000 });
    expect(unchanged.request().headers()['if-none-match']).toBeTruthy();
  });

  it('a session that ends mid-work asks to sign in again over the page, keeping what was typed', async () => {
    await ownerPage.fill('#clientRef', 'KEEPME');
    await ownerPage.context().clearCookies();
    await ownerPage.click('#clients-refresh');
    await ownerPage.waitForSelector('#signin-again[open]');
    await screenshot(ownerPage, 'people-15-sign-in-again');
    await ownerPage.fill('#signin-again #signinPassword', OWNER.password);
    await ownerPage.click('#signin-again #signin-submit');
    await ownerPage.waitForSelector('#signin-again', { state: 'hidden' });
    expect(await ownerPage.inputValue('#clientRef')).toBe('KEEPME');
  });

  it('the owner changes a role and removes someone, who is signed out at once', async () => {
    const row = ownerPage.locator(`#staff-body tr[data-email="${STAFF.email}"]`);
    await row.locator('.cell-status', { hasText: 'Active' }).waitFor({ timeout: 5_000 }).catch(async () => {
      await ownerPage.reload();
      await row.locator('.cell-status', { hasText: 'Active' }).waitFor();
    });
    const patched = ownerPage.waitForResponse((r) => r.request().method() === 'PATCH');
    await row.locator('select.role-select').selectOption('owner');
    expect((await patched).status()).toBe(200);
    await ownerPage.locator('#toast', { hasText: 'is now owner' }).waitFor();
    await row.locator('select.role-select').selectOption('staff');
    await ownerPage.locator('#toast', { hasText: 'is now staff' }).waitFor();

    await row.locator('[data-action="remove"]').click();
    await ownerPage.waitForSelector('#remove-person[open]');
    await ownerPage.click('#remove-person-confirm');
    await row.locator('.cell-status', { hasText: 'Removed' }).waitFor();

    // The staff member's page meets a 401 (its next refresh, or this one) and asks for a sign-in, which no longer works.
    await staffPage.locator('#clients-refresh').dispatchEvent('click');
    await staffPage.waitForSelector('#signin-again[open]');
    await staffPage.fill('#signin-again #signinPassword', STAFF.password);
    await staffPage.click('#signin-again #signin-submit');
    await staffPage.locator('#signin-again #signin-alert').waitFor({ state: 'visible' });
  });

  it('a forgotten password is reset through the emailed link', async () => {
    const page = await openPage();
    await page.goto(theStack().urls.frontDesk);
    await page.click('#signin-forgot');
    await page.fill('#resetEmail', OWNER.email);
    await page.click('#forgot-submit');
    await page.waitForSelector('#forgot-sent');
    const token = await linkToken(theStack(), OWNER.email, 'reset');
    await page.goto(`${theStack().urls.frontDesk}#/reset/${token}`);
    await page.waitForSelector('#reset #password-form');
    const fresh = 'a brand new owner password';
    await page.fill('#newPassword', fresh);
    await page.fill('#newPasswordAgain', fresh);
    await page.click('#password-submit');
    await page.locator('#signin-notice', { hasText: 'password is changed' }).waitFor();
    expect(new URL(page.url()).hash).toBe('');
    await page.fill('#signinEmail', OWNER.email);
    await page.fill('#signinPassword', fresh);
    await page.click('#signin-submit');
    await page.waitForSelector('#enroll-form');
    await expect(page.textContent('#whoami-name')).resolves.toBe(OWNER.name);
    // The old password no longer works, and the link works once.
    const old = await fetch(new URL('/api/session', theStack().urls.frontDesk), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: OWNER.email, password: OWNER.password }),
    });
    expect(old.status).toBe(401);
  });
});
