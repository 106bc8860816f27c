/**
 * The local stack's Temporal Web UI decodes payloads in a real browser through the codec server,
 * which is handed nothing secret: it serves the UI's origin only. A client's first name, encrypted
 * in Temporal, shows on the workflow's page; the UI's settings name no token.
 */
import { apiRequest, daytimeZone, frontDeskSuite, screenshot } from '../support/browser';

jest.setTimeout(600_000);

const CLINIC = 'northside';
const run = Date.now().toString(36).toUpperCase();
const CLIENT_REF = `TU${run}`;
const WORKFLOW_ID = `aftercare-${CLINIC}~${CLIENT_REF}-s1`;
// A name found nowhere else: seen on the page only if the payload was decrypted.
const FIRST_NAME = `Quinby${run.replace(/[^A-Z]/g, '').slice(0, 4)}`;

const zone = daytimeZone();
const desk = frontDeskSuite({ clinicId: CLINIC, zone });

describe('Temporal Web UI of the local stack', () => {
  it("shows a workflow's input decrypted, with no token in its settings", async () => {
    const enrolled = await apiRequest(desk.stack(), 'POST', '/api/enrollments', {
      clinicId: CLINIC,
      clientRef: CLIENT_REF,
      client: { firstName: FIRST_NAME, email: `${CLIENT_REF.toLowerCase()}@example.com`, timezone: zone, consent: { sms: false, email: true } },
      session: { number: 1, performedAt: new Date(Date.now() - 3_600_000).toISOString(), plannedSessions: 3 },
    });
    expect(enrolled.status).toBe(201);

    const ui = desk.stack().urls.temporalUi;
    const settings = (await (await fetch(`${ui}/api/v1/settings`)).json()) as { Codec?: { Endpoint?: string } };
    expect(settings.Codec?.Endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const { page } = await desk.newPage();
    await page.goto(`${ui}/namespaces/default/workflows/${encodeURIComponent(WORKFLOW_ID)}`);
    await page.getByText(FIRST_NAME).first().waitFor({ state: 'visible', timeout: 60_000 });
    await screenshot(page, 'temporal-ui-decoded-input');
  });
});
