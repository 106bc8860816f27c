/**
 * A run whose steps are all done (or held) while a concern is open stays open until staff mark
 * it handled: the held booking prompts may still go, the page shows the concern, and the Concern
 * search attribute returns to 'none'. Meanwhile replies are forwarded and resends go as ever.
 * Runs without a concern pass straight through, issuing nothing.
 */
import { sendCalendarUpdates } from './calendar-updates';
import { forwardReplies } from './clinic-notices';
import { continueAsNewIfLong } from './continue-as-new';
import { sendResends } from './resends';
import type { RunState } from './run-state';
import { waitFor } from './wait';

/** Whether the timeline must look again for a step (the concern was handled, or the plan changed). */
export async function heldOpenByConcern(run: RunState): Promise<boolean> {
  if (!run.concern || run.stopped) return false;
  const happened = run.eventsSince();
  for (;;) {
    // A booking change while the steps are all done has no step loop to carry its calendar update.
    await sendCalendarUpdates(run);
    const woke = await waitFor(happened, ['stopped', 'plan-changed', 'reply', 'resend']);
    if (woke === 'stopped' || woke === 'plan-changed') return true;
    await forwardReplies(run);
    await sendResends(run);
    await continueAsNewIfLong(run);
  }
}
