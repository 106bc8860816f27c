/**
 * The client's emails, one per step, in the client's language (./catalogs/email): a subject and a
 * document (./email-document) that the caller renders to plain text and HTML. Every email greets
 * the client by first name when there is one and ends with the clinic's contact.
 */
import type { DateTime } from 'luxon';
import { DEFAULT_LANGUAGE, translator, type Language } from '../i18n';
import { fixedDay, PHASE_DAYS, type RulesPhase } from '../steps';
import { emailRules, layoutNote, nextSessionFacts, phaseTitle, rednessNote, welcomeRulesKey, type RulesKey } from './care-facts';
import { EMAIL } from './catalogs/email';
import { greeting, signOff } from './email-parts';
import type { ClientStepId, MessageContext } from './context';
import { courseCompleteEmail } from './course-complete';
import type { PhotoStepId } from './photo-ask';

/** The steps whose words are here (the photo check-ins have their own file). */
type OwnStepId = Exclude<ClientStepId, PhotoStepId>;
import { appointmentTime, dayZero, span } from './dates';
import { h, link, p, ul, type Block, type Inline } from './email-document';
import type { Values } from './values';

const t = translator(EMAIL);

export interface EmailDocument {
  subject: string;
  blocks: Block[];
}

/** Every email ends with the clinic's contact. */
function closing(v: Values, lang: Language): Block[] {
  return [p(t(lang, 'closing.help', { phone: v.phone })), signOff(v, lang)];
}

function rulesBlocks(key: RulesKey, d0: DateTime | null, lang: Language): Block[] {
  const r = emailRules(key, d0, lang);
  return [...(r.lead ? [p(r.lead)] : []), ul(r.rules.map((x) => [x]))];
}

function whatWasDone(v: Values, lang: Language): string {
  if (v.planned <= 1) return t(lang, 'done.single', { clinic: v.clinic });
  return t(lang, v.n >= v.planned ? 'done.last' : 'done.of', { clinic: v.clinic, n: v.n, planned: v.planned });
}

/** The welcome's "timeline at a glance": every phase, with local dates when the plan has them. */
function timeline(ctx: MessageContext, v: Values, d0: DateTime | null, current: RulesKey, lang: Language): Inline[][] {
  const when = (from: number, to: number | undefined, days: string) => {
    const dates = span(d0, from, to, lang);
    return dates ? `${dates} (${days})` : days.charAt(0).toUpperCase() + days.slice(1);
  };
  const onDay = (day: number) => when(day, undefined, t(lang, 'timeline.day', { day }));
  const phase = (key: RulesPhase) => {
    const [first, last] = PHASE_DAYS[key];
    return when(first, last, t(lang, 'timeline.days', { from: first, to: last }));
  };
  const here = (key: RulesKey) => (key === current && ctx.currentPhase !== 'day-0' ? t(lang, 'timeline.here') : '');
  const today = ctx.currentPhase === 'day-0' ? 'yes' : 'no';
  const items: Inline[][] = [
    [t(lang, 'timeline.session', { when: onDay(fixedDay('welcome')), n: v.n, today })],
    [t(lang, 'timeline.days-1-4', { when: phase('days-1-4'), here: here('days-1-4') })],
    [t(lang, 'timeline.days-5-7', { when: phase('days-5-7'), here: here('days-5-7') })],
    [t(lang, 'timeline.days-8-14', { when: phase('days-8-14'), here: here('days-8-14') })],
  ];
  const bookNext = ctx.plan.find((s) => s.step === 'book-next');
  if (bookNext) items.push([t(lang, 'timeline.book', { when: onDay(bookNext.day), next: v.next })]);
  items.push([t(lang, 'timeline.day-15', { when: onDay(fixedDay('day-15')), here: here('long-term') })]);
  items.push([t(lang, 'timeline.one-month', { when: onDay(fixedDay('one-month')), here: here('one-month') })]);
  return items;
}

