/**
 * The `sendEmail` and `notifyClinic` activities: one email per workflow + step + channel, through
 * the dedupe store.
 *
 * 1. Record 'sent' -> nothing is sent; `{ alreadySent: true, providerId: <Message-ID> }`.
 * 2. Otherwise write 'pending' (keeping the first attempt's `startedAt`), send, write 'sent'.
 *
 * A 'pending' record is NOT reconciled for email: SMTP has no way to ask "did you already accept
 * this message?", so the retry sends again with the SAME Message-ID. That narrow window (the server
 * accepted the DATA, then we crashed or lost the 250 reply before writing 'sent') is at-least-once:
 * the recipient can get a second copy, but it is byte-for-byte the same message with the same
 * Message-ID, which many mail systems (and most clients' threading) recognise as one message. The
 * alternative, never re-sending after 'pending', would silently lose the email whenever the first
 * attempt failed before the server accepted it, which is the far more common case.
 *
 * The Message-ID is derived from the dedupe key only: `<sha256(key)[0..32]@smp-aftercare>`, no
 * personal data, identical on every attempt and in every worker.
 */
import type { ClinicDirectory } from '../../domain/clinic';
import { clinicOfWorkflowId } from '../../domain/identifiers';
import { clinicAtSendTime, clinicFacts, renderAtSendTime, renderTouchUpAtSendTime } from '../clinic-at-send-time';
import { activityLog, asFailure, heartbeat, type ActivityLog } from '../errors';
import { notePermanentFailure, readRecord, sendKey, sha256Hex, writeRecord } from '../send-records';
import { TRANSIENT_FAILURE, type Clock, type KeyParts, type SendChannel, type SendRecordStore, type SendResult } from '../types';
import { calendarFactsOf, sessionCalendar } from './calendar-file';
import type { CalendarUrlFor, Mailer, MailAttachment, NotifyClinicInput, SendEmailInput, UnsubscribeUrlFor } from './port';

export interface SendEmailDeps {
  mail: Mailer;
  records: SendRecordStore;
  clock: Clock;
  /**
   * The recipient's one-click unsubscribe link: client emails carry it in List-Unsubscribe (with
   * List-Unsubscribe-Post, RFC 8058) and in their footer. Without it they go without either.
   */
  unsubscribeUrl?: UnsubscribeUrlFor;
  /** Where a `message` input's clinic is read at send time. */
  clinics?: ClinicDirectory;
  /** Each session's signed calendar address, offered in the welcome; none without it. */
  calendarUrl?: CalendarUrlFor;
  log?: ActivityLog;
}

/** The stable Message-ID of one send (angle brackets included). */
export function stableMessageId(key: KeyParts, channel: SendChannel): string {
  return `<${sha256Hex(sendKey(key, channel)).slice(0, 32)}@smp-aftercare>`;
}

