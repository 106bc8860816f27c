import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import {
  CLIENT_STEP_IDS,
  renderClientMessage,
  renderClinicNotice,
  smsCandidates,
  type ClientStepId,
  type ClinicNoticeContext,
  type ClinicNoticeKind,
  type MessageContext,
} from '../../domain/messages';
import { LANGUAGES, type Language } from '../../domain/i18n';
import { buildPlan, type PlannedStep } from '../../domain/plan';
import { parsePlanInput } from '../../domain/plan-input';
import { isGsm7, smsSegments } from '../../domain/sms-encoding';
import type { HealingPhase } from '../../domain/steps';

// ---- fixtures ---------------------------------------------------------------------------------

const SESSION_AT = '2026-03-06T15:00:00-05:00'; // a Friday in New York; DST starts on Sunday the 8th
const ZONE = 'America/New_York';

function planFor(overrides: { enrolledAt?: string; sessionNumber?: number; plannedSessions?: number } = {}): PlannedStep[] {
  return buildPlan(
    parsePlanInput({
      sessionAt: SESSION_AT,
      timezone: ZONE,
      sessionNumber: overrides.sessionNumber ?? 1,
      plannedSessions: overrides.plannedSessions ?? 3,
      sendTime: '10:00',
      window: { start: '09:00', end: '20:00' },
      enrolledAt: overrides.enrolledAt ?? SESSION_AT,
    }),
  );
}

const LONG = {
  clientFirstName: 'Maximiliano-Alexander',
  clinic: {
    name: 'Northside Scalp Micropigmentation Studio',
    // Stored as every clinic phone is (E.164); the messages write it for reading.
    phone: '+12125550147',
    bookingUrl: 'https://book.example-clinic.com/northside-smp/session?ref=abc123XYZ',
  },
};

/** LONG's phone as a client in New York dials it. */
const PHONE = '(212) 555-0147';

function ctx(overrides: Partial<MessageContext> = {}): MessageContext {
  return {
    ...LONG,
    clientRegion: 'US-NY',
    sessionNumber: 1,
    plannedSessions: 3,
    timezone: ZONE,
    currentPhase: 'day-0',
    plan: planFor(),
    appointmentAt: '2026-03-24T14:30:00-04:00',
    ...overrides,
  };
}

