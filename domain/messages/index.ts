/**
 * The words of every step: SMS, plain-text email and HTML email for the client, and the short
 * notices the clinic gets. Pure and deterministic (no clock, no I/O): the workflow calls these
 * inside the Temporal sandbox, and the CLI preview calls them too.
 *
 * The facts come from care-protocol.md's healing timeline; the wording is ours.
 * SMS: GSM-7 only in our own wording, at most SMS_MAX_SEGMENTS segments whatever is filled in
 * (see `fitSms`: richer variants first, then leaner ones, then a shortened clinic name).
 */
import { DateTime } from 'luxon';
import type { PlannedStep } from '../plan-types';
import { STEP_IDS, type HealingPhase, type StepId } from '../steps';
import { smsSegments } from '../sms-encoding';

export interface MessageContext {
  clientFirstName: string;
  clinic: { name: string; phone: string; bookingUrl: string };
  sessionNumber: number;
  plannedSessions: number;
  /** IANA zone of the client, for formatting dates. */
  timezone: string;
  /** For `welcome`: the phase the client is in now (late enrollment => not day-0). */
  currentPhase: HealingPhase;
  /** The client's plan, for "the whole timeline at a glance" in welcome (and dates elsewhere). */
  plan: PlannedStep[];
  /** ISO instant; for `appointment-reminder`. */
  appointmentAt?: string;
  /** When true, subject and SMS are clearly prefixed as a demo ("[DEMO] "). */
  demo?: boolean;
  /**
   * Whether the client also gets this step by email. When false, the SMS points to the clinic's
   * phone instead of "details in your email". Defaults to true.
   */
  hasEmail?: boolean;
}

export interface ClientMessage {
  sms: string;
  email: { subject: string; text: string; html: string };
}

export type ClientStepId = Exclude<StepId, 'clinic-follow-up'>;

export const CLIENT_STEP_IDS: readonly ClientStepId[] = STEP_IDS.filter(
  (s): s is ClientStepId => s !== 'clinic-follow-up',
);

export function isClientStep(step: StepId): step is ClientStepId {
  return step !== 'clinic-follow-up';
}

/** No client SMS is ever longer than this many segments. */
export const SMS_MAX_SEGMENTS = 2;

export const DEMO_PREFIX = '[DEMO] ';

// ---- filled values ----------------------------------------------------------------------------

