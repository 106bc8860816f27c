/**
 * The invariants of the interleavings test, judged on what happened rather than on what the
 * workflow says of itself: the run's history (signals, updates, activities, at the time-skipping
 * server's clock), the messages the providers accepted, and, at the end, the run's DeliveryProblem
 * search attribute against the sends its status records as failed.
 */
import { DateTime } from 'luxon';
import type { Channel } from '../../../domain/channels';
import type { AftercareInput } from '../../../workflows/contract';
import type { ActivityFact, At, HistoryFacts } from '../history-facts';
import type { ProviderCopy, RunRecord } from './run-scenario';

export const INVARIANTS = {
  0: 'the run ends once resumed or cancelled',
  1: 'no client message after a cancel or a supersede',
  2: "no client message outside the clinic's window, in the client's zone",
  3: 'no client message on a channel that is off',
  4: 'no booking prompt once a booking is recorded',
  5: 'each step at most once per channel',
  6: 'a step that failed on every channel that tried it shows in DeliveryProblem',
} as const;
export type InvariantId = keyof typeof INVARIANTS;

export interface Violation {
  invariant: InvariantId;
  workflowId: string;
  text: string;
}

// A booking change's calendar email is a client message too (workflows/calendar-updates.ts).
const CLIENT_SEND: Record<string, Channel> = { sendSms: 'sms', sendEmail: 'email', sendCalendarUpdate: 'email' };
const CALENDAR_UPDATE = 'calendar-update';
const BOOKING_PROMPTS = new Set(['book-next', 'book-nudge']);

interface SendInput {
  /** Absent in a calendar update, which is keyed by its sequence instead. */
  step?: string;
  notice?: string;
  resend?: number;
  sequence?: number;
}
const inputOf = (a: ActivityFact) => a.input as SendInput;
/** What a send is of: its step, or a calendar update's sequence. */
const stepOf = (a: ActivityFact) => inputOf(a).step ?? `${CALENDAR_UPDATE} ${inputOf(a).sequence ?? '?'}`;
/** Completed by sending now: a completion that found the send already made (the send records) sent nothing. */
const completed = (a: ActivityFact) => a.closed?.outcome === 'completed' && !(a.closed.result as { alreadySent?: boolean } | undefined)?.alreadySent;

/** "event 87 (Dec 7 10:00:30 Asia/Tokyo)": where in the history, and the client's local time. */
function where(at: At, zone: string): string {
  return `event ${at.eventId} (${DateTime.fromMillis(at.at, { zone }).toFormat('LLL d HH:mm:ss.SSS')} ${zone})`;
}

/** The send, and, against the event it came after, whether it was already under way then. */
function sendText(a: ActivityFact, zone: string, after?: At): string {
  const { notice } = inputOf(a);
  const step = stepOf(a);
  const closed = a.closed!;
  const when = after ? (a.scheduled.eventId < after.eventId ? ' (before it: already under way)' : ' (after it)') : '';
  return `${a.type} ${step}${notice ? ` (${notice})` : ''} completed at ${where(closed, zone)} on attempt ${closed.attempt ?? '?'}, scheduled at event ${a.scheduled.eventId}${when}`;
}

/** The activities still open at event `eventId`: what the timeline was doing when it arrived. */
function openAt(facts: HistoryFacts, eventId: number): string {
  const open = facts.activities.filter((a) => a.scheduled.eventId < eventId && (!a.closed || a.closed.eventId > eventId));
  if (!open.length) return 'no activity open then';
  return `open then: ${open.map((a) => `${a.type} ${stepOf(a)}${inputOf(a).notice ? `/${inputOf(a).notice}` : ''} (event ${a.scheduled.eventId})`).join(', ')}`;
}

/** Minutes after local midnight, fractions included, so 20:00:00.5 is after 20:00. */
function localMinutes(ms: number, zone: string): number {
  const t = DateTime.fromMillis(ms, { zone });
  return t.hour * 60 + t.minute + t.second / 60 + t.millisecond / 60_000;
}
const hhmm = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));

