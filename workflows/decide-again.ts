/**
 * Forwarding replies, sending resends and reporting a failed channel all await activities, which
 * can take minutes while a provider retries. A cancel, a booking or an opt-out arriving meanwhile
 * must change what is sent next, even when the next step is already due by then.
 */
import { patched } from '@temporalio/workflow';
import type { EventCheck } from './wait';

/** patched() id of choosing the next step again after the run was busy; never reuse it. */
const DECIDE_AFTER_BUSY_PATCH = 'next-step-chosen-after-replies-and-resends';

/**
 * Whether the step picked before the run got busy must be picked again. Runs in which nothing
 * changed meanwhile never reach patched(), so their histories replay as they were.
 */
export function mustDecideAgain(happened: EventCheck): boolean {
  return (happened('stopped') || happened('plan-changed')) && patched(DECIDE_AFTER_BUSY_PATCH);
}
