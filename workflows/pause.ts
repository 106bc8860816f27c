/**
 * The hold of a paused run. A pause holds messages to the client, not from them: a reply the
 * client sends meanwhile ("still swollen, help") goes to the clinic at once.
 */
import { patched } from '@temporalio/workflow';
import { forwardReplies } from './clinic-notices';
import { continueAsNewIfLong } from './continue-as-new';
import type { RunState } from './run-state';
import { waitFor, type EventCheck } from './wait';

/** patched() id of forwarding replies during a pause; never reuse it. */
const REPLIES_WHILE_PAUSED_PATCH = 'replies-forwarded-while-paused';

/** Holds until the run is resumed or stopped, forwarding each client reply as it comes. */
export async function holdWhilePaused(run: RunState, happened: EventCheck): Promise<void> {
  for (;;) {
    const woke = await waitFor(happened, ['resumed', 'stopped', 'reply']);
    if (woke !== 'reply') return;
    // Runs paused before the change held their replies until resume: they replay that way.
    if (!patched(REPLIES_WHILE_PAUSED_PATCH)) {
      await waitFor(happened, ['resumed', 'stopped']);
      return;
    }
    await forwardReplies(run);
    // A long hold full of replies goes on in a new run, which comes back to this hold.
    await continueAsNewIfLong(run);
  }
}
