/**
 * The words of every step: SMS, plain-text email and HTML email for the client, and the short
 * notices the clinic gets. Pure and deterministic (no clock, no I/O): the workflow calls these
 * inside the Temporal sandbox, and the CLI preview calls them too.
 *
 * Where things are: the inputs (./context), the care facts per phase (./care-facts), the emails
 * (./email, written in ./email-document's small language), the texts (./sms, fitted to each
 * language's segment limit by ./sms-fitting), the clinic's notices (./clinic-notices), the words an
 * urgent reply sets off (./urgent) and the webhook's answers to a text (./text-answers). The
 * client's words, in every language, are in ./catalogs (one per message file; docs/languages.md
 * says how, and how Spanish texts stay GSM-7); the clinic's stay English.
 */
import { DEFAULT_LANGUAGE } from '../i18n';
import { demoPrefix, type ClientMessage, type ClientStepId, type MessageContext } from './context';
import { calendarLine } from './calendar-line';
import { clientEmail } from './email';
import { renderHtml, renderText } from './email-document';
import { isPhotoStep, photoAskSmsCandidates, renderPhotoAsk } from './photo-ask';
import { clientSms, smsCandidates as ownSmsCandidates } from './sms';
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
export { acknowledgement, helpAnswer, keywordConfirmation, URGENT_ANSWER_WITHOUT_CLINIC, urgentAnswerWithoutClinic, type AnsweringClinic } from './text-answers';
export { SMS_MAX_SEGMENTS, SMS_SEGMENT_LIMITS } from './sms-fitting';
export { isPhotoStep, PHOTO_STEP_IDS, type PhotoStepId } from './photo-ask';
export {
  urgentClientReply,
  urgentClientReplyEmail,
  urgentClinicAlertSms,
  type UrgentAlertContext,
  type UrgentReplyContext,
} from './urgent';

/** A client's message for `step`, in their language (`ctx.locale`, English when absent). */
export function renderClientMessage(step: ClientStepId, ctx: MessageContext): ClientMessage {
  const lang = ctx.locale ?? DEFAULT_LANGUAGE;
  if (isPhotoStep(step)) return renderPhotoAsk(step, ctx);
  const v = valuesOf(ctx);
  const { subject, blocks: body } = clientEmail(step, ctx, v);
  const blocks = [...body, ...calendarLine(step, ctx), ...unsubscribeFooter(ctx.unsubscribeUrl, lang)];
  const fullSubject = `${demoPrefix(ctx.demo)}${subject}`;
  return {
    sms: clientSms(step, ctx, v),
    email: { subject: fullSubject, text: renderText(blocks), html: renderHtml(fullSubject, blocks, lang) },
  };
}

/**
 * Every SMS text a step could produce for `ctx` (each variant with and without the first name,
 * full clinic name), whether it fits or not: for tests that check the templates themselves.
 */
export function smsCandidates(step: ClientStepId, ctx: MessageContext): string[] {
  return isPhotoStep(step) ? photoAskSmsCandidates(step, ctx) : ownSmsCandidates(step, ctx);
}
