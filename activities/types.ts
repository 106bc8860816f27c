/**
 * What every activity shares: the dedupe key, the result, the failure types the workflow branches
 * on, the send records and the clock. Each channel's input and provider port sit in its folder
 * (sms/port.ts, email/port.ts), re-exported here. Only the providers (`twilio-sender.ts`,
 * `smtp-mailer.ts`) touch an SDK; their types stop there.
 */
import type { Channel } from '../domain/channels';
import type { MessageContext } from '../domain/messages/context';
import type { TOUCH_UP, TouchUpContext } from '../domain/messages/touch-up';
import type { StepId } from '../domain/steps';

export type { SendSmsInput, SmsSender, SmsSenderFor } from './sms/port';
export type { CalendarUpdateInput, Mailer, MailAttachment, NotifyClinicInput, SendEmailInput } from './email/port';

/** Dedupe key: one send per workflow + step + channel, ever. */
export interface SendKey {
  workflowId: string;
  step: StepId;
  /** An operator's resend of an earlier step (1, 2...): a send of its own, with its own record and Message-ID. */
  resend?: number;
}

/**
 * The channel part of the dedupe key `${workflowId}:${step}:${channel}`: a client channel, the
 * clinic's email, or the clinic's on-call phone (urgent alerts).
 */
export type SendChannel = Channel | 'clinic' | 'clinic-sms';

/**
 * What a dedupe key is made of: a `SendKey`, or a send that is not a step of the plan (the urgent
 * path's, keyed by the client's message SID as `notice`).
 */
export interface KeyParts {
  workflowId: string;
  step: string;
  resend?: number;
  notice?: string;
}

/** Which send a provider call belongs to; ids only, never personal data (used in callback URLs). */
export interface SendRef {
  workflowId: string;
  step: string;
  channel: SendChannel;
}

export interface SendResult {
  /** Provider id: Twilio message SID, outbox id, or the email's Message-ID. */
  providerId: string;
  /** True when an earlier attempt had already sent it and nothing was sent now. */
  alreadySent: boolean;
  at: string;
}

/**
 * A client message as runs since the `clinic-read-at-send-time` patch ask for it: everything the
 * text depends on but the clinic, whose current name, phone and booking link (and sender) the
 * activity reads when it sends (activities/clinic-at-send-time.ts).
 */
export interface ClientMessageRequest {
  clinicId: string;
  /**
   * The clinic as the run knew it at enrolment: the message is rendered with it only when the
   * clinic directory does not know the clinic (never expected: clinics are never deleted).
   */
  clinicSnapshot: MessageContext['clinic'];
  context: Omit<MessageContext, 'clinic'>;
  /**
   * The version of the session's calendar (the run's booking changes so far), for the welcome's
   * .ics: absent means 0, and in runs from before calendar updates.
   */
  calendarSequence?: number;
}

/**
 * A touch-up reminder as the touch-up workflow asks for it: rendered when it goes, with the clinic
 * read then (its current name, phone and booking link, and sender), like a step's message.
 */
export interface TouchUpMessageRequest {
  clinicId: string;
  /** The clinic as the run knew it: used only when the directory does not know the clinic. */
  clinicSnapshot: TouchUpContext['clinic'];
  context: Omit<TouchUpContext, 'clinic' | 'unsubscribeUrl'>;
}

/**
 * The dedupe key of a touch-up reminder: `notice` names the course and the reminder's number, so
 * each reminder goes once per channel, ever, and a later course's reminders are sends of their own.
 */
export interface TouchUpSendKey {
  workflowId: string;
  step: typeof TOUCH_UP;
  notice: string;
}

/** Failure types thrown as non-retryable ApplicationFailures; the workflow branches on them. */
export const PERMANENT_FAILURE = {
  smsInvalidNumber: 'SmsInvalidNumber', // Twilio 21211
  smsNotMobile: 'SmsNotMobile', // Twilio 21614
  smsUnsubscribed: 'SmsUnsubscribed', // Twilio 21610
  smsRejected: 'SmsRejected', // other 4xx from Twilio that retrying cannot fix
  emailRejected: 'EmailRecipientRejected', // SMTP 5xx on the recipient
  // A clinic's own Twilio sub-account whose token variable is unset: not the client's fault, so
  // the workflow keeps the channel on (channels.ts); retrying cannot help before a restart.
  smsSenderMisconfigured: 'SmsSenderMisconfigured',
} as const;
export type PermanentFailureType = (typeof PERMANENT_FAILURE)[keyof typeof PERMANENT_FAILURE];

/** Durable record of sends, checked before sending; a file by default. */
export interface SendRecordStore {
  get(key: string): Promise<SendRecordEntry | undefined>;
  put(key: string, entry: SendRecordEntry): Promise<void>;
}

export interface SendRecordEntry {
  state: 'pending' | 'sent';
  providerId?: string;
  startedAt: string;
  sentAt?: string;
  /**
   * The provider refused it for good (a non-retryable failure): when, and the failure's type. The
   * state stays 'pending' (nothing went), so the dedupe protocol is unchanged; the clinic's numbers
   * count it as failed. A later attempt of the same key writes a record without these.
   */
  failedAt?: string;
  failure?: string;
}

export interface Clock {
  now(): Date;
}

/**
 * Failure types thrown as retryable ApplicationFailures: Temporal retries them by the activity's
 * retry policy. Never list these in `nonRetryableErrorTypes`.
 */
export const TRANSIENT_FAILURE = {
  smsRateLimited: 'SmsRateLimited', // HTTP 429 / Twilio 20429
  smsProviderError: 'SmsProviderError', // Twilio 5xx
  smsProviderAuth: 'SmsProviderAuth', // Twilio 401: a configuration problem, fixable without a new send
  smsUnreachable: 'SmsProviderUnreachable', // network: refused, reset, timed out, DNS
  emailTransient: 'EmailTransient', // SMTP 4xx, connection refused/dropped, timeouts
  emailServerRejected: 'EmailServerRejected', // SMTP 5xx outside RCPT TO (sender, content, auth): configuration
  sendRecordUnavailable: 'SendRecordUnavailable', // the dedupe store could not be read or written
  clinicDirectoryUnavailable: 'ClinicDirectoryUnavailable', // the clinics could not be read at send time
  reviewRequestsUnavailable: 'ReviewRequestsUnavailable', // the review requests could not be read or written
} as const;
export type TransientFailureType = (typeof TRANSIENT_FAILURE)[keyof typeof TRANSIENT_FAILURE];

/**
 * Why a client's picture is not kept (activities/photos.ts): non-retryable, the photo intake
 * (workflows/photo-intake.ts) does not retry them.
 */
export const PHOTO_FAILURE = {
  tooLarge: 'PhotoTooLarge',
  wrongType: 'PhotoWrongType',
  notFound: 'PhotoNotFound',
  hostRefused: 'PhotoHostRefused',
  /** No picture of that message waits to be fetched (already kept, refused, or never recorded). */
  notPending: 'PhotoNotPending',
  /** A worker built without a photo store (activities/index.ts). */
  notConfigured: 'PhotoIntakeNotConfigured',
} as const;

/** A picture's fetch that the next attempt may get through. */
export const PHOTO_TRANSIENT = {
  fetchFailed: 'PhotoFetchFailed',
  storeUnavailable: 'PhotoStoreUnavailable',
} as const;
