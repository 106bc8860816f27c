/**
 * What activities take and return, and the small interfaces their providers implement.
 * Only `twilio-sender.ts` and `smtp-mailer.ts` touch the provider SDKs; their types stop there.
 */
import type { StepId } from '../care/steps';

/** Dedupe key: one send per workflow + step + channel, ever. */
export interface SendKey {
  workflowId: string;
  step: StepId;
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
  /** `idempotencyKey` is stable across retries of one send. */
  send(msg: { to: string; body: string; idempotencyKey: string }): Promise<{ providerId: string }>;
  /**
   * After a crash between the provider accepting and us recording it, finds the earlier message
   * by the key, if the provider can tell; undefined when it cannot.
   */
  findSent?(msg: { to: string; body: string; idempotencyKey: string; since: Date }): Promise<{ providerId: string } | undefined>;
}

/** Provider port for email (nodemailer SMTP). */
export interface Mailer {
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
