/**
 * `deliverStep` (activities/deliver-step.ts) over the real per-channel sends and their send
 * records, with providers that count what they were asked: a retry sends only the channel that
 * has not gone, and a channel's permanent failure never costs the other its send.
 */
import { ApplicationFailure } from '@temporalio/common';
import { createActivities, type ClientMessageRequest, type DeliverStepInput } from '../../activities';
import { InMemorySendRecordStore } from '../../activities/send-records';
import { PERMANENT_FAILURE, TRANSIENT_FAILURE, type Mailer, type SmsSender } from '../../activities/types';
import { CLINIC, inputAt } from '../../dev/aftercare-harness';
import { healingPhaseOnDay } from '../../domain/steps';
import { planOf } from '../../workflows/contract';

function message(): ClientMessageRequest {
  const input = inputAt(Date.now());
  return {
    clinicId: CLINIC.id,
    clinicSnapshot: { name: CLINIC.name, phone: CLINIC.phone, bookingUrl: CLINIC.bookingUrl },
    context: { clientFirstName: 'Jordan', sessionNumber: 1, plannedSessions: 3, timezone: input.client.timezone, currentPhase: healingPhaseOnDay(0), plan: planOf(input) },
  };
}

/** Providers that fail as told, in turn, and count what they sent. */
function providers(plan: { sms?: (ApplicationFailure | undefined)[]; email?: (ApplicationFailure | undefined)[] }) {
  const sent = { sms: 0, email: 0 };
  const asked = { sms: 0, email: 0 };
  const sms: SmsSender = {
    send: async () => {
      const failure = plan.sms?.[asked.sms];
      asked.sms++;
      if (failure) throw failure;
      return { providerId: `SM${++sent.sms}` };
    },
  };
  const mail: Mailer = {
    send: async (m) => {
      const failure = plan.email?.[asked.email];
      asked.email++;
      if (failure) throw failure;
      sent.email++;
      return { providerId: m.messageId ?? 'id' };
    },
  } as Mailer;
  const { deliverStep } = createActivities({ sms, mail, records: new InMemorySendRecordStore() });
  return { deliverStep, sent, asked };
}

const transientMail = () => ApplicationFailure.create({ type: TRANSIENT_FAILURE.emailTransient, message: '451 try later', nonRetryable: false });
const transientSms = () => ApplicationFailure.create({ type: TRANSIENT_FAILURE.smsProviderError, message: '500', nonRetryable: false });
const invalidNumber = () => ApplicationFailure.create({ type: PERMANENT_FAILURE.smsInvalidNumber, message: 'not a valid number', nonRetryable: true });

let seq = 0;
const stepInput = (): DeliverStepInput => ({ workflowId: `aftercare-northside~D${++seq}-s1`, step: 'welcome', message: message(), to: { sms: '+12125554477', email: 'jordan@example.com' } });

describe('deliverStep', () => {
  it('sends the text, then the email, and says so per channel', async () => {
    const p = providers({});
    const out = await p.deliverStep(stepInput());
    expect(out.sms && 'sent' in out.sms && out.sms.sent.alreadySent).toBe(false);
    expect(out.email && 'sent' in out.email && out.email.sent.alreadySent).toBe(false);
    expect(p.sent).toEqual({ sms: 1, email: 1 });
  });

  it('fails retryably when the email fails for now, and its retry sends the email only', async () => {
    const p = providers({ email: [transientMail()] });
    const input = stepInput();
    const first = await p.deliverStep(input).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(ApplicationFailure);
    expect((first as ApplicationFailure).nonRetryable).toBe(false);
    // The failure names which channel went, for a workflow that gives up on the rest.
    expect((first as ApplicationFailure).details?.[0]).toMatchObject({ sms: { sent: { alreadySent: false } }, email: { retry: { type: TRANSIENT_FAILURE.emailTransient } } });

    const retry = await p.deliverStep(input);
    expect(retry).toMatchObject({ sms: { sent: { alreadySent: true } }, email: { sent: { alreadySent: false } } });
    expect(p.sent).toEqual({ sms: 1, email: 1 });
    expect(p.asked.sms).toBe(1);
  });

  it('a retry after the text failed for now does not send the email again', async () => {
    const p = providers({ sms: [transientSms()] });
    const input = stepInput();
    await expect(p.deliverStep(input)).rejects.toMatchObject({ nonRetryable: false });
    expect(await p.deliverStep(input)).toMatchObject({ sms: { sent: { alreadySent: false } }, email: { sent: { alreadySent: true } } });
    expect(p.sent).toEqual({ sms: 1, email: 1 });
  });

  it('a number refused for good: the email still goes, and the refusal comes back, not thrown', async () => {
    const p = providers({ sms: [invalidNumber()] });
    expect(await p.deliverStep(stepInput())).toMatchObject({ sms: { failed: { type: PERMANENT_FAILURE.smsInvalidNumber } }, email: { sent: { alreadySent: false } } });
    expect(p.sent).toEqual({ sms: 0, email: 1 });
  });

  it('refused for good next to a failure for now: no retry of the activity (the text is not asked again); the email is left to the workflow', async () => {
    const p = providers({ sms: [invalidNumber()], email: [transientMail()] });
    expect(await p.deliverStep(stepInput())).toMatchObject({ sms: { failed: { type: PERMANENT_FAILURE.smsInvalidNumber } }, email: { retry: { type: TRANSIENT_FAILURE.emailTransient } } });
    expect(p.asked.sms).toBe(1);
  });
});
