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
import { DEFAULT_LANGUAGE, translator } from '../i18n';
import { URGENT } from './catalogs/urgent';
import { demoPrefix, type MessageContext } from './context';
import { greeting, signature } from './email-parts';
import { lines, p, renderHtml, renderText, type Block } from './email-document';
import { cutToFit, fitSms, fitsSms, shortenName, smsFriendly, type SmsVariants } from './sms-fitting';
import { smsSpelled } from './sms-spelling';
import { clean, contactValuesOf, type ContactContext, type ContactValues } from './values';

/**
 * What the client's urgent answer is made of. A whole MessageContext is one; without a running
 * plan (a text from a number no run knows) the clinic alone will do, in English unless a language is known.
 */
export type UrgentReplyContext = ContactContext & Pick<MessageContext, 'demo' | 'locale'>;

const t = translator(URGENT);
const ts = translator(smsSpelled(URGENT));

/** The text a client gets at once after an urgent reply (within the language's segment limit). */
export function urgentClientReply(ctx: UrgentReplyContext): string {
  const lang = ctx.locale ?? DEFAULT_LANGUAGE;
  const values = (s: { hi: string; phone: string }) => ({ hi: s.hi, phone: s.phone });
  const variants: SmsVariants = {
    content: [(s) => ts(lang, 'sms.full', values(s)), (s) => ts(lang, 'sms.short', values(s))],
    lean: (s) => ts(lang, 'sms.lean', values(s)),
  };
  return fitSms(variants, ctx, contactValuesOf(ctx));
}

/** The same answer by email, for a client who gets no texts. */
export function urgentClientReplyEmail(ctx: UrgentReplyContext): { subject: string; text: string; html: string } {
  const lang = ctx.locale ?? DEFAULT_LANGUAGE;
  const v: ContactValues = contactValuesOf(ctx);
  const subject = `${demoPrefix(ctx.demo)}${t(lang, 'email.subject', { clinic: v.clinic })}`;
  const blocks: Block[] = [
    greeting(v, lang),
    p(t(lang, 'email.thanks', { clinic: v.clinic })),
    p(t(lang, 'email.care')),
    p(t(lang, 'email.call', { phone: v.phone })),
    lines(...signature(v, lang)),
  ];
  return { subject, text: renderText(blocks), html: renderHtml(subject, blocks, lang) };
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
 * The text to the clinic's on-call phone after an urgent reply (in English, at most 2 segments):
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
