/**
 * The client's emails, one per step: a subject and a document (./email-document) that the caller
 * renders to plain text and HTML. Every email greets the client by first name when there is one
 * and ends with the clinic's contact.
 */
import type { DateTime } from 'luxon';
import { fixedDay, PHASE_DAYS, type RulesPhase } from '../steps';
import { emailRules, layoutNote, nextSessionFacts, PHASE_TITLE, rednessNote, welcomeRulesKey, type RulesKey } from './care-facts';
import type { ClientStepId, MessageContext } from './context';
import type { PhotoStepId } from './photo-ask';

/** The steps whose words are here (the photo check-ins have their own file). */
type OwnStepId = Exclude<ClientStepId, PhotoStepId>;
import { appointmentTime, dayZero, span } from './dates';
import { h, lines, link, p, ul, type Block, type Inline } from './email-document';
import type { Values } from './values';

export interface EmailDocument {
  subject: string;
  blocks: Block[];
}

/** "Hi Alex," or, without a first name, "Hi there,". */
export function greeting(v: Pick<Values, 'name'>): Block {
  return p(v.name ? `Hi ${v.name},` : 'Hi there,');
}

/** Every email ends with the clinic's contact. */
function closing(v: Values): Block[] {
  return [
    p(`Questions about your healing, or something doesn't look right? Call us at ${v.phone}. We're happy to help.`),
    lines(['Warm regards,'], [v.clinic], ['Phone: ', v.phone], ['Book online: ', link(v.url)]),
  ];
}

function rulesBlocks(key: RulesKey, d0: DateTime | null): Block[] {
  const r = emailRules(key, d0);
  return [...(r.lead ? [p(r.lead)] : []), ul(r.rules.map((x) => [x]))];
}

function whatWasDone(v: Values): string {
  if (v.planned <= 1) return `Thank you for coming to ${v.clinic} for your scalp micropigmentation session.`;
  if (v.n >= v.planned)
    return `Thank you for coming to ${v.clinic} for session ${v.n} of ${v.planned}, the last planned session of your scalp micropigmentation.`;
  return `Thank you for coming to ${v.clinic} for session ${v.n} of your ${v.planned} planned scalp micropigmentation sessions.`;
}

/** The welcome's "timeline at a glance": every phase, with local dates when the plan has them. */
function timeline(ctx: MessageContext, v: Values, d0: DateTime | null, current: RulesKey): Inline[][] {
  const when = (from: number, to: number | undefined, days: string) => {
    const dates = span(d0, from, to);
    return dates ? `${dates} (${days})` : days.charAt(0).toUpperCase() + days.slice(1);
  };
  const onDay = (day: number) => when(day, undefined, `day ${day}`);
  const phase = (key: RulesPhase) => {
    const [first, last] = PHASE_DAYS[key];
    return when(first, last, `days ${first}-${last}`);
  };
  const here = (key: RulesKey) => (key === current && ctx.currentPhase !== 'day-0' ? ' (you are here)' : '');
  const items: Inline[][] = [
    [`${onDay(fixedDay('welcome'))}: session ${v.n}${ctx.currentPhase === 'day-0' ? ' (today)' : ''}; keep your head dry from this day on`],
    [`${phase('days-1-4')}: keep it dry and leave it alone${here('days-1-4')}`],
    [`${phase('days-5-7')}: gentle cleaning only, no heavy sweat and no sun${here('days-5-7')}`],
    [`${phase('days-8-14')}: scabs form; hands off${here('days-8-14')}`],
  ];
  const bookNext = ctx.plan.find((s) => s.step === 'book-next');
  if (bookNext) items.push([`${onDay(bookNext.day)}: time to book session ${v.next}`]);
  items.push([`${onDay(fixedDay('day-15'))}: healed enough for your daily routine; long-term care begins${here('long-term')}`]);
  items.push([
    `${onDay(fixedDay('one-month'))}: the minimum month away from pools, saunas and steam rooms is over; check with your technician before going back${here('one-month')}`,
  ]);
  return items;
}

