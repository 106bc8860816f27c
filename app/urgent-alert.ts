/**
 * The clinic's urgent alert email for an urgent text that no running plan took (the plan ended, was
 * cancelled, or the number is not a client's): with a running plan the workflow alerts the clinic
 * itself, and holds the booking prompts; here there is no plan to do it, so the API does, once per
 * text (the row's alert claim), through the same mailer and words as every clinic notice.
 *
 * A mail server that refuses is logged and the claim released, but the webhook still answers the
 * client with the urgent wording: Twilio does not retry an inbound text, and the client's answer
 * matters more than the alert's. The clinic's on-call phone (else its phone) also gets the alert
 * text when the text belongs to a plan whose session is known (the text names the session); a
 * number no plan knows has only the email, which carries the words.
 */
import type { Mailer } from '../activities/email/port';
import type { ClinicSenders } from '../activities/sms/clinic-senders';
import type { Clinic } from '../domain/clinic';
import { renderClinicNotice, urgentClinicAlertSms } from '../domain/messages';
import { clientPageUrl } from '../domain/url';
import type { InboxTextRecord } from '../platform/inbox';
import type { InboxStore } from '../platform/inbox';

export interface UrgentAlertDeps {
  mailer: Mailer | undefined;
  /** The SMS senders, for the alert text to the clinic's on-call phone. */
  sms?: ClinicSenders | undefined;
  inbox: InboxStore;
  /** The front desk's address, for the link to the client's page. */
  pageUrl?: string | undefined;
  log: (message: string, fields: Record<string, unknown>) => void;
}

/** What is known of the plan the text was kept under, if any. */
export interface EndedRunFacts {
  workflowId: string;
  clientRef?: string;
  sessionNumber?: number;
  timezone?: string;
}

function pageOf(base: string | undefined, workflowId: string | undefined): string | undefined {
  return base ? clientPageUrl(base, workflowId) : undefined;
}

/** Emails the clinic's urgent alert for `text` unless it went already; whether it went now. */
export async function alertClinicOfUrgentText(deps: UrgentAlertDeps, clinic: Clinic, text: InboxTextRecord, run: EndedRunFacts | undefined): Promise<boolean> {
  if (!deps.mailer) {
    deps.log('urgent text with no running plan: no alert email, SMTP_URL or EMAIL_FROM is not set', { clinicId: clinic.id, textId: text.id });
    return false;
  }
  if (!(await deps.inbox.claimAlert(text.id))) return false;
  const pageUrl = pageOf(deps.pageUrl, run?.workflowId);
  const notice = renderClinicNotice('urgent-reply', {
    clinicName: clinic.name,
    clientRef: run?.clientRef ?? text.clientRef ?? 'unknown: a number with no aftercare plan',
    clientFirstName: '',
    workflowId: run?.workflowId ?? '',
    sessionNumber: run?.sessionNumber ?? 0,
    timezone: run?.timezone ?? 'UTC',
    detail: text.text,
    matched: text.triage?.matched ?? [],
    receivedAt: text.at.toISOString(),
    clientAnsweredBy: 'sms',
    noRunningPlan: true,
    ...(pageUrl ? { pageUrl } : {}),
  });
  try {
    await deps.mailer.send({
      to: clinic.email,
      subject: notice.subject,
      text: notice.text,
      // One Message-ID per text: a mail server that took it twice shows it once.
      messageId: `<inbox-urgent-${text.id}@smp-aftercare>`,
      ...(clinic.emailFrom ? { from: clinic.emailFrom } : {}),
    });
  } catch (err) {
    await deps.inbox.finishAlert(text.id, false);
    deps.log('urgent alert email not sent: the mail server refused or is away', { clinicId: clinic.id, textId: text.id, error: (err as Error).name });
    return false;
  }
  await deps.inbox.finishAlert(text.id, true);
  if (deps.sms && run?.sessionNumber !== undefined) await textOnCall(deps, deps.sms, clinic, text, { ...run, sessionNumber: run.sessionNumber }, pageUrl);
  return true;
}

/** The alert text to the clinic's on-call phone: nothing about the client but the reference (it is read on locked screens). */
async function textOnCall(deps: UrgentAlertDeps, sms: ClinicSenders, clinic: Clinic, text: InboxTextRecord, run: EndedRunFacts & { sessionNumber: number }, pageUrl: string | undefined): Promise<void> {
  const body = urgentClinicAlertSms({ clinicName: clinic.name, clientRef: run.clientRef ?? text.clientRef ?? '?', sessionNumber: run.sessionNumber, ...(pageUrl ? { pageUrl } : {}) });
  try {
    // Keyed by the text: the outbox (and a retry's lookup at Twilio) never sends it twice.
    await sms.smsFor(clinic).send({ to: clinic.onCallPhone ?? clinic.phone, body, idempotencyKey: `inbox-urgent:${text.id}:on-call` });
  } catch (err) {
    deps.log('urgent alert text to the on-call phone not sent', { clinicId: clinic.id, textId: text.id, error: (err as Error).name });
  }
}
