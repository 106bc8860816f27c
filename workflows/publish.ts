/**
 * What the run shows outside itself between steps: its search attributes (the front desk's list
 * and filters) and its current details (the Temporal UI). Each call upserts the search attributes,
 * which is a command in the history: callers publish at fixed points of the timeline. (Runs since
 * `search-attributes-once-per-task` only mark them stale here: search-attribute-flush.ts upserts
 * once per workflow task.) The UI renders
 * current details as Markdown with HTML, so each of their lines goes through inertText: an
 * operator's reason shows as typed, never as a tag or a link.
 */
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import { CHANNELS, describeChannels } from '../domain/channels';
import { inertText } from '../domain/markdown';
import { STEPS } from '../domain/steps';
import { SEARCH_ATTRIBUTES } from './contract';
import type { RunState } from './run-state';
import { formatLocal } from './timing';

/**
 * 'none', or what stops delivery: each failed channel with its last failure, 'unreachable', and
 * the steps no channel carried.
 */
function deliveryProblem(run: RunState): string {
  const problem = CHANNELS.filter((c) => run.channels[c] === 'failed')
    .map((c) => `${c} failed: ${run.lastRecord(c, (r) => r.status !== 'sent')?.detail ?? 'unknown'}`)
    .concat(run.reachable() ? [] : ['unreachable'])
    .concat(run.unsent.size ? [`not sent: ${[...run.unsent].join(', ')}`] : [])
    .join('; ');
  return problem || 'none';
}

/** The search attributes the run's state stands for now. */
export function searchAttributesOf(run: RunState): SearchAttributeUpdatePair[] {
  const next = run.nextStep();
  return [
    { key: SEARCH_ATTRIBUTES.DeliveryProblem, value: deliveryProblem(run) },
    { key: SEARCH_ATTRIBUTES.AftercarePhase, value: run.stopped ? run.stopped.phase : run.phase },
    { key: SEARCH_ATTRIBUTES.BookingStatus, value: run.bookingStatus },
    // null removes NextStepAt once nothing is left.
    { key: SEARCH_ATTRIBUTES.NextStepAt, value: next ? new Date(next.sendAt) : null },
    // Only runs that had a concern set it, so the upserts of every other run stay as recorded.
    ...(run.concernRaised ? [{ key: SEARCH_ATTRIBUTES.Concern, value: run.concern ? 'open' : 'none' }] : []),
  ];
}

/** `lastDone` says what just happened ("welcome sent by SMS"), at the head of the details. */
export function publish(run: RunState, lastDone?: string): void {
  const next = run.nextStep();
  const { stopped, paused, booking, bookingStatus, zone } = run;
  const { session } = run.input;
  if (run.lean.upsertOncePerTask) run.attributesStale = true;
  else upsertSearchAttributes(searchAttributesOf(run));
  const nextText = next ? `next: ${STEPS[next.step].label} on ${formatLocal(next.sendAt, zone)}` : 'nothing left to send';
  const head = stopped
    ? `${stopped.phase}: ${stopped.why}`
    : paused
      ? `PAUSED since ${formatLocal(paused.since, zone)}: ${paused.reason}`
      : lastDone ?? `session ${session.number} of ${session.plannedSessions} enrolled`;
  const channelText = `channels: ${describeChannels(run.channels)}`;
  const bookingText = `booking: ${bookingStatus}${booking ? ` for ${formatLocal(booking.appointmentAt, zone)}` : ''}`;
  const concernText = run.concern
    ? [`URGENT concern open since ${formatLocal(run.concern.openedAt, zone)}: clinic alerted${run.holdsBookingPrompts() ? ', booking prompts held' : ''} until staff mark it handled`]
    : [];
  setCurrentDetails([`${head}; ${nextText}`, ...concernText, channelText, bookingText].map(inertText).join('\n\n'));
}
