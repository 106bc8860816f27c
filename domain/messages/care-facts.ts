/**
 * What each step tells the client: care-protocol.md's healing timeline, phase by phase, and its
 * course of treatment (what the next session does, the redness after one), in our own words. The
 * email carries every rule of a phase; the SMS carries its essentials in three lengths (GSM-7
 * characters only) so that the SMS fitting can pick the richest that fits.
 */
import type { DateTime } from 'luxon';
import { fixedDay, PHASE_DAYS, type RulesPhase } from '../steps';
import type { MessageContext } from './context';
import { span } from './dates';

/** The sets of rules a message can carry: a phase's, the long-term ones, or those of a month on. */
export type RulesKey = RulesPhase | 'long-term' | 'one-month';

/** The email's full list for a phase: every rule of care-protocol.md's row, in our words. */
export function emailRules(key: RulesKey, d0: DateTime | null): { lead?: string; rules: string[] } {
  switch (key) {
    case 'days-1-4':
      return {
        rules: [
          'Keep your head completely dry: no water on your scalp at all for now.',
          "Don't scratch, even if your scalp feels itchy or looks a little red.",
          "Don't shave your head, and don't even touch it.",
          'If you would like to cover up, a soft, loose-fitting hat is fine.',
        ],
      };
    case 'days-5-7':
      return {
        rules: [
          'Avoid heavy sweating: skip extreme or very intense workouts for now.',
          'No shampoo and no scrubbing. To clean your scalp, just dab it gently with a fresh, wet cloth.',
          'Stay out of the sun and away from other UV light: UV fades fresh pigment.',
          'Keep your hands off your scalp.',
          'Drink plenty of water and stay well hydrated.',
        ],
      };
    case 'days-8-14':
      return {
        lead: 'Small scabs will have formed on your scalp by now. This is part of healing.',
        rules: [
          "Don't touch the scabs and don't pick at them.",
          'Keep your hands off your scalp in general.',
          'Avoid products that can irritate your skin, especially anything containing alcohol or alpha-hydroxy acids (AHAs).',
          'The only thing to put on your scalp is the ointment your technician recommended, applied in a very thin film.',
          'If you need to, you may now shave or cut your hair.',
          'For washing, be gentle: a fresh, wet cloth with a little fragrance-free soap.',
        ],
      };
    case 'long-term': {
      const monthOn = span(d0, fixedDay('one-month'));
      return {
        lead: 'Your scalp has healed enough for you to get back to your normal daily routine. To protect your result from now on:',
        rules: [
          'Protect your scalp from UV: use a sunscreen above factor 50 (SPF 50+) or wear a hat.',
          `Skip saunas, steam rooms and chlorinated swimming pools until at least a month after your session${monthOn ? ` (${monthOn})` : ''}.`,
          'Carry on cleaning your scalp with soap and clean water.',
          'Moisturise your scalp after showering and before bed.',
          'Keep clear of skin products containing alcohol or alpha-hydroxy acids (AHAs).',
        ],
      };
    }
    case 'one-month':
      return {
        // The source says "at least a month": the month is the least, not a green light.
        lead: 'A month has passed since your session: the minimum time to stay away from chlorinated swimming pools, saunas and steam rooms. Check with your technician before you go back to them. A few habits are worth keeping for good:',
        rules: [
          'Keep protecting your scalp from UV: a sunscreen above factor 50 (SPF 50+) or a hat.',
          'Keep moisturising after showering and before bed.',
          'Carry on cleaning your scalp with soap and clean water.',
          'Still steer clear of skin products containing alcohol or alpha-hydroxy acids (AHAs).',
        ],
      };
  }
}

/** The SMS essentials for a phase, richest first. GSM-7 characters only. */
export const SMS_RULES: Record<RulesKey, [full: string, compact: string, minimal: string]> = {
  'days-1-4': [
    "keep your head dry; don't scratch or shave it, and don't even touch it, however much it itches. A soft, loose hat is OK.",
    "keep your head dry; don't scratch, shave or even touch it. Soft loose hat OK.",
    "keep your head dry; don't scratch, shave or even touch it.",
  ],
  'days-5-7': [
    'no heavy sweating or hard workouts, no shampoo or scrubbing (just dab gently with a fresh wet cloth). Avoid sun/UV, keep hands off, drink plenty of water.',
    'no heavy sweat, shampoo, scrubbing or sun/UV; fresh wet cloth only; hands off; drink water.',
    'no heavy sweat, shampoo, scrubbing or sun; hands off.',
  ],
  'days-8-14': [
    "don't touch or pick the scabs. No products with alcohol or AHAs; only the ointment your technician advised, very thin. Shaving or a haircut is OK. Wash gently: fresh wet cloth, fragrance-free soap.",
    "don't touch or pick scabs; no alcohol/AHA products; advised ointment only, very thin; shaving OK; fragrance-free soap on a wet cloth.",
    "don't touch or pick scabs; no alcohol/AHA products.",
  ],
  'long-term': [
    "you're healed enough for your normal routine. Now: SPF 50+ or a hat in the sun; no saunas, steam rooms or pools until at least a month after your session; soap and clean water to wash; moisturise after showers and at bedtime; no alcohol/AHA products.",
    'healed enough for your normal routine. SPF 50+ or hat; no saunas, steam or pools for at least a month after your session; soap and water; moisturise; no alcohol/AHA products.',
    'healed enough for your normal routine; SPF 50+ or a hat.',
  ],
  'one-month': [
    "you've stayed away from saunas, steam rooms and pools for the minimum month; check with your technician before going back. Keep using SPF 50+ or a hat, keep moisturising, keep washing with soap and clean water, and still avoid alcohol/AHA products.",
    "the minimum month away from saunas, steam and pools is over; check with your technician first. Keep SPF 50+ or hat, moisturise, soap and water, no alcohol/AHA.",
    'the minimum month away from saunas and pools is over; ask your technician first. SPF 50+ or a hat.',
  ],
};

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

