/** Operators' resends of earlier steps: they go now, or when the window next opens. */
import { STEPS } from '../domain/steps';
import { timingOf } from './contract';
import { deliverToClient } from './delivery';
import type { RunState } from './run-state';
import { roomForResend } from './solicitation-cap';
import { formatLocal, windowOpensAt } from './timing';
import { answerUrgentReplies } from './urgent';
import { waitFor } from './wait';

/** Sends the queued resends in order; never at night, never while paused or after a stop. */
export async function sendResends(run: RunState): Promise<void> {
  while (run.resends.length && !run.stopped && !run.paused) {
    const opens = windowOpensAt(run.zone, timingOf(run.input).window, run.demoScale !== undefined);
    if (opens > Date.now()) {
      const summary = `resend of ${run.resends[0]!.step} waits for the window, ${formatLocal(new Date(opens).toISOString(), run.zone)}`;
      // An urgent reply does not wait for the window (runs without one never wake for it).
      const woke = await waitFor(run.eventsSince(), ['stopped', 'paused', 'urgent'], { ms: opens - Date.now(), summary });
      if (woke === 'urgent') await answerUrgentReplies(run);
      continue;
    }
    // A state's cap on solicitations may hold a booking prompt's resend (solicitation-cap.ts).
    const room = await roomForResend(run, run.resends[0]!.step);
    if (room === 'later') return;
    if (room === 'again') continue;
    const r = run.resends.shift()!;
    const via = await deliverToClient(run, r.step, { no: ++run.resendCount, reason: r.reason, ...(r.channel ? { channel: r.channel } : {}) });
    run.publish(`${STEPS[r.step].label} resent${via.length ? ` by ${via.join(' and ')}` : ', but it could not be sent'}`);
  }
}
