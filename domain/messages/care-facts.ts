/**
 * What each step tells the client: care-protocol.md's healing timeline, phase by phase, and its
 * course of treatment (what the next session does, the redness after one), in our own words and
 * in the client's language (./catalogs/care-facts). The email carries every rule of a phase; the
 * SMS carries its essentials in three lengths so that the SMS fitting can pick the richest that fits.
 */
import type { DateTime } from 'luxon';
import { translator, type Language } from '../i18n';
import { fixedDay, PHASE_DAYS, type RulesPhase } from '../steps';
import { CARE_FACTS, EMAIL_RULE_KEYS } from './catalogs/care-facts';
import type { MessageContext } from './context';
import { span } from './dates';
import { smsSpelled } from './sms-spelling';

const t = translator(CARE_FACTS);
/** The SMS wording, spelled as texts in the language are (./sms-spelling). */
const ts = translator(smsSpelled(CARE_FACTS));

/** The sets of rules a message can carry: a phase's, the long-term ones, or those of a month on. */
export type RulesKey = RulesPhase | 'long-term' | 'one-month';

/** The email's full list for a phase: every rule of care-protocol.md's row, in our words. */
export function emailRules(key: RulesKey, d0: DateTime | null, lang: Language = 'en'): { lead?: string; rules: string[] } {
  const monthOn = key === 'long-term' ? span(d0, fixedDay('one-month'), undefined, lang) : null;
  const rules = EMAIL_RULE_KEYS[key].map((k) => t(lang, k, { dates: monthOn ? ` (${monthOn})` : '' }));
  switch (key) {
    case 'days-8-14':
      return { lead: t(lang, 'd8.lead'), rules };
    case 'long-term':
      return { lead: t(lang, 'lt.lead'), rules };
    case 'one-month':
      return { lead: t(lang, 'om.lead'), rules };
    default:
      return { rules };
  }
}

const SMS_RULE_KEY: Record<RulesKey, 'd1' | 'd5' | 'd8' | 'lt' | 'om'> = {
  'days-1-4': 'd1',
  'days-5-7': 'd5',
  'days-8-14': 'd8',
  'long-term': 'lt',
  'one-month': 'om',
};

/** The SMS essentials for a phase, richest first (GSM-7 characters only in English). */
export function smsRules(key: RulesKey, lang: Language): [full: string, compact: string, minimal: string] {
  const k = SMS_RULE_KEY[key];
  return [ts(lang, `sms.${k}.full`), ts(lang, `sms.${k}.compact`), ts(lang, `sms.${k}.minimal`)];
}

/** Which rules a welcome carries: the phase the client is in now (day 0: tomorrow's). */
export function welcomeRulesKey(ctx: MessageContext): RulesKey {
  switch (ctx.currentPhase) {
    case 'day-0':
    case 'days-1-4':
      return 'days-1-4';
    case 'days-5-7':
    case 'days-8-14':
      return ctx.currentPhase;
    case 'long-term': {
      const welcome = ctx.plan.find((s) => s.step === 'welcome');
      return welcome && welcome.day >= fixedDay('one-month') ? 'one-month' : 'long-term';
    }
  }
}

/** The rules a step carries: a phase's own, or the long-term ones from day 15 on. */
export function stepRulesKey(step: RulesPhase | 'day-15' | 'one-month'): RulesKey {
  return step === 'day-15' ? 'long-term' : step;
}

const phaseValues = (key: RulesPhase) => ({ from: PHASE_DAYS[key][0], to: PHASE_DAYS[key][1] });

/** How the email names a phase in a heading ("days 1 to 4"). */
export function phaseTitle(key: RulesKey, lang: Language): string {
  if (key === 'long-term') return t(lang, 'title.long-term', { day: fixedDay('day-15') });
  if (key === 'one-month') return t(lang, 'title.one-month');
  return t(lang, 'title.phase', phaseValues(key));
}

/** How the welcome SMS on the session day names the days 1-4 rules: they start today. */
export const sessionDaySmsLabel = (lang: Language): string => ts(lang, 'sms.label.session-day', { to: PHASE_DAYS['days-1-4'][1] });

/** How the SMS names a phase before its rules ("Days 1-4"). */
export function smsLabel(key: RulesKey, lang: Language): string {
  if (key === 'long-term') return ts(lang, 'sms.label.long-term', { day: fixedDay('day-15') });
  if (key === 'one-month') return ts(lang, 'sms.label.one-month');
  return ts(lang, 'sms.label.phase', phaseValues(key));
}

/**
 * The redness after a session, for the welcome: the source promises it for the day after the
 * first session; after a later one we only say it may come. On the session day it is tomorrow's.
 */
export function rednessNote(ctx: MessageContext, lang: Language): { email: string; sms: string } {
  const when = ctx.currentPhase === 'day-0' ? 'tomorrow' : 'now';
  const who = ctx.sessionNumber === 1 ? 'first' : 'later';
  return { email: t(lang, `redness.${when}.${who}`), sms: ts(lang, `redness.sms.${when}.${who}`) };
}

/** How long a third or later session takes, about (care-protocol.md). */
const FINAL_TOUCHES_MINUTES = 30;

/**
 * What the session the client is asked to book does (care-protocol.md, "The course of treatment"),
 * for the booking prompts: the email's full account, and for the SMS a full and a short form
 * (no word of pigment, as a text can be read over a shoulder).
 */
export function nextSessionFacts(next: number, lang: Language): { email: string; sms: string; smsShort: string } {
  const which = next === 2 ? 'next2' : 'nextLater';
  const values = { next, minutes: FINAL_TOUCHES_MINUTES };
  return { email: t(lang, `${which}.email`, values), sms: ts(lang, `${which}.sms`, values), smsShort: ts(lang, `${which}.smsShort`, values) };
}

/** The welcome after a first session, when more are planned: the layout the client leaves with. */
export function layoutNote(ctx: MessageContext, lang: Language): { email: string; sms: string } | null {
  if (ctx.sessionNumber !== 1 || ctx.plannedSessions <= 1) return null;
  return { email: t(lang, 'layout.email'), sms: ts(lang, 'layout.sms') };
}