const phaseSpan = (key: RulesPhase, separator: string): string => `${PHASE_DAYS[key][0]}${separator}${PHASE_DAYS[key][1]}`;

/** How the email names a phase in a heading. */
export const PHASE_TITLE: Record<RulesKey, string> = {
  'days-1-4': `days ${phaseSpan('days-1-4', ' to ')}`,
  'days-5-7': `days ${phaseSpan('days-5-7', ' to ')}`,
  'days-8-14': `days ${phaseSpan('days-8-14', ' to ')}`,
  'long-term': `from day ${fixedDay('day-15')} on`,
  'one-month': 'a month on',
};

/** How the welcome SMS on the session day names the days 1-4 rules: they start today. */
export const SESSION_DAY_SMS_LABEL = `From today to day ${PHASE_DAYS['days-1-4'][1]}`;

/** How the SMS names a phase before its rules. */
export const SMS_LABEL: Record<RulesKey, string> = {
  'days-1-4': `Days ${phaseSpan('days-1-4', '-')}`,
  'days-5-7': `Days ${phaseSpan('days-5-7', '-')}`,
  'days-8-14': `Days ${phaseSpan('days-8-14', '-')}`,
  'long-term': `Day ${fixedDay('day-15')}`,
  'one-month': 'One month on',
};

/**
 * The redness after a session, for the welcome: the source promises it for the day after the
 * first session; after a later one we only say it may come. On the session day it is tomorrow's.
 */
export function rednessNote(ctx: MessageContext): { email: string; sms: string } {
  const first = ctx.sessionNumber === 1;
  if (ctx.currentPhase === 'day-0') {
    return first
      ? {
          email: 'Tomorrow your scalp will look a bit red. That is completely normal, and it fades within the first few days.',
          sms: "Expect some redness tomorrow; it's normal and fades in a few days.",
        }
      : {
          email: 'Tomorrow your scalp may look a bit red. If it does, that is completely normal, and it fades within the first few days.',
          sms: "You may see some redness tomorrow; it's normal and fades in a few days.",
        };
  }
  return first
    ? {
        email: 'The day after a first session the scalp looks a bit red. That is completely normal, and it fades within the first few days.',
        sms: "Some redness is expected; it's normal and fades in a few days.",
      }
    : {
        email: 'Your scalp may look a bit red in the days after a session. If it does, that is completely normal, and it fades within the first few days.',
        sms: "Some redness may show; it's normal and fades in a few days.",
      };
}

/**
 * What the session the client is asked to book does (care-protocol.md, "The course of treatment"),
 * for the booking prompts: the email's full account, and for the SMS a full and a short form
 * (GSM-7; no word of pigment, as a text can be read over a shoulder).
 */
export function nextSessionFacts(next: number): { email: string; sms: string; smsShort: string } {
  if (next === 2) {
    return {
      email:
        'Session 2 is where your hairline is properly created. Fresh dots are blended in with the ones from your first session, and density is added, usually with a slightly darker pigment for a deeper, more three-dimensional look. It takes much less time than your first session.',
      sms: "Session 2 creates your hairline, blends new dots with your first session's and adds density; it's much shorter than the first.",
      smsShort: 'Session 2 (hairline and density) is much shorter than the first.',
    };
  }
  return {
    email: `Session ${next} is for final touches and takes about 30 minutes. It is only needed if you would like a darker result, or if your technician sees a way to improve the look, so talk it over with them when you book.`,
    sms: `Session ${next} adds final touches in about 30 min, if you'd like a darker result or your technician can improve the look.`,
    smsShort: `Session ${next}: final touches, about 30 min.`,
  };
}

/** The welcome after a first session, when more are planned: the layout the client leaves with. */
export function layoutNote(ctx: MessageContext): { email: string; sms: string } | null {
  if (ctx.sessionNumber !== 1 || ctx.plannedSessions <= 1) return null;
  return {
    email: 'You leave your first session with a layout for the sessions that follow: the plan each of them builds on.',
    sms: 'You have your layout for the next sessions.',
  };
}
