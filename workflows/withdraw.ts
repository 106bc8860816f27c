/**
 * A send that is still retrying (a provider answering 429 for minutes) is withdrawn as soon as it
 * may no longer go: the run was cancelled or superseded, or its channel was switched off. Without
 * this the text would still go out on the next attempt, long after the client asked to stop.
 */
import { CancellationScope, condition, isCancellation, patched } from '@temporalio/workflow';
import type { Channel } from '../domain/channels';
import type { RunState } from './run-state';

/** patched() id of cancelling a pending send when it may no longer go; never reuse it. */
const WITHDRAW_PATCH = 'pending-send-withdrawn-on-stop-or-opt-out';

/** Why a send on `channel` may no longer go; undefined while it may. */
export function withdrawnBecause(run: RunState, channel: Channel): string | undefined {
  if (run.stopped) return `withdrawn: run ${run.stopped.phase}`;
  if (run.channels[channel] !== 'active') return `withdrawn: ${channel} ${run.channels[channel]}`;
  return undefined;
}

/**
 * Runs `send` in a scope of its own, cancelled when the send may no longer go (on any of its
 * channels, for a step sent on several from one activity). Runs in which that never happened
 * while a send was pending do not reach patched(), and replay as they were.
 */
export async function unlessWithdrawn<T>(run: RunState, channel: Channel | readonly Channel[], send: () => Promise<T>): Promise<T> {
  const channels: readonly Channel[] = typeof channel === 'string' ? [channel] : channel;
  const sending = new CancellationScope();
  const watching = new CancellationScope();
  watching
    .run(() => condition(() => channels.some((c) => withdrawnBecause(run, c) !== undefined)))
    .then(
      () => {
        if (patched(WITHDRAW_PATCH)) sending.cancel();
      },
      (err: unknown) => {
        // The send ended first and the watch was called off; anything else is a bug to surface.
        if (!isCancellation(err)) throw err;
      },
    );
  try {
    return await sending.run(send);
  } finally {
    watching.cancel();
  }
}