/** Control characters and runs of whitespace (line breaks in a name, say) become one space. */
function clean(value: string | undefined): string {
  return (value ?? '').replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * Typographic punctuation in a filled value would force the whole SMS into UCS-2 (less than half
 * the room): replace it with its plain GSM-7 look-alike. Letters, emoji and scripts stay as they are.
 */
function smsFriendly(value: string): string {
  return value
    .replace(/[\u2018\u2019\u201a\u201b\u2032\u00b4`]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\u2026/g, '...')
    .replace(/[\u200b\ufeff]/g, '')
    .replace(/[\u00a0\u2000-\u200a\u202f\u205f\u3000]/g, ' ');
}

interface Values {
  name: string; // may be empty
  clinic: string;
  phone: string;
  url: string;
  n: number;
  next: number;
  planned: number;
}

function valuesOf(ctx: MessageContext): Values {
  return {
    name: clean(ctx.clientFirstName),
    clinic: clean(ctx.clinic.name),
    phone: clean(ctx.clinic.phone),
    url: clean(ctx.clinic.bookingUrl),
    n: ctx.sessionNumber,
    next: ctx.sessionNumber + 1,
    planned: ctx.plannedSessions,
  };
}

// ---- dates ------------------------------------------------------------------------------------

const LOCALE = 'en-US';

/** The session's day (day 0, in the client's zone) from any step of the plan, or null without one. */
function dayZero(ctx: MessageContext): DateTime | null {
  for (const step of ctx.plan) {
    const at = DateTime.fromISO(step.local, { zone: ctx.timezone });
    if (at.isValid) return at.startOf('day').minus({ days: step.day });
  }
  return null;
}

/** "Sat, Mar 7" */
function shortDate(d: DateTime): string {
  return d.setLocale(LOCALE).toFormat('ccc, LLL d');
}

/** A phase's day span as local dates, or null when the plan gives no dates. */
function span(d0: DateTime | null, from: number, to?: number): string | null {
  if (!d0) return null;
  const a = shortDate(d0.plus({ days: from }));
  return to === undefined || to === from ? a : `${a} to ${shortDate(d0.plus({ days: to }))}`;
}

function appointmentTime(ctx: MessageContext): { long: string; short: string } | null {
  if (!ctx.appointmentAt) return null;
  const at = DateTime.fromISO(ctx.appointmentAt, { zone: ctx.timezone }).setLocale(LOCALE);
  if (!at.isValid) return null;
  return { long: at.toFormat("cccc, LLLL d 'at' h:mm a"), short: at.toFormat("ccc, LLL d 'at' h:mm a") };
}

// ---- the care facts, per phase ----------------------------------------------------------------

type RulesKey = 'days-1-4' | 'days-5-7' | 'days-8-14' | 'long-term' | 'one-month';

const PHASE_DAYS: Record<Exclude<RulesKey, 'long-term' | 'one-month'>, [number, number]> = {
  'days-1-4': [1, 4],
  'days-5-7': [5, 7],
  'days-8-14': [8, 14],
};

/** The email's full list for a phase: every rule of care-protocol.md's row, in our words. */
function emailRules(key: RulesKey, d0: DateTime | null): { lead?: string; rules: string[] } {
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
      const monthOn = span(d0, 30);
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
const SMS_RULES: Record<RulesKey, [full: string, compact: string, minimal: string]> = {
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
function welcomeRulesKey(ctx: MessageContext): RulesKey {
  switch (ctx.currentPhase) {
    case 'day-0':
    case 'days-1-4':
      return 'days-1-4';
    case 'days-5-7':
    case 'days-8-14':
      return ctx.currentPhase;
    case 'long-term': {
      const welcome = ctx.plan.find((s) => s.step === 'welcome');
      return welcome && welcome.day >= 30 ? 'one-month' : 'long-term';
    }
  }
}

const PHASE_TITLE: Record<RulesKey, string> = {
  'days-1-4': 'days 1 to 4',
  'days-5-7': 'days 5 to 7',
  'days-8-14': 'days 8 to 14',
  'long-term': 'from day 15 on',
  'one-month': 'a month on',
};

const SMS_LABEL: Record<RulesKey, string> = {
  'days-1-4': 'Days 1-4',
  'days-5-7': 'Days 5-7',
  'days-8-14': 'Days 8-14',
  'long-term': 'Day 15',
  'one-month': 'One month on',
};

// ---- email document model: one structure, rendered to text and HTML alike --------------------

type Inline = string | { href: string };
type Block =
  | { kind: 'p'; parts: Inline[] }
  | { kind: 'h'; parts: Inline[] }
  | { kind: 'ul'; items: Inline[][] }
  | { kind: 'lines'; lines: Inline[][] };

const p = (...parts: Inline[]): Block => ({ kind: 'p', parts });
const h = (...parts: Inline[]): Block => ({ kind: 'h', parts });
const ul = (items: Inline[][]): Block => ({ kind: 'ul', items });
const link = (href: string): Inline => ({ href });

/** Escapes a value for HTML text and double- or single-quoted attributes. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const inlineText = (parts: Inline[]): string => parts.map((x) => (typeof x === 'string' ? x : x.href)).join('');

function inlineHtml(parts: Inline[]): string {
  return parts
    .map((x) => {
      if (typeof x === 'string') return escapeHtml(x);
      // Only web links become clickable; anything else is shown as plain text.
      return /^https?:\/\//i.test(x.href)
        ? `<a href="${escapeHtml(x.href)}" style="color:#1a5f7a">${escapeHtml(x.href)}</a>`
        : escapeHtml(x.href);
    })
    .join('');
}

function renderText(blocks: Block[]): string {
  return (
    blocks
      .map((b) => {
        switch (b.kind) {
          case 'p':
            return inlineText(b.parts);
          case 'h': {
            const t = inlineText(b.parts);
            return `${t}\n${'-'.repeat(Math.min(60, Array.from(t).length))}`;
          }
          case 'ul':
            return b.items.map((i) => `- ${inlineText(i)}`).join('\n');
          case 'lines':
            return b.lines.map(inlineText).join('\n');
        }
      })
      .join('\n\n') + '\n'
  );
}

function renderHtml(subject: string, blocks: Block[]): string {
  const body = blocks
    .map((b) => {
      switch (b.kind) {
        case 'p':
          return `<p style="margin:0 0 16px">${inlineHtml(b.parts)}</p>`;
        case 'h':
          return `<h2 style="font-size:17px;margin:24px 0 8px">${inlineHtml(b.parts)}</h2>`;
        case 'ul':
          return `<ul style="margin:0 0 16px;padding-left:20px">${b.items
            .map((i) => `<li style="margin:0 0 6px">${inlineHtml(i)}</li>`)
            .join('')}</ul>`;
        case 'lines':
          return `<p style="margin:0 0 16px">${b.lines.map(inlineHtml).join('<br>')}</p>`;
      }
    })
    .join('\n');
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title></head>`,
    '<body style="margin:0;padding:24px;background:#f5f5f3;font-family:Arial,Helvetica,sans-serif;color:#222;line-height:1.5">',
    '<div style="max-width:560px;margin:0 auto;background:#ffffff;padding:24px;border-radius:8px">',
    body,
    '</div></body></html>',
    '',
  ].join('\n');
}

function greeting(v: Values): Block {
  return p(v.name ? `Hi ${v.name},` : 'Hi there,');
}

/** Every email ends with the clinic's contact. */
function closing(v: Values): Block[] {
  return [
    p(`Questions about your healing, or something doesn't look right? Call us at ${v.phone}. We're happy to help.`),
    { kind: 'lines', lines: [['Warm regards,'], [v.clinic], ['Phone: ', v.phone], ['Book online: ', link(v.url)]] },
  ];
}

function rulesBlocks(key: RulesKey, d0: DateTime | null): Block[] {
  const r = emailRules(key, d0);
  return [...(r.lead ? [p(r.lead)] : []), ul(r.rules.map((x) => [x]))];
}

// ---- the emails -------------------------------------------------------------------------------

function whatWasDone(v: Values): string {
  if (v.planned <= 1) return `Thank you for coming to ${v.clinic} for your scalp micropigmentation session.`;
  if (v.n >= v.planned)
    return `Thank you for coming to ${v.clinic} for session ${v.n} of ${v.planned}, the last planned session of your scalp micropigmentation.`;
  return `Thank you for coming to ${v.clinic} for session ${v.n} of your ${v.planned} planned scalp micropigmentation sessions.`;
}

function timeline(ctx: MessageContext, v: Values, d0: DateTime | null, current: RulesKey): Inline[][] {
  const when = (from: number, to: number | undefined, days: string) => {
    const dates = span(d0, from, to);
    return dates ? `${dates} (${days})` : days.charAt(0).toUpperCase() + days.slice(1);
  };
  const here = (key: RulesKey) => (key === current && ctx.currentPhase !== 'day-0' ? ' (you are here)' : '');
  const items: Inline[][] = [
    [`${when(0, undefined, 'day 0')}: session ${v.n}${ctx.currentPhase === 'day-0' ? ' (today)' : ''}`],
    [`${when(1, 4, 'days 1-4')}: keep it dry and leave it alone${here('days-1-4')}`],
    [`${when(5, 7, 'days 5-7')}: gentle cleaning only, no heavy sweat and no sun${here('days-5-7')}`],
    [`${when(8, 14, 'days 8-14')}: scabs form; hands off${here('days-8-14')}`],
  ];
  const bookNext = ctx.plan.find((s) => s.step === 'book-next');
  if (bookNext) items.push([`${when(bookNext.day, undefined, `day ${bookNext.day}`)}: time to book session ${v.next}`]);
  items.push([`${when(15, undefined, 'day 15')}: healed enough for your daily routine; long-term care begins${here('long-term')}`]);
  items.push([`${when(30, undefined, 'day 30')}: pools, saunas and steam rooms are fine again${here('one-month')}`]);
  return items;
}

function welcomeEmail(ctx: MessageContext, v: Values, d0: DateTime | null): { subject: string; blocks: Block[] } {
  const key = welcomeRulesKey(ctx);
  const redness =
    ctx.currentPhase === 'day-0'
      ? 'Tomorrow your scalp will probably look a little red. That is completely normal, and it fades within a few days.'
      : 'Some redness on the day after a session is completely normal, and it fades within a few days.';
  let rulesHeading: string;
  if (key === 'long-term' || key === 'one-month') {
    rulesHeading = `What to do now: ${PHASE_TITLE[key]}`;
  } else {
    const [from, to] = PHASE_DAYS[key];
    const dates = span(d0, from, to);
    rulesHeading = `${ctx.currentPhase === 'day-0' ? 'What to do from tomorrow' : 'What to do now'}: ${PHASE_TITLE[key]}${dates ? ` (${dates})` : ''}`;
  }
  const more = key === 'one-month' ? [] : [p('We will send you a short reminder with the right tips as each new stage begins.')];
  return {
    subject: `${v.clinic}: your aftercare guide for session ${v.n}`,
    blocks: [
      greeting(v),
      p(whatWasDone(v)),
      p('Good aftercare is part of the treatment: how you look after your scalp while it heals shapes the final result.'),
      h('What to expect'),
      p(redness),
      h('Your healing timeline at a glance'),
      ul(timeline(ctx, v, d0, key)),
      h(rulesHeading),
      ...rulesBlocks(key, d0),
      ...more,
      ...closing(v),
    ],
  };
}

function phaseEmail(key: 'days-1-4' | 'days-5-7' | 'days-8-14', v: Values, d0: DateTime | null) {
  const [from, to] = PHASE_DAYS[key];
  const until = span(d0, to);
  const intro: Record<typeof key, string> = {
    'days-1-4': 'The first stage of healing starts today.',
    'days-5-7': 'You are through the first four days. Here is what matters for the next three.',
    'days-8-14': 'You are into the second week of healing.',
  };
  return {
    subject: `${v.clinic}: your aftercare for days ${from}-${to}`,
    blocks: [
      greeting(v),
      p(intro[key]),
      h(`Days ${from} to ${to}${until ? ` (until ${until})` : ''}`),
      ...rulesBlocks(key, d0),
      p('Sticking to these few rules now protects the result of your session.'),
      ...closing(v),
    ],
  };
}

function clientEmail(step: ClientStepId, ctx: MessageContext, v: Values): { subject: string; blocks: Block[] } {
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
          p('Book online: ', link(v.url)),
          p(`Prefer to talk it through? Call us at ${v.phone} and we will find a time that suits you.`),
          p('Until day 14, keep following your current aftercare tips.'),
          ...closing(v),
        ],
      };
    case 'book-nudge':
      return {
        subject: `${v.clinic}: a gentle reminder to book session ${v.next}`,
        blocks: [
          greeting(v),
          p(`Just a gentle reminder: session ${v.next} is not booked yet. Whenever you are ready, pick a time online or give us a call.`),
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
        subject: `${v.clinic}: one month on, pools and saunas are fine again`,
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

// ---- the SMS ----------------------------------------------------------------------------------

interface SmsValues {
  hi: string; // "Hi Max! " or ""
  clinic: string;
  phone: string;
  url: string;
  pointer: string; // "Details in your email." (or the clinic's phone without email)
}

/** An SMS body (the clinic prefix is added by `fitSms`). */
type SmsVariant = (s: SmsValues) => string;

/** A step's SMS: the content variants, richest first, and a last resort that only says where to look. */
interface SmsVariants {
  content: SmsVariant[];
  lean: SmsVariant;
}

const STOP_HINT = 'Reply STOP to opt out, HELP for help.';

function smsVariants(step: ClientStepId, ctx: MessageContext, v: Values): SmsVariants {
  // The leanest variants: only where to find the tips.
  const tipsHint =
    ctx.hasEmail === false ? `Aftercare questions? Call ${smsFriendly(v.phone)}.` : 'Your aftercare tips are in your email.';
  switch (step) {
    case 'welcome': {
      const key = welcomeRulesKey(ctx);
      const [full, compact, minimal] = SMS_RULES[key];
      const label = ctx.currentPhase === 'day-0' ? 'From tomorrow, days 1-4' : SMS_LABEL[key];
      const early = ctx.currentPhase === 'day-0' || ctx.currentPhase === 'days-1-4';
      const redness = early
        ? `${ctx.currentPhase === 'day-0' ? 'Redness tomorrow' : 'Some redness'} is normal and fades in a few days. `
        : '';
      const timelineHint = ctx.hasEmail === false ? '' : ' Full timeline in your email.';
      return {
        content: [
          (s) => `${s.hi}Your aftercare starts here. ${redness}${label}: ${full}${timelineHint} ${STOP_HINT}`,
          (s) => `${s.hi}${redness}${label}: ${full}${timelineHint} ${STOP_HINT}`,
          (s) => `${s.hi}${label}: ${compact}${timelineHint} ${STOP_HINT}`,
          (s) => `${s.hi}${ctx.currentPhase === 'day-0' ? 'From tomorrow' : label}: ${minimal} ${s.pointer} Reply STOP to opt out.`,
        ],
        lean: (s) => `${s.hi}${tipsHint} Reply STOP to opt out.`,
      };
    }
    case 'days-1-4':
    case 'days-5-7':
    case 'days-8-14':
    case 'day-15':
    case 'one-month': {
      const key: RulesKey = step === 'day-15' ? 'long-term' : step;
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
    case 'book-next':
      return {
        content: [
          (s) => `${s.hi}It's time to book session ${v.next}: ${s.url} or call ${s.phone}. Or reply BOOK and we'll call you.`,
          (s) => `${s.hi}Time to book session ${v.next}: ${s.url} or call ${s.phone}.`,
        ],
        lean: (s) => `${s.hi}Time to book session ${v.next}: call ${s.phone}.${ctx.hasEmail === false ? '' : ' Booking link in your email.'}`,
      };
    case 'book-nudge':
      return {
        content: [
          (s) => `${s.hi}A gentle reminder to book session ${v.next} when you're ready: ${s.url} or call ${s.phone}. Or reply BOOK and we'll call you.`,
          (s) => `${s.hi}Reminder to book session ${v.next}: ${s.url} or call ${s.phone}.`,
        ],
        lean: (s) => `${s.hi}Reminder to book session ${v.next}: call ${s.phone}.`,
      };
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

function smsBase(ctx: MessageContext, v: Values): Omit<SmsValues, 'hi'> {
  const phone = smsFriendly(v.phone);
  return {
    clinic: smsFriendly(v.clinic),
    phone,
    url: v.url,
    pointer: ctx.hasEmail === false ? `Questions? Call ${phone}.` : 'Details in your email.',
  };
}

const fits = (text: string) => smsSegments(text).segments <= SMS_MAX_SEGMENTS;

/** Cuts a clinic name to at most `max` characters, at a word boundary when there is one. */
function shortenName(name: string, max: number): string {
  const chars = Array.from(name);
  if (chars.length <= max) return name;
  const cut = chars.slice(0, max).join('');
  const space = cut.lastIndexOf(' ');
  return (space >= max / 2 ? cut.slice(0, space) : cut).replace(/[\s,.:;-]+$/, '');
}

/**
 * Picks the richest SMS that fits in SMS_MAX_SEGMENTS, in this order:
 * 1. each content variant (richest first) with the first name, then without it (a name in another
 *    script or with an emoji forces UCS-2, which holds less than half as much);
 * 2. the content variants with a shortened clinic name (a clinic name in another script);
 * 3. the lean variant (only where to find the tips), with the full, then a shortened clinic name;
 * 4. as a last resort, for absurd values only (a phone number hundreds of characters long), a hard cut.
 */
function fitSms({ content, lean }: SmsVariants, ctx: MessageContext, v: Values): string {
  const prefix = ctx.demo ? DEMO_PREFIX : '';
  const name = smsFriendly(v.name);
  const base = smsBase(ctx, v);
  const his = name ? [`Hi ${name}! `, ''] : [''];
  const compose = (variant: SmsVariant, hi: string, clinic: string) =>
    `${prefix}${clinic}: ${variant({ ...base, hi, clinic })}`;
  const attempts: [SmsVariant, string, string][] = [];
  for (const variant of content) for (const hi of his) attempts.push([variant, hi, base.clinic]);
  for (const max of [32, 24, 16]) for (const variant of content) attempts.push([variant, '', shortenName(base.clinic, max)]);
  for (const hi of his) attempts.push([lean, hi, base.clinic]);
  for (const max of [32, 24, 16, 10]) attempts.push([lean, '', shortenName(base.clinic, max)]);

  for (const [variant, hi, clinic] of attempts) {
    const text = compose(variant, hi, clinic);
    if (fits(text)) return text;
  }
  let chars = Array.from(compose(lean, '', shortenName(base.clinic, 10)));
  while (chars.length > 0 && !fits(`${chars.join('')}...`)) chars = chars.slice(0, -1);
  return `${chars.join('')}...`;
}

/**
 * Every SMS text a step could produce for `ctx` (each variant with and without the first name,
 * full clinic name), whether it fits or not: for tests that check the templates themselves.
 */
export function smsCandidates(step: ClientStepId, ctx: MessageContext): string[] {
  const v = valuesOf(ctx);
  const { content, lean } = smsVariants(step, ctx, v);
  const prefix = ctx.demo ? DEMO_PREFIX : '';
  const name = smsFriendly(v.name);
  const base = smsBase(ctx, v);
  return [...content, lean].flatMap((variant) =>
    (name ? [`Hi ${name}! `, ''] : ['']).map((hi) => `${prefix}${base.clinic}: ${variant({ ...base, hi })}`),
  );
}

// ---- public API -------------------------------------------------------------------------------

export function renderClientMessage(step: ClientStepId, ctx: MessageContext): ClientMessage {
  const v = valuesOf(ctx);
  const { subject, blocks } = clientEmail(step, ctx, v);
  const fullSubject = `${ctx.demo ? DEMO_PREFIX : ''}${subject}`;
  return {
    sms: fitSms(smsVariants(step, ctx, v), ctx, v),
    email: { subject: fullSubject, text: renderText(blocks), html: renderHtml(fullSubject, blocks) },
  };
}

export interface ClinicNoticeContext {
  clinicName: string;
  clientRef: string;
  clientFirstName: string;
  workflowId: string;
  sessionNumber: number;
  timezone: string;
  detail?: string;
  demo?: boolean;
}

export type ClinicNoticeKind = 'clinic-follow-up' | 'unreachable' | 'sms-failed' | 'email-failed' | 'client-wants-to-book' | 'client-message';

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
        `${who} had session ${n}. We asked them to book session ${n + 1} on day 10 and reminded them on day 14, but no booking has been recorded yet.`,
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
  }
  const text = [
    ...body,
    [`Client: ${who}`, `Session: ${n}`, `Client's time zone: ${clean(ctx.timezone)}`, `Workflow: ${clean(ctx.workflowId)}`].join('\n'),
    `- ${clean(ctx.clinicName)} aftercare reminders`,
  ].join('\n\n');
  return { subject: `${ctx.demo ? DEMO_PREFIX : ''}${clean(subject)}`, text: `${text}\n` };
}
