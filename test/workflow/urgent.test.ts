/**
 * An urgent client reply (issue 15): the clinic alerted by email and by text to its on-call
 * phone, the client answered, at once and at any hour, even while paused; booking prompts held
 * until staff mark the concern handled; every other reply as before. On the time-skipping server
 * with the real activities. A refused update stops the server's time skipping, so each test has
 * its own server and the refusal comes last.
 *
 * With RECORD_HISTORIES=1 the first run's history is written to test/workflow/histories.
 */
import { DateTime } from 'luxon';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { workflowIdFor } from '../../domain/identifiers';
import { inputAt, type Harness } from '../../dev/aftercare-harness';
import { msUntilLocalHour } from '../../dev/zones';
import {
  cancelSignal,
  clientReplySignal,
  markConcernHandledUpdate,
  pauseSignal,
  SEARCH_ATTRIBUTES,
  statusQuery,
  type AftercareInput,
  type ClientReply,
} from '../../workflows/contract';
import { refusalOf } from '../../workflows/validation';
import { eventually } from '../support/eventually';
import { harnessPerTest } from '../support/harness-per-test';
import { receivedBy } from '../support/received';
import { skipPast } from '../support/time-skip';

const NEW_YORK = 'America/New_York';
const ON_CALL = '+12125550188';
const CLIENT_PHONE = '+12125554477';

let env: TestWorkflowEnvironment;
let h: Harness;
harnessPerTest(
  (e, harness) => {
    env = e;
    h = harness;
  },
  { serverPerTest: true },
);

const urgent = (messageSid: string, text = "my scalp is hot and there's yellow pus"): ClientReply => ({
  kind: 'message',
  text,
  messageSid,
  triage: { class: 'urgent', matched: ['hot', 'pus'] },
});

async function enrollAtNoon(clientRef: string, client: Partial<AftercareInput['client']> = {}) {
  await env.sleep(msUntilLocalHour(await env.currentTimeMs(), NEW_YORK, 12));
  const base = inputAt(await env.currentTimeMs(), { clientRef });
  const input = { ...base, client: { ...base.client, ...client } };
  const workflowId = workflowIdFor(input.clinic.id, input.clientRef, input.session.number);
  h.clinics.edit(input.clinic.id, { onCallPhone: ON_CALL });
  const handle = await h.start(input, workflowId);
  await skipPast(env, input, 'welcome');
  return { input, workflowId, handle };
}

/** Workflow time at `hour`:`minute` New York, `days` after the session's day. */
function localAt(input: AftercareInput, days: number, hour: number, minute = 0): number {
  return DateTime.fromISO(input.session.performedAt, { zone: NEW_YORK }).plus({ days }).set({ hour, minute, second: 0, millisecond: 0 }).toMillis();
}

async function sleepUntil(ms: number): Promise<void> {
  const now = await env.currentTimeMs();
  if (ms > now) await env.sleep(ms - now);
}

/** What the urgent path sent for `workflowId`, read at the providers. */
function urgentSends(workflowId: string) {
  const clinicEmails = h.smtp.messages.filter((m) => m.headers.get('x-aftercare-workflow') === workflowId && m.headers.get('x-aftercare-channel') === 'clinic');
  return {
    alerts: h.twilio.messages.filter((m) => m.to === ON_CALL).map((m) => m.body),
    answers: h.twilio.messages.filter((m) => m.to === CLIENT_PHONE && new URL(m.statusCallback ?? 'x:/').searchParams.get('step') === 'urgent-reply').map((m) => m.body),
    answerEmails: h.smtp.messages.filter((m) => m.headers.get('x-aftercare-workflow') === workflowId && m.headers.get('x-aftercare-step') === 'urgent-reply' && m.headers.get('x-aftercare-channel') === 'email'),
    urgentEmails: clinicEmails.filter((m) => (m.subject ?? '').startsWith('URGENT')).map((m) => m.text ?? ''),
    otherClinicEmails: clinicEmails.filter((m) => !(m.subject ?? '').startsWith('URGENT')).map((m) => m.text ?? ''),
  };
}

