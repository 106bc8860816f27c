/**
 * Email over SMTP: the only file that imports `nodemailer`.
 *
 * `createSmtpMailer({ url, from, timeoutMs? })` returns a `Mailer` that sends text + HTML (HTML
 * optional) with the given Message-ID, extra headers (List-Unsubscribe and List-Unsubscribe-Post,
 * X-Aftercare-*) and text attachments (a calendar's .ics), from the message's own From and Reply-To
 * (a clinic's) or else `from` (EMAIL_FROM, e.g. `Aftercare <aftercare@example.com>`).
 * `fromAddress` is the bare address. `close()` releases the transport.
 *
 * Errors become ApplicationFailures (see `smtpFailure`), without addresses in the message:
 * - 5xx on the recipient (RCPT TO / EENVELOPE) -> non-retryable `EmailRecipientRejected`;
 * - other 5xx (sender, content, authentication: configuration, not this recipient) -> retryable
 *   `EmailServerRejected`, so a fixed configuration lets the retries through;
 * - 4xx, connection refused/dropped (ECONNREFUSED, ESOCKET, ECONNECTION), timeouts, DNS ->
 *   retryable `EmailTransient`.
 */
import nodemailer from 'nodemailer';
import type { ApplicationFailure } from '@temporalio/common';
import { errorCode, NETWORK_ERROR_CODES, permanentFailure, redact, transientFailure } from '../errors';
import { PERMANENT_FAILURE, TRANSIENT_FAILURE } from '../types';
import type { Mailer } from './port';

export interface SmtpMailerOptions {
  /** SMTP_URL, e.g. `smtp://127.0.0.1:1025` or `smtps://user:pass@smtp.example.com`. */
  url: string;
  /** EMAIL_FROM, a bare address or `Name <address>`. */
  from: string;
  /** Connection, greeting and idle-socket timeout; default 15 s. */
  timeoutMs?: number;
}

export interface SmtpMailer extends Mailer {
  readonly fromAddress: string;
  close(): void;
}

/** `Name <a@b>` -> `a@b`; a bare address is returned trimmed. */
export function bareAddress(from: string): string {
  const angle = /<([^<>\s]+@[^<>\s]+)>/.exec(from);
  return (angle?.[1] ?? from).trim();
}

export function createSmtpMailer(opts: SmtpMailerOptions): SmtpMailer {
  const timeout = opts.timeoutMs ?? 15_000;
  const transport = nodemailer.createTransport({
    url: opts.url,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return {
    fromAddress: bareAddress(opts.from),
    async send(msg) {
      try {
        const info = await transport.sendMail({
          from: msg.from ?? opts.from,
          ...(msg.replyTo ? { replyTo: msg.replyTo } : {}),
          to: msg.to,
          subject: msg.subject,
          text: msg.text,
          ...(msg.html !== undefined ? { html: msg.html } : {}),
          messageId: msg.messageId,
          ...(msg.headers ? { headers: msg.headers } : {}),
          ...(msg.attachments?.length ? { attachments: msg.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })) } : {}),
        });
        return { providerId: info.messageId || msg.messageId };
      } catch (err) {
        throw smtpFailure(err);
      }
    },
    close() {
      transport.close();
    },
  };
}

interface SmtpErrorLike {
  code?: string;
  command?: string;
  responseCode?: number;
  response?: string;
}

/** The server's reply without its reply code, enhanced status code kept, the rest redacted. */
function replyText(response: string): string {
  const parsed = /^\s*\d{3}[ -]?(\d\.\d{1,3}\.\d{1,3})?\s*([\s\S]*)$/.exec(response);
  const enhanced = parsed?.[1] ? `${parsed[1]} ` : '';
  return `${enhanced}${redact(parsed ? (parsed[2] ?? '') : response)}`.slice(0, 200);
}

/** Maps a nodemailer error to an ApplicationFailure without addresses. */
export function smtpFailure(err: unknown): ApplicationFailure {
  const e: SmtpErrorLike = typeof err === 'object' && err !== null ? (err as SmtpErrorLike) : {};
  const code = errorCode(err);
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const command = typeof e.command === 'string' ? e.command : undefined;
  // The server's reply often quotes the recipient: redacted. The error's own message is not used.
  const reply = typeof e.response === 'string' ? `: ${replyText(e.response)}` : '';
  const where = [command, code].filter(Boolean).join(', ');
  const details = { smtpCode: responseCode ?? null, command: command ?? null, code: code ?? null };

  if (responseCode !== undefined && responseCode >= 500) {
    const onRecipient = (command ?? '').toUpperCase().startsWith('RCPT') || (code === 'EENVELOPE' && !/^MAIL/i.test(command ?? ''));
    if (onRecipient) {
      return permanentFailure(PERMANENT_FAILURE.emailRejected, `SMTP server rejected the recipient (${responseCode}${where ? `, ${where}` : ''})${reply}`, details);
    }
    return transientFailure(TRANSIENT_FAILURE.emailServerRejected, `SMTP server refused the message (${responseCode}${where ? `, ${where}` : ''})${reply}`, details);
  }
  // nodemailer's own envelope check: a recipient address it cannot use at all.
  if (code === 'EENVELOPE' && responseCode === undefined && err instanceof Error && /recipient/i.test(err.message)) {
    return permanentFailure(PERMANENT_FAILURE.emailRejected, 'the recipient address is not a usable email address', details);
  }
  if (responseCode !== undefined && responseCode >= 400) {
    return transientFailure(TRANSIENT_FAILURE.emailTransient, `SMTP server deferred the message (${responseCode}${where ? `, ${where}` : ''})${reply}`, details);
  }
  if (code && (NETWORK_ERROR_CODES.has(code) || ['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS', 'ETLS', 'EPROTOCOL'].includes(code))) {
    return transientFailure(TRANSIENT_FAILURE.emailTransient, `SMTP server unreachable (${where})`, details);
  }
  const kind = err instanceof Error ? err.name : typeof err;
  return transientFailure(TRANSIENT_FAILURE.emailTransient, `email could not be sent: ${kind}${where ? ` (${where})` : ''}`, details);
}