/** What a reader of the HTML email sees: tags stripped, entities decoded, whitespace collapsed. */
function visible(html: string): string {
  return html
    .replace(/<head>[\s\S]*<\/head>/i, ' ')
    .replace(/<br>/g, '\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The welcome email's "what to do" section (the current phase's rules). */
function rulesSection(text: string): string {
  const start = text.search(/^What to do (now|from today)/m);
  expect(start).toBeGreaterThan(-1);
  const end = text.indexOf('Questions about your healing', start);
  return text.slice(start, end);
}

// ---- the care facts, per phase ----------------------------------------------------------------

type FactKey = 'days-1-4' | 'days-5-7' | 'days-8-14' | 'long-term' | 'one-month';

type FactTable = Record<FactKey, { present: RegExp[]; absent: RegExp[] }>;

/** Every rule of care-protocol.md's healing-timeline table, as our English wording says it. */
const EMAIL_FACTS: FactTable = {
  'days-1-4': {
    present: [/head completely dry/i, /don't scratch/i, /itchy/i, /red/i, /don't shave/i, /don't even touch it/i, /soft, loose-fitting hat/i],
    absent: [/may now shave/i, /shave or cut/i, /shampoo/i, /scabs/i, /ointment/i, /fine again/i, /normal daily routine/i, /try not to/i],
  },
  'days-5-7': {
    present: [/heavy sweating/i, /workouts/i, /no shampoo/i, /no scrubbing/i, /wet cloth/i, /\bUV\b/, /fades/i, /hands off/i, /hydrated/i],
    absent: [/may now shave/i, /soft, loose/i, /completely dry/i, /ointment/i, /fine again/i, /normal daily routine/i, /try not to/i],
  },
  'days-8-14': {
    present: [
      /scabs/i,
      /don't touch the scabs/i,
      /pick/i,
      /hands off/i,
      /irritate/i,
      /alcohol/i,
      /alpha-hydroxy acids/i,
      /only thing .* ointment your technician recommended/i,
      /very thin/i,
      /may now shave or cut your hair/i,
      /wet cloth/i,
      /fragrance-free soap/i,
    ],
    absent: [/completely dry/i, /soft, loose/i, /no shampoo/i, /normal daily routine/i, /fine again/i, /try not to/i],
  },
  'long-term': {
    present: [
      /normal daily routine/i,
      /\bUV\b/,
      /sunscreen above factor 50 \(SPF 50\+\)/i,
      /hat/i,
      /chlorinated swimming pools/i,
      /saunas/i,
      /steam rooms/i,
      /at least a month/i,
      /soap and clean water/i,
      /moisturise/i,
      /after showering/i,
      /before bed/i,
      /alcohol/i,
      /alpha-hydroxy acids/i,
    ],
    absent: [/fine again/i, /soft, loose/i, /completely dry/i, /scabs/i, /try not to/i],
  },
  'one-month': {
    present: [
      /a month has passed/i,
      // "At least a month": the month is the least, so no all-clear, and the technician decides.
      /minimum time to stay away from chlorinated swimming pools, saunas and steam rooms/i,
      /check with your technician before you go back/i,
      /sunscreen above factor 50 \(SPF 50\+\)/i,
      /hat/i,
      /moisturising/i,
      /soap and clean water/i,
      /alcohol/i,
      /alpha-hydroxy acids/i,
    ],
    absent: [/skip saunas/i, /until at least a month/i, /scabs/i, /completely dry/i, /fine again/i, /safe/i],
  },
};

/** The same rules as our Spanish wording says them (the emails keep every accent). */
const EMAIL_FACTS_ES: FactTable = {
  'days-1-4': {
    present: [/cabeza completamente seca/i, /no te rasques/i, /te pique/i, /rojo/i, /no te afeites/i, /ni siquiera la toques/i, /gorro suave y holgado/i],
    absent: [/ya puedes afeitarte/i, /afeitarte o cortarte/i, /champú/i, /costras/i, /pomada/i, /rutina diaria normal/i, /intenta no/i],
  },
  'days-5-7': {
    present: [/evita sudar mucho/i, /entrenamientos/i, /nada de champú/i, /ni de frotar/i, /paño limpio y húmedo/i, /\bUV\b/, /aclaran el pigmento/i, /no te toques el cuero cabelludo/i, /hidratación/i],
    absent: [/ya puedes afeitarte/i, /gorro suave/i, /completamente seca/i, /pomada/i, /rutina diaria normal/i, /intenta no/i],
  },
  'days-8-14': {
    present: [
      /costras/i,
      /no toques las costras/i,
      /arranques/i,
      /no te toques el cuero cabelludo/i,
      /irritar/i,
      /alcohol/i,
      /alfahidroxiácidos/i,
      /lo único .* pomada que te recomendó tu especialista/i,
      /capa muy fina/i,
      /ya puedes afeitarte o cortarte el pelo/i,
      /paño limpio y húmedo/i,
      /jabón sin perfume/i,
    ],
    absent: [/completamente seca/i, /gorro suave/i, /nada de champú/i, /rutina diaria normal/i, /intenta no/i],
  },
  'long-term': {
    present: [
      /rutina diaria normal/i,
      /\bUV\b/,
      /protector solar de factor superior a 50 \(SPF 50\+\)/i,
      /gorra o un sombrero/i,
      /piscinas con cloro/i,
      /saunas/i,
      /baños de vapor/i,
      /al menos un mes/i,
      /jabón y agua limpia/i,
      /hidrata/i,
      /después de ducharte/i,
      /antes de dormir/i,
      /alcohol/i,
      /alfahidroxiácidos/i,
    ],
    absent: [/gorro suave/i, /completamente seca/i, /costras/i, /intenta no/i],
  },
  'one-month': {
    present: [
      /ha pasado un mes/i,
      // "Al menos un mes": the month is the least, so no all-clear, and the specialist decides.
      /tiempo mínimo lejos de las piscinas con cloro, las saunas y los baños de vapor/i,
      /consulta con tu especialista antes de volver/i,
      /protector solar de factor superior a 50 \(SPF 50\+\)/i,
      /gorra/i,
      /hidratándolo/i,
      /jabón y agua limpia/i,
      /alcohol/i,
      /alfahidroxiácidos/i,
    ],
    absent: [/evita las saunas/i, /hasta que pase al menos un mes/i, /costras/i, /completamente seca/i, /sin riesgo/i, /seguro/i],
  },
};

/** The essentials each phase's SMS keeps with long realistic values. */
const SMS_FACTS: Record<FactKey, RegExp[]> = {
  'days-1-4': [/dry/i, /scratch/i, /shave/i, /even touch/i, /hat/i],
  'days-5-7': [/sweat/i, /workouts/i, /shampoo/i, /scrub/i, /wet cloth/i, /UV/, /hands off/i, /water/i],
  'days-8-14': [/scabs/i, /pick/i, /alcohol/i, /AHA/, /ointment/i, /thin/i, /shaving/i, /fragrance-free soap/i],
  'long-term': [/normal routine/i, /SPF 50\+/, /hat/i, /saunas/i, /steam/i, /pools/i, /at least a month/i, /soap/i, /moistur/i, /alcohol/i],
  'one-month': [/saunas/i, /steam/i, /pools/i, /minimum month/i, /check with your technician/i, /SPF 50\+/, /hat/i, /moistur/i, /soap/i, /alcohol/i],
};

/** The same in Spanish texts, which are sent GSM-7: á í ó ú lose their accent (é ñ ¿ ¡ stay). */
const SMS_FACTS_ES: Record<FactKey, RegExp[]> = {
  'days-1-4': [/no mojes la cabeza/i, /rasques/i, /afeites/i, /ni la toques/i, /gorro/i],
  'days-5-7': [/sudar/i, /entrenar/i, /champu/i, /frotar/i, /paño/i, /UV/, /no te toques/i, /agua/i],
  'days-8-14': [/costras/i, /arranques/i, /alcohol/i, /AHA/, /pomada/i, /fina/i, /afeitarte/i, /jabon sin perfume/i],
  'long-term': [/rutina normal/i, /SPF 50\+/, /gorra/i, /saunas/i, /vapor/i, /piscinas/i, /al menos un mes/i, /jabon/i, /hidrata/i, /alcohol/i],
  'one-month': [/saunas/i, /vapor/i, /piscinas/i, /mes minimo/i, /consulta a tu especialista/i, /SPF 50\+/, /gorra/i, /hidrata/i, /jabon/i, /alcohol/i],
};

/** What no SMS of a phase may say: the month is no all-clear, and "don't touch" is not softened. */
const SMS_NEVER: RegExp[] = [/fine again/i, /try not to/i, /\bsafe\b/i];
const SMS_NEVER_ES: RegExp[] = [/sin riesgo/i, /intenta no/i, /procura no/i, /\bseguro\b/i];

/** The care-fact table of each language: every fact of care-protocol.md, in its words. */
const FACTS: Record<Language, { email: FactTable; sms: Record<FactKey, RegExp[]>; smsNever: RegExp[]; pointer: RegExp }> = {
  en: { email: EMAIL_FACTS, sms: SMS_FACTS, smsNever: SMS_NEVER, pointer: /details in your email/i },
  es: { email: EMAIL_FACTS_ES, sms: SMS_FACTS_ES, smsNever: SMS_NEVER_ES, pointer: /detalles en tu correo/i },
};

const PHASE_STEPS: [ClientStepId, FactKey][] = [
  ['days-1-4', 'days-1-4'],
  ['days-5-7', 'days-5-7'],
  ['days-8-14', 'days-8-14'],
  ['day-15', 'long-term'],
  ['one-month', 'one-month'],
];

describe.each(LANGUAGES)('care facts sit in the right step (%s)', (locale) => {
  const facts = FACTS[locale];
  describe.each(PHASE_STEPS)('%s', (step, key) => {
    const m = renderClientMessage(step, ctx({ locale }));
    const html = visible(m.email.html);

    it.each(facts.email[key].present.map((re) => [String(re), re] as const))('email says %s', (_label, re) => {
      expect(m.email.text).toMatch(re);
      expect(html).toMatch(re);
    });

    it.each(facts.email[key].absent.map((re) => [String(re), re] as const))('email does not say %s', (_label, re) => {
      expect(m.email.text).not.toMatch(re);
      expect(html).not.toMatch(re);
    });

    it.each(facts.sms[key].map((re) => [String(re), re] as const))('SMS says %s', (_label, re) => {
      expect(m.sms).toMatch(re);
    });

    it.each(facts.smsNever.map((re) => [String(re), re] as const))('SMS does not say %s', (_label, re) => {
      for (const text of smsCandidates(step, ctx({ locale }))) expect(text).not.toMatch(re);
    });

    it('SMS points to the email for the details', () => {
      expect(m.sms).toMatch(facts.pointer);
    });
  });
});

describe('care facts: dates', () => {
  it('phase emails name the last day of their phase in the client zone', () => {
    expect(renderClientMessage('days-1-4', ctx()).email.text).toContain('until Tue, Mar 10');
    expect(renderClientMessage('days-5-7', ctx()).email.text).toContain('until Fri, Mar 13');
    expect(renderClientMessage('days-8-14', ctx()).email.text).toContain('until Fri, Mar 20');
    expect(renderClientMessage('day-15', ctx()).email.text).toContain('(Sun, Apr 5)');
  });
});

describe('welcome', () => {
  it('says what was done, what to expect and the whole timeline with local dates', () => {
    const m = renderClientMessage('welcome', ctx());
    for (const body of [m.email.text, visible(m.email.html)]) {
      expect(body).toMatch(/session 1 of your 3 planned/i);
      expect(body).toMatch(/leave your first session with a layout for the sessions that follow/i);
      expect(body).toMatch(/tomorrow your scalp will look a bit red/i);
      expect(body).toMatch(/normal/i);
      expect(body).toMatch(/fades within the first few days/i);
      expect(body).toContain('Fri, Mar 6 (day 0): session 1 (today); keep your head dry from this day on');
      expect(body).toContain('Sat, Mar 7 to Tue, Mar 10 (days 1-4)');
      expect(body).toContain('Wed, Mar 11 to Fri, Mar 13 (days 5-7)');
      expect(body).toContain('Sat, Mar 14 to Fri, Mar 20 (days 8-14)');
      expect(body).toMatch(/Mon, Mar 16 \(day 10\): time to book session 2/);
      expect(body).toContain('Sat, Mar 21 (day 15)');
      expect(body).toMatch(/Sun, Apr 5 \(day 30\): the minimum month away from pools, saunas and steam rooms is over; check with your technician/);
      expect(body).not.toMatch(/fine again/i);
    }
  });

  it('on day 0 carries the days 1-4 rules from today (the head stays dry from the session day), and no later rules', () => {
    const m = renderClientMessage('welcome', ctx());
    const rules = rulesSection(m.email.text);
    expect(rules).toMatch(/what to do from today to day 4 \(Fri, Mar 6 to Tue, Mar 10\)/i);
    expect(rules).toMatch(/start today, the day of your session: your head stays dry from now on/i);
    for (const re of EMAIL_FACTS['days-1-4'].present) expect(rules).toMatch(re);
    for (const re of EMAIL_FACTS['days-1-4'].absent) expect(rules).not.toMatch(re);
    expect(m.sms).toMatch(/from today to day 4: keep your head dry/i);
    for (const re of SMS_FACTS['days-1-4']) expect(m.sms).toMatch(re);
    for (const body of [m.sms, m.email.text]) expect(body).not.toMatch(/from tomorrow/i);
    expect(m.sms).toMatch(/expect some redness tomorrow; it's normal/i);
  });

  it('for a late enrollment (day 9) carries the days 8-14 rules, not days 1-4', () => {
    const plan = planFor({ enrolledAt: '2026-03-15T11:00:00-04:00' });
    expect(plan.map((s) => s.step)).not.toContain('days-1-4');
    const m = renderClientMessage('welcome', ctx({ currentPhase: 'days-8-14', plan }));
    const rules = rulesSection(m.email.text);
    expect(rules).toMatch(/what to do now: days 8 to 14 \(Sat, Mar 14 to Fri, Mar 20\)/i);
    for (const re of EMAIL_FACTS['days-8-14'].present) expect(rules).toMatch(re);
    for (const re of [/head completely dry/i, /don't scratch/i, /don't shave/i, /soft, loose/i, /no shampoo/i]) {
      expect(m.email.text).not.toMatch(re);
      expect(visible(m.email.html)).not.toMatch(re);
    }
    // The timeline is still whole (dates come from any step of the plan) and marks where they are.
    expect(m.email.text).toContain('Sat, Mar 7 to Tue, Mar 10 (days 1-4)');
    expect(m.email.text).toMatch(/\(days 8-14\): .*\(you are here\)/);
    expect(m.email.text).not.toMatch(/tomorrow your scalp/i);
    expect(m.sms).toMatch(/days 8-14/i);
    expect(m.sms).toMatch(/scabs/i);
    expect(m.sms).not.toMatch(/hat|dry/i);
    expect(m.sms).toMatch(/STOP/);
  });

  it.each([
    ['days-1-4', 'days-1-4'],
    ['days-5-7', 'days-5-7'],
    ['days-8-14', 'days-8-14'],
    ['long-term', 'long-term'],
  ] as [HealingPhase, FactKey][])('in phase %s carries exactly that phase\'s rules', (phase, key) => {
    const rules = rulesSection(renderClientMessage('welcome', ctx({ currentPhase: phase })).email.text);
    for (const re of EMAIL_FACTS[key].present) expect(rules).toMatch(re);
    for (const re of EMAIL_FACTS[key].absent) expect(rules).not.toMatch(re);
  });

  it('a month or more on, says the minimum month has passed and to check with the technician', () => {
    const plan = planFor({ enrolledAt: '2026-04-07T11:00:00-04:00' });
    const m = renderClientMessage('welcome', ctx({ currentPhase: 'long-term', plan }));
    const rules = rulesSection(m.email.text);
    for (const re of EMAIL_FACTS['one-month'].present) expect(rules).toMatch(re);
    for (const re of EMAIL_FACTS['one-month'].absent) expect(rules).not.toMatch(re);
    expect(m.sms).toMatch(/^Northside Scalp Micropigmentation Studio: Hi Maximiliano-Alexander! One month on: /);
    for (const re of SMS_NEVER) expect(m.sms).not.toMatch(re);
  });

  it.each([1, 2])('after session %i keeps its greeting whatever phase it covers, with long values too', (sessionNumber) => {
    const plan = planFor({ sessionNumber });
    for (const phase of PHASES) {
      for (const hasEmail of [true, false]) {
        const m = renderClientMessage('welcome', ctx({ sessionNumber, plan, currentPhase: phase, hasEmail }));
        expect({ phase, hasEmail, sms: m.sms }).toEqual({ phase, hasEmail, sms: expect.stringContaining(`: Hi ${LONG.clientFirstName}! `) });
        expect(m.email.text).toMatch(/^Hi Maximiliano-Alexander,/);
        const short = renderClientMessage('welcome', ctx({ sessionNumber, plan, currentPhase: phase, hasEmail, clientFirstName: 'Alex' }));
        expect({ phase, hasEmail, sms: short.sms }).toEqual({ phase, hasEmail, sms: expect.stringContaining(': Hi Alex! ') });
      }
    }
  });

  it('promises redness the day after a first session, and says it may come after a later one', () => {
    const first = renderClientMessage('welcome', ctx());
    expect(first.email.text).toMatch(/Tomorrow your scalp will look a bit red\./);
    expect(first.sms).toMatch(/expect some redness tomorrow/i);
    const later = renderClientMessage('welcome', ctx({ sessionNumber: 2, plan: planFor({ sessionNumber: 2 }) }));
    expect(later.email.text).toMatch(/Tomorrow your scalp may look a bit red\. If it does, that is completely normal/);
    expect(later.sms).toMatch(/you may see some redness tomorrow/i);
    for (const body of [later.email.text, later.sms]) expect(body).not.toMatch(/will look a bit red|expect some redness/i);
    // A late welcome in days 1-4 says the same, of the day after the session.
    expect(renderClientMessage('welcome', ctx({ currentPhase: 'days-1-4' })).email.text).toMatch(/day after a first session the scalp looks a bit red/);
    const lateLater = renderClientMessage('welcome', ctx({ currentPhase: 'days-1-4', sessionNumber: 3, plannedSessions: 4 }));
    expect(lateLater.email.text).toMatch(/may look a bit red in the days after a session/);
    expect(lateLater.sms).toMatch(/some redness may show/i);
  });

  it('speaks of the layout for the following sessions only after a first session with more planned', () => {
    const layout = /layout for the sessions that follow/i;
    expect(renderClientMessage('welcome', ctx()).email.text).toMatch(layout);
    expect(renderClientMessage('welcome', ctx({ currentPhase: 'days-5-7' })).email.text).toMatch(layout);
    expect(renderClientMessage('welcome', ctx({ sessionNumber: 2, plan: planFor({ sessionNumber: 2 }) })).email.text).not.toMatch(layout);
    expect(renderClientMessage('welcome', ctx({ plannedSessions: 1, plan: planFor({ plannedSessions: 1 }) })).email.text).not.toMatch(layout);
    // The text says it too when there is room.
    const short = renderClientMessage('welcome', ctx({ currentPhase: 'days-5-7', clientFirstName: 'Alex', clinic: { ...LONG.clinic, name: 'Northside SMP' } }));
    expect(short.sms).toMatch(/your layout for the next sessions/i);
  });

  it('names the last planned session and leaves out booking when no session follows', () => {
    const plan = planFor({ sessionNumber: 3, plannedSessions: 3 });
    const m = renderClientMessage('welcome', ctx({ sessionNumber: 3, plannedSessions: 3, plan }));
    expect(m.email.text).toMatch(/session 3 of 3, the last planned session/i);
    expect(m.email.text).not.toMatch(/book session/i);
  });

  it('still reads well without a plan (no dates)', () => {
    const m = renderClientMessage('welcome', ctx({ plan: [] }));
    expect(m.email.text).toContain('Days 1-4: keep it dry');
    expect(m.email.text).not.toMatch(/Invalid DateTime|undefined|null|NaN/);
  });

  it('includes the STOP / HELP opt-out hint in the SMS', () => {
    expect(renderClientMessage('welcome', ctx()).sms).toMatch(/Reply STOP to opt out, HELP for help\./);
  });
});

describe('booking and appointments', () => {
  it('book-next has the booking link and the phone in the SMS and the email', () => {
    const m = renderClientMessage('book-next', ctx());
    expect(m.sms).toMatch(/book session 2/i);
    for (const body of [m.sms, m.email.text, visible(m.email.html)]) {
      expect(body).toContain(LONG.clinic.bookingUrl);
      expect(body).toContain(PHONE);
    }
    expect(m.email.html).toContain(`href="${LONG.clinic.bookingUrl}"`);
    expect(m.email.subject).toMatch(/book session 2/i);
    expect(m.sms).toMatch(/reply BOOK/);
  });

  it('book-nudge is a gentle reminder with the link and the phone', () => {
    const m = renderClientMessage('book-nudge', ctx({ sessionNumber: 2 }));
    expect(m.sms).toMatch(/gentle reminder to book session 3/i);
    expect(m.sms).toContain(LONG.clinic.bookingUrl);
    expect(m.sms).toContain(PHONE);
    expect(m.email.text).toMatch(/already booked\?/i);
  });

  const SHORT_CLINIC = { ...LONG.clinic, name: 'Northside SMP', bookingUrl: 'https://northside.example.com/book' };

  it.each(['book-next', 'book-nudge'] as const)('%s for session 2 says what it does: hairline, blending, density, darker pigment, much shorter', (step) => {
    const m = renderClientMessage(step, ctx());
    for (const body of [m.email.text, visible(m.email.html)]) {
      expect(body).toMatch(/Session 2 is where your hairline is properly created/);
      expect(body).toMatch(/fresh dots are blended in with the ones from your first session/i);
      expect(body).toMatch(/density is added/);
      expect(body).toMatch(/slightly darker pigment/);
      expect(body).toMatch(/much less time than your first session/);
    }
    // The text says it in full when there is room, and briefly with long values.
    const short = renderClientMessage(step, ctx({ clientFirstName: 'Alex', clinic: SHORT_CLINIC }));
    expect(short.sms).toMatch(/Session 2 creates your hairline, blends new dots with your first session's and adds density; it's much shorter than the first\./);
    expect(m.sms).toMatch(/Session 2 \(hairline and density\) is much shorter than the first\./);
    for (const sms of [short.sms, m.sms]) expect(sms).toContain(PHONE);
  });

  it.each(['book-next', 'book-nudge'] as const)('%s for a third or later session says: final touches, about 30 minutes, only for a darker result or a better look', (step) => {
    for (const sessionNumber of [2, 3]) {
      const next = sessionNumber + 1;
      const base = { sessionNumber, plannedSessions: 4, plan: planFor({ sessionNumber, plannedSessions: 4 }) };
      const m = renderClientMessage(step, ctx(base));
      expect(m.email.text).toContain(`Session ${next} is for final touches and takes about 30 minutes.`);
      expect(m.email.text).toMatch(/only needed if you would like a darker result, or if your technician sees a way to improve the look/);
      expect(m.email.text).not.toMatch(/hairline/);
      const short = renderClientMessage(step, ctx({ ...base, clientFirstName: 'Alex', clinic: SHORT_CLINIC }));
      expect(short.sms).toContain(`Session ${next} adds final touches in about 30 min, if you'd like a darker result or your technician can improve the look.`);
      expect(m.sms).toMatch(new RegExp(`Session ${next}: final touches, about 30 min\\.`));
    }
  });

  it('appointment-reminder gives the local date and time and the phone to reschedule', () => {
    const m = renderClientMessage('appointment-reminder', ctx({ appointmentAt: '2026-03-24T18:30:00Z' }));
    expect(m.sms).toContain('Tue, Mar 24 at 2:30 PM');
    expect(m.sms).toMatch(/reschedule, call \(212\) 555-0147/i);
    expect(m.email.text).toContain('Tuesday, March 24 at 2:30 PM');
    expect(m.email.text).toMatch(/reschedule/i);
    const london = renderClientMessage('appointment-reminder', ctx({ appointmentAt: '2026-03-24T18:30:00Z', timezone: 'Europe/London' }));
    expect(london.sms).toContain('Tue, Mar 24 at 6:30 PM');
  });

  it('appointment-reminder without a date still reads well', () => {
    const { appointmentAt: _drop, ...rest } = ctx();
    const m = renderClientMessage('appointment-reminder', rest);
    expect(m.sms).toMatch(/coming up soon/);
    expect(m.email.text).not.toMatch(/Invalid DateTime|undefined/);
  });
});

// ---- phone numbers ----------------------------------------------------------------------------

describe("the clinic's phone in messages", () => {
  it('is written for reading, never as raw E.164, in every text and email', () => {
    for (const [label, m] of allMessages(ctx())) {
      for (const body of [m.sms, m.email.text, visible(m.email.html)]) {
        expect({ label, raw: body.includes(LONG.clinic.phone) }).toEqual({ label, raw: false });
      }
      if (['book-next', 'book-nudge', 'appointment-reminder'].includes(label)) expect({ label, sms: m.sms }).toEqual({ label, sms: expect.stringContaining(PHONE) });
      expect(m.email.text).toContain(`Phone: ${PHONE}`);
    }
  });

  it.each([
    ['a client in the same country (a US state)', 'US-NY', '(212) 555-0147'],
    ['a client in the same country', 'US', '(212) 555-0147'],
    ['a client abroad', 'GB', '+1 212 555 0147'],
    ['a client in Canada (another country of the same dialling plan)', 'CA', '+1 212 555 0147'],
    ['no region known', undefined, '+1 212 555 0147'],
  ])('for %s: %s => %s', (_label, clientRegion, shown) => {
    const { clientRegion: _drop, ...rest } = ctx();
    const m = renderClientMessage('book-next', { ...rest, ...(clientRegion ? { clientRegion } : {}) });
    expect(m.sms).toContain(shown);
    expect(m.email.text).toContain(`Phone: ${shown}`);
  });

  it("uses a country's own national form, and keeps a value that is no valid number as written", () => {
    const london = { ...LONG.clinic, phone: '+442079460000' };
    expect(renderClientMessage('book-next', ctx({ clinic: london, clientRegion: 'GB' })).email.text).toContain('Phone: 020 7946 0000');
    expect(renderClientMessage('book-next', ctx({ clinic: london })).email.text).toContain('Phone: +44 20 7946 0000');
    const odd = { ...LONG.clinic, phone: '+1 (555) 010-4477' };
    expect(renderClientMessage('book-next', ctx({ clinic: odd })).email.text).toContain('Phone: +1 (555) 010-4477');
  });
});

// ---- SMS size and alphabet --------------------------------------------------------------------

const PHASES: HealingPhase[] = ['day-0', 'days-1-4', 'days-5-7', 'days-8-14', 'long-term'];

/** Every client message variant worth sizing: each step, and the welcome in every phase. */
function allMessages(base: MessageContext): [string, ReturnType<typeof renderClientMessage>][] {
  return [
    ...CLIENT_STEP_IDS.map((s) => [s, renderClientMessage(s, base)] as [string, ReturnType<typeof renderClientMessage>]),
    ...PHASES.map((ph) => [`welcome@${ph}`, renderClientMessage('welcome', { ...base, currentPhase: ph })] as [string, ReturnType<typeof renderClientMessage>]),
  ];
}

describe('SMS size', () => {
  it.each([false, true])('long plain values (demo %s): GSM-7, at most 2 segments, names the clinic', (demo) => {
    for (const [label, m] of allMessages(ctx({ demo }))) {
      const info = smsSegments(m.sms);
      expect({ label, encoding: info.encoding }).toEqual({ label, encoding: 'GSM-7' });
      expect({ label, segments: info.segments <= 2 }).toEqual({ label, segments: true });
      expect(m.sms.startsWith(`${demo ? '[DEMO] ' : ''}${LONG.clinic.name}: `)).toBe(true);
    }
  });

  it.each([
    ['emoji', 'Maximiliano-Alexander 🌟'],
    ['emoji only', '😀😀😀'],
    ['Arabic', 'عبد الرحمن'],
    ['Hebrew', 'אברהם'],
    ['Chinese', '王小明'],
  ])('%s first name: still at most 2 segments (dropping the name when needed)', (_label, name) => {
    for (const demo of [false, true]) {
      for (const [label, m] of allMessages(ctx({ clientFirstName: name, demo }))) {
        const info = smsSegments(m.sms);
        expect({ label, segments: info.segments }).toEqual({ label, segments: expect.any(Number) });
        expect({ label, fits: info.segments <= 2 }).toEqual({ label, fits: true });
        if (info.encoding === 'UCS-2') expect(info.units).toBeLessThanOrEqual(134);
        expect(m.sms).toContain(LONG.clinic.name);
      }
    }
  });

  it('keeps a short non-Latin first name when it fits in 2 UCS-2 segments', () => {
    const m = renderClientMessage('appointment-reminder', ctx({ clientFirstName: 'דן', clinic: { ...LONG.clinic, name: 'SMP Lab' } }));
    const info = smsSegments(m.sms);
    expect(info.encoding).toBe('UCS-2');
    expect(info.segments).toBeLessThanOrEqual(2);
    expect(m.sms).toContain('דן');
  });

  it.each([
    ['Arabic clinic name', 'عيادة الشمال لتصبغ فروة الرأس', 'عيادة', true],
    // Shortening the name (its last word goes first) may bring the SMS back to GSM-7.
    ['clinic name with an emoji', 'Northside Scalp Micropigmentation Studio ✨', 'Northside', false],
  ])('%s forces UCS-2: every SMS still fits in 2 segments', (_label, clinicName, start, alwaysUcs2) => {
    for (const demo of [false, true]) {
      for (const name of ['Maximiliano-Alexander', 'محمد']) {
        const base = ctx({ clientFirstName: name, clinic: { ...LONG.clinic, name: clinicName }, demo });
        for (const [label, m] of allMessages(base)) {
          const info = smsSegments(m.sms);
          if (alwaysUcs2) expect({ label, encoding: info.encoding }).toEqual({ label, encoding: 'UCS-2' });
          expect({ label, segments: info.segments <= 2 }).toEqual({ label, segments: true });
          if (info.encoding === 'UCS-2') expect({ label, units: info.units <= 134 }).toEqual({ label, units: true });
          expect(m.sms.startsWith(`${demo ? '[DEMO] ' : ''}${start}`)).toBe(true);
          if (label.startsWith('welcome')) expect(m.sms).toMatch(/Reply STOP to opt out/);
          if (label === 'book-next' || label === 'book-nudge') expect(m.sms).toContain(PHONE);
        }
      }
    }
  });

  it('never exceeds 2 segments even with absurd values', () => {
    const huge = ctx({
      clientFirstName: 'X'.repeat(300),
      clinic: { name: 'Clinic '.repeat(60), phone: '5'.repeat(400), bookingUrl: `https://x.example/${'a'.repeat(500)}` },
    });
    for (const [label, m] of allMessages(huge)) {
      expect({ label, fits: smsSegments(m.sms).segments <= 2 }).toEqual({ label, fits: true });
    }
  });

  it('turns typographic punctuation in filled values into GSM-7 look-alikes', () => {
    const m = renderClientMessage('days-1-4', ctx({ clientFirstName: 'D\u2019Arcy', clinic: { ...LONG.clinic, name: 'O\u2019Neil \u2013 SMP \u201cStudio\u201d' } }));
    expect(isGsm7(m.sms)).toBe(true);
    expect(m.sms).toContain('O\'Neil - SMP "Studio": Hi D\'Arcy!');
  });

  it('without email, the SMS points to the clinic phone instead of the email', () => {
    for (const step of ['days-5-7', 'days-8-14', 'day-15'] as const) {
      const m = renderClientMessage(step, ctx({ hasEmail: false }));
      expect(m.sms).not.toContain(LONG.clinic.phone);
      expect(m.sms).not.toMatch(/email/i);
      expect(m.sms).toContain(PHONE);
    }
  });
});

describe('SMS alphabet', () => {
  // Characters that sneak into copy and force UCS-2 (or are not allowed in our SMS at all).
  const FORBIDDEN = /[\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u2013\u2014\u2026\u00a0`]|\p{Extended_Pictographic}/u;

  it.each(CLIENT_STEP_IDS.map((s) => [s]))('every template of %s is plain GSM-7', (step) => {
    for (const phase of PHASES) {
      for (const hasEmail of [true, false]) {
        for (const text of smsCandidates(step, ctx({ currentPhase: phase, hasEmail }))) {
          expect(text).not.toMatch(FORBIDDEN);
          expect({ text, gsm: isGsm7(text) }).toEqual({ text, gsm: true });
        }
      }
    }
  });

  it('the SMS says nothing about the treatment beyond aftercare', () => {
    for (const [label, m] of allMessages(ctx({ clinic: { ...LONG.clinic, name: 'Northside Studio' } }))) {
      expect({ label, sms: m.sms }).not.toEqual({ label, sms: expect.stringMatching(/micropigment|pigment|tattoo|hair loss|alopecia|session \d of \d/i) });
    }
  });
});

// ---- email form -------------------------------------------------------------------------------

describe('email', () => {
  it.each(CLIENT_STEP_IDS.map((s) => [s]))('%s: names the client and the clinic, ends with the clinic contact', (step) => {
    const m = renderClientMessage(step, ctx());
    expect(m.email.subject).toContain(LONG.clinic.name);
    expect(m.email.text).toMatch(/^Hi Maximiliano-Alexander,/);
    const lastLines = m.email.text.trimEnd().split('\n').slice(-3);
    expect(lastLines).toEqual([LONG.clinic.name, `Phone: ${PHONE}`, `Book online: ${LONG.clinic.bookingUrl}`]);
    const html = visible(m.email.html);
    expect(html.endsWith(`${LONG.clinic.name} Phone: ${PHONE} Book online: ${LONG.clinic.bookingUrl}`)).toBe(true);
    expect(m.sms.startsWith(`${LONG.clinic.name}:`)).toBe(true);
  });

  it.each(CLIENT_STEP_IDS.map((s) => [s]))('%s: the text and the HTML carry the same content', (step) => {
    const m = renderClientMessage(step, ctx());
    const html = visible(m.email.html);
    const lines = m.email.text
      .split('\n')
      .map((l) => l.replace(/^- /, '').trim())
      .filter((l) => l && !/^-+$/.test(l));
    for (const line of lines) expect({ line, inHtml: html.includes(line) }).toEqual({ line, inHtml: true });
    // ... and nothing more: the same words in the same order.
    expect(html).toBe(lines.join(' ').replace(/\s+/g, ' '));
  });

  it('escapes every filled value in the HTML', () => {
    const m = renderClientMessage(
      'book-next',
      ctx({
        clientFirstName: "O'Brien <b>",
        clinic: { name: 'Smith & Sons <script>alert(1)</script>', phone: '+1 "555" <010>', bookingUrl: 'https://x.example/book?a=1&b="2"&c=<3>' },
      }),
    );
    const html = m.email.html;
    expect(html).not.toContain('<b>');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('"555"');
    expect(html).toContain('O&#39;Brien &lt;b&gt;');
    expect(html).toContain('Smith &amp; Sons &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('+1 &quot;555&quot; &lt;010&gt;');
    expect(html).toContain('href="https://x.example/book?a=1&amp;b=&quot;2&quot;&amp;c=&lt;3&gt;"');
    expect(html).toContain('<title>Smith &amp; Sons &lt;script&gt;');
    // The text email carries the values as they are.
    expect(m.email.text).toContain("Hi O'Brien <b>,");
    expect(m.email.text).toContain('Smith & Sons <script>alert(1)</script>');
  });

  it('never makes a non-web booking link clickable', () => {
    const m = renderClientMessage('book-next', ctx({ clinic: { ...LONG.clinic, bookingUrl: 'javascript:alert(1)' } }));
    expect(m.email.html).not.toMatch(/href="javascript:/i);
    expect(m.email.html).toContain('javascript:alert(1)');
  });

  it('flattens line breaks in filled values (no header or layout injection)', () => {
    const m = renderClientMessage('days-1-4', ctx({ clientFirstName: 'Ann\r\nBcc: x@example.com', clinic: { ...LONG.clinic, name: 'Clinic\nName' } }));
    expect(m.email.subject).not.toMatch(/[\r\n]/);
    expect(m.email.subject).toContain('Clinic Name');
    expect(m.sms).not.toMatch(/[\r\n]/);
  });

  it('demo messages are clearly marked in the subject and the SMS, real ones are not', () => {
    for (const step of CLIENT_STEP_IDS) {
      const demo = renderClientMessage(step, ctx({ demo: true }));
      expect(demo.email.subject.startsWith('[DEMO] ')).toBe(true);
      expect(demo.sms.startsWith('[DEMO] ')).toBe(true);
      const real = renderClientMessage(step, ctx());
      expect(real.email.subject).not.toContain('[DEMO]');
      expect(real.sms).not.toContain('[DEMO]');
    }
  });

  it('uses a friendly greeting without a first name', () => {
    const m = renderClientMessage('days-5-7', ctx({ clientFirstName: '  ' }));
    expect(m.email.text).toMatch(/^Hi there,/);
    expect(m.sms).not.toMatch(/Hi\s*!/);
  });
});

// ---- clinic notices ---------------------------------------------------------------------------

describe('clinic notices', () => {
  it('a failed channel names the detail to check and the channel still used', () => {
    const base = { clinicName: 'Northside', clientRef: 'C1', clientFirstName: 'Ana', workflowId: 'aftercare-northside-C1-s1', sessionNumber: 1, timezone: 'UTC', detail: 'SmsInvalidNumber' };
    const sms = renderClinicNotice('sms-failed', base);
    expect(sms.subject).toBe('Please check the phone number of Ana (client ref C1)');
    expect(sms.text).toContain('now go by email only');
    expect(sms.text).toContain('Why: SmsInvalidNumber');
    expect(renderClinicNotice('email-failed', base).text).toContain('now go by SMS only');
  });

  const notice: ClinicNoticeContext = {
    clinicName: LONG.clinic.name,
    clientRef: 'C-10442',
    clientFirstName: 'Maximiliano',
    workflowId: 'aftercare-northside-C-10442-s1',
    sessionNumber: 1,
    timezone: ZONE,
  };

  it.each(['clinic-follow-up', 'unreachable', 'sms-failed', 'email-failed', 'client-wants-to-book', 'client-message', 'client-replies', 'urgent-reply'] as ClinicNoticeKind[])(
    '%s names the client, the session and the workflow',
    (kind) => {
      const n = renderClinicNotice(kind, { ...notice, detail: 'x' });
      expect(n.subject).toContain('C-10442');
      expect(n.subject).toContain('Maximiliano');
      expect(n.text).toContain('C-10442');
      expect(n.text).toContain('aftercare-northside-C-10442-s1');
      expect(n.text).toContain('Session: 1');
      expect(n.text).toContain(ZONE);
      expect(renderClinicNotice(kind, { ...notice, demo: true }).subject.startsWith('[DEMO] ')).toBe(true);
    },
  );

  it('clinic-follow-up asks staff to call about the next session after day 10 and day 14', () => {
    const n = renderClinicNotice('clinic-follow-up', notice);
    expect(n.subject).toMatch(/call .* session 2/i);
    expect(n.text).toMatch(/day 10/);
    expect(n.text).toMatch(/day 14/);
    expect(n.text).toMatch(/no booking/i);
    expect(n.text).toMatch(/call/i);
  });

  it('unreachable says the client cannot be reached on either channel, and why', () => {
    const n = renderClinicNotice('unreachable', { ...notice, detail: 'SMS opted-out, email failed' });
    expect(n.subject).toMatch(/reach/i);
    expect(n.text).toMatch(/SMS or by email/);
    expect(n.text).toContain('SMS opted-out, email failed');
  });

  it('client-wants-to-book and client-message carry the request and the text', () => {
    expect(renderClinicNotice('client-wants-to-book', notice).text).toMatch(/would like to book session 2/);
    const n = renderClinicNotice('client-message', { ...notice, detail: 'My scalp itches a lot, is that ok?' });
    expect(n.text).toContain('"My scalp itches a lot, is that ok?"');
  });

  it('client-replies lists each reply with its local time, says how many, and flags the booking wishes', () => {
    const replies = [
      { at: '2026-03-12T20:05:00.000Z', text: 'Still red, is that ok?', wantsToBook: false },
      { at: '2026-03-12T20:06:00.000Z', wantsToBook: true },
      { at: '2026-03-13T14:00:00.000Z', text: '  ', wantsToBook: false },
    ];
    const n = renderClinicNotice('client-replies', { ...notice, replies });
    expect(n.subject).toBe('3 text messages from Maximiliano (client ref C-10442), one asks to book session 2');
    const lines = n.text.split('\n').filter((l) => /^\d+\. /.test(l));
    expect(lines).toEqual([
      // New York, daylight saving time (UTC-4).
      '1. Mar 12, 4:05 PM: "Still red, is that ok?"',
      '2. Mar 12, 4:06 PM: wants to book session 2',
      '3. Mar 13, 10:00 AM: (empty message)',
    ]);
    expect(n.text).toMatch(/would like to book session 2/);
    const quiet = renderClinicNotice('client-replies', { ...notice, replies: [replies[0]!, replies[0]!] });
    expect(quiet.subject).toBe('2 text messages from Maximiliano (client ref C-10442)');
    expect(quiet.text).not.toMatch(/book/);
  });
});

// ---- purity -----------------------------------------------------------------------------------

describe('purity', () => {
  it('renders the same output for the same input', () => {
    for (const step of CLIENT_STEP_IDS) expect(renderClientMessage(step, ctx())).toEqual(renderClientMessage(step, ctx()));
  });

  // Everything under domain/ runs in the workflow sandbox or may be called from it.
  const domainFiles = readdirSync(join(__dirname, '..', '..', 'domain'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join('domain', f));

  it('checks the messages, the SMS encoding and the rest of domain/', () => {
    expect(domainFiles).toEqual(expect.arrayContaining([join('domain', 'messages', 'index.ts'), join('domain', 'sms-encoding.ts'), join('domain', 'plan.ts')]));
  });

  it.each(domainFiles)('%s uses no clock, I/O or console', (file) => {
    const source = readFileSync(join(__dirname, '..', '..', file), 'utf8');
    expect(source).not.toMatch(/Date\.now|new Date\(\s*\)|console\.|require\(|process\.|Math\.random/);
    const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    // Relative imports stay inside domain/ (nothing imports upward); luxon, zod, libphonenumber-js (metadata only) and intl-messageformat are pure libraries.
    for (const i of imports) expect(['luxon', 'zod', 'libphonenumber-js', 'intl-messageformat'].includes(i ?? '') || /^\.\.?\//.test(i ?? '')).toBe(true);
    for (const i of imports.filter((x) => x?.startsWith('.'))) {
      expect(join(dirname(file), i!).startsWith(`domain${sep}`)).toBe(true);
    }
  });
});

// ---- the client's language --------------------------------------------------------------------

describe("the client's language", () => {
  it('writes English when the run knows no language (runs from before languages), the same as en', () => {
    for (const step of CLIENT_STEP_IDS) expect(renderClientMessage(step, ctx())).toEqual(renderClientMessage(step, ctx({ locale: 'en' })));
  });

  it.each([
    ['en', '<html lang="en">'],
    ['es', '<html lang="es">'],
  ] as [Language, string][])('the HTML email of a %s client declares its language', (locale, tag) => {
    for (const step of CLIENT_STEP_IDS) expect(renderClientMessage(step, ctx({ locale })).email.html).toContain(tag);
  });

  /** Values with no English word in them, to look for English in the Spanish. */
  const NEUTRAL_CLINIC = { ...LONG.clinic, name: 'Northside SMP', bookingUrl: 'https://northside.example.com/reservas' };

  it('Spanish: dates in Spanish in the client zone, across the DST change', () => {
    const m = renderClientMessage('welcome', ctx({ locale: 'es', clinic: NEUTRAL_CLINIC }));
    for (const body of [m.email.text, visible(m.email.html)]) {
      expect(body).toMatch(/^Hola, Maximiliano-Alexander:/);
      expect(body).toContain('vie, 6 mar (día 0): sesión 1 (hoy)');
      expect(body).toContain('sáb, 7 mar al mar, 10 mar (días 1-4)');
      expect(body).toContain('mié, 11 mar al vie, 13 mar (días 5-7)');
      expect(body).toContain('lun, 16 mar (día 10): hora de reservar la sesión 2');
      expect(body).toContain('dom, 5 abr (día 30)');
      expect(body).toContain('Qué hacer desde hoy hasta el día 4 (vie, 6 mar al mar, 10 mar)');
      expect(body).not.toMatch(/\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun|Mar 7|session|day \d)\b/);
    }
    expect(renderClientMessage('days-1-4', ctx({ locale: 'es' })).email.text).toContain('Días 1 a 4 (hasta el mar, 10 mar)');
    expect(renderClientMessage('day-15', ctx({ locale: 'es' })).email.text).toContain('desde tu sesión (dom, 5 abr)');
  });

  it('Spanish: the appointment in Spanish words and the 24-hour clock', () => {
    const m = renderClientMessage('appointment-reminder', ctx({ locale: 'es', appointmentAt: '2026-03-24T18:30:00Z' }));
    expect(m.email.text).toContain('martes, 24 de marzo a las 14:30');
    expect(m.email.subject).toBe(`${LONG.clinic.name}: tu cita del mar, 24 mar a las 14:30`);
    expect(m.sms).toContain('mar, 24 mar a las 14:30');
    expect(m.sms).toMatch(/para cambiarla, llama al \(212\) 555-0147/i);
    // Saturday is "sáb": the text writes it without its accent, as it does every á í ó ú.
    expect(renderClientMessage('appointment-reminder', ctx({ locale: 'es', appointmentAt: '2026-03-28T14:00:00Z' })).sms).toContain('sab, 28 mar a las 10:00');
  });

  it('Spanish: counts read as counts (ICU plurals)', () => {
    const three = renderClientMessage('welcome', ctx({ locale: 'es' }));
    expect(three.email.text).toContain('para la sesión 1 de las 3 sesiones previstas de tu micropigmentación capilar');
    const later = renderClientMessage('book-next', ctx({ locale: 'es', sessionNumber: 2, plannedSessions: 4, plan: planFor({ sessionNumber: 2, plannedSessions: 4 }) }));
    expect(later.email.text).toContain('La sesión 3 es para los últimos retoques y dura unos 30 minutos.');
    expect(later.email.text).not.toMatch(/línea del cabello/);
    const last = renderClientMessage('welcome', ctx({ locale: 'es', sessionNumber: 3, plannedSessions: 3, plan: planFor({ sessionNumber: 3, plannedSessions: 3 }) }));
    expect(last.email.text).toContain('la sesión 3 de 3, la última prevista');
  });

  it('Spanish: session 2 is described in full, booking by link, phone or CITA', () => {
    const m = renderClientMessage('book-next', ctx({ locale: 'es' }));
    for (const body of [m.email.text, visible(m.email.html)]) {
      expect(body).toMatch(/En la sesión 2 se crea de verdad tu línea del cabello/);
      expect(body).toMatch(/se funden con los de tu primera sesión/);
      expect(body).toMatch(/se añade densidad/);
      expect(body).toMatch(/pigmento un poco más oscuro/);
      expect(body).toMatch(/Dura mucho menos que tu primera sesión/);
      expect(body).toContain(LONG.clinic.bookingUrl);
      expect(body).toContain(PHONE);
    }
    const short = renderClientMessage('book-next', ctx({ locale: 'es', clientFirstName: 'Alex', clinic: { ...LONG.clinic, name: 'Northside SMP', bookingUrl: 'https://northside.example.com/book' } }));
    expect(short.sms).toMatch(/^Northside SMP: ¡Hola, Alex! Es hora de reservar la sesion 2\. /);
    expect(short.sms).toMatch(/responde CITA y te llamamos/);
  });

  it('Spanish: the welcome text greets, warns of redness tomorrow, gives the rules and PARAR/AYUDA', () => {
    const m = renderClientMessage('welcome', ctx({ locale: 'es', clientFirstName: 'Alex', clinic: { ...LONG.clinic, name: 'Northside SMP' } }));
    expect(m.sms).toMatch(/^Northside SMP: ¡Hola, Alex! /);
    expect(m.sms).toMatch(/Mañana veras algo de rojez; es normal/);
    expect(m.sms).toMatch(/De hoy al dia 4: no mojes la cabeza/);
    expect(m.sms).toMatch(/Responde PARAR para darte de baja, AYUDA para ayuda\.$/);
    for (const phase of PHASES) {
      expect(renderClientMessage('welcome', ctx({ locale: 'es', currentPhase: phase })).sms).toMatch(/PARAR/);
    }
  });

  it('Spanish texts are GSM-7: every template, and accented names filled in (never a link)', () => {
    for (const step of CLIENT_STEP_IDS) {
      for (const phase of PHASES) {
        for (const hasEmail of [true, false]) {
          for (const text of smsCandidates(step, ctx({ locale: 'es', currentPhase: phase, hasEmail }))) {
            expect({ text, gsm: isGsm7(text) }).toEqual({ text, gsm: true });
          }
        }
      }
    }
    const accented = ctx({ locale: 'es', clientFirstName: 'Martín', clinic: { ...LONG.clinic, name: 'Clínica Capilar Ñuñoa' } });
    const m = renderClientMessage('days-5-7', accented);
    expect(m.sms).toMatch(/^Clinica Capilar Ñuñoa: ¡Hola, Martin! /);
    expect(smsSegments(m.sms).encoding).toBe('GSM-7');
    expect(m.email.text).toMatch(/^Hola, Martín:/);
    const link = 'https://reservas.example.com/clínica';
    expect(renderClientMessage('book-next', ctx({ ...accented, clinic: { ...accented.clinic, bookingUrl: link } })).sms).toContain(link);
  });

  it.each(CLIENT_STEP_IDS.map((s) => [s]))('Spanish %s: greets, ends with the clinic contact, and the text and the HTML say the same', (step) => {
    const m = renderClientMessage(step, ctx({ locale: 'es' }));
    expect(m.email.subject).toContain(LONG.clinic.name);
    expect(m.email.text).toMatch(/^Hola, Maximiliano-Alexander:/);
    expect(m.email.text.trimEnd().split('\n').slice(-3)).toEqual([LONG.clinic.name, `Teléfono: ${PHONE}`, `Reserva en línea: ${LONG.clinic.bookingUrl}`]);
    const html = visible(m.email.html);
    const lines = m.email.text
      .split('\n')
      .map((l) => l.replace(/^- /, '').trim())
      .filter((l) => l && !/^-+$/.test(l));
    expect(html).toBe(lines.join(' ').replace(/\s+/g, ' '));
  });

  it('Spanish: the unsubscribe footer, and a friendly greeting without a first name', () => {
    const m = renderClientMessage('days-5-7', ctx({ locale: 'es', clientFirstName: ' ', unsubscribeUrl: 'https://desk.example.com/u/abc' }));
    expect(m.email.text).toMatch(/^¡Hola!/);
    expect(m.email.text.trimEnd().split('\n').at(-1)).toBe('Recibes estos correos por tus cuidados tras el tratamiento. Para dejar de recibirlos, date de baja aquí: https://desk.example.com/u/abc');
    expect(m.sms).not.toMatch(/Hola/);
  });

  it('Spanish: the SMS says nothing about the treatment beyond aftercare', () => {
    for (const [label, m] of allMessages(ctx({ locale: 'es', clinic: { ...LONG.clinic, name: 'Northside Studio' } }))) {
      expect({ label, sms: m.sms }).not.toEqual({ label, sms: expect.stringMatching(/micropigment|pigment|tatua|alopecia|calvicie|sesion \d de \d/i) });
    }
  });

  it('Spanish: the English SMS words never leak in, nor the Spanish into English', () => {
    for (const [label, m] of allMessages(ctx({ locale: 'es', clinic: NEUTRAL_CLINIC }))) {
      expect({ label, sms: m.sms }).not.toEqual({ label, sms: expect.stringMatching(/\b(Reply|Details|Days|your|book)\b/) });
      expect({ label, subject: m.email.subject }).not.toEqual({ label, subject: expect.stringMatching(/\b(your|session|book)\b/) });
    }
    for (const [label, m] of allMessages(ctx())) {
      expect({ label, sms: m.sms }).not.toEqual({ label, sms: expect.stringMatching(/\b(Hola|sesion|correo|PARAR)\b/) });
    }
  });
});
