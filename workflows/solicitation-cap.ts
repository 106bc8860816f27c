/**
 * The cap some states put on solicitations (domain/compliance/rules.ts: Florida, Oklahoma and
 * Maryland allow 3 per 24 hours on one subject). Booking prompts are this plan's solicitations;
 * care-rule messages and replies to the client are not, and never wait here. A prompt that would
 * go over the cap waits until the oldest of the last ones falls out of the period, and then for
 * the window. Runs without a region (all runs started before compliance profiles) have no cap, so
 * nothing here issues a command for them.
 */
import { DateTime } from 'luxon';
import { CHANNELS } from '../domain/channels';
import { solicitationCap } from '../domain/compliance/profile';
import { nextInWindow } from '../domain/plan';
import { STEPS, type StepId } from '../domain/steps';
import { URGENT_REPLY } from '../domain/urgent';
import { CALENDAR_UPDATE } from '../domain/calendar/update-id';
import { timingOf } from './contract';
import type { RunState } from './run-state';
import { dueAt, formatLocal } from './timing';
import { waitFor, type RunEvent } from './wait';

/** The steps that ask the client to buy something (book a session), with their resends. */
export const BOOKING_PROMPTS: ReadonlySet<StepId> = new Set<StepId>(['book-next', 'book-nudge']);

const HOUR_MS = 3_600_000;

/** Sends that reached the provider count; a send refused or withdrawn never reached the client. */
const counts = (status: string): boolean => status !== 'skipped' && status !== 'failed';

/**
 * When a booking prompt may go without breaking the cap (workflow time, inside the window), or
 * undefined when it may go now. Counted per channel, since the laws count calls and texts to one
 * number: a prompt that went by SMS and email is one solicitation on each. Demo runs have no cap.
 */
export function solicitationRoomAt(run: RunState, step: StepId): number | undefined {
  const cap = solicitationCap(run.input.client.region);
  if (!cap || !BOOKING_PROMPTS.has(step) || run.demoScale !== undefined) return undefined;
  const periodMs = cap.hours * HOUR_MS;
  const since = Date.now() - periodMs;
  let room: number | undefined;
  for (const channel of CHANNELS) {
    const times = run.sent
      .filter((r) => r.channel === channel && r.id !== URGENT_REPLY && r.id !== CALENDAR_UPDATE && BOOKING_PROMPTS.has(r.id) && counts(r.status))
      .map((r) => Date.parse(r.at))
      .filter((at) => at > since)
      .sort((a, b) => a - b);
    if (times.length >= cap.max) room = Math.max(room ?? 0, times[times.length - cap.max]! + periodMs);
  }
  if (room === undefined) return undefined;
  return nextInWindow(DateTime.fromMillis(room), run.zone, timingOf(run.input).window).toMillis();
}

/** The details line of a held prompt: the rule, and when it goes. */
function heldText(run: RunState, what: string, room: number): string {
  const cap = solicitationCap(run.input.client.region)!;
  return `${what} held: ${cap.max} booking prompts in ${cap.hours} h is the most ${cap.rule.name} allows; it goes ${formatLocal(new Date(room).toISOString(), run.zone)}`;
}

/**
 * A planned booking prompt due while the cap is full moves to when there is room (as a retried
 * welcome does, run.retryAt): the timeline then waits for it like any step, woken by replies and
 * changes as usual. True when the step was held: the caller chooses the next step again.
 */
export function heldBySolicitationCap(run: RunState, step: StepId): boolean {
  const room = solicitationRoomAt(run, step);
  if (room === undefined) return false;
  run.retryAt[step] = new Date(room).toISOString();
  run.publish(heldText(run, STEPS[step].label, room));
  return true;
}

/**
 * Before a resend of a booking prompt: 'go' when the cap leaves room; 'again' after waiting for
 * room (the caller checks the window and the cap again); 'later' when the timeline has something
 * else to do first (a planned step falls due, a reply or a change came): the resend stays queued
 * and is tried again on the timeline's next turn.
 */
export async function roomForResend(run: RunState, step: StepId): Promise<'go' | 'again' | 'later'> {
  const room = solicitationRoomAt(run, step);
  if (room === undefined) return 'go';
  const next = run.nextStep();
  const nextDue = next ? dueAt(next.sendAt, run.input.enrolledAt, run.demoScale) : Infinity;
  if (nextDue <= Date.now()) return 'later';
  // With steps still to come, a reply or a change goes first; after the last one, only a stop or a pause.
  const events: RunEvent[] = next ? ['stopped', 'paused', 'reply', 'plan-changed'] : ['stopped', 'paused'];
  const summary = heldText(run, `resend of ${STEPS[step].label}`, room);
  run.publish(summary);
  const woke = await waitFor(run.eventsSince(), events, { ms: Math.min(room, nextDue) - Date.now(), summary });
  return woke === 'due' && Date.now() >= room ? 'again' : 'later';
}