function welcomeEmail(ctx: MessageContext, v: Values, d0: DateTime | null, lang: Language): EmailDocument {
  const key = welcomeRulesKey(ctx);
  const sessionDay = ctx.currentPhase === 'day-0';
  const inBrackets = (dates: string | null) => (dates ? ` (${dates})` : '');
  let rulesHeading: string;
  if (key === 'long-term' || key === 'one-month') {
    rulesHeading = t(lang, 'welcome.heading.now', { title: phaseTitle(key, lang), dates: '' });
  } else if (sessionDay) {
    // The days 1-4 rules hold from the session day itself: the head stays dry from today.
    const last = PHASE_DAYS['days-1-4'][1];
    rulesHeading = t(lang, 'welcome.heading.today', { last, dates: inBrackets(span(d0, fixedDay('welcome'), last, lang)) });
  } else {
    const [from, to] = PHASE_DAYS[key];
    rulesHeading = t(lang, 'welcome.heading.now', { title: phaseTitle(key, lang), dates: inBrackets(span(d0, from, to, lang)) });
  }
  const layout = layoutNote(ctx, lang);
  const more = key === 'one-month' ? [] : [p(t(lang, 'welcome.more'))];
  return {
    subject: t(lang, 'welcome.subject', { clinic: v.clinic, n: v.n }),
    blocks: [
      greeting(v, lang),
      p(whatWasDone(v, lang)),
      ...(layout ? [p(layout.email)] : []),
      p(t(lang, 'welcome.care')),
      h(t(lang, 'welcome.expect')),
      p(rednessNote(ctx, lang).email),
      h(t(lang, 'welcome.timeline')),
      ul(timeline(ctx, v, d0, key, lang)),
      h(rulesHeading),
      ...(sessionDay ? [p(t(lang, 'welcome.startsToday'))] : []),
      ...rulesBlocks(key, d0, lang),
      ...more,
      ...closing(v, lang),
    ],
  };
}

function phaseEmail(key: RulesPhase, v: Values, d0: DateTime | null, lang: Language): EmailDocument {
  const [from, to] = PHASE_DAYS[key];
  const until = span(d0, to, undefined, lang);
  return {
    subject: t(lang, 'phase.subject', { clinic: v.clinic, from, to }),
    blocks: [
      greeting(v, lang),
      p(t(lang, `phase.intro.${key}`)),
      h(until ? t(lang, 'phase.heading.until', { from, to, until }) : t(lang, 'phase.heading', { from, to })),
      ...rulesBlocks(key, d0, lang),
      p(t(lang, 'phase.end')),
      ...closing(v, lang),
    ],
  };
}

/** The email a client gets for `step` (without the demo prefix), in the context's language. */
export function clientEmail(step: OwnStepId, ctx: MessageContext, v: Values): EmailDocument {
  const lang = ctx.locale ?? DEFAULT_LANGUAGE;
  const d0 = dayZero(ctx);
  switch (step) {
    case 'welcome':
      return welcomeEmail(ctx, v, d0, lang);
    case 'days-1-4':
    case 'days-5-7':
    case 'days-8-14':
      return phaseEmail(step, v, d0, lang);
    case 'book-next':
      return {
        subject: t(lang, 'book.subject', { clinic: v.clinic, next: v.next }),
        blocks: [
          greeting(v, lang),
          p(t(lang, 'book.now', { next: v.next, planned: v.planned, n: v.n })),
          p(nextSessionFacts(v.next, lang).email),
          p(t(lang, 'book.online'), link(v.url)),
          p(t(lang, 'book.talk', { phone: v.phone })),
          p(t(lang, 'book.meanwhile', { day: PHASE_DAYS['days-8-14'][1] })),
          ...closing(v, lang),
        ],
      };
    case 'book-nudge':
      return {
        subject: t(lang, 'nudge.subject', { clinic: v.clinic, next: v.next }),
        blocks: [
          greeting(v, lang),
          p(t(lang, 'nudge.lead', { next: v.next })),
          p(nextSessionFacts(v.next, lang).email),
          p(t(lang, 'book.online'), link(v.url)),
          p(t(lang, 'nudge.call', { phone: v.phone })),
          p(t(lang, 'nudge.booked')),
          ...closing(v, lang),
        ],
      };
    case 'day-15':
      return {
        subject: t(lang, 'day15.subject', { clinic: v.clinic }),
        blocks: [greeting(v, lang), p(t(lang, 'day15.lead')), h(t(lang, 'day15.heading')), ...rulesBlocks('long-term', d0, lang), ...closing(v, lang)],
      };
    case 'one-month':
      return {
        subject: t(lang, 'month.subject', { clinic: v.clinic }),
        blocks: [greeting(v, lang), p(t(lang, 'month.lead')), ...rulesBlocks('one-month', d0, lang), ...closing(v, lang)],
      };
    case 'course-complete':
      return courseCompleteEmail(ctx, v);
    case 'appointment-reminder': {
      const at = appointmentTime(ctx);
      return {
        subject: at ? t(lang, 'appointment.subject', { clinic: v.clinic, at: at.short }) : t(lang, 'appointment.subject.soon', { clinic: v.clinic }),
        blocks: [
          greeting(v, lang),
          p(at ? t(lang, 'appointment.on', { clinic: v.clinic, at: at.long }) : t(lang, 'appointment.soon', { clinic: v.clinic })),
          p(t(lang, 'appointment.reschedule', { phone: v.phone })),
          ...closing(v, lang),
        ],
      };
    }
  }
}
