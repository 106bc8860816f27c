/**
 * The worker's activities, built from their providers:
 *
 * ```ts
 * const senders = createClinicTwilioSenders({ platform: { accountSid, authToken, from }, statusCallbackBaseUrl: PUBLIC_BASE_URL });
 * //   or createClinicOutboxSenders(path.join(DATA_DIR, 'sms-outbox.jsonl')) without Twilio credentials
 * const activities = createActivities({
 *   sms: senders.platform,
 *   smsFor: senders.smsFor,
 *   clinics, // a ClinicDirectory: read when a message goes (runs since clinic-read-at-send-time)
 *   mail: createSmtpMailer({ url: SMTP_URL, from: EMAIL_FROM }),
 *   records: new SqlSendRecordStore(db),
 *   clock: { now: () => new Date() },
 *   unsubscribeUrl: (r) => unsubscribeUrl(PUBLIC_BASE_URL, PHONE_HASH_KEY, r), // optional: one-click unsubscribe
 * });
 * ```
 *
 * Each activity takes one object argument and returns a `SendResult`, sends at most once per
 * `${workflowId}:${step}:${channel}` (see sms/send-sms.ts and email/send-email.ts for exactly what
 * that means after a crash), and throws `ApplicationFailure`s: non-retryable of a `PERMANENT_FAILURE` type when
 * retrying cannot help, retryable of a `TRANSIENT_FAILURE` type otherwise. Neither their logs nor
 * their failures contain a phone number, an email address or a name.
 *
 * They work inside a Temporal worker (logging through the activity logger, heartbeating) and when
 * called directly, e.g. from a unit test.
 */
import { createNotifyClinic, createSendEmail } from './email/send-email';
import type { ActivityLog } from './errors';
import { createSendSms } from './sms/send-sms';
import { createTouchUpClinic, type TouchUpClinic, type TouchUpClinicInput } from './touch-up-clinic';
import { createUrgentReplies, type ClinicAlertSmsInput, type UrgentAnswerInput } from './urgent-replies';
import type { ClinicDirectory } from '../domain/clinic';
import type { Mailer, NotifyClinicInput, SendEmailInput, UnsubscribeUrlFor } from './email/port';
import type { SendSmsInput, SmsSender, SmsSenderFor } from './sms/port';
import type { Clock, SendRecordStore, SendResult } from './types';

export interface ActivityDeps {
  /** The platform's SMS sender: texts rendered by older runs, and clinics the directory lacks. */
  sms: SmsSender;
  /** Each clinic's SMS sender (sms/clinic-senders.ts); the platform's for all when unset. */
  smsFor?: SmsSenderFor;
  /**
   * The clinics as they are now, read by every send of a run since clinic-read-at-send-time.
   * Without it every clinic is unknown and those sends use the enrolment's snapshot.
   */
  clinics?: ClinicDirectory;
  mail: Mailer;
  records: SendRecordStore;
  /** Defaults to the system clock. */
  clock?: Clock;
  /** Each client's one-click unsubscribe link (List-Unsubscribe and the emails' footer); none without it. */
  unsubscribeUrl?: UnsubscribeUrlFor;
  /** The client's page in the front desk, linked from the clinic's urgent alert text; none without it. */
  clientPageUrl?: (workflowId: string) => string;
  /** Where to log when not running inside an activity (silent by default). */
  log?: ActivityLog;
}

export interface AftercareActivities {
  sendSms(input: SendSmsInput): Promise<SendResult>;
  sendEmail(input: SendEmailInput): Promise<SendResult>;
  notifyClinic(input: NotifyClinicInput): Promise<SendResult>;
  /** An urgent reply's alert to the clinic's on-call phone (urgent-replies.ts). */
  alertClinicBySms(input: ClinicAlertSmsInput): Promise<SendResult>;
  /** An urgent reply's immediate answer to the client, by text or email (urgent-replies.ts). */
  answerUrgentReply(input: UrgentAnswerInput): Promise<SendResult>;
  /** The touch-up workflow's clinic settings, read as they are now (touch-up-clinic.ts). */
  touchUpClinic(input: TouchUpClinicInput): Promise<TouchUpClinic>;
}

const systemClock: Clock = { now: () => new Date() };

export function createActivities(deps: ActivityDeps): AftercareActivities {
  const clock = deps.clock ?? systemClock;
  const common = { records: deps.records, clock, ...(deps.clinics ? { clinics: deps.clinics } : {}), ...(deps.log ? { log: deps.log } : {}) };
  const mailDeps = { ...common, mail: deps.mail, ...(deps.unsubscribeUrl ? { unsubscribeUrl: deps.unsubscribeUrl } : {}) };
  // One send activity per channel (workflows/channels.ts calls it by name), the clinic's notices,
  // and the sends of an urgent reply.
  return {
    sendSms: createSendSms({ ...common, sms: deps.sms, ...(deps.smsFor ? { smsFor: deps.smsFor } : {}) }),
    sendEmail: createSendEmail(mailDeps),
    notifyClinic: createNotifyClinic(mailDeps),
    touchUpClinic: createTouchUpClinic(common),
    ...createUrgentReplies({ ...mailDeps, sms: deps.sms, ...(deps.smsFor ? { smsFor: deps.smsFor } : {}), ...(deps.clientPageUrl ? { clientPageUrl: deps.clientPageUrl } : {}) }),
  };
}

export type { ActivityLog } from './errors';
export type { ClinicAlertSmsInput, UrgentAnswerInput } from './urgent-replies';
export type { TouchUpClinic, TouchUpClinicInput } from './touch-up-clinic';
export { PERMANENT_FAILURE, TRANSIENT_FAILURE } from './types';
export type {
  ClientMessageRequest,
  Clock,
  Mailer,
  NotifyClinicInput,
  PermanentFailureType,
  SendChannel,
  SendEmailInput,
  SendRecordEntry,
  SendRecordStore,
  SendResult,
  SendSmsInput,
  SmsSender,
  SmsSenderFor,
  TransientFailureType,
} from './types';
export type { UnsubscribeUrlFor } from './email/port';
