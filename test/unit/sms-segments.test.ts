/**
 * SMS segments per message and language: measured here, limited here, and shown in
 * docs/languages.md ("SMS length"), whose table this test rebuilds so that it cannot drift.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LANGUAGES, type Language } from '../../domain/i18n';
import { CLIENT_STEP_IDS, renderClientMessage, SMS_MAX_SEGMENTS, SMS_SEGMENT_LIMITS, urgentClientReply, type MessageContext } from '../../domain/messages';
import { buildPlan } from '../../domain/plan';
import { parsePlanInput } from '../../domain/plan-input';
import { smsSegments } from '../../domain/sms-encoding';
import type { HealingPhase } from '../../domain/steps';

const DOC = readFileSync(path.join(__dirname, '..', '..', 'docs', 'languages.md'), 'utf8');

function planFor(sessionNumber = 1, plannedSessions = 3) {
  return buildPlan(
    parsePlanInput({
      sessionAt: '2026-03-06T15:00:00-05:00',
      timezone: 'America/New_York',
      sessionNumber,
      plannedSessions,
      sendTime: '10:00',
      window: { start: '09:00', end: '20:00' },
      enrolledAt: '2026-03-06T15:00:00-05:00',
    }),
  );
}

/** The table's client: a short clinic name and link, the way most clinics fill them in. */
const TYPICAL: MessageContext = {
  clientFirstName: 'Alex',
  clinic: { name: 'Northside SMP', phone: '+12125550147', bookingUrl: 'https://northside.example.com/book' },
  clientRegion: 'US-NY',
  sessionNumber: 1,
  plannedSessions: 3,
  timezone: 'America/New_York',
  currentPhase: 'day-0',
  plan: planFor(),
  appointmentAt: '2026-03-24T14:30:00-04:00',
};

/** Long, accented and other-script values: what the limit must hold against. */
const HARD: Partial<MessageContext>[] = [
  {},
  { clientFirstName: 'Maximiliano-Alexander', clinic: { name: 'Northside Scalp Micropigmentation Studio', phone: '+12125550147', bookingUrl: 'https://book.example-clinic.com/northside-smp/session?ref=abc123XYZ' } },
  { clientFirstName: 'José Martín', clinic: { name: 'Clínica de Micropigmentación Capilar Ñuñoa', phone: '+34911234567', bookingUrl: 'https://reservas.example.es/clínica' }, clientRegion: 'ES' },
  { clientFirstName: 'محمد', clinic: { name: 'عيادة الشمال لتصبغ فروة الرأس', phone: '+12125550147', bookingUrl: 'https://x.example' } },
  { clientFirstName: 'X'.repeat(300), clinic: { name: 'Clinic '.repeat(60), phone: '5'.repeat(400), bookingUrl: `https://x.example/${'a'.repeat(500)}` } },
];

const PHASES: HealingPhase[] = ['day-0', 'days-1-4', 'days-5-7', 'days-8-14', 'long-term'];

type Row = { step: string; language: Language; encoding: string; characters: number; segments: number };

function smsOf(step: string, ctx: MessageContext): string {
  return step === 'urgent-reply' ? urgentClientReply(ctx) : renderClientMessage(step as (typeof CLIENT_STEP_IDS)[number], ctx).sms;
}

const TABLE_STEPS = [...CLIENT_STEP_IDS, 'urgent-reply'];

function measuredTable(): Row[] {
  return TABLE_STEPS.flatMap((step) =>
    LANGUAGES.map((language) => {
      const info = smsSegments(smsOf(step, { ...TYPICAL, locale: language }));
      return { step, language, encoding: info.encoding, characters: info.units, segments: info.segments };
    }),
  );
}

function markdown(rows: Row[]): string {
  return [
    '| step | language | encoding | characters | segments |',
    '|---|---|---|---:|---:|',
    ...rows.map((r) => `| ${r.step} | ${r.language} | ${r.encoding} | ${r.characters} | ${r.segments} |`),
  ].join('\n');
}

describe('SMS segments per message and language', () => {
  it('no language may go over 3 segments', () => {
    for (const lang of LANGUAGES) expect(SMS_SEGMENT_LIMITS[lang]).toBeLessThanOrEqual(3);
    expect(SMS_MAX_SEGMENTS).toBe(Math.max(...LANGUAGES.map((l) => SMS_SEGMENT_LIMITS[l])));
  });

  it.each(LANGUAGES)('%s: every step, phase and hard value stays within its limit', (locale) => {
    const over: string[] = [];
    for (const values of HARD) {
      for (const demo of [false, true]) {
        for (const hasEmail of [true, false]) {
          for (const sessionNumber of [1, 2, 3]) {
            const base: MessageContext = { ...TYPICAL, ...values, locale, demo, hasEmail, sessionNumber, plannedSessions: 4, plan: planFor(sessionNumber, 4) };
            const cases: [string, MessageContext][] = [
              ...TABLE_STEPS.map((s) => [s, base] as [string, MessageContext]),
              ...PHASES.map((currentPhase) => ['welcome', { ...base, currentPhase }] as [string, MessageContext]),
            ];
            for (const [step, c] of cases) {
              const info = smsSegments(smsOf(step, c));
              if (info.segments > SMS_SEGMENT_LIMITS[locale]) over.push(`${step} ${c.currentPhase} ${info.encoding} ${info.units} -> ${info.segments}`);
            }
          }
        }
      }
    }
    expect(over).toEqual([]);
  });

  it('Spanish texts of a Spanish clinic stay GSM-7 (the accents that would force UCS-2 are dropped)', () => {
    const hard = HARD[2]!;
    // (A link is never respelled: one with an accent would still make the text UCS-2.)
    const spanish = { ...TYPICAL, ...hard, clinic: { ...hard.clinic!, bookingUrl: 'https://reservas.example.es/clinica' }, locale: 'es' as const };
    for (const step of TABLE_STEPS) expect({ step, encoding: smsSegments(smsOf(step, spanish)).encoding }).toEqual({ step, encoding: 'GSM-7' });
  });

  it("matches docs/languages.md's table, so it cannot drift", () => {
    const table = markdown(measuredTable());
    const section = DOC.split(/^## /m).find((s) => s.startsWith('SMS length'));
    expect(section).toBeDefined();
    expect({ doc: 'docs/languages.md', table: section!.includes(table) ? 'the same' : table }).toEqual({ doc: 'docs/languages.md', table: 'the same' });
  });
});
