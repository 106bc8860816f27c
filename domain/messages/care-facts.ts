/**
 * What each step tells the client: care-protocol.md's healing timeline, phase by phase, in our
 * own words. The email carries every rule of a phase; the SMS carries its essentials in three
 * lengths (GSM-7 characters only) so that the SMS fitting can pick the richest that fits.
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
          "Don't shave your head, and try not to touch it at all.",
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
        lead: 'A month has passed since your session, so saunas, steam rooms and chlorinated swimming pools are fine again. A few habits are worth keeping for good:',
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
    "keep your head dry; don't scratch, shave or touch it, even if it itches. A soft, loose hat is OK.",
    'keep your head dry; no scratching, shaving or touching. Soft loose hat OK.',
    'keep your head dry; no scratching, shaving or touching.',
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
    "you're healed enough for your normal routine. Now: SPF 50+ or a hat in the sun; no saunas, steam rooms or pools for a month; soap and clean water to wash; moisturise after showers and at bedtime; no alcohol/AHA products.",
    'healed enough for your normal routine. SPF 50+ or hat; no saunas, steam or pools for a month; soap and water; moisturise; no alcohol/AHA products.',
    'healed enough for your normal routine; SPF 50+ or a hat.',
  ],
  'one-month': [
    'saunas, steam rooms and pools are fine again. Keep using SPF 50+ or a hat, keep moisturising, keep washing with soap and clean water, and still avoid alcohol/AHA products.',
    'saunas, steam rooms and pools are fine again. Keep SPF 50+ or hat, moisturise, soap and water, no alcohol/AHA products.',
    'saunas and pools are fine again; keep SPF 50+ or a hat.',
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

/** How the SMS names a phase before its rules. */
export const SMS_LABEL: Record<RulesKey, string> = {
  'days-1-4': `Days ${phaseSpan('days-1-4', '-')}`,
  'days-5-7': `Days ${phaseSpan('days-5-7', '-')}`,
  'days-8-14': `Days ${phaseSpan('days-8-14', '-')}`,
  'long-term': `Day ${fixedDay('day-15')}`,
  'one-month': 'One month on',
};
