/**
 * The end of a course: after the final planned session's timeline the client gets the
 * course-complete message on day 31, with the clinic's review request once per client ever (the
 * real claim activity on the harness's database), never after a STOP. A session that is not the
 * last gets no such message.
 *
 * With RECORD_HISTORIES=1 the final session's history is saved for the replay test.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import { workflowIdFor } from '../../domain/identifiers';
import { CLINIC, inputAt, type Harness } from '../../dev/aftercare-harness';
import type { AftercareResult } from '../../workflows/aftercare';
import { optOutSignal, statusQuery, type AftercareInput } from '../../workflows/contract';
import { harnessPerTest } from '../support/harness-per-test';
import { receivedBy } from '../support/received';

jest.setTimeout(300_000);

const REVIEW_URL = 'https://g.page/r/northside-smp/review';
const ZONE = 'America/New_York';

let env: TestWorkflowEnvironment;
let h: Harness;
// A final session's end starts the client's touch-ups, an abandoned child that outlives the test:
// a time-skipping server shared with the next test stalls on it (as test/workflow/touch-up.test.ts found).
harnessPerTest(
  (e, harness) => {
    env = e;
    h = harness;
  },
  { serverPerTest: true },
);

let refs = 0;
async function enrol(opts: { clientRef?: string; sessionNumber: number; plannedSessions: number }) {
  const base = inputAt(await env.currentTimeMs(), { clientRef: opts.clientRef ?? `CC${++refs}`, sessionNumber: opts.sessionNumber });
  const input: AftercareInput = {
    ...base,
    session: { ...base.session, plannedSessions: opts.plannedSessions },
    ...(opts.sessionNumber === opts.plannedSessions ? { courseEnd: true } : {}),
  };
  const workflowId = workflowIdFor(input.clinic.id, input.clientRef, input.session.number);
  return { input, workflowId, handle: await h.start(input, workflowId) };
}

const courseCompleteTexts = (workflowId: string) =>
  h.twilio.messages.filter((m) => new URL(m.statusCallback ?? 'x:/').searchParams.get('wf') === workflowId && new URL(m.statusCallback!).searchParams.get('step') === 'course-complete');
const courseCompleteMails = (workflowId: string) =>
  h.smtp.messages.filter((m) => m.headers.get('x-aftercare-workflow') === workflowId && m.headers.get('x-aftercare-step') === 'course-complete');

describe('the end of a course', () => {
  it('the final planned session ends with course-complete on day 31, carrying the review request', async () => {
    h.clinics.edit(CLINIC.id, { reviewUrl: REVIEW_URL });
    const { input, workflowId, handle } = await enrol({ sessionNumber: 3, plannedSessions: 3 });
    expect((await handle.query(statusQuery)).plan.map((s) => s.step)).toContain('course-complete');
    const result: AftercareResult = await handle.result();
    expect(result.phase).toBe('completed');

    const got = receivedBy(h, workflowId);
    expect(got.sms[got.sms.length - 1]).toBe('course-complete');
    expect(got.email[got.email.length - 1]).toBe('course-complete');
    const sent = result.sent.filter((r) => r.id === 'course-complete' && r.status === 'sent');
    expect(sent.map((r) => r.channel).sort()).toEqual(['email', 'sms']);
    const session = DateTime.fromISO(input.session.performedAt, { zone: ZONE }).startOf('day');
    for (const r of sent) {
      const at = DateTime.fromISO(r.at, { zone: ZONE });
      expect(Math.round(at.startOf('day').diff(session, 'days').days)).toBe(31);
      expect(at.toFormat('HH:mm')).toBe('10:00');
    }

    const [text] = courseCompleteTexts(workflowId);
    expect(text!.body).toContain('course is complete');
    expect(text!.body).toContain(REVIEW_URL);
    const [mail] = courseCompleteMails(workflowId);
    expect(mail!.subject).toContain('course is complete');
    expect(mail!.text).toContain(REVIEW_URL);
    expect(mail!.text).toMatch(/factor 50/);
    await h.saveHistory(workflowId, 'course-complete');
  });

  it('a session that is not the last gets no course-complete message', async () => {
    h.clinics.edit(CLINIC.id, { reviewUrl: REVIEW_URL });
    const { workflowId, handle } = await enrol({ sessionNumber: 2, plannedSessions: 3 });
    expect((await handle.query(statusQuery)).plan.map((s) => s.step)).not.toContain('course-complete');
    await handle.result();
    const got = receivedBy(h, workflowId);
    expect(got.sms).toContain('one-month');
    expect(got.sms).not.toContain('course-complete');
    expect(got.email).not.toContain('course-complete');
  });

  it('asks for a review once per client: a second course ends without it', async () => {
    h.clinics.edit(CLINIC.id, { reviewUrl: REVIEW_URL });
    const first = await enrol({ clientRef: 'CC-TWICE', sessionNumber: 1, plannedSessions: 1 });
    await first.handle.result();
    expect(courseCompleteMails(first.workflowId)[0]!.text).toContain(REVIEW_URL);

    // Years later the same client takes another course (sessions numbered on): its end says
    // everything but the review request.
    const second = await enrol({ clientRef: 'CC-TWICE', sessionNumber: 2, plannedSessions: 2 });
    await second.handle.result();
    const [text] = courseCompleteTexts(second.workflowId);
    const [mail] = courseCompleteMails(second.workflowId);
    expect(text!.body).toContain('course is complete');
    expect(mail!.text).toMatch(/factor 50/);
    expect(text!.body).not.toContain(REVIEW_URL);
    expect(mail!.text).not.toContain(REVIEW_URL);

    // Another client of the same clinic is asked as usual.
    const other = await enrol({ clientRef: 'CC-OTHER', sessionNumber: 1, plannedSessions: 1 });
    await other.handle.result();
    expect(courseCompleteTexts(other.workflowId)[0]!.body).toContain(REVIEW_URL);
  });

  it('a client who said STOP gets the course-complete email without a review request, and no text', async () => {
    h.clinics.edit(CLINIC.id, { reviewUrl: REVIEW_URL });
    const { workflowId, handle } = await enrol({ clientRef: 'CC-STOP', sessionNumber: 1, plannedSessions: 1 });
    await handle.signal(optOutSignal, { channel: 'sms' });
    await handle.result();
    expect(courseCompleteTexts(workflowId)).toHaveLength(0);
    const [mail] = courseCompleteMails(workflowId);
    expect(mail!.text).toContain('course is complete');
    expect(mail!.text).not.toContain(REVIEW_URL);
  });

  it('a clinic without a review link sends the message alone', async () => {
    const { workflowId, handle } = await enrol({ sessionNumber: 1, plannedSessions: 1 });
    await handle.result();
    const [text] = courseCompleteTexts(workflowId);
    expect(text!.body).toContain('course is complete');
    expect(text!.body).not.toMatch(/review/i);
  });
});
