/**
 * The short plain-text emails the clinic's staff get: a client to call about booking, a client
 * who can no longer be reached, a contact detail that was refused, a client's reply, several
 * replies that came together (one digest), or a reply that may be about a complication.
 */
import { fixedDay } from '../steps';
import { demoPrefix } from './context';
import { replyTime } from './dates';
import { clean } from './values';

/** One client reply in a digest: when the run heard it, and what it said or asked. */
export interface DigestReply {
  at: string;
  text?: string;
  wantsToBook: boolean;
}

export interface ClinicNoticeContext {
  clinicName: string;
  clientRef: string;
  clientFirstName: string;
  workflowId: string;
  /** 0 when no session is known (an urgent text from a number no plan knows): the notice leaves it out. */
  sessionNumber: number;
  timezone: string;
  detail?: string;
  /** The replies of a 'client-replies' digest, oldest first. */
  replies?: DigestReply[];
  /** For 'urgent-reply' (the reply's text is `detail`): the words triage matched, as the client wrote them. */
  matched?: string[];
  /** For 'urgent-reply': when the reply came (ISO instant). */
  receivedAt?: string;
  /** For 'urgent-reply': how the client was answered at once ('none': no channel reaches them). */
  clientAnsweredBy?: 'sms' | 'email' | 'none';
  /**
   * For 'urgent-reply': the text came with no aftercare plan running for it (ended, cancelled, or
   * from a number no plan knows), so there is no concern to mark handled and nothing held.
   */
  noRunningPlan?: boolean;
  /** For 'urgent-reply': the client's page in the front desk, when the caller knows its address. */
  pageUrl?: string;
  demo?: boolean;
}

export type ClinicNoticeKind =
  | 'clinic-follow-up'
  | 'unreachable'
  | 'sms-failed'
  | 'email-failed'
  | 'step-not-sent'
  | 'client-wants-to-book'
  | 'client-message'
  | 'client-replies'
  | 'urgent-reply';

