/**
 * The client's text messages, one per step, each in several lengths (richest first) for
 * ./sms-fitting to choose from, in the client's language (./catalogs/sms). Our own English
 * wording is GSM-7 only; filled-in values may not be.
 */
import { DEFAULT_LANGUAGE, translator, type Language } from '../i18n';
import { layoutNote, nextSessionFacts, rednessNote, sessionDaySmsLabel, smsLabel, smsRules, stepRulesKey, welcomeRulesKey } from './care-facts';
import { SMS } from './catalogs/sms';
import type { ClientStepId, MessageContext } from './context';
import { courseCompleteSms } from './course-complete';
import type { PhotoStepId } from './photo-ask';

/** The steps whose words are here (the photo check-ins have their own file). */
type OwnStepId = Exclude<ClientStepId, PhotoStepId>;
import { appointmentTime } from './dates';
import { smsSpelled, smsSpelling } from './sms-spelling';
import { allSmsTexts, fitSms, smsFriendly, type SmsValues, type SmsVariants } from './sms-fitting';
import { valuesOf, type Values } from './values';

const t = translator(smsSpelled(SMS));

function smsVariants(step: OwnStepId, ctx: MessageContext, v: Values, lang: Language): SmsVariants {
  const stop = t(lang, 'stop');
  const stopShort = t(lang, 'stop.short');
  // The leanest variants: only where to find the tips.
  const tipsHint = ctx.hasEmail === false ? t(lang, 'tips.phone', { phone: smsFriendly(v.phone) }) : t(lang, 'tips.email');
  // The filled-in parts of a booking prompt: the first name, the link, the phone.
  const booking = (s: SmsValues) => ({ hi: s.hi, next: v.next, url: s.url, phone: s.phone });
  switch (step) {
    case 'welcome': {
      const key = welcomeRulesKey(ctx);
      const [full, compact, minimal] = smsRules(key, lang);
      // On the session day the rules start now: the head stays dry from today, not from tomorrow.
      const sessionDay = ctx.currentPhase === 'day-0';
      const label = sessionDay ? sessionDaySmsLabel(lang) : smsLabel(key, lang);
      const early = sessionDay || ctx.currentPhase === 'days-1-4';
      const redness = early ? `${rednessNote(ctx, lang).sms} ` : '';
      const layout = layoutNote(ctx, lang);
      const timelineHint = ctx.hasEmail === false ? '' : t(lang, 'timeline');
      return {
        content: [
          ...(layout ? [(s: SmsValues) => `${s.hi}${layout.sms} ${redness}${label}: ${full}${timelineHint} ${stop}`] : []),
          (s) => `${s.hi}${t(lang, 'welcome.start')} ${redness}${label}: ${full}${timelineHint} ${stop}`,
          (s) => `${s.hi}${redness}${label}: ${full}${timelineHint} ${stop}`,
          ...(redness ? [(s: SmsValues) => `${s.hi}${redness}${label}: ${compact}${timelineHint} ${stop}`] : []),
          (s) => `${s.hi}${label}: ${compact}${timelineHint} ${stop}`,
          (s) => `${s.hi}${label}: ${minimal} ${s.pointer} ${stopShort}`,
        ],
        lean: (s) => `${s.hi}${tipsHint} ${stopShort}`,
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
      const [full, compact, minimal] = smsRules(key, lang);
      const label = smsLabel(key, lang);
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
      const facts = nextSessionFacts(v.next, lang);
      return {
        content: [
          (s) => t(lang, 'book.full', { ...booking(s), facts: facts.sms }),
          (s) => t(lang, 'book.short', { ...booking(s), facts: facts.smsShort }),
          (s) => t(lang, 'book.short.noReply', { ...booking(s), facts: facts.smsShort }),
          (s) => t(lang, 'book.bare', booking(s)),
          (s) => t(lang, 'book.bare.noReply', booking(s)),
        ],
        lean: (s) => t(lang, ctx.hasEmail === false ? 'book.lean' : 'book.lean.email', booking(s)),
      };
    }
    case 'book-nudge': {
      const facts = nextSessionFacts(v.next, lang);
      return {
        content: [
          (s) => t(lang, 'nudge.full', { ...booking(s), facts: facts.sms }),
          (s) => t(lang, 'nudge.short', { ...booking(s), facts: facts.smsShort }),
          (s) => t(lang, 'nudge.short.noReply', { ...booking(s), facts: facts.smsShort }),
          (s) => t(lang, 'nudge.bare', booking(s)),
          (s) => t(lang, 'nudge.bare.noReply', booking(s)),
        ],
        lean: (s) => t(lang, 'nudge.lean', booking(s)),
      };
    }
    case 'course-complete':
      return courseCompleteSms(ctx, v);
    case 'appointment-reminder': {
      const at = appointmentTime(ctx);
      const values = (s: SmsValues) => ({ hi: s.hi, phone: s.phone, at: smsSpelling(lang, at?.short ?? '') });
      return {
        content: [(s) => t(lang, at ? 'appointment.on' : 'appointment.soon', values(s))],
        lean: (s) => t(lang, at ? 'appointment.lean.on' : 'appointment.lean.soon', values(s)),
      };
    }
  }
}

/** The SMS a client gets for `step`: the richest variant that fits. */
export function clientSms(step: OwnStepId, ctx: MessageContext, v: Values): string {
  return fitSms(smsVariants(step, ctx, v, ctx.locale ?? DEFAULT_LANGUAGE), ctx, v);
}

/**
 * Every SMS text a step could produce for `ctx` (each variant with and without the first name,
 * full clinic name), whether it fits or not: for tests that check the templates themselves.
 */
export function smsCandidates(step: OwnStepId, ctx: MessageContext): string[] {
  const v = valuesOf(ctx);
  return allSmsTexts(smsVariants(step, ctx, v, ctx.locale ?? DEFAULT_LANGUAGE), ctx, v);
}
