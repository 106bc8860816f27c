/**
 * The client's text messages, one per step, each in several lengths (richest first) for
 * ./sms-fitting to choose from. Our own wording is GSM-7 only; filled-in values may not be.
 */
import { layoutNote, nextSessionFacts, rednessNote, SMS_LABEL, SMS_RULES, SESSION_DAY_SMS_LABEL, stepRulesKey, welcomeRulesKey } from './care-facts';
import type { ClientStepId, MessageContext } from './context';
import type { PhotoStepId } from './photo-ask';

/** The steps whose words are here (the photo check-ins have their own file). */
type OwnStepId = Exclude<ClientStepId, PhotoStepId>;
import { appointmentTime } from './dates';
import { allSmsTexts, fitSms, smsFriendly, type SmsValues, type SmsVariants } from './sms-fitting';
import { valuesOf, type Values } from './values';

const STOP_HINT = 'Reply STOP to opt out, HELP for help.';

function smsVariants(step: OwnStepId, ctx: MessageContext, v: Values): SmsVariants {
  // The leanest variants: only where to find the tips.
  const tipsHint =
    ctx.hasEmail === false ? `Aftercare questions? Call ${smsFriendly(v.phone)}.` : 'Your aftercare tips are in your email.';
  switch (step) {
    case 'welcome': {
      const key = welcomeRulesKey(ctx);
      const [full, compact, minimal] = SMS_RULES[key];
      // On the session day the rules start now: the head stays dry from today, not from tomorrow.
      const sessionDay = ctx.currentPhase === 'day-0';
      const label = sessionDay ? SESSION_DAY_SMS_LABEL : SMS_LABEL[key];
      const early = sessionDay || ctx.currentPhase === 'days-1-4';
      const redness = early ? `${rednessNote(ctx).sms} ` : '';
      const layout = layoutNote(ctx);
      const timelineHint = ctx.hasEmail === false ? '' : ' Full timeline in your email.';
      return {
        content: [
          ...(layout ? [(s: SmsValues) => `${s.hi}${layout.sms} ${redness}${label}: ${full}${timelineHint} ${STOP_HINT}`] : []),
          (s) => `${s.hi}Your aftercare starts here. ${redness}${label}: ${full}${timelineHint} ${STOP_HINT}`,
          (s) => `${s.hi}${redness}${label}: ${full}${timelineHint} ${STOP_HINT}`,
          ...(redness ? [(s: SmsValues) => `${s.hi}${redness}${label}: ${compact}${timelineHint} ${STOP_HINT}`] : []),
          (s) => `${s.hi}${label}: ${compact}${timelineHint} ${STOP_HINT}`,
          (s) => `${s.hi}${label}: ${minimal} ${s.pointer} Reply STOP to opt out.`,
        ],
        lean: (s) => `${s.hi}${tipsHint} Reply STOP to opt out.`,
        // Whatever phase a late welcome covers, it opens the conversation: the name stays.
        greetingFirst: true,
      };
    }
    case 'days-1-4':
    case 'days-5-7':
    case 'days-8-14':
    case 'day-15':
    case 'one-month': {
      const key = stepRulesKey(step);
      const [full, compact, minimal] = SMS_RULES[key];
      const label = SMS_LABEL[key];
      return {
        content: [
          (s) => `${s.hi}${label}: ${full} ${s.pointer}`,
          (s) => `${s.hi}${label}: ${compact} ${s.pointer}`,
          (s) => `${s.hi}${label}: ${minimal} ${s.pointer}`,
        ],
        lean: (s) => `${s.hi}${label}: ${tipsHint}`,
      };
    }
    case 'book-next': {
      const facts = nextSessionFacts(v.next);
      return {
        content: [
          (s) => `${s.hi}It's time to book session ${v.next}. ${facts.sms} Book: ${s.url} or call ${s.phone}. Or reply BOOK and we'll call you.`,
          (s) => `${s.hi}Time to book session ${v.next}. ${facts.smsShort} Book: ${s.url} or call ${s.phone}. Or reply BOOK and we'll call you.`,
          (s) => `${s.hi}Time to book session ${v.next}. ${facts.smsShort} Book: ${s.url} or call ${s.phone}.`,
          (s) => `${s.hi}It's time to book session ${v.next}: ${s.url} or call ${s.phone}. Or reply BOOK and we'll call you.`,
          (s) => `${s.hi}Time to book session ${v.next}: ${s.url} or call ${s.phone}.`,
        ],
        lean: (s) => `${s.hi}Time to book session ${v.next}: call ${s.phone}.${ctx.hasEmail === false ? '' : ' Booking link in your email.'}`,
      };
    }
    case 'book-nudge': {
      const facts = nextSessionFacts(v.next);
      return {
        content: [
          (s) => `${s.hi}A gentle reminder to book session ${v.next} when you're ready. ${facts.sms} Book: ${s.url} or call ${s.phone}. Or reply BOOK and we'll call you.`,
          (s) => `${s.hi}A gentle reminder to book session ${v.next}. ${facts.smsShort} Book: ${s.url} or call ${s.phone}. Or reply BOOK and we'll call you.`,
          (s) => `${s.hi}Reminder to book session ${v.next}. ${facts.smsShort} Book: ${s.url} or call ${s.phone}.`,
          (s) => `${s.hi}A gentle reminder to book session ${v.next} when you're ready: ${s.url} or call ${s.phone}. Or reply BOOK and we'll call you.`,
          (s) => `${s.hi}Reminder to book session ${v.next}: ${s.url} or call ${s.phone}.`,
        ],
        lean: (s) => `${s.hi}Reminder to book session ${v.next}: call ${s.phone}.`,
      };
    }
    case 'appointment-reminder': {
      const at = appointmentTime(ctx);
      const when = at ? `is on ${at.short}` : 'is coming up soon';
      return {
        content: [(s) => `${s.hi}Reminder: your next appointment ${when}. To reschedule, call ${s.phone}.`],
        lean: (s) => `${s.hi}Your appointment ${when}. Reschedule: ${s.phone}`,
      };
    }
  }
}

/** The SMS a client gets for `step`: the richest variant that fits. */
export function clientSms(step: OwnStepId, ctx: MessageContext, v: Values): string {
  return fitSms(smsVariants(step, ctx, v), ctx, v);
}

/**
 * Every SMS text a step could produce for `ctx` (each variant with and without the first name,
 * full clinic name), whether it fits or not: for tests that check the templates themselves.
 */
export function smsCandidates(step: OwnStepId, ctx: MessageContext): string[] {
  const v = valuesOf(ctx);
  return allSmsTexts(smsVariants(step, ctx, v), ctx, v);
}
