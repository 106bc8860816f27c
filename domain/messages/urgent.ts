/**
 * The words an urgent reply (triage class `urgent`: the client may have a complication) sets off:
 * the answer the client gets at once, by text or by email, and the clinic's alert by text. The
 * clinic's alert email is a clinic notice ('urgent-reply', ./clinic-notices).
 *
 * None of them says what the client has or whether it is normal: a wrong guess either way could
 * keep someone from care. The client hears that a person will be in touch today and when not to
 * wait for that call. The clinic's text can be read on a locked screen by anyone nearby, so it
 * carries only the client's reference and points to the details.
 */
import { demoPrefix, type MessageContext } from './context';
import { greeting } from './email';
import { lines, p, renderHtml, renderText, type Block } from './email-document';
import { cutToFit, fitSms, fitsSms, shortenName, smsFriendly, type SmsVariants } from './sms-fitting';
import { clean, contactValuesOf, type ContactContext, type ContactValues } from './values';

/**
 * What the client's urgent answer is made of. A whole MessageContext is one; without a running
 * plan (a text from a number no run knows) the clinic alone will do.
 */
export type UrgentReplyContext = ContactContext & Pick<MessageContext, 'demo'>;

const REPLY_SMS: SmsVariants = {
  content: [
    (s) =>
      `${s.hi}Thank you for telling us. Someone from our team will be in touch with you today. If it is getting worse or you feel unwell, please get medical care now; don't wait for our call. You can reach us on ${s.phone}.`,
    (s) => `${s.hi}Thanks for telling us. Our team will be in touch today. If it is getting worse or you feel unwell, get medical care now. Call us: ${s.phone}`,
  ],
  lean: (s) => `${s.hi}We'll be in touch today. Worse, or feeling unwell? Get medical care now. ${s.phone}`,
};

/** The text a client gets at once after an urgent reply (at most SMS_MAX_SEGMENTS segments). */
export function urgentClientReply(ctx: UrgentReplyContext): string {
  return fitSms(REPLY_SMS, ctx, contactValuesOf(ctx));
}

/** The same answer by email, for a client who gets no texts. */
export function urgentClientReplyEmail(ctx: UrgentReplyContext): { subject: string; text: string; html: string } {
  const v: ContactValues = contactValuesOf(ctx);
  const subject = `${demoPrefix(ctx.demo)}${v.clinic}: we have your message and will be in touch today`;
  const blocks: Block[] = [
    greeting(v),
    p(`Thank you for telling us how you are. Someone from ${v.clinic} will be in touch with you today.`),
    p(
      'If it is getting worse, or you feel unwell, please get medical care now, from a doctor or the emergency services, rather than waiting for our call.',
    ),
    p(`You can also call us at ${v.phone}.`),
    lines(['Warm regards,'], [v.clinic], ['Phone: ', v.phone]),
  ];
  return { subject, text: renderText(blocks), html: renderHtml(subject, blocks) };
}

/** What the clinic's urgent text is made of: nothing about the client but the clinic's own reference. */
export interface UrgentAlertContext {
  clinicName: string;
  clientRef: string;
  sessionNumber: number;
  /** The client's page in the front desk, when the caller knows its address. */
  pageUrl?: string;
  demo?: boolean;
}

/**
 * The text to the clinic's on-call phone after an urgent reply (at most SMS_MAX_SEGMENTS segments):
 * which client (by reference), that it may be a complication, to call today, and where the
 * details are. The clinic's name and the page link give way before the message does.
 */
export function urgentClinicAlertSms(ctx: UrgentAlertContext): string {
  const prefix = demoPrefix(ctx.demo);
  const clinic = smsFriendly(clean(ctx.clinicName));
  const ref = clean(ctx.clientRef);
  const url = clean(ctx.pageUrl);
  const compose = (name: string, link: string) =>
    `${prefix}URGENT${name ? ` (${name} aftercare)` : ''}: client ref ${ref}, session ${ctx.sessionNumber}, replied with a possible complication. Please call them today. ${
      link ? `Details: ${link}` : 'Details in your email and the front desk.'
    }`;
  const names = [clinic, ...[32, 24, 16].map((max) => shortenName(clinic, max)), ''];
  for (const link of url ? [url, ''] : ['']) {
    for (const name of names) {
      const text = compose(name, link);
      if (fitsSms(text)) return text;
    }
  }
  // Only an absurdly long reference gets here: keep the start, which says what matters.
  return cutToFit(compose('', ''));
}
