/**
 * The front desk's client import, in a real browser against the whole local stack (what `npm start`
 * runs): a file is checked and its refused rows listed by line and field, the rest enrolled while
 * a progress bar runs to the end, and the same file uploaded again enrols nobody twice.
 * Screenshots go to test-results/screenshots/import-*.png.
 */
import type { Page } from 'playwright-core';
import { daytimeZone, frontDeskSuite, screenshot } from '../support/browser';
import { csvOf, goodRow } from '../support/import-files';

jest.setTimeout(600_000);

const run = Date.now().toString(36).toUpperCase();
const desk = frontDeskSuite({ clinicId: 'northside', zone: daytimeZone() });
const file = {
  name: 'clients.csv',
  mimeType: 'text/csv',
  buffer: Buffer.from(
    csvOf([
      goodRow(`W${run}A`, 1),
      goodRow(`W${run}B`, 5, { phone: '555 0100' }),
      goodRow(`W${run}C`, 9, { clinicId: 'harbour', plannedSessions: '4' }),
      goodRow(`W${run}D`, 3, { timezone: 'Mars/Olympus' }),
      goodRow(`W${run}E`, 13, { sessionNumber: '2' }),
    ]),
  ),
};

async function upload(page: Page): Promise<void> {
  await page.setInputFiles('#import-file', file);
  await page.waitForSelector('#import-check');
}

it('checks a file, lists its refused rows, enrols the rest with a progress bar, and enrols nobody twice', async () => {
  const { page, pageErrors } = await desk.newPage();
  await desk.signIn(page);
  await page.click('a[href="#import"]');
  await upload(page);
  expect(await page.textContent('#import-check-summary')).toMatch(/5 rows checked: 3 will be enrolled, 2 refused\. Nothing has been started yet\./);
  const refused = await page.$$eval('#import-refusals tbody tr', (rows) => rows.map((r) => (r as unknown as { innerText: string }).innerText.replace(/\s+/g, ' ').trim()));
  expect(refused).toEqual([expect.stringMatching(/^3 client\.phone must be in international E\.164 form/), expect.stringMatching(/^5 client\.timezone /)]);
  expect(refused.join(' ')).not.toContain('555 0100');
  await screenshot(page, 'import-check');

  await page.click('#import-start');
  await page.waitForSelector('#import-progress[data-state="done"]', { timeout: 120_000 });
  expect(await page.textContent('#import-summary')).toMatch(/3 enrolled, 0 already enrolled, 2 refused\./);
  expect(await page.getAttribute('#import-bar', 'value')).toBe('3');
  expect(await page.textContent('#import-figures')).toMatch(/3 of 3 rows/);
  await screenshot(page, 'import-done');

  await page.click('#import-again');
  await upload(page);
  await page.click('#import-start');
  await page.waitForSelector('#import-progress[data-state="done"]', { timeout: 120_000 });
  expect(await page.textContent('#import-summary')).toMatch(/0 enrolled, 3 already enrolled, 2 refused\./);
  expect(pageErrors).toEqual([]);
});
