/**
 * The photo check-ins in a run on the time-skipping server (issue 16): a client of a clinic that
 * asks for photos gets the day 7 and day 14 photo asks by each consented channel, at the send
 * time of that day and inside the window. (That a run without the flag, as every run enrolled
 * before, plans none, and that the late-step rules hold for them, is in test/unit/photos.test.ts
 * and the plan's own tests.)
 *
 * With RECORD_HISTORIES=1 the run with photo check-ins is written to test/workflow/histories.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import { planFor } from '../../app/enrollment-service';
import { workflowIdFor } from '../../domain/identifiers';
import { inputAt, type Harness } from '../../dev/aftercare-harness';
import { statusQuery } from '../../workflows/contract';
import { harnessPerTest } from '../support/harness-per-test';
import { receivedBy } from '../support/received';

let env: TestWorkflowEnvironment;
let h: Harness;
harnessPerTest((e, harness) => {
  env = e;
  h = harness;
});

let refCounter = 0;
async function enrollNow(photoCheckIns: boolean) {
  const input = { ...inputAt(await env.currentTimeMs(), { clientRef: `P${1000 + ++refCounter}` }), ...(photoCheckIns ? { photoCheckIns: true } : {}) };
  const workflowId = workflowIdFor(input.clinic.id, input.clientRef, input.session.number);
  return { input, workflowId, handle: await h.start(input, workflowId) };
}

describe('photo check-ins', () => {
  it('asks for a photo on day 7 and day 14, by text and email, at the send time of that day', async () => {
    const { input, workflowId, handle } = await enrollNow(true);
    const result = await handle.result();
    expect(result.phase).toBe('completed');
    const plan = planFor(input);
    const got = receivedBy(h, workflowId);
    expect(got.sms).toEqual(['welcome', 'days-1-4', 'days-5-7', 'photo-day-7', 'days-8-14', 'book-next', 'book-nudge', 'photo-day-14', 'day-15', 'one-month']);
    expect(got.email.filter((s) => s !== 'clinic-follow-up')).toEqual(got.sms);

    const status = await handle.query(statusQuery);
    for (const step of ['photo-day-7', 'photo-day-14'] as const) {
      const planned = plan.find((s) => s.step === step)!;
      expect(planned.day).toBe(step === 'photo-day-7' ? 7 : 14);
      expect(DateTime.fromISO(planned.local, { setZone: true }).toFormat('HH:mm')).toBe(input.clinic.sendTime);
      const sent = status.sent.filter((r) => r.id === step && r.status === 'sent');
      expect(sent.map((r) => r.channel).sort()).toEqual(['email', 'sms']);
      for (const r of sent) expect(Date.parse(r.at) - Date.parse(planned.sendAt)).toBeLessThan(5 * 60_000);
    }
    const text = h.twilio.messages.find((m) => new URL(m.statusCallback ?? 'x:/').searchParams.get('step') === 'photo-day-7' && new URL(m.statusCallback!).searchParams.get('wf') === workflowId);
    expect(text?.body).toMatch(/Reply to this text with a clear, well-lit photo of the treated area/);
    await h.saveHistory(workflowId, 'photo-check-ins');
  });
});
