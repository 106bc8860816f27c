/** What the email activities take, and the port their provider (SMTP) implements. */
import type { SendKey } from '../types';

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