/** RFC 8058's one-click headers for a client's own link (an https URL whose POST unsubscribes). */
export function oneClickUnsubscribeHeaders(url: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

/**
 * Whose link an email gets: the address at the run's clinic (the message's, or for runs that pass
 * a rendered email, the one their workflow ID names; none for an ID of the first scheme).
 */
function unsubscribeLinkOf(deps: SendEmailDeps, input: SendEmailInput): string | undefined {
  const clinicId = 'touchUp' in input ? input.touchUp.clinicId : 'message' in input ? input.message.clinicId : clinicOfWorkflowId(input.workflowId);
  return deps.unsubscribeUrl && clinicId ? deps.unsubscribeUrl({ to: input.to, clinicId }) : undefined;
}

/** Headers that identify a send to tests, the mail page and support: ids only. */
export function trackingHeaders(input: KeyParts, channel: SendChannel): Record<string, string> {
  return {
    'X-Aftercare-Workflow': input.workflowId,
    'X-Aftercare-Step': input.step,
    'X-Aftercare-Channel': channel,
    // Automated mail: tells out-of-office responders not to answer (RFC 3834).
    'Auto-Submitted': 'auto-generated',
  };
}

/** One email of a send key, once (see the top of this file). */
export async function dedupedSend(
  deps: SendEmailDeps,
  input: KeyParts,
  channel: SendChannel,
  message: {
    to: string;
    subject: string;
    text: string;
    html?: string;
    headers: Record<string, string>;
    from?: string;
    replyTo?: string;
    attachments?: readonly MailAttachment[];
  },
): Promise<SendResult> {
  const { mail, records, clock } = deps;
  const log = activityLog(deps.log);
  const key = sendKey(input, channel);
  const ids = { workflowId: input.workflowId, step: input.step, channel };
  const messageId = stableMessageId(input, channel);

  const existing = await readRecord(records, key);
  if (existing?.state === 'sent') {
    log.info('Email already sent: skipped', { ...ids, providerId: existing.providerId ?? messageId });
    return { providerId: existing.providerId ?? messageId, alreadySent: true, at: existing.sentAt ?? existing.startedAt };
  }
  if (existing?.state === 'pending') {
    // At-least-once window, see the top of this file: same Message-ID, sent again.
    log.info('Email attempt was interrupted earlier: sending again with the same Message-ID', ids);
  }

  const startedAt = existing?.startedAt ?? clock.now().toISOString();
  await writeRecord(records, key, { state: 'pending', startedAt, providerId: messageId });
  heartbeat('sending');
  let providerId: string;
  try {
    ({ providerId } = await mail.send({ ...message, messageId }));
  } catch (err) {
    const failure = asFailure(err, TRANSIENT_FAILURE.emailTransient, 'email could not be sent');
    log.warn('Email not sent', { ...ids, type: failure.type, retryable: !failure.nonRetryable });
    await notePermanentFailure({ records, clock, log }, key, startedAt, failure, ids);
    throw failure;
  }
  const sentAt = clock.now().toISOString();
  await writeRecord(records, key, { state: 'sent', providerId, startedAt, sentAt });
  log.info('Email sent', { ...ids, providerId });
  return { providerId, alreadySent: false, at: sentAt };
}

/**
 * The email as given, or rendered for the clinic as it is now, with its From and Reply-To and the
 * unsubscribe link in its footer. (A rendered email of a run from before clinic-read-at-send-time
 * has its text fixed already: it gets the link in its headers only.) The welcome carries the
 * session's calendar: the .ics attached, and its address in the text.
 */
async function clientEmail(deps: SendEmailDeps, input: SendEmailInput, unsubscribeUrl: string | undefined) {
  if ('subject' in input) return { subject: input.subject, text: input.text, html: input.html };
  const log = activityLog(deps.log);
  const ids = { workflowId: input.workflowId, step: input.step, channel: 'email' };
  const clinicId = 'touchUp' in input ? input.touchUp.clinicId : input.message.clinicId;
  const clinic = await clinicAtSendTime(deps.clinics, clinicId, log, ids);
  const from = { ...(clinic?.emailFrom ? { from: clinic.emailFrom } : {}), ...(clinic?.replyTo ? { replyTo: clinic.replyTo } : {}) };
  if ('touchUp' in input) return { ...renderTouchUpAtSendTime(input.touchUp, clinic, unsubscribeUrl).email, ...from };
  const welcome = input.step === 'welcome';
  const calendarUrl = welcome ? deps.calendarUrl?.(input.workflowId) : undefined;
  const { subject, text, html } = renderAtSendTime(input.step, input.message, clinic, unsubscribeUrl, calendarUrl).email;
  const attachments = welcome ? [sessionCalendar(calendarFactsOf(input.workflowId, input.message, clinicFacts(input.message, clinic).name, input.message.calendarSequence ?? 0), deps.clock.now())] : [];
  return { subject, text, html, ...from, ...(attachments.length ? { attachments } : {}) };
}

export function createSendEmail(deps: SendEmailDeps): (input: SendEmailInput) => Promise<SendResult> {
  return async function sendEmail(input: SendEmailInput): Promise<SendResult> {
    const unsubscribe = unsubscribeLinkOf(deps, input);
    return dedupedSend(deps, input, 'email', {
      to: input.to,
      ...(await clientEmail(deps, input, unsubscribe)),
      headers: { ...trackingHeaders(input, 'email'), ...(unsubscribe ? oneClickUnsubscribeHeaders(unsubscribe) : {}) },
    });
  };
}

export function createNotifyClinic(deps: SendEmailDeps): (input: NotifyClinicInput) => Promise<SendResult> {
  return async function notifyClinic(input: NotifyClinicInput): Promise<SendResult> {
    const ids = { workflowId: input.workflowId, step: input.step, channel: 'clinic' };
    const clinic = input.clinicId ? await clinicAtSendTime(deps.clinics, input.clinicId, activityLog(deps.log), ids) : undefined;
    return dedupedSend(deps, input, 'clinic', {
      to: clinic?.email ?? input.to,
      subject: input.subject,
      text: input.text,
      headers: trackingHeaders(input, 'clinic'),
    });
  };
}
