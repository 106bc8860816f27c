/**
 * A client's course in a real browser against the whole local stack (what `npm start` runs): the
 * course drawer shows one card per planned session (healing, booked, not yet), and on the booked
 * appointment's day "Enrol session 2" fills the enrol form from session 1's run; enrolling it as
 * it stands starts session 2, which the course then shows, reached from the timeline's link.
 * A client whose course is complete has touch-up reminders: the drawer shows them, and "Stop
 * touch-up reminders" stops them (recorded in the audit). Screenshots go to
 * test-results/screenshots/course-*.png.
 */
import { Client, Connection } from '@temporalio/client';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { touchUpWorkflowIdFor } from '../../domain/identifiers';
import { parseWindow } from '../../domain/window';
import { TASK_QUEUE } from '../../workflows/contract';
import { TOUCH_UP_WORKFLOW_TYPE, touchUpSearchAttributes, type TouchUpInput } from '../../workflows/touch-up-contract';
import { apiRequest, daytimeZone, frontDeskSuite, screenshot } from '../support/browser';

jest.setTimeout(600_000);

const CLINIC = 'northside';
const CLIENT_REF = `CB${Date.now().toString(36).toUpperCase()}`;
const S1 = `aftercare-${CLINIC}~${CLIENT_REF}-s1`;
const S2 = `aftercare-${CLINIC}~${CLIENT_REF}-s2`;

const zone = daytimeZone();
const desk = frontDeskSuite({ clinicId: CLINIC, zone });
const theStack = desk.stack;

let page: Page;
let pageErrors: string[] = [];

