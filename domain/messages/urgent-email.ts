/**
 * The client's answer to an urgent reply by email, for a client who gets no texts: the same words
 * as the text (urgent.ts), in the clinic's email layout.
 */
import { demoPrefix, type ClientMessage } from './context';
import { p, renderHtml, renderText } from './email-document';
import { urgentClientReply, type UrgentReplyContext } from './urgent';
import { clean } from './values';

export function urgentClientReplyEmail(ctx: UrgentReplyContext): ClientMessage['email'] {
  const subject = `${demoPrefix(ctx.demo)}${clean(ctx.clinic.name)}: we got your message`;
  const blocks = [p(urgentClientReply({ ...ctx, demo: false }))];
  return { subject, text: renderText(blocks), html: renderHtml(subject, blocks) };
}
