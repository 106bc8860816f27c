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
import { ApplicationFailure } from '@temporalio/common';
import { createDeliverStep, type DeliverStepInput, type StepDelivery } from './deliver-step';
import { createSendCalendarUpdate } from './email/calendar-update';
import { createNotifyClinic, createSendEmail } from './email/send-email';
import type { ActivityLog } from './errors';
import { createClaimReviewRequest, InMemoryReviewRequestStore, type ReviewRequestAnswer, type ReviewRequestClaim, type ReviewRequestStore } from './review-requests';
import { createPhotoActivities, type PhotoIntakeDeps, type PhotoRef } from './photos';
import { createSendSms } from './sms/send-sms';
import { createTouchUpClinic, type TouchUpClinic, type TouchUpClinicInput } from './touch-up-clinic';
import { createUrgentReplies, type ClinicAlertSmsInput, type UrgentAnswerInput } from './urgent-replies';
import type { ClinicDirectory } from '../domain/clinic';
import type { CalendarUpdateInput, CalendarUrlFor, Mailer, NotifyClinicInput, SendEmailInput, UnsubscribeUrlFor } from './email/port';
import type { SendSmsInput, SmsSender, SmsSenderFor } from './sms/port';
import { PHOTO_FAILURE, type Clock, type SendRecordStore, type SendResult } from './types';

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
  /** Each session's signed calendar address (the welcome offers it); none without it. */
  calendarUrl?: CalendarUrlFor;
  /** The client's page in the front desk, linked from the clinic's urgent alert text; none without it. */
  clientPageUrl?: (workflowId: string) => string;
  /** Which clients were asked for a review (once ever); in this process's memory when unset. */
  reviewRequests?: ReviewRequestStore;
  /** Where to log when not running inside an activity (silent by default). */
  log?: ActivityLog;
  /** The photo intake's store, credentials and allowed hosts (photos.ts); without it no picture is fetched. */
  photos?: Omit<PhotoIntakeDeps, 'clock' | 'log'>;
}

export interface AftercareActivities {
  sendSms(input: SendSmsInput): Promise<SendResult>;
  sendEmail(input: SendEmailInput): Promise<SendResult>;
  /** One step on several channels, each by its own send above (deliver-step.ts); on the clinic's text queue. */
  deliverStep(input: DeliverStepInput): Promise<StepDelivery>;
  notifyClinic(input: NotifyClinicInput): Promise<SendResult>;
  /** The client's updated .ics after a booking change (email/calendar-update.ts). */
  sendCalendarUpdate(input: CalendarUpdateInput): Promise<SendResult>;
  /** An urgent reply's alert to the clinic's on-call phone (urgent-replies.ts). */
  alertClinicBySms(input: ClinicAlertSmsInput): Promise<SendResult>;
  /** An urgent reply's immediate answer to the client, by text or email (urgent-replies.ts). */
  answerUrgentReply(input: UrgentAnswerInput): Promise<SendResult>;
  /** Whether the course-complete message carries the clinic's review request (review-requests.ts). */
  claimReviewRequest(input: ReviewRequestClaim): Promise<ReviewRequestAnswer>;
  /** One picture of a client's MMS fetched, checked and kept sealed (photos.ts); ids only. */
  fetchPhoto(input: PhotoRef): Promise<{ photoId: string; size: number; contentType: string }>;
  /** A picture given up after its retries ran out. */
  refusePhoto(input: PhotoRef & { reason: string }): Promise<void>;
  /** The touch-up workflow's clinic settings, read as they are now (touch-up-clinic.ts). */
  touchUpClinic(input: TouchUpClinicInput): Promise<TouchUpClinic>;
}

const systemClock: Clock = { now: () => new Date() };

export function createActivities(deps: ActivityDeps): AftercareActivities {
  const clock = deps.clock ?? systemClock;
  const common = { records: deps.records, clock, ...(deps.clinics ? { clinics: deps.clinics } : {}), ...(deps.log ? { log: deps.log } : {}) };
  const mailDeps = {
    ...common,
    mail: deps.mail,
    ...(deps.unsubscribeUrl ? { unsubscribeUrl: deps.unsubscribeUrl } : {}),
    ...(deps.calendarUrl ? { calendarUrl: deps.calendarUrl } : {}),
  };
  // One send activity per channel (workflows/channels.ts calls it by name), one composing them for
  // a step on several channels, the clinic's notices, and the sends of an urgent reply.
  const sendSms = createSendSms({ ...common, sms: deps.sms, ...(deps.smsFor ? { smsFor: deps.smsFor } : {}) });
  const sendEmail = createSendEmail(mailDeps);
  return {
    sendSms,
    sendEmail,
    deliverStep: createDeliverStep({ sendSms, sendEmail }),
    notifyClinic: createNotifyClinic(mailDeps),
    claimReviewRequest: createClaimReviewRequest({ ...common, reviewRequests: deps.reviewRequests ?? new InMemoryReviewRequestStore() }),
    ...photoActivities(deps, clock),
    sendCalendarUpdate: createSendCalendarUpdate(mailDeps),
    touchUpClinic: createTouchUpClinic(common),
    ...createUrgentReplies({ ...mailDeps, sms: deps.sms, ...(deps.smsFor ? { smsFor: deps.smsFor } : {}), ...(deps.clientPageUrl ? { clientPageUrl: deps.clientPageUrl } : {}) }),
  };
}

/** The photo activities, or, on a worker without a photo store, ones that say so and keep nothing. */
function photoActivities(deps: ActivityDeps, clock: Clock): Pick<AftercareActivities, 'fetchPhoto' | 'refusePhoto'> {
  if (deps.photos) return createPhotoActivities({ ...deps.photos, clock, ...(deps.log ? { log: deps.log } : {}) });
  const missing = () => Promise.reject(ApplicationFailure.create({ type: PHOTO_FAILURE.notConfigured, message: 'this worker has no photo store', nonRetryable: true }));
  return { fetchPhoto: missing, refusePhoto: missing };
}

export type { ActivityLog } from './errors';
export { type PhotoIntakeDeps, type PhotoIntakePort, type PhotoRef, type BasicCredentials } from './photos';
export type { ClinicAlertSmsInput, UrgentAnswerInput } from './urgent-replies';
export type { ChannelOutcome, DeliverStepInput, StepDelivery } from './deliver-step';
export type { TouchUpClinic, TouchUpClinicInput } from './touch-up-clinic';
export { PERMANENT_FAILURE, PHOTO_FAILURE, PHOTO_TRANSIENT, TRANSIENT_FAILURE } from './types';
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
export type { CalendarUpdateInput, CalendarUrlFor, MailAttachment, UnsubscribeUrlFor } from './email/port';
export type { ReviewRequestAnswer, ReviewRequestClaim, ReviewRequestStore } from './review-requests';
