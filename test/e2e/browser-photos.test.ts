/**
 * Photo check-ins in a real browser against the whole local stack (what `npm start` runs): the
 * client replies with a photo (an MMS through the inbound webhook, signed with the stack's own
 * token, its MediaUrl0 on a loopback file server, as `npm run send-inbound-sms -- --media` does);
 * the worker fetches and keeps it; the client's timeline shows the picture (loaded through the
 * session cookie) with "Looks fine" and "Call the client", and after a click, the outcome.
 * Screenshots go to test-results/screenshots/photos-*.png.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { serveMediaFiles } from '../../examples/media-file-server';
import { sendInboundSms } from '../../examples/send-inbound-sms';
import { withEnvLocal } from '../../platform/env-file';
import { apiRequest, daytimeZone, frontDeskSuite, ROOT, screenshot } from '../support/browser';
import { until } from '../support/eventually';

jest.setTimeout(600_000);

const CLINIC = 'northside';
const run = Date.now().toString(36).toUpperCase();
const CLIENT_REF = `PH${run}`;
const CLIENT_PHONE = '+12125554493';
const WORKFLOW_ID = `aftercare-${CLINIC}~${CLIENT_REF}-s1`;
const SAMPLE = path.join(ROOT, 'examples', 'photo-check-in.jpg');

const zone = daytimeZone();
const desk = frontDeskSuite({ clinicId: CLINIC, zone });
const theStack = desk.stack;

let page: Page;
let pageErrors: string[] = [];

interface Photos {
  photos: { id: string; review: { state: string } }[];
}
const photosNow = async () => (await apiRequest<Photos>(theStack(), 'GET', `/api/enrollments/${WORKFLOW_ID}/photos`)).body;

describe('photos in the client timeline', () => {
  afterAll(() => expect(pageErrors).toEqual([]));

  it('a photo the client texts in shows in their timeline, and "Looks fine" is recorded', async () => {
    const enrolled = await apiRequest(theStack(), 'POST', '/api/enrollments', {
      clinicId: CLINIC,
      clientRef: CLIENT_REF,
      client: { firstName: 'Robin', phone: CLIENT_PHONE, timezone: zone, consent: { sms: true, email: false, text: 'I agree to receive aftercare text messages.' } },
      session: { number: 1, performedAt: new Date(Date.now() - 3_600_000).toISOString(), plannedSessions: 3 },
    });
    expect(enrolled.status).toBe(201);
    await until(
      async () => (await apiRequest<unknown[]>(theStack(), 'GET', `/api/enrollments?clinicId=${CLINIC}&phone=${encodeURIComponent(CLIENT_PHONE)}`)).body,
      (rows) => Array.isArray(rows) && rows.length === 1,
      'the client found by phone',
    );

    const files = await serveMediaFiles([SAMPLE]);
    try {
      const env = withEnvLocal({ ENV_LOCAL_FILE: path.join(theStack().dataDir, '..', 'env.local') });
      const answer = await sendInboundSms({ from: CLIENT_PHONE, body: 'day 7 photo', media: files.files, target: new URL(theStack().urls.frontDesk).origin }, env);
      expect(answer.status).toBe(200);
      await files.fetched(60_000);
    } finally {
      await files.close();
    }
    const [photo] = (await until(photosNow, (p) => Array.isArray(p.photos) && p.photos.length === 1, 'the photo kept')).photos;

    const opened = await desk.newPage();
    page = opened.page;
    pageErrors = opened.pageErrors;
    await desk.signIn(page);
    await page.goto(`${theStack().urls.frontDesk}/#/client/${encodeURIComponent(WORKFLOW_ID)}`);
    await page.waitForSelector('#timeline[open]');
    const item = page.locator(`#tl-photos li.photo[data-photo-id="${photo!.id}"]`);
    await item.waitFor({ timeout: 60_000 });
    const img = item.locator('img');
    await until(() => img.evaluate((el: { complete: boolean; naturalWidth: number }) => (el.complete ? el.naturalWidth : 0)), (w) => w > 0, 'the picture loaded');
    expect(await img.evaluate((el: { complete: boolean; naturalWidth: number; naturalHeight: number }) => [el.naturalWidth, el.naturalHeight])).toEqual([96, 72]);
    expect(await item.getAttribute('data-review')).toBe('to-review');
    await item.scrollIntoViewIfNeeded();
    await expect(item.locator('button[data-outcome="call-client"]').textContent()).resolves.toContain('Call the client');
    await screenshot(page, 'photos-01-to-review');

    await item.locator('button[data-outcome="looks-fine"]').click();
    await page.locator(`#tl-photos li.photo[data-photo-id="${photo!.id}"][data-review="looks-fine"]`).waitFor();
    await expect(item.locator('.photo-outcome').textContent()).resolves.toContain('Looks fine');
    expect(await item.locator('button[data-outcome]').count()).toBe(0);
    expect((await photosNow()).photos[0]!.review.state).toBe('looks-fine');
    await screenshot(page, 'photos-02-reviewed');
  });
});
