/**
 * What the API's emails (invitations, api/routes/staff.ts; password resets, api/routes/session.ts)
 * take from the configuration: the mail server, and the page's address their links open. Either
 * is undefined when the settings for it are missing; the operations then refuse (503).
 */
import { createSmtpMailer, type SmtpMailer } from '../activities/email/smtp-mailer';
import type { ApiConfig } from './context';

export function pageMailOf(config: ApiConfig): { mailer: SmtpMailer | undefined; pageUrl: string | undefined } {
  const mailer = config.SMTP_URL && config.EMAIL_FROM ? createSmtpMailer({ url: config.SMTP_URL, from: config.EMAIL_FROM }) : undefined;
  // Links are made with personLinkUrl, which drops a trailing slash of its own.
  const pageUrl = config.PUBLIC_BASE_URL ?? (config.PORT ? `http://localhost:${config.PORT}` : undefined);
  return { mailer, pageUrl };
}