export function checkRun(run: RunRecord, copies: ProviderCopy[]): Violation[] {
  const { facts, input, workflowId } = run;
  const zone = input.client.timezone;
  const out: Violation[] = [];
  const add = (invariant: InvariantId, text: string) => out.push({ invariant, workflowId, text });
  const sends = facts.activities.filter((a) => CLIENT_SEND[a.type] && completed(a));

  if (run.end.startsWith('did not end')) add(0, run.end);

  // 1. Stopped by a cancel, or by a later session's supersede.
  const stop = facts.signals.find(
    (s) => s.name === 'cancel' || (s.name === 'supersede' && (s.input as { bySessionNumber: number }).bySessionNumber > input.session.number),
  );
  if (stop) {
    for (const a of sends.filter((x) => x.closed!.eventId > stop.eventId)) {
      add(1, `${sendText(a, zone, stop)}; after the ${stop.name} signal at ${where(stop, zone)} (${openAt(facts, stop.eventId)})`);
    }
  }

  // 2. Judged when the provider accepted it: the activity's completion.
  const window = input.clinic.window;
  for (const a of sends) {
    const m = localMinutes(a.closed!.at, zone);
    if (m < hhmm(window.start) || m >= hhmm(window.end)) add(2, `${sendText(a, zone)}; outside ${window.start}-${window.end}`);
  }

  // 3. Each channel's off reasons, replayed in history order.
  for (const v of offChannelSends(facts, input)) add(3, v);

  // 4. From the completion of the first accepted booking on.
  const booked = facts.updates.find((u) => u.name === 'recordBooking' && u.completed?.ok);
  if (booked?.completed) {
    const prompts = facts.activities.filter(
      (a) =>
        completed(a) &&
        a.closed!.eventId > booked.completed!.eventId &&
        ((CLIENT_SEND[a.type] && BOOKING_PROMPTS.has(stepOf(a))) || (a.type === 'notifyClinic' && inputOf(a).notice === 'clinic-follow-up')),
    );
    for (const a of prompts) add(4, `${sendText(a, zone, booked.completed)}; after the booking recorded at ${where(booked.completed, zone)} (${openAt(facts, booked.completed.eventId)})`);
  }

  // 5. In the history, and at each provider.
  const count = <T>(items: T[], keyOf: (t: T) => string) => {
    const n = new Map<string, number>();
    for (const i of items) n.set(keyOf(i), (n.get(keyOf(i)) ?? 0) + 1);
    return [...n].filter(([, k]) => k > 1);
  };
  const historyKey = (a: ActivityFact) => `${a.type} ${stepOf(a)}${inputOf(a).notice ? ` (${inputOf(a).notice})` : ''}${inputOf(a).resend ? ` resend ${inputOf(a).resend}` : ''}`;
  const closedSends = facts.activities.filter((a) => completed(a) && (CLIENT_SEND[a.type] || a.type === 'notifyClinic'));
  for (const [key, n] of count(closedSends, historyKey)) add(5, `history: ${key} completed ${n} times`);
  const mine = copies.filter((c) => c.workflowId === workflowId);
  // Notices and calendar updates are one email per key (their Message-ID), steps one per channel.
  const copyKey = (c: ProviderCopy) => (c.channel === 'clinic' ? `clinic email ${c.id}` : c.step === CALENDAR_UPDATE ? `${CALENDAR_UPDATE} ${c.id}` : `${c.channel} ${c.step}`);
  for (const [key, n] of count(mine, copyKey)) {
    add(5, `provider: ${key} received ${n} times`);
  }

  // 6. Steps whose every attempted channel failed, by the run's own records.
  if (!run.status) add(6, 'the status query could not be read at the end');
  else {
    // Steps only: a calendar update that could not go is replaced by the next, and the feed has it.
    const records = run.status.sent.filter((r) => r.channel !== 'clinic-email' && r.id !== CALENDAR_UPDATE);
    const failedSteps = [...new Set(records.filter((r) => r.status === 'failed').map((r) => r.id))].filter(
      (step) => !records.some((r) => r.id === step && (r.status === 'sent' || r.status === 'delivered')),
    );
    if (failedSteps.length && (run.deliveryProblem === undefined || run.deliveryProblem === 'none')) {
      const details = failedSteps.map((step) => `${step} (${records.filter((r) => r.id === step && r.status === 'failed').map((r) => `${r.channel}: ${r.detail ?? ''}`).join('; ')})`);
      add(6, `failed on every channel that tried it: ${details.join(', ')}; DeliveryProblem at the end is ${run.deliveryProblem ?? 'unset'}`);
    }
  }
  return out;
}

/**
 * Sends that completed while their channel was off: without consent at enrolment; after an
 * optOut until an optIn the run accepts (one with enrolment consent); after a permanent failure
 * until a contact update of that channel.
 */
function offChannelSends(facts: HistoryFacts, input: AftercareInput): string[] {
  const zone = input.client.timezone;
  const consent = input.client.consent;
  type Off = { at: At; why: string };
  const optedOut: Partial<Record<Channel, Off>> = {};
  const failed: Partial<Record<Channel, Off>> = {};
  type Moment = { eventId: number; apply: () => void };
  const moments: Moment[] = [];
  const out: string[] = [];

  for (const s of facts.signals) {
    const channel = (s.input as { channel?: Channel } | undefined)?.channel;
    if (!channel) continue;
    if (s.name === 'optOut') moments.push({ eventId: s.eventId, apply: () => void (optedOut[channel] ??= { at: s, why: `optOut at ${where(s, zone)}, ${openAt(facts, s.eventId)}` }) });
    if (s.name === 'optIn' && consent[channel]) moments.push({ eventId: s.eventId, apply: () => void delete optedOut[channel] });
  }
  for (const u of facts.updates) {
    if (u.name !== 'updateContact' || !u.completed?.ok) continue;
    const update = u.input as { phone?: string; email?: string };
    moments.push({
      eventId: u.completed.eventId,
      apply: () => {
        if (update.phone !== undefined) delete failed.sms;
        if (update.email !== undefined) delete failed.email;
      },
    });
  }
  for (const a of facts.activities) {
    const channel = CLIENT_SEND[a.type];
    const closed = a.closed;
    if (!channel || !closed) continue;
    if (closed.outcome === 'failed' && closed.nonRetryable) {
      moments.push({ eventId: closed.eventId, apply: () => void (failed[channel] ??= { at: closed, why: `permanent failure ${closed.failureType} at ${where(closed, zone)}` }) });
    }
    if (completed(a)) {
      moments.push({
        eventId: closed.eventId,
        apply: () => {
          if (!consent[channel]) out.push(`${sendText(a, zone)}; ${channel} was off: no consent at enrolment`);
          const off = optedOut[channel] ?? failed[channel];
          if (consent[channel] && off) out.push(`${sendText(a, zone, off.at)}; ${channel} was off: ${off.why}`);
        },
      });
    }
  }
  for (const m of moments.sort((x, y) => x.eventId - y.eventId)) m.apply();
  return out;
}

export function checkObservation(runs: RunRecord[], copies: ProviderCopy[]): Violation[] {
  return runs.flatMap((run) => checkRun(run, copies));
}

export function describeViolations(violations: Violation[]): string {
  return violations.map((v) => `[invariant ${v.invariant}: ${INVARIANTS[v.invariant]}] ${v.workflowId}: ${v.text}`).join('\n');
}
