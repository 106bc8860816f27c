/**
 * The `deliverStep` activity: one client step on several channels from one activity (one Temporal
 * Action instead of one per channel), each channel still sent by its own activity function
 * (`sendSms`, `sendEmail`), so each keeps its own send record and dedupe key
 * `${workflowId}:${step}:${channel}`, its own reconciliation after a crash and its own failures.
 *
 * Channels go one after the other, in CHANNELS order. What a channel's outcome does:
 * - sent (now, or by an earlier attempt: its record says so and nothing is sent again): reported;
 * - a permanent failure (`nonRetryable`): reported; the other channels still go;
 * - a retryable failure: the activity fails retryably once every channel was tried, unless another
 *   channel failed for good. Its next attempt sends only what has not gone (the sent channels'
 *   records answer `alreadySent`). The failure's details carry every channel's outcome, so the
 *   workflow knows which channels went even when it gives up on the rest.
 * - a retryable failure next to a permanent one: reported as `retry`, not thrown, as a retry would
 *   ask the provider again for the channel that failed for good; the workflow sends that channel
 *   alone, by its own activity and retry policy.
 *
 * It runs on the clinic's text queue (the server holds it to the clinic's SMS rate), so each
 * attempt sends at most one text, as `sendSms` there does.
 */
import { ApplicationFailure } from '@temporalio/common';
import { CHANNELS, type Channel } from '../domain/channels';
import type { StepId } from '../domain/steps';
import { asFailure } from './errors';
import { TRANSIENT_FAILURE, type ClientMessageRequest, type SendEmailInput, type SendResult, type SendSmsInput } from './types';

/** One step for several channels: the send key's parts once, and each channel's recipient. */
export interface DeliverStepInput {
  workflowId: string;
  step: StepId;
  /** An operator's resend (1, 2...), as in each channel's own dedupe key. */
  resend?: number;
  message: ClientMessageRequest;
  /** The channels to send, each with its recipient; sent in CHANNELS order. */
  to: Partial<Record<Channel, string>>;
}

/** What became of one channel. */
export type ChannelOutcome =
  | { sent: SendResult }
  /** Failed for good: `type` is the activity's PERMANENT_FAILURE type. */
  | { failed: { type: string; message: string } }
  /** Failed for now, next to a channel that failed for good: the workflow sends it alone. */
  | { retry: { type: string; message: string } };

export type StepDelivery = Partial<Record<Channel, ChannelOutcome>>;

export interface DeliverStepDeps {
  sendSms(input: SendSmsInput): Promise<SendResult>;
  sendEmail(input: SendEmailInput): Promise<SendResult>;
}

export function createDeliverStep(deps: DeliverStepDeps): (input: DeliverStepInput) => Promise<StepDelivery> {
  const send: Record<Channel, (input: DeliverStepInput, to: string) => Promise<SendResult>> = {
    sms: (i, to) => deps.sendSms({ ...keyOf(i), to, message: i.message }),
    email: (i, to) => deps.sendEmail({ ...keyOf(i), to, message: i.message }),
  };

  return async function deliverStep(input: DeliverStepInput): Promise<StepDelivery> {
    const outcomes: StepDelivery = {};
    let retryable: ApplicationFailure | undefined;
    for (const channel of CHANNELS) {
      const to = input.to[channel];
      if (!to) continue;
      try {
        outcomes[channel] = { sent: await send[channel](input, to) };
      } catch (err) {
        const failure = asFailure(err, channel === 'sms' ? TRANSIENT_FAILURE.smsProviderError : TRANSIENT_FAILURE.emailTransient, `${channel} send failed`);
        const what = { type: failure.type ?? 'Error', message: failure.message };
        outcomes[channel] = failure.nonRetryable ? { failed: what } : { retry: what };
        if (!failure.nonRetryable) retryable ??= failure;
      }
    }
    const failedForGood = Object.values(outcomes).some((o) => 'failed' in o);
    if (!retryable || failedForGood) return outcomes;
    // Every channel either went or may go on the next attempt: retry this activity.
    throw ApplicationFailure.create({
      type: retryable.type ?? TRANSIENT_FAILURE.smsProviderError,
      message: CHANNELS.filter((c) => outcomes[c] && 'retry' in outcomes[c]!).map((c) => `${c}: ${retryOf(outcomes[c])}`).join('; '),
      nonRetryable: false,
      details: [outcomes],
    });
  };
}

const keyOf = (i: DeliverStepInput) => ({ workflowId: i.workflowId, step: i.step, ...(i.resend ? { resend: i.resend } : {}) });

const retryOf = (o: ChannelOutcome | undefined) => (o && 'retry' in o ? o.retry.message : '');
