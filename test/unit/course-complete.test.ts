/**
 * The course-complete message (domain/messages/course-complete.ts) in every language, and the plan
 * rule that puts it after the final planned session only.
 */
import { LANGUAGES, type Language } from '../../domain/i18n';
import { renderClientMessage, smsCandidates, SMS_MAX_SEGMENTS, type MessageContext } from '../../domain/messages';
import { buildPlan, isCourseEnd } from '../../domain/plan';
import { smsSegments } from '../../domain/sms-encoding';

const SESSION_AT = '2026-03-06T15:00:00-05:00';
const ZONE = 'America/New_York';
const REVIEW = 'https://g.page/r/northside-smp/review';

const planInput = (sessionNumber: number, plannedSessions: number) => ({
  sessionAt: SESSION_AT,
  timezone: ZONE,
  sessionNumber,
  plannedSessions,
  sendTime: '10:00',
  window: { start: '09:00', end: '20:00' },
  enrolledAt: SESSION_AT,
  courseEnd: isCourseEnd({ number: sessionNumber, plannedSessions }),
});

function ctx(locale: Language, overrides: Partial<MessageContext> = {}): MessageContext {
  return {
    clientFirstName: 'Maximiliano-Alexander',
    clinic: { name: 'Northside Scalp Micropigmentation Studio', phone: '+12125550147', bookingUrl: 'https://book.example-clinic.com/northside-smp/session?ref=abc123XYZ' },
    clientRegion: 'US-NY',
    sessionNumber: 3,
    plannedSessions: 3,
    timezone: ZONE,
    currentPhase: 'long-term',
    plan: buildPlan(planInput(3, 3)),
    locale,
    ...overrides,
  };
}

/** The long-term care facts, as each language words them (care-protocol.md). */
const FACTS: Record<Language, RegExp[]> = {
  en: [/factor 50/i, /hat/i, /moisturi[sz]e/i, /alcohol/i, /(AHA|alpha-hydroxy)/i, /touch-up/i],
  es: [/factor 50/i, /gorra/i, /hidrata/i, /alcohol/i, /(AHA|alfahidroxi)/i, /retoque/i],
};

describe('the course-complete step in the plan', () => {
  it('comes on day 31 after the final planned session only', () => {
    const last = buildPlan(planInput(3, 3));
    expect(last.map((s) => s.step)).toContain('course-complete');
    const step = last.find((s) => s.step === 'course-complete')!;
    expect(step.day).toBe(31);
    expect(step.to).toBe('client');
    expect(step.local.slice(0, 16)).toBe('2026-04-06T10:00');
    expect(last[last.length - 1]!.step).toBe('course-complete');

    expect(buildPlan(planInput(2, 3)).map((s) => s.step)).not.toContain('course-complete');
    // A plan without the flag (runs enrolled before the step existed) is as it was.
    expect(buildPlan({ ...planInput(3, 3), courseEnd: undefined }).map((s) => s.step)).not.toContain('course-complete');
  });
});

describe.each(LANGUAGES)('the course-complete message in %s', (lang) => {
  it('says the course is done and carries every long-term care fact, in the email and the text', () => {
    const message = renderClientMessage('course-complete', ctx(lang));
    for (const fact of FACTS[lang]) {
      expect(message.email.text).toMatch(fact);
      expect(message.email.html).toMatch(fact);
    }
    // The richest text fits with these long values, so it holds the facts too.
    for (const fact of FACTS[lang]) expect(message.sms).toMatch(fact);
    expect(message.email.subject).toContain('Northside Scalp Micropigmentation Studio');
    expect(message.email.text).toContain('Maximiliano-Alexander');
    expect(message.email.text).not.toContain(REVIEW);
    expect(message.sms).not.toContain(REVIEW);
  });

  it('carries the review link in both parts when this is the client’s review request', () => {
    const message = renderClientMessage('course-complete', ctx(lang, { reviewUrl: REVIEW }));
    expect(message.sms).toContain(REVIEW);
    expect(message.email.text).toContain(REVIEW);
    expect(message.email.html).toContain(`href="${REVIEW}"`);
  });

  it.each([
    ['without a review request', {}],
    ['with a review request', { reviewUrl: REVIEW }],
    ['with a review request and no email', { reviewUrl: REVIEW, hasEmail: false }],
    ['in a demo', { reviewUrl: REVIEW, demo: true }],
  ])('every text variant stays within the segment limit (%s), which is at most 3', (_name, overrides) => {
    expect(SMS_MAX_SEGMENTS).toBeLessThanOrEqual(3);
    const c = ctx(lang, overrides as Partial<MessageContext>);
    const chosen = renderClientMessage('course-complete', c).sms;
    expect(smsSegments(chosen).segments).toBeLessThanOrEqual(SMS_MAX_SEGMENTS);
    // Our own words never force UCS-2: only a filled-in value could.
    for (const text of smsCandidates('course-complete', { ...c, clientFirstName: 'Max', clinic: { ...c.clinic, name: 'Northside' } })) {
      expect(smsSegments(text).encoding).toBe('GSM-7');
    }
    // With short values the richest text (care facts, touch-up and review) fits.
    const short = renderClientMessage('course-complete', { ...c, clientFirstName: 'Max', clinic: { ...c.clinic, name: 'Northside' } }).sms;
    expect(short).toMatch(FACTS[lang][0]!);
    if ('reviewUrl' in overrides) expect(short).toContain(REVIEW);
  });
});

describe('the languages say different words', () => {
  it('Spanish is not English', () => {
    const en = renderClientMessage('course-complete', ctx('en'));
    const es = renderClientMessage('course-complete', ctx('es'));
    expect(es.email.subject).not.toBe(en.email.subject);
    expect(es.sms).toMatch(/tratamiento SMP ha terminado/);
    expect(en.sms).toMatch(/course is complete/);
  });
});
