/**
 * "Clicking the email's unsubscribe link stops email for that client" (issue 15), as a new user
 * would see it with `npm start`: the whole local stack (scripts/start.ts), a client enrolled through
 * the API, the welcome email read from the local mail server (MailDev), its unsubscribe link opened
 * in Chromium. Screenshot: test-results/screenshots/unsubscribe-done.png.
 */
import { readFileSync } from 'node:fs';
import { apiRequest, daytimeZone, frontDeskSuite, screenshot } from '../support/browser';

jest.setTimeout(600_000);

const CLINIC = 'northside';
const run = Date.now().toString(36);
const EMAIL = `unsub-${run}@example.com`;
const CLIENT_REF = `UB${run.toUpperCase()}`;
const WORKFLOW_ID = `aftercare-${CLINIC}~${CLIENT_REF}-s1`;

const zone = daytimeZone();
const desk = frontDeskSuite({ clinicId: CLINIC, zone });

interface MailDevMail {
  text?: string;
  /** The message as received, on disk: MailDev's parsed headers leave the List-* ones out. */
  source: string;
  to: { address: string }[];
}

/** A header of a raw message (unfolded), as a mail program reads it. */
function headerOf(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  return new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim();
}

/** The List-Unsubscribe link of the first email to the client, waiting for it. */
async function unsubscribeLink(): Promise<{ link: string; post?: string; text: string }> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await fetch(`${desk.stack().urls.mail}/api/email`, { headers: { accept: 'application/json' } });
    const mail = ((await res.json()) as MailDevMail[]).find((m) => m.to.some((t) => t.address === EMAIL));
    if (mail) {
      const raw = readFileSync(mail.source, 'utf8');
      const header = headerOf(raw, 'List-Unsubscribe');
      if (!header) throw new Error(`the email has no List-Unsubscribe:\n${raw.split(/\r?\n\r?\n/)[0]}`);
      return { link: /^<([^>]+)>$/.exec(header)![1]!, post: headerOf(raw, 'List-Unsubscribe-Post'), text: mail.text ?? '' };
    }
    if (Date.now() > deadline) throw new Error(`no email reached ${EMAIL}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

it("the welcome email's unsubscribe link, opened in the browser, stops email for that client", async () => {
  const stack = desk.stack();
  const enrolled = await apiRequest(stack, 'POST', '/api/enrollments', {
    clinicId: CLINIC,
    clientRef: CLIENT_REF,
    client: { firstName: 'Robin', phone: '+12125554493', email: EMAIL, timezone: zone, consent: { sms: true, email: true } },
    session: { number: 1, performedAt: new Date(Date.now() - 3_600_000).toISOString(), plannedSessions: 3 },
  });
  expect(enrolled.status).toBe(201);

  const { link, post, text } = await unsubscribeLink();
  expect(link.startsWith(`${stack.urls.frontDesk}/unsubscribe/`)).toBe(true);
  expect(post).toBe('List-Unsubscribe=One-Click');
  expect(text).toContain(link);

  const { page, pageErrors } = await desk.newPage();
  await page.goto(link);
  await page.getByRole('heading', { name: 'You are unsubscribed' }).waitFor();
  await screenshot(page, 'unsubscribe-done');
  expect(pageErrors).toEqual([]);

  const deadline = Date.now() + 30_000;
  let channels: Record<string, string> = {};
  while (Date.now() < deadline) {
    channels = (await apiRequest<{ channels: Record<string, string> }>(stack, 'GET', `/api/enrollments/${WORKFLOW_ID}`)).body.channels;
    if (channels.email === 'opted-out') break;
    await new Promise((r) => setTimeout(r, 250));
  }
  // Texts go on: only email was unsubscribed.
  expect(channels).toEqual({ sms: 'active', email: 'opted-out' });
});
