/**
 * The generator of the interleavings test: one enrolment (zone, consent, session number, the
 * local time it happens at) and a list of timed actions by the clinic, the client, an operator
 * or a provider, each after a wait. fast-check shrinks a failing scenario by dropping actions and
 * shortening waits.
 */
import fc from 'fast-check';
import type { Channel } from '../../../domain/channels';

/** A few zones, one of them far from UTC, so the window and the day boundary move around. */
export const SCENARIO_ZONES = ['America/New_York', 'Europe/London', 'Pacific/Honolulu', 'Asia/Tokyo', 'Pacific/Auckland'] as const;

/** How long to wait before an action, in the time-skipping server's time. */
export type Wait =
  | { kind: 'for'; ms: number }
  /**
   * Until `seconds` (never 0) before or after a planned step falls due: the first step of the
   * plan whose due time plus `seconds` is still ahead. Waits with growing `seconds` in a row stay
   * with the same step, so an action can land among that step's sends and their retries.
   */
  | { kind: 'step'; seconds: number };

export type Action =
  /** recordBooking for the session's local date + `day`, at `hour`:30 (moved ahead when that has passed). */
  | { kind: 'book'; day: number; hour: number }
  | { kind: 'cancel' }
  | { kind: 'pause' }
  | { kind: 'resume' }
  | { kind: 'opt-out'; channel: Channel }
  | { kind: 'opt-in'; channel: Channel }
  /** updateContact with a new phone (and its hash), a new address, or both. */
  | { kind: 'update-contact'; phone: boolean; email: boolean }
  /** `count` client replies in a row; `again` repeats the last message SID too (a webhook retry). */
  | { kind: 'reply'; count: number; wantsToBook: boolean; again: boolean }
  | { kind: 'twilio-fail-next'; n: number; status: 429 | 500 }
  /** Twilio refuses the current number for good (21211). */
  | { kind: 'twilio-invalid-number' }
  | { kind: 'smtp-fail-next'; n: number }
  /** The SMTP server refuses the current address for good (550 on RCPT TO). */
  | { kind: 'smtp-reject-recipient' }
  /** The clinic enrols the client's next session: it supersedes this one. */
  | { kind: 'next-session' };

export interface TimedAction {
  wait: Wait;
  action: Action;
}

export interface Scenario {
  zone: string;
  consent: Record<Channel, boolean>;
  /** Of 3 planned sessions: the last one has no booking prompts. */
  sessionNumber: number;
  /** Local time of the session and enrolment. */
  enrolAt: { hour: number; minute: number };
  actions: TimedAction[];
  /** How the run is brought to its end: resumed if paused and awaited, or cancelled. */
  finish: 'complete' | 'cancel';
}

const channel = fc.constantFrom<Channel>('sms', 'email');

const nonZero = (min: number, max: number) => fc.integer({ min, max }).filter((n) => n !== 0);

const waitArb: fc.Arbitrary<Wait> = fc.oneof(
  { weight: 2, arbitrary: fc.integer({ min: 1_000, max: 180_000 }).map((ms) => ({ kind: 'for' as const, ms })) },
  { weight: 3, arbitrary: fc.integer({ min: 60_000, max: 12 * 3_600_000 }).map((ms) => ({ kind: 'for' as const, ms })) },
  { weight: 3, arbitrary: fc.integer({ min: 12 * 3_600_000, max: 6 * 86_400_000 }).map((ms) => ({ kind: 'for' as const, ms })) },
  { weight: 3, arbitrary: nonZero(-1_800, 900).map((seconds) => ({ kind: 'step' as const, seconds })) },
);

const book = fc.record({ kind: fc.constant('book' as const), day: fc.integer({ min: 3, max: 40 }), hour: fc.integer({ min: 9, max: 18 }) });
const updateContact = fc
  .record({ kind: fc.constant('update-contact' as const), phone: fc.boolean(), email: fc.boolean() })
  .map((a) => (a.phone || a.email ? a : { ...a, phone: true }));
const reply = fc.record({ kind: fc.constant('reply' as const), count: fc.integer({ min: 1, max: 4 }), wantsToBook: fc.boolean(), again: fc.boolean() });

/** What a provider does: transient failures for the next sends, or a contact refused for good. */
const faultArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('twilio-fail-next' as const), n: fc.integer({ min: 1, max: 10 }), status: fc.constantFrom<429 | 500>(429, 500) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'twilio-invalid-number' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('smtp-fail-next' as const), n: fc.integer({ min: 1, max: 10 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'smtp-reject-recipient' as const }) },
);

