/**
 * How each channel reaches a client: one entry per channel of domain/channels.ts. An entry names
 * the activity that sends it (with its task queue) and what a permanent failure leaves behind.
 * A new channel is one entry here, one activity and one provider.
 */
import { proxyActivities, workflowInfo, type ActivityOptions } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import { PERMANENT_FAILURE } from '../activities/types';
import type { Channel } from '../domain/channels';
import type { ClientMessage, ClinicNoticeKind } from '../domain/messages';
import type { StepId } from '../domain/steps';
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

/** One send: which step, to whom, and (for an operator's resend) which resend it is. */
export interface ChannelSend {
  workflowId: string;
  step: StepId;
  to: string;
  message: ClientMessage;
  resend?: number;
}

export interface ChannelRoute {
  /** Sends through the channel's activity; throws the activity's failure. */
  send(options: ActivityOptions, send: ChannelSend): Promise<unknown>;
  /** The channel's state after a permanent failure of this type (the activity's failure type). */
  afterPermanentFailure(type: string): ChannelState;
  /** The clinic notice when the channel fails for good while another still works. */
  failedNotice: ClinicNoticeKind;
}

const resendOf = (send: ChannelSend) => (send.resend ? { resend: send.resend } : {});

/** An opt-out is the client's choice; the other refusals are a number to correct. */
const SMS_FAILURE_STATE: Record<string, ChannelState> = {
  [PERMANENT_FAILURE.smsUnsubscribed]: 'opted-out',
  [PERMANENT_FAILURE.smsInvalidNumber]: 'failed',
  [PERMANENT_FAILURE.smsNotMobile]: 'failed',
  [PERMANENT_FAILURE.smsRejected]: 'failed',
};

export const CHANNEL_ROUTES: Record<Channel, ChannelRoute> = {
  sms: {
    // Texts run on a queue of their own, where one server-enforced rate covers every worker.
    send: (options, s) =>
      sendSms.executeWithOptions({ ...options, taskQueue: smsTaskQueueFor(workflowInfo().taskQueue) }, [
        { workflowId: s.workflowId, step: s.step, to: s.to, body: s.message.sms, ...resendOf(s) },
      ]),
    afterPermanentFailure: (type) => SMS_FAILURE_STATE[type] ?? 'failed',
    failedNotice: 'sms-failed',
  },
  email: {
    send: (options, s) => sendEmail.executeWithOptions(options, [{ workflowId: s.workflowId, step: s.step, to: s.to, ...s.message.email, ...resendOf(s) }]),
    afterPermanentFailure: () => 'failed',
    failedNotice: 'email-failed',
  },
};