function welcomeEmail(ctx: MessageContext, v: Values, d0: DateTime | null): EmailDocument {
  const key = welcomeRulesKey(ctx);
  const sessionDay = ctx.currentPhase === 'day-0';
  let rulesHeading: string;
  if (key === 'long-term' || key === 'one-month') {
    rulesHeading = `What to do now: ${PHASE_TITLE[key]}`;
  } else if (sessionDay) {
    // The days 1-4 rules hold from the session day itself: the head stays dry from today.
    const last = PHASE_DAYS['days-1-4'][1];
    const dates = span(d0, fixedDay('welcome'), last);
    rulesHeading = `What to do from today to day ${last}${dates ? ` (${dates})` : ''}`;
  } else {
    const [from, to] = PHASE_DAYS[key];
    const dates = span(d0, from, to);
    rulesHeading = `What to do now: ${PHASE_TITLE[key]}${dates ? ` (${dates})` : ''}`;
  }
  const layout = layoutNote(ctx);
  const more = key === 'one-month' ? [] : [p('We will send you a short reminder with the right tips as each new stage begins.')];
  return {
    subject: `${v.clinic}: your aftercare guide for session ${v.n}`,
    blocks: [
      greeting(v),
      p(whatWasDone(v)),
      ...(layout ? [p(layout.email)] : []),
      p('Good aftercare is part of the treatment: how you look after your scalp while it heals shapes the final result.'),
      h('What to expect'),
      p(rednessNote(ctx).email),
      h('Your healing timeline at a glance'),
      ul(timeline(ctx, v, d0, key)),
      h(rulesHeading),
      ...(sessionDay ? [p('These rules start today, the day of your session: your head stays dry from now on.')] : []),
      ...rulesBlocks(key, d0),
      ...more,
      ...closing(v),
    ],
  };
}

const PHASE_INTRO: Record<RulesPhase, string> = {
  'days-1-4': 'The first stage of healing starts today.',
  'days-5-7': 'You are through the first four days. Here is what matters for the next three.',
  'days-8-14': 'You are into the second week of healing.',
};

function phaseEmail(key: RulesPhase, v: Values, d0: DateTime | null): EmailDocument {
  const [from, to] = PHASE_DAYS[key];
  const until = span(d0, to);
  return {
    subject: `${v.clinic}: your aftercare for days ${from}-${to}`,
    blocks: [
      greeting(v),
      p(PHASE_INTRO[key]),
      h(`Days ${from} to ${to}${until ? ` (until ${until})` : ''}`),
      ...rulesBlocks(key, d0),
      p('Sticking to these few rules now protects the result of your session.'),
      ...closing(v),
    ],
  };
}

/** The email a client gets for `step` (without the demo prefix). */
export function clientEmail(step: OwnStepId, ctx: MessageContext, v: Values): EmailDocument {
  const d0 = dayZero(ctx);
  switch (step) {
    case 'welcome':
      return welcomeEmail(ctx, v, d0);
    case 'days-1-4':
    case 'days-5-7':
    case 'days-8-14':
      return phaseEmail(step, v, d0);
    case 'book-next':
      return {
        subject: `${v.clinic}: time to book session ${v.next}`,
        blocks: [
          greeting(v),
          p(`Now is a good time to book session ${v.next} of your ${v.planned}, so a date is set for when your scalp has healed from session ${v.n}.`),
          p(nextSessionFacts(v.next).email),
          p('Book online: ', link(v.url)),
          p(`Prefer to talk it through? Call us at ${v.phone} and we will find a time that suits you.`),
          p(`Until day ${PHASE_DAYS['days-8-14'][1]}, keep following your current aftercare tips.`),
          ...closing(v),
        ],
      };
    case 'book-nudge':
      return {
        subject: `${v.clinic}: a gentle reminder to book session ${v.next}`,
        blocks: [
          greeting(v),
          p(`Just a gentle reminder: session ${v.next} is not booked yet. Whenever you are ready, pick a time online or give us a call.`),
          p(nextSessionFacts(v.next).email),
          p('Book online: ', link(v.url)),
          p(`Call us: ${v.phone}`),
          p('Already booked? Then please ignore this message.'),
          ...closing(v),
        ],
      };
    case 'day-15':
      return {
        subject: `${v.clinic}: you are healed enough for your daily routine`,
        blocks: [greeting(v), p('Good news: two weeks on, your healing is well along.'), h('Back to your routine'), ...rulesBlocks('long-term', d0), ...closing(v)],
      };
    case 'one-month':
      return {
        subject: `${v.clinic}: one month on, your long-term aftercare`,
        blocks: [greeting(v), p('Well done for looking after your scalp this past month.'), ...rulesBlocks('one-month', d0), ...closing(v)],
      };
    case 'appointment-reminder': {
      const at = appointmentTime(ctx);
      return {
        subject: at ? `${v.clinic}: your appointment on ${at.short}` : `${v.clinic}: your upcoming appointment`,
        blocks: [
          greeting(v),
          p(
            at
              ? `This is a friendly reminder of your next appointment at ${v.clinic}: ${at.long}.`
              : `This is a friendly reminder that your next appointment at ${v.clinic} is coming up soon.`,
          ),
          p(`If you need to reschedule, please call us at ${v.phone} as soon as you can.`),
          ...closing(v),
        ],
      };
    }
  }
}
