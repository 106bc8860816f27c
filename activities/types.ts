/**
 * What activities take and return, and the small interfaces their providers implement.
 * Only `twilio-sender.ts` and `smtp-mailer.ts` touch the provider SDKs; their types stop there.
 */
import type { Channel } from '../domain/channels';
import type { StepId } from '../domain/steps';

/** Dedupe key: one send per workflow + step + channel, ever. */
export interface SendKey {
  workflowId: string;
  step: StepId;
  /** An operator's resend of an earlier step (1, 2...): a send of its own, with its own record and Message-ID. */
  resend?: number;
}

/** The channel part of the dedupe key `${workflowId}:${step}:${channel}`: a client channel, or the clinic's email. */
export type SendChannel = Channel | 'clinic';

/** Which send a provider call belongs to; ids only, never personal data (used in callback URLs). */
export interface SendRef {
  workflowId: string;
  step: string;
  channel: SendChannel;
}

export interface SendSmsInput extends SendKey {
  to: string;
  body: string;
}

export interface SendEmailInput extends SendKey {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface NotifyClinicInput extends SendKey {
  /**
   * Which notice this is ('clinic-follow-up', 'unreachable', or 'reply-<Twilio SID>'): part of the
   * dedupe key, so different notices about one step each go once.
   */
  notice: string;
  /** The clinic's email address. */
  to: string;
  subject: string;
  text: string;
}

export interface SendResult {
  /** Provider id: Twilio message SID, outbox id, or the email's Message-ID. */
  providerId: string;
  /** True when an earlier attempt had already sent it and nothing was sent now. */
  alreadySent: boolean;
  at: string;
}

/** Failure types thrown as non-retryable ApplicationFailures; the workflow branches on them. */
export const PERMANENT_FAILURE = {
  smsInvalidNumber: 'SmsInvalidNumber', // Twilio 21211
  smsNotMobile: 'SmsNotMobile', // Twilio 21614
  smsUnsubscribed: 'SmsUnsubscribed', // Twilio 21610
  smsRejected: 'SmsRejected', // other 4xx from Twilio that retrying cannot fix
  emailRejected: 'EmailRecipientRejected', // SMTP 5xx on the recipient
} as const;
export type PermanentFailureType = (typeof PERMANENT_FAILURE)[keyof typeof PERMANENT_FAILURE];

/** Provider port for SMS: Twilio, or the local outbox when there are no credentials. */
export interface SmsSender {
  /**
   * `idempotencyKey` is stable across retries of one send. `ref` names the send (workflow id and
   * step, no personal data) so a provider can tag it, e.g. in Twilio's status callback URL.
   */
  send(msg: { to: string; body: string; idempotencyKey: string; ref?: SendRef }): Promise<{ providerId: string }>;
  /**
   * After a crash between the provider accepting and us recording it, finds the earlier message
   * by the key, if the provider can tell; undefined when it cannot.
   */
  findSent?(msg: { to: string; body: string; idempotencyKey: string; since: Date }): Promise<{ providerId: string } | undefined>;
}

/** Provider port for email (nodemailer SMTP). */
export interface Mailer {
  /** The bare sender address (EMAIL_FROM), used for the `mailto:` List-Unsubscribe entry. */
  readonly fromAddress?: string;
  send(msg: {
    to: string;
    subject: string;
    text: string;
    html?: string;
    messageId: string;
    headers?: Record<string, string>;
  }): Promise<{ providerId: string }>;
}

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
} as const;
export type TransientFailureType = (typeof TRANSIENT_FAILURE)[keyof typeof TRANSIENT_FAILURE];