/** What the clinic, the client or an operator does to the run. */
const eventArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: book },
  { weight: 2, arbitrary: fc.constant({ kind: 'cancel' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'pause' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'resume' as const }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('opt-out' as const), channel }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('opt-in' as const), channel }) },
  { weight: 2, arbitrary: updateContact },
  { weight: 2, arbitrary: reply },
  { weight: 1, arbitrary: fc.constant({ kind: 'next-session' as const }) },
);

const actionArb: fc.Arbitrary<Action> = fc.oneof({ weight: 2, arbitrary: eventArb }, { weight: 1, arbitrary: faultArb });

/** Seconds from a step's due time, mostly within its retries (10 s, 20 s, 40 s... apart). */
const beforeStep = fc.oneof(fc.integer({ min: -120, max: -1 }), fc.integer({ min: -900, max: -1 }));
const aroundStep = fc.oneof(fc.integer({ min: -240, max: -1 }), fc.integer({ min: 1, max: 400 }), nonZero(-900, 1_500));

/**
 * A race around one step: provider faults and client replies set up before it (the replies'
 * forwarding and the sends' retries take time), then events just before or after it.
 */
const episodeArb: fc.Arbitrary<TimedAction[]> = fc
  .tuple(
    fc.array(fc.record({ seconds: beforeStep, action: faultArb }), { maxLength: 2 }),
    fc.option(fc.record({ seconds: beforeStep, action: reply })),
    fc.array(fc.record({ seconds: aroundStep, action: eventArb }), { minLength: 1, maxLength: 2 }),
  )
  .map(([faults, replied, events]) =>
    [...faults, ...(replied ? [replied] : []), ...events]
      .sort((a, b) => a.seconds - b.seconds)
      .map(({ seconds, action }) => ({ wait: { kind: 'step' as const, seconds }, action })),
  );

export function describeWait(w: Wait): string {
  if (w.kind === 'step') return `step ${w.seconds < 0 ? '-' : '+'}${Math.abs(w.seconds)}s`;
  const s = Math.round(w.ms / 1000);
  const [d, h, m] = [Math.floor(s / 86_400), Math.floor((s % 86_400) / 3_600), Math.floor((s % 3_600) / 60)];
  return `+${d ? `${d}d` : ''}${h || d ? `${h}h` : ''}${m}m${s % 60}s`;
}

export function describeAction(a: Action): string {
  switch (a.kind) {
    case 'book':
      return `book day ${a.day} ${a.hour}:30`;
    case 'opt-out':
    case 'opt-in':
      return `${a.kind} ${a.channel}`;
    case 'update-contact':
      return `update-contact${a.phone ? ' phone' : ''}${a.email ? ' email' : ''}`;
    case 'reply':
      return `reply x${a.count}${a.wantsToBook ? ' BOOK' : ''}${a.again ? ' (+ a retried webhook)' : ''}`;
    case 'twilio-fail-next':
      return `twilio fails next ${a.n} (${a.status})`;
    case 'smtp-fail-next':
      return `smtp fails next ${a.n} (451)`;
    default:
      return a.kind;
  }
}

export function describeScenario(s: Scenario): string {
  const consent = (['sms', 'email'] as const).filter((c) => s.consent[c]).join('+') || 'none';
  const at = `${String(s.enrolAt.hour).padStart(2, '0')}:${String(s.enrolAt.minute).padStart(2, '0')}`;
  const lines = s.actions.map((t, i) => `  ${i + 1}. ${describeWait(t.wait)}: ${describeAction(t.action)}`);
  return [`session ${s.sessionNumber} enrolled ${at} ${s.zone}, consent ${consent}, finish by ${s.finish}`, ...lines].join('\n');
}

/** A scenario that prints as its action list in fast-check's reports. */
function printable(s: Scenario): Scenario {
  return Object.defineProperty(s, fc.toStringMethod, { value: () => `\n${describeScenario(s)}\n`, enumerable: false });
}

export const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    zone: fc.constantFrom(...SCENARIO_ZONES),
    consent: fc.oneof(
      { weight: 4, arbitrary: fc.constant({ sms: true, email: true }) },
      { weight: 1, arbitrary: fc.constant({ sms: true, email: false }) },
      { weight: 1, arbitrary: fc.constant({ sms: false, email: true }) },
    ),
    sessionNumber: fc.oneof({ weight: 3, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.constant(3) }),
    enrolAt: fc.record({ hour: fc.integer({ min: 0, max: 23 }), minute: fc.integer({ min: 0, max: 59 }) }),
    actions: fc
      .array(fc.oneof({ weight: 3, arbitrary: fc.record({ wait: waitArb, action: actionArb }).map((a) => [a]) }, { weight: 2, arbitrary: episodeArb }), { maxLength: 7 })
      .map((moves) => moves.flat()),
    finish: fc.constantFrom<'complete' | 'cancel'>('complete', 'cancel'),
  })
  .map(printable);