describe('a client course in the front desk', () => {
  it('shows the sessions as cards, the booked one ready to enrol today', async () => {
    const enrolled = await apiRequest(theStack(), 'POST', '/api/enrollments', {
      clinicId: CLINIC,
      clientRef: CLIENT_REF,
      client: { firstName: 'Riley', phone: '+12125554494', email: 'riley@example.com', timezone: zone, consent: { sms: true, email: true, text: 'I agree to aftercare texts and emails.' } },
      session: { number: 1, performedAt: DateTime.now().setZone(zone).minus({ days: 21 }).toISO(), plannedSessions: 3 },
    });
    expect(enrolled.status).toBe(201);
    const appointmentAt = DateTime.now().setZone(zone).plus({ hours: 1 }).set({ second: 0, millisecond: 0 }).toISO();
    expect((await apiRequest(theStack(), 'POST', `/api/enrollments/${S1}/booking`, { appointmentAt })).status).toBe(200);

    const opened = await desk.newPage();
    page = opened.page;
    pageErrors = opened.pageErrors;
    await desk.signIn(page);
    await page.selectOption('#clinic', CLINIC);
    await page.evaluate(`location.hash = ${JSON.stringify(`#/course/${CLINIC}/${CLIENT_REF}`)}`);
    const cards = page.locator('#course-cards .course-card');
    await cards.first().waitFor();
    expect(await cards.count()).toBe(3);
    await expect(page.textContent('#course-cards [data-session="1"]')).resolves.toContain('Healing');
    await expect(page.textContent('#course-cards [data-session="2"]')).resolves.toContain('Booked');
    await expect(page.textContent('#course-cards [data-session="3"]')).resolves.toContain('Not yet');
    await expect(page.getAttribute('#course-cards [data-session="1"] a.course-link', 'href')).resolves.toBe(`#/client/${encodeURIComponent(S1)}`);
    await expect(page.textContent('#course-touchup')).resolves.toContain('once the course is complete');
    await screenshot(page, 'course-00-cards');
  });

  it('"Enrol session 2" fills the enrol form from session 1, and enrolling it starts session 2', async () => {
    await page.click('#course-cards [data-session="2"] button.course-enrol');
    await page.locator('#enroll-prefilled').waitFor();
    expect(await page.inputValue('#clientRef')).toBe(CLIENT_REF);
    expect(await page.inputValue('#firstName')).toBe('Riley');
    expect(await page.inputValue('#phone')).toBe('+12125554494');
    expect(await page.inputValue('#email')).toBe('riley@example.com');
    expect(await page.inputValue('#sessionNumber')).toBe('2');
    expect(await page.inputValue('#plannedSessions')).toBe('3');
    expect(await page.inputValue('#timezone')).toBe(zone);
    expect(await page.isChecked('#consentSms')).toBe(true);
    await screenshot(page, 'course-01-prefilled');

    await page.click('#enroll-submit');
    await page.locator('#enroll-preview .preview-step').first().waitFor();
    const posted = page.waitForResponse((r) => r.url().endsWith('/api/enrollments') && r.request().method() === 'POST');
    await page.click('#enroll-submit');
    const answer = await posted;
    expect(answer.status()).toBe(201);
    expect(((await answer.json()) as { workflowId: string }).workflowId).toBe(S2);

    // From session 2's timeline, its link opens the course with both sessions.
    await page.evaluate(`location.hash = ${JSON.stringify(`#/client/${encodeURIComponent(S2)}`)}`);
    await page.locator('#tl-course').click();
    await page.locator('#course-cards [data-session="2"] a.course-link').waitFor();
    await expect(page.textContent('#course-cards [data-session="2"]')).resolves.toContain('Healing');
    await screenshot(page, 'course-02-after-enrolment');
    expect(pageErrors).toEqual([]);
  });

  it("session 2's timeline offers session 3 on its booked day, prefilled the same way", async () => {
    const appointmentAt = DateTime.now().setZone(zone).plus({ hours: 2 }).set({ second: 0, millisecond: 0 }).toISO();
    expect((await apiRequest(theStack(), 'POST', `/api/enrollments/${S2}/booking`, { appointmentAt })).status).toBe(200);
    // Opened afresh, the timeline reads the course and offers the next session.
    await page.evaluate(`location.hash = ''`);
    await page.evaluate(`location.hash = ${JSON.stringify(`#/client/${encodeURIComponent(S2)}`)}`);
    await page.locator('#tl-enrol-next').click();
    await page.locator('#enroll-prefilled', { hasText: 'Session 3' }).waitFor();
    expect(await page.inputValue('#sessionNumber')).toBe('3');
    expect(await page.inputValue('#firstName')).toBe('Riley');
    await screenshot(page, 'course-03-timeline-offer');
    expect(pageErrors).toEqual([]);
  });

  it('shows a complete course\'s touch-up reminders, and "Stop touch-up reminders" stops them', async () => {
    const ref = `${CLIENT_REF}T`;
    const enrolled = await apiRequest(theStack(), 'POST', '/api/enrollments', {
      clinicId: CLINIC,
      clientRef: ref,
      client: { firstName: 'Sam', email: 'sam@example.com', timezone: zone, consent: { sms: false, email: true } },
      session: { number: 3, performedAt: DateTime.now().setZone(zone).minus({ days: 2 }).toISO(), plannedSessions: 3 },
    });
    expect(enrolled.status).toBe(201);
    // The course's end starts the reminders after day 31; started here as that run would (same ID and input shape).
    const { body: profile } = await apiRequest<{ id: string; name: string; phone: string; email: string; bookingUrl: string; sendTime: string; window: string; plannedSessions: number }>(
      theStack(),
      'GET',
      `/api/clinics/${CLINIC}`,
    );
    const window = parseWindow(profile.window);
    if (!window.ok) throw new Error(window.message);
    const touchUp: TouchUpInput = {
      clinic: { id: profile.id, name: profile.name, phone: profile.phone, email: profile.email, bookingUrl: profile.bookingUrl, sendTime: profile.sendTime, window: window.window, plannedSessions: profile.plannedSessions },
      clientRef: ref,
      client: { firstName: 'Sam', email: 'sam@example.com', timezone: zone, consent: { sms: false, email: true } },
      courseEndedAt: new Date().toISOString(),
      courseRef: `aftercare-${CLINIC}~${ref}-s3`,
    };
    const connection = await Connection.connect({ address: `127.0.0.1:${theStack().ports.temporal}` });
    try {
      await new Client({ connection }).workflow.start(TOUCH_UP_WORKFLOW_TYPE, {
        taskQueue: TASK_QUEUE,
        workflowId: touchUpWorkflowIdFor(CLINIC, ref),
        args: [touchUp],
        typedSearchAttributes: touchUpSearchAttributes(touchUp),
      });
    } finally {
      await connection.close();
    }

    await page.evaluate(`location.hash = ''`);
    await page.evaluate(`location.hash = ${JSON.stringify(`#/course/${CLINIC}/${ref}`)}`);
    const block = page.locator('#course-touchup');
    await block.locator('#touchup-stop').waitFor();
    await expect(block.textContent()).resolves.toContain('Reminders on');
    await expect(block.textContent()).resolves.toContain('Next reminder');
    await screenshot(page, 'course-04-touch-ups');
    await page.click('#touchup-stop');
    await block.getByText('Stopped').waitFor();
    expect(await block.locator('#touchup-stop').count()).toBe(0);
    const view = await apiRequest<{ state: string; stoppedBy?: string }>(theStack(), 'GET', `/api/clinics/${CLINIC}/clients/${ref}/touch-ups`);
    expect(view.body.state).toBe('stopped');
    const audit = await apiRequest<{ action: string; workflowId?: string }[]>(theStack(), 'GET', `/api/audit?clinicId=${CLINIC}`);
    expect(audit.body.some((e) => e.action === 'touch-ups.stopped' && e.workflowId === touchUpWorkflowIdFor(CLINIC, ref))).toBe(true);
    await screenshot(page, 'course-05-touch-ups-stopped');
    expect(pageErrors).toEqual([]);
  });
});