/** A short plain-text email to the clinic's staff. */
export function renderClinicNotice(kind: ClinicNoticeKind, ctx: ClinicNoticeContext): { subject: string; text: string } {
  const name = clean(ctx.clientFirstName) || 'A client';
  const who = `${name} (client ref ${clean(ctx.clientRef)})`;
  const n = ctx.sessionNumber;
  const detail = (ctx.detail ?? '').trim();
  let subject: string;
  let body: string[];
  switch (kind) {
    case 'clinic-follow-up':
      subject = `Please call ${who} about booking session ${n + 1}`;
      body = [
        `${who} had session ${n}. We asked them to book session ${n + 1} on day ${fixedDay('book-next')} and reminded them on day ${fixedDay('book-nudge')}, but no booking has been recorded yet.`,
        'Please give them a call to help them book. Once they have booked, record the booking so the reminders stop.',
      ];
      break;
    case 'unreachable':
      subject = `Can't reach ${who} by SMS or email`;
      body = [
        `We can no longer reach ${who} by SMS or by email, so their aftercare reminders for session ${n} are not getting through.`,
        ...(detail ? [`Why: ${detail}`] : []),
        'Please check their phone number and email address with them and update their contact details.',
      ];
      break;
    case 'sms-failed':
    case 'email-failed': {
      const what = kind === 'sms-failed' ? 'phone number' : 'email address';
      const still = kind === 'sms-failed' ? 'email' : 'SMS';
      subject = `Please check the ${what} of ${who}`;
      body = [
        `Our ${kind === 'sms-failed' ? 'texts' : 'emails'} to ${who} were refused for good, so their aftercare reminders for session ${n} now go by ${still} only.`,
        ...(detail ? [`Why: ${detail}`] : []),
        `Please confirm their ${what} with them and update their contact details.`,
      ];
      break;
    }
    case 'step-not-sent':
      subject = `We could not send an aftercare message to ${who}`;
      body = [
        `One of the aftercare messages for ${who} (session ${n}) did not go out on any of their channels, even after several tries.`,
        ...(detail ? [`What happened: ${detail}`] : []),
        'If this keeps happening, please check their contact details with them. Once it is fixed, you can send the message again from the front desk.',
      ];
      break;
    case 'client-wants-to-book':
      subject = `${who} wants to book session ${n + 1}`;
      body = [
        `${who} replied to our text that they would like to book session ${n + 1}.`,
        'Please contact them to arrange a time, then record the booking.',
      ];
      break;
    case 'client-message':
      subject = `Text message from ${who}`;
      body = [
        `${who} sent a text message in reply to their aftercare reminders (session ${n}):`,
        detail ? `"${detail}"` : '(empty message)',
        'Please read it and follow up with them if needed.',
      ];
      break;
    case 'client-replies': {
      const replies = ctx.replies ?? [];
      const wishes = replies.filter((r) => r.wantsToBook).length;
      const asking = wishes === 1 ? 'one asks' : `${wishes} ask`;
      subject = `${replies.length} text messages from ${who}${wishes ? `, ${asking} to book session ${n + 1}` : ''}`;
      const line = (r: DigestReply, i: number) => {
        const what = r.text?.trim() ? `"${r.text.trim()}"` : r.wantsToBook ? '' : '(empty message)';
        const wish = r.wantsToBook ? `wants to book session ${n + 1}` : '';
        return `${i + 1}. ${replyTime(r.at, ctx.timezone)}: ${[wish, what].filter(Boolean).join(', ')}`;
      };
      body = [
        `${who} sent ${replies.length} text messages in reply to their aftercare reminders (session ${n}), oldest first, in their time zone:`,
        replies.map(line).join('\n'),
        ...(wishes ? [`They would like to book session ${n + 1}: please contact them to arrange a time, then record the booking.`] : []),
        'Please read them and follow up with them if needed.',
      ];
      break;
    }
    case 'urgent-reply':
      subject = `URGENT: ${who} may have a complication${n > 0 ? ` after session ${n}` : ''}`;
      body = urgentBody(ctx, who, n, detail);
      break;
  }
  const workflowId = clean(ctx.workflowId);
  const text = [
    ...body,
    [`Client: ${who}`, ...(n > 0 ? [`Session: ${n}`] : []), `Client's time zone: ${clean(ctx.timezone)}`, ...(workflowId ? [`Workflow: ${workflowId}`] : [])].join('\n'),
    `- ${clean(ctx.clinicName)} aftercare reminders`,
  ].join('\n\n');
  return { subject: `${demoPrefix(ctx.demo)}${clean(subject)}`, text: `${text}\n` };
}

const URGENT_ANSWER = 'someone from the clinic will be in touch today, and if it is getting worse or they feel unwell, they should get medical care now';
const ANSWERED: Record<NonNullable<ClinicNoticeContext['clientAnsweredBy']>, string> = {
  sms: `We answered them by text at once: ${URGENT_ANSWER}.`,
  email: `We answered them by email at once: ${URGENT_ANSWER}.`,
  none: 'We could not answer them: no channel reaches them any more, so your call is the only answer they will get.',
};

/** The urgent alert: what the client wrote, the words that raised it, and what staff should do now. */
function urgentBody(ctx: ClinicNoticeContext, who: string, n: number, detail: string): string[] {
  const matched = (ctx.matched ?? []).map(clean).filter(Boolean);
  const when = ctx.receivedAt ? ` on ${replyTime(ctx.receivedAt, ctx.timezone)} (their time)` : '';
  const call = `Call them today to hear how they are${ctx.pageUrl ? ` (their page: ${clean(ctx.pageUrl)})` : ''}.`;
  const todo = ctx.noRunningPlan
    ? ['What to do:', call, 'They have no aftercare plan running, so no reminders are held and there is nothing to mark handled.']
    : [
        'What to do:',
        `1. ${call}`,
        '2. Then mark the concern handled on their page in the front desk.',
        'Until then their booking reminders are held; their aftercare tips keep going.',
      ];
  return [
    n > 0
      ? `${who} replied${when} to their aftercare reminders for session ${n} with words that can point to a complication.`
      : `${who} texted the clinic${when} with words that can point to a complication.`,
    `Their message:\n"${detail || '(empty message)'}"`,
    `Words that raised the alert: ${matched.length ? matched.map((w) => `"${w}"`).join(', ') : '(none recorded)'}`,
    ...(ctx.clientAnsweredBy ? [ANSWERED[ctx.clientAnsweredBy]] : []),
    todo.join('\n'),
  ];
}
