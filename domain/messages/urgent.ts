/**
 * PLACEHOLDER until the care-facts wording lands (issue 15, branch facts-15): the texts the urgent
 * path sends. The client's answer promises a person today and points to medical care, never a
 * diagnosis; the clinic's text carries no health detail and no client name or phone (the email
 * and the page have the rest).
 */
import { demoPrefix } from './context';
import { p, renderHtml, renderText } from './email-document';
import { smsFriendly } from './sms-fitting';
import { clean } from './values';

export interface UrgentReplyContext {
  clientFirstName?: string;
  clinic: { name: string; phone: string };
  demo?: boolean;
}

/** The text the client gets at once after a reply that may describe a complication. */
export function urgentClientReply(ctx: UrgentReplyContext): string {
  const name = clean(ctx.clientFirstName);
  const clinic = smsFriendly(clean(ctx.clinic.name));
  const phone = clean(ctx.clinic.phone);
  return `${demoPrefix(ctx.demo)}${clinic}: ${name ? `Thanks ${smsFriendly(name)}, we` : 'We'} got your message and someone from the clinic will contact you today. If it gets worse or you feel unwell, get medical care now. Clinic: ${phone}`;
}

/** The same answer by email, for a client who gets no texts. */
export function urgentClientReplyEmail(ctx: UrgentReplyContext): { subject: string; text: string; html: string } {
  const subject = `${demoPrefix(ctx.demo)}${clean(ctx.clinic.name)}: we got your message`;
  const blocks = [p(urgentClientReply({ ...ctx, demo: false }))];
  return { subject, text: renderText(blocks), html: renderHtml(subject, blocks) };
}

export interface UrgentAlertContext {
  clinicName: string;
  clientRef: string;
  sessionNumber: number;
  pageUrl?: string;
  demo?: boolean;
}

/** The clinic's on-call text: which client, and where to read more. */
export function urgentClinicAlertSms(ctx: UrgentAlertContext): string {
  const where = ctx.pageUrl ? clean(ctx.pageUrl) : 'the email we just sent';
  return `${demoPrefix(ctx.demo)}URGENT ${smsFriendly(clean(ctx.clinicName))}: client ref ${clean(ctx.clientRef)} (session ${ctx.sessionNumber}) replied with a possible complication. Please see ${where} and contact them today.`;
}
