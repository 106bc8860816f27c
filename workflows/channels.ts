/**
 * How each channel reaches a client: one entry per channel of domain/channels.ts. An entry names
 * the activity that sends it (with its task queue) and what a permanent failure leaves behind.
 * A new channel is one entry here, one activity and one provider.
 */
import { proxyActivities, workflowInfo, type ActivityOptions } from '@temporalio/workflow';
import type { createActivities, DeliverStepInput, StepDelivery } from '../activities';
import { PERMANENT_FAILURE } from '../activities/types';
import type { Channel } from '../domain/channels';
import type { ClinicNoticeKind } from '../domain/messages';
import type { StepId } from '../domain/steps';
import type { Outgoing } from './clinic-at-send-time';
import { smsTaskQueueFor, type ChannelState } from './contract';

type Activities = ReturnType<typeof createActivities>;

/**
 * Client notifications: a few attempts with backoff, then the step is recorded as failed rather
 * than retried for hours, so a client never receives a reminder long after it made sense. The
 * schedule-to-close deadline is set per call to the end of the sending window (timing.ts).
 */
export const NOTIFY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '10 seconds',
    backoffCoefficient: 2,
    maximumInterval: '10 minutes',
    maximumAttempts: 8,
    nonRetryableErrorTypes: Object.values(PERMANENT_FAILURE),
  },
};
const { sendSms, sendEmail } = proxyActivities<Activities>(NOTIFY_OPTIONS);

/**
 * A step on several channels from one activity (activities/deliver-step.ts, runs since
 * `one-send-activity-per-step`). The same attempts and backoff as one channel's: each attempt
 * sends only the channels whose records do not say 'sent', so a retry never sends a channel twice.
 * A channel's permanent failure does not fail the activity (its result says so, per channel, and
 * the other channels still go); the permanent types stay non-retryable should one ever be thrown.
 * The deadline is set per call, as for one channel (the end of the sending window).
 */
export const DELIVER_STEP_OPTIONS: ActivityOptions = { ...NOTIFY_OPTIONS };
const { deliverStep } = proxyActivities<Activities>(DELIVER_STEP_OPTIONS);

/**
 * Sends one step on several channels; on the clinic's text queue, so the server holds it to the
 * clinic's SMS rate like a lone text (each attempt sends at most one text).
 */
export function deliverTogether(options: ActivityOptions, input: DeliverStepInput): Promise<StepDelivery> {
  const taskQueue = smsTaskQueueFor(workflowInfo().taskQueue, input.message.clinicId);
  return deliverStep.executeWithOptions({ ...DELIVER_STEP_OPTIONS, ...options, taskQueue }, [input]);
}

/** One send: which step, to whom, and (for an operator's resend) which resend it is. */
export interface ChannelSend {
  workflowId: string;
  step: StepId;
  to: string;
  message: Outgoing;
  resend?: number;
}

export interface ChannelRoute {
  /** Sends through the channel's activity; throws the activity's failure. */
  send(options: ActivityOptions, send: ChannelSend): Promise<unknown>;
  /** The channel's state after a permanent failure of this type (the activity's failure type). */
  afterPermanentFailure(type: string): ChannelState;
  /** The clinic notice when the channel fails for good while another still works. */
  failedNotice: ClinicNoticeKind;
  /** The permanent failure a delivery callback's error code stands for; undefined when it may pass. */
  callbackFailure(errorCode: string): string | undefined;
}

const resendOf = (send: ChannelSend) => (send.resend ? { resend: send.resend } : {});

/** An opt-out is the client's choice; the other refusals are a number to correct. */
const SMS_FAILURE_STATE: Record<string, ChannelState> = {
  [PERMANENT_FAILURE.smsUnsubscribed]: 'opted-out',
  [PERMANENT_FAILURE.smsInvalidNumber]: 'failed',
  [PERMANENT_FAILURE.smsNotMobile]: 'failed',
  [PERMANENT_FAILURE.smsRejected]: 'failed',
  // The clinic's sender is misconfigured, not the client's number: the next step tries again.
  [PERMANENT_FAILURE.smsSenderMisconfigured]: 'active',
};

/**
 * Twilio's delivery-callback error codes that no later text to the number will get past; the
 * others (30003 unreachable handset, 30008 unknown error, ...) are transient and only shown.
 */
const SMS_PERMANENT_CALLBACK_CODES: Record<string, string> = {
  '30005': PERMANENT_FAILURE.smsInvalidNumber, // unknown number
  '30006': PERMANENT_FAILURE.smsNotMobile, // landline or unreachable carrier
  '30007': PERMANENT_FAILURE.smsRejected, // filtered by the carrier
  '21610': PERMANENT_FAILURE.smsUnsubscribed, // the client sent STOP
};

/** The fields of the dedupe key and the recipient, common to every channel's activity. */
const addressed = (s: ChannelSend) => ({ workflowId: s.workflowId, step: s.step, to: s.to, ...resendOf(s) });

export const CHANNEL_ROUTES: Record<Channel, ChannelRoute> = {
  sms: {
    // Texts run on a queue of their own, where one server-enforced rate covers every worker: the
    // clinic's own queue at its sender's rate, or the shared one for runs before that.
    send: (options, s) => {
      const queue = workflowInfo().taskQueue;
      return 'rendered' in s.message
        ? sendSms.executeWithOptions({ ...options, taskQueue: smsTaskQueueFor(queue) }, [{ ...addressed(s), body: s.message.rendered.sms }])
        : sendSms.executeWithOptions({ ...options, taskQueue: smsTaskQueueFor(queue, s.message.atSendTime.clinicId) }, [{ ...addressed(s), message: s.message.atSendTime }]);
    },
    afterPermanentFailure: (type) => SMS_FAILURE_STATE[type] ?? 'failed',
    failedNotice: 'sms-failed',
    callbackFailure: (code) => SMS_PERMANENT_CALLBACK_CODES[code],
  },
  email: {
    send: (options, s) =>
      sendEmail.executeWithOptions(options, [{ ...addressed(s), ...('rendered' in s.message ? s.message.rendered.email : { message: s.message.atSendTime }) }]),
    afterPermanentFailure: () => 'failed',
    failedNotice: 'email-failed',
    callbackFailure: () => undefined,
  },
};
