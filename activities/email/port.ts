/** What the email activities take, and the port their provider (SMTP) implements. */
import type { StepId } from '../../domain/steps';
import type { URGENT_REPLY } from '../../domain/urgent';
import type { ClientMessageRequest, SendKey, TouchUpMessageRequest, TouchUpSendKey } from '../types';

/**
 * Runs started before the `clinic-read-at-send-time` patch pass the rendered email; later runs
 * pass the `message` to render with the clinic read at send time, sent with its From and Reply-To.
 */
export type SendEmailInput =
  | (SendKey & { to: string } & ({ subject: string; text: string; html: string } | { message: ClientMessageRequest }))
  /** A touch-up reminder (workflows/touch-up.ts), rendered with the clinic read when it goes. */
  | (TouchUpSendKey & { to: string; touchUp: TouchUpMessageRequest });

export interface NotifyClinicInput extends Omit<SendKey, 'step'> {
  /** The step the notice is about, or URGENT_REPLY for an urgent reply's alert. */
  step: StepId | typeof URGENT_REPLY;
  /**
   * Which notice this is ('clinic-follow-up', 'unreachable', 'reply-<Twilio SID>', or the SID of
   * an urgent reply): part of the dedupe key, so different notices about one step each go once.
   */
  notice: string;
  /** The clinic's email address as the run knows it (at enrolment). */
  to: string;
  /**
   * Set by runs since `clinic-read-at-send-time`: the notice goes to the clinic's current email,
   * and to `to` only when the directory does not know the clinic.
   */
  clinicId?: string;
  subject: string;
  text: string;
}

/**
 * A client's own one-click unsubscribe link (an https URL whose signed token names the address and
 * the clinic): the worker builds it from PUBLIC_BASE_URL and PHONE_HASH_KEY (app/unsubscribe-token.ts).
 */
export type UnsubscribeUrlFor = (recipient: { to: string; clinicId: string }) => string;

/**
 * A file sent with an email: a calendar (.ics) for now. Text content only, so the port stays free
 * of streams and buffers; `contentType` is the whole MIME type, parameters included.
 */
export interface MailAttachment {
  filename: string;
  contentType: string;
  content: string;
}

/**
 * The calendar update a booking change sends (workflows/calendar-updates.ts): once per `sequence`,
 * which is part of its dedupe key and the events' SEQUENCE.
 */
export interface CalendarUpdateInput {
  workflowId: string;
  to: string;
  /** The version of the session's calendar: the count of the run's booking changes so far. */
  sequence: number;
  /** 'booked': the appointment (with the phases) published; 'cancelled': the appointment withdrawn. */
  change: 'booked' | 'cancelled';
  /** The booked time, or for a cancel the time that was booked (UTC ISO). */
  appointmentAt: string;
  /** The client's message context, the clinic read at send time as for a step. */
  message: ClientMessageRequest;
}

/** A session's signed calendar address (GET /calendar/<token>.ics), built by the worker with PHONE_HASH_KEY. */
export type CalendarUrlFor = (workflowId: string) => string;

/** Provider port for email (nodemailer SMTP). */
export interface Mailer {
  /** The bare sender address (EMAIL_FROM). */
  readonly fromAddress?: string;
  send(msg: {
    to: string;
    subject: string;
    text: string;
    html?: string;
    messageId: string;
    headers?: Record<string, string>;
    /** A clinic's own From (`Name <address>` or an address); the platform's EMAIL_FROM when unset. */
    from?: string;
    replyTo?: string;
    attachments?: readonly MailAttachment[];
  }): Promise<{ providerId: string }>;
}
