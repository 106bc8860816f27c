/**
 * The words of every step: SMS, plain-text email and HTML email for the client, and the short
 * notices the clinic gets. Pure and deterministic (no clock, no I/O): the workflow calls these
 * inside the Temporal sandbox, and the CLI preview calls them too.
 *
 * Where things are: the inputs (./context), the care facts per phase (./care-facts), the emails
 * (./email, written in ./email-document's small language), the texts (./sms, fitted to
 * SMS_MAX_SEGMENTS by ./sms-fitting), the clinic's notices (./clinic-notices), the words an
 * urgent reply sets off (./urgent) and the webhook's answers to a text (./text-answers).
 */
import { demoPrefix, type ClientMessage, type ClientStepId, type MessageContext } from './context';
import { calendarLine } from './calendar-line';
import { clientEmail } from './email';
import { renderHtml, renderText } from './email-document';
import { clientSms } from './sms';
import { unsubscribeFooter } from './unsubscribe-footer';
import { valuesOf } from './values';

export { escapeHtml } from '../html';
export { renderClinicNotice, type ClinicNoticeContext, type ClinicNoticeKind, type DigestReply } from './clinic-notices';
export {
  CLIENT_STEP_IDS,
  DEMO_PREFIX,
  isClientStep,
  type ClientMessage,
  type ClientStepId,
  type MessageContext,
} from './context';
export { smsCandidates } from './sms';
export { acknowledgement, helpAnswer, URGENT_ANSWER_WITHOUT_CLINIC, type AnsweringClinic } from './text-answers';
export { SMS_MAX_SEGMENTS } from './sms-fitting';
export {
  urgentClientReply,
  urgentClientReplyEmail,
  urgentClinicAlertSms,
  type UrgentAlertContext,
  type UrgentReplyContext,
} from './urgent';

export function renderClientMessage(step: ClientStepId, ctx: MessageContext): ClientMessage {
  const v = valuesOf(ctx);
  const { subject, blocks: body } = clientEmail(step, ctx, v);
  const blocks = [...body, ...calendarLine(step, ctx), ...unsubscribeFooter(ctx.unsubscribeUrl)];
  const fullSubject = `${demoPrefix(ctx.demo)}${subject}`;
  return {
    sms: clientSms(step, ctx, v),
    email: { subject: fullSubject, text: renderText(blocks), html: renderHtml(fullSubject, blocks) },
  };
}
