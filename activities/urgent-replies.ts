/**
 * The sends of an urgent reply (a client's text that may describe a complication): the clinic's
 * alert text to its on-call phone, and the client's immediate answer by text or email. Each is
 * keyed by the client's message SID (`${workflowId}:urgent-reply:${channel}:${messageSid}`), so
 * a retried activity or a second delivery of the same text never sends twice. The clinic is read
 * when they go: its current on-call phone, name, sender, From and Reply-To.
 */
import type { Clinic, ClinicDirectory } from '../domain/clinic';
import type { Language } from '../domain/i18n';
import { urgentClientReply, urgentClientReplyEmail, urgentClinicAlertSms } from '../domain/messages';
import { normalisedPhone } from '../domain/phone';
import { URGENT_REPLY } from '../domain/urgent';
import { clinicAtSendTime } from './clinic-at-send-time';
import { dedupedSend, trackingHeaders } from './email/send-email';
import type { Mailer } from './email/port';
import { activityLog, permanentFailure, type ActivityLog } from './errors';
import { readRecord, sendKey } from './send-records';
import { sentBefore, textOnce } from './sms/send-sms';
import type { SmsSender, SmsSenderFor } from './sms/port';
import { PERMANENT_FAILURE, type Clock, type SendChannel, type SendRecordStore, type SendResult } from './types';

/** What both sends share: the run, the text that raised the alert, and the clinic. */
interface UrgentSend {
  workflowId: string;
  /** The client's text that was found urgent: one alert and one answer per text, ever. */
  messageSid: string;
  clinicId: string;
  /** The clinic as the run knew it at enrolment: used only when the directory does not know it. */
  clinicSnapshot: { name: string; phone: string };
}

export interface ClinicAlertSmsInput extends UrgentSend {
  clientRef: string;
  sessionNumber: number;
}

export interface UrgentAnswerInput extends UrgentSend {
  channel: 'sms' | 'email';
  /** The client's phone or email address. */
  to: string;
  clientFirstName: string;
  /** The client's region: the clinic's phone is written the way a caller from there dials it. */
  clientRegion?: string;
  /** The client's language (the run's `client.locale`); English when absent (older runs). */
  locale?: Language;
  demo?: boolean;
}

export interface UrgentDeps {
  sms: SmsSender;
  /** The client's page in the front desk, for the on-call text's link. */
  clientPageUrl?: (workflowId: string) => string;
  smsFor?: SmsSenderFor;
  clinics?: ClinicDirectory;
  mail: Mailer;
  records: SendRecordStore;
  clock: Clock;
  log?: ActivityLog;
}

const keyOf = (input: UrgentSend, channel: SendChannel) => sendKey({ workflowId: input.workflowId, step: URGENT_REPLY, notice: input.messageSid }, channel);

/** The clinic's sender (its own, or the platform's for a clinic the directory lacks). */
function senderOf(deps: UrgentDeps, clinic: Clinic | undefined): SmsSender {
  return clinic && deps.smsFor ? deps.smsFor(clinic) : deps.sms;
}

export function createUrgentReplies(deps: UrgentDeps) {
  const { records, clock } = deps;

  /** Texts the clinic's on-call phone (its phone when it has none): no health detail, no client name or phone. */
  async function alertClinicBySms(input: ClinicAlertSmsInput): Promise<SendResult> {
    const log = activityLog(deps.log);
    const key = keyOf(input, 'clinic-sms');
    const ids = { workflowId: input.workflowId, step: URGENT_REPLY, channel: 'clinic-sms' };
    const existing = await readRecord(records, key);
    const done = sentBefore(existing, log, ids);
    if (done) return done;
    const clinic = await clinicAtSendTime(deps.clinics, input.clinicId, log, ids);
    const phone = normalisedPhone(clinic?.onCallPhone ?? clinic?.phone ?? input.clinicSnapshot.phone);
    if (!phone.ok) throw permanentFailure(PERMANENT_FAILURE.smsInvalidNumber, `the clinic's on-call phone ${phone.message}`);
    const body = urgentClinicAlertSms({
      clinicName: clinic?.name ?? input.clinicSnapshot.name,
      clientRef: input.clientRef,
      sessionNumber: input.sessionNumber,
      ...(deps.clientPageUrl ? { pageUrl: deps.clientPageUrl(input.workflowId) } : {}),
    });
    return textOnce({ records, clock, log }, { key, ids, existing, sms: senderOf(deps, clinic), msg: { to: phone.e164, body, idempotencyKey: key } });
  }

  /** Answers the client at once, whatever the hour: the clinic will be in touch today. */
  async function answerUrgentReply(input: UrgentAnswerInput): Promise<SendResult> {
    const log = activityLog(deps.log);
    const key = keyOf(input, input.channel);
    const ids = { workflowId: input.workflowId, step: URGENT_REPLY, channel: input.channel };
    const existing = await readRecord(records, key);
    if (input.channel === 'sms') {
      const done = sentBefore(existing, log, ids);
      if (done) return done;
    }
    const clinic = await clinicAtSendTime(deps.clinics, input.clinicId, log, ids);
    const ctx = {
      clientFirstName: input.clientFirstName,
      clinic: clinic ? { name: clinic.name, phone: clinic.phone } : input.clinicSnapshot,
      ...(input.clientRegion ? { clientRegion: input.clientRegion } : {}),
      ...(input.locale ? { locale: input.locale } : {}),
      ...(input.demo ? { demo: true } : {}),
    };
    if (input.channel === 'sms') {
      const msg = { to: input.to, body: urgentClientReply(ctx), idempotencyKey: key };
      const ref = { workflowId: input.workflowId, step: URGENT_REPLY, channel: 'sms' as const };
      return textOnce({ records, clock, log }, { key, ids, existing, sms: senderOf(deps, clinic), msg, ref });
    }
    const keyParts = { workflowId: input.workflowId, step: URGENT_REPLY, notice: input.messageSid };
    return dedupedSend(deps, keyParts, 'email', {
      to: input.to,
      ...urgentClientReplyEmail(ctx),
      headers: trackingHeaders(keyParts, 'email'),
      ...(clinic?.emailFrom ? { from: clinic.emailFrom } : {}),
      ...(clinic?.replyTo ? { replyTo: clinic.replyTo } : {}),
    });
  }

  return { alertClinicBySms, answerUrgentReply };
}