async function patchesOf(handle: WorkflowHandle): Promise<string[]> {
  const { events } = await handle.fetchHistory();
  return (events ?? []).flatMap((e) => {
    const data = e.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0]?.data;
    return data ? [(JSON.parse(Buffer.from(data).toString('utf8')) as { id: string }).id] : [];
  });
}

const concernAttribute = async (handle: WorkflowHandle) => (await handle.describe()).typedSearchAttributes.get(SEARCH_ATTRIBUTES.Concern);

describe('urgent client replies', () => {
  it('at night: the clinic is alerted and the client answered at once; book-next is held past its day, then goes at the next window opening once handled', async () => {
    const { input, workflowId, handle } = await enrollAtNoon('C9101');
    // Day 9, 23:00 in the client's zone: outside the 09:00-20:00 window.
    await sleepUntil(localAt(input, 9, 23));
    await handle.signal(clientReplySignal, urgent('SMurgent0001'));
    await env.sleep(60_000);

    const sent = await eventually(async () => urgentSends(workflowId), (s) => s.alerts.length >= 1 && s.answers.length >= 1 && s.urgentEmails.length >= 1);
    expect(sent.alerts).toHaveLength(1);
    expect(sent.alerts[0]).toContain(input.clientRef);
    expect(sent.alerts[0]).not.toContain('pus');
    expect(sent.answers).toHaveLength(1);
    expect(sent.answers[0]).toMatch(/today/);
    expect(sent.answers[0]).toMatch(/medical care/);
    expect(sent.urgentEmails).toHaveLength(1);
    expect(sent.urgentEmails[0]).toContain("my scalp is hot and there's yellow pus");
    expect(sent.otherClinicEmails).toEqual([]);

    const opened = await eventually(() => handle.query(statusQuery), (s) => s.sent.filter((r) => r.id === 'urgent-reply').length === 3);
    expect(DateTime.fromMillis(await env.currentTimeMs(), { zone: NEW_YORK }).hour).toBe(23);
    expect(opened.concern).toMatchObject({ messageSids: ['SMurgent0001'], matched: ['hot', 'pus'] });
    expect(opened.sent.filter((r) => r.id === 'urgent-reply').map((r) => [r.channel, r.status]).sort()).toEqual([
      ['clinic-email', 'sent'],
      ['clinic-sms', 'sent'],
      ['sms', 'sent'],
    ]);
    expect(opened.nextStep?.id).not.toBe('book-next');
    expect(await concernAttribute(handle)).toBe('open');
    const { currentDetails } = await handle.query<{ currentDetails: string }>('__temporal_workflow_metadata');
    expect(currentDetails).toMatch(/^urgent reply: clinic alerted by email, on-call phone texted, client answered by SMS|URGENT concern open/);
    expect(currentDetails).toContain('booking prompts held');

    // Book-next's day (day 10) passes: held, not skipped. Care-rule steps would go on meanwhile.
    await sleepUntil(localAt(input, 11, 21));
    expect(receivedBy(h, workflowId).sms).not.toContain('book-next');
    const held = await handle.query(statusQuery);
    expect(held.sent.filter((r) => r.id === 'book-next')).toEqual([]);

    // Handled at 21:00, after the window: book-next goes when it opens, at 09:00 on day 12.
    const handled = await handle.executeUpdate(markConcernHandledUpdate, { args: [{ note: 'called, healing fine' }] });
    expect(handled.concern).toBeNull();
    expect(handled.nextStep).toEqual({ id: 'book-next', sendAt: new Date(localAt(input, 12, 9)).toISOString() });
    expect(await eventually(() => concernAttribute(handle), (v) => v === 'none')).toBe('none');

    await sleepUntil(localAt(input, 12, 9, 5));
    const after = await eventually(async () => receivedBy(h, workflowId), (r) => r.sms.includes('book-next'));
    expect(after.sms).toContain('book-next');
    expect(after.sms.filter((s) => s === 'book-next')).toHaveLength(1);

    await handle.signal(cancelSignal, { reason: 'test over' });
    await handle.result();
    expect(await patchesOf(handle)).toContain('urgent-replies');
    await h.saveHistory(workflowId, 'urgent-reply');
  });

  it('a text delivered twice is answered once; a further urgent text while the concern is open only emails the clinic; other replies are forwarded as before', async () => {
    const { workflowId, handle } = await enrollAtNoon('C9102');
    await handle.signal(clientReplySignal, urgent('SMurgent0002'));
    await handle.signal(clientReplySignal, urgent('SMurgent0002'));
    await env.sleep(60_000);
    await eventually(async () => urgentSends(workflowId), (s) => s.alerts.length >= 1 && s.answers.length >= 1 && s.urgentEmails.length >= 1);
    await env.sleep(5 * 60_000);
    let sent = urgentSends(workflowId);
    expect([sent.alerts.length, sent.answers.length, sent.urgentEmails.length]).toEqual([1, 1, 1]);

    await handle.signal(clientReplySignal, urgent('SMurgent0003', 'it is bleeding again'));
    await handle.signal(clientReplySignal, { kind: 'message', text: 'thanks!', messageSid: 'SMplain0001', triage: { class: 'other', matched: [] } });
    await env.sleep(5 * 60_000);
    sent = await eventually(async () => urgentSends(workflowId), (s) => s.urgentEmails.length >= 2 && s.otherClinicEmails.length >= 1);
    expect([sent.alerts.length, sent.answers.length, sent.urgentEmails.length]).toEqual([1, 1, 2]);
    expect(sent.urgentEmails[1]).toContain('it is bleeding again');
    expect(sent.otherClinicEmails.filter((t) => t.includes('thanks!'))).toHaveLength(1);
    const status = await handle.query(statusQuery);
    expect(status.concern?.messageSids).toEqual(['SMurgent0002', 'SMurgent0003']);
    await handle.signal(cancelSignal, { reason: 'test over' });
    await handle.result();
  });

  it('a paused run still alerts the clinic and answers the client (by email when it gets no texts)', async () => {
    const { workflowId, handle } = await enrollAtNoon('C9103', { consent: { sms: false, email: true } });
    await handle.signal(pauseSignal, { reason: 'template under review' });
    await env.sleep(60_000);
    await handle.signal(clientReplySignal, urgent('SMurgent0004'));
    await env.sleep(60_000);
    const sent = await eventually(async () => urgentSends(workflowId), (s) => s.alerts.length >= 1 && s.answerEmails.length >= 1 && s.urgentEmails.length >= 1);
    expect([sent.alerts.length, sent.answerEmails.length, sent.answers.length, sent.urgentEmails.length]).toEqual([1, 1, 0, 1]);
    expect(sent.answerEmails[0]!.text).toMatch(/medical care/);
    const status = await handle.query(statusQuery);
    expect(status.paused).toMatchObject({ reason: 'template under review' });
    expect(status.concern?.messageSids).toEqual(['SMurgent0004']);
    await handle.signal(cancelSignal, { reason: 'test over' });
    await handle.result();
  });

  it('marking a concern handled is refused when none is open', async () => {
    const { handle } = await enrollAtNoon('C9104');
    const refused = await handle.executeUpdate(markConcernHandledUpdate, { args: [{}] }).catch((err: unknown) => err);
    expect(refusalOf(refused)).toEqual({ kind: 'invalid', issue: { path: 'concern', message: expect.stringMatching(/no open concern/) } });
    await handle.signal(cancelSignal, { reason: 'test over' });
  });
});
