/**
 * The wait for the next step in runs since `step-timer-kept-while-the-next-step-stays`
 * (lean-session.ts): the timer to the step's instant is kept when the run wakes for something else
 * (a booking, a reply, a resend) and comes back to wait for the same instant, instead of being
 * cancelled and started again. Every timer started is a billed Action; a booking that leaves the
 * next step where it was costs none now. The events still wake the run at once (a condition
 * without a timeout, which is no command).
 */
import { CancellationScope, condition, isCancellation, sleep } from '@temporalio/workflow';
import type { EventCheck, RunEvent, Wake } from './wait';

interface Running {
  /** The instant the timer fires at (epoch ms). */
  at: number;
  fired: Promise<void>;
  scope: CancellationScope;
}

export class StepTimer {
  private running: Running | undefined;

  /**
   * Waits until `at` or one of `events`. A timer running for another instant is cancelled first;
   * one for this instant goes on (it may have fired already: then this answers 'due' at once).
   */
  async until(at: number, summary: string, happened: EventCheck, events: readonly RunEvent[]): Promise<Wake> {
    if (this.running && this.running.at !== at) this.cancel();
    const timer = this.running ?? this.start(at, summary);
    let woke: RunEvent | undefined;
    const watching = new CancellationScope();
    const event = watching.run(() => condition(() => (woke = events.find(happened)) !== undefined)).then(
      () => woke,
      (err: unknown) => {
        // Called off below once the timer fired first.
        if (isCancellation(err)) return undefined;
        throw err;
      },
    );
    const first = await Promise.race([timer.fired.then(() => 'due' as const), event]);
    if (first === 'due' || first === undefined) {
      watching.cancel();
      this.running = undefined;
      return 'due';
    }
    return first;
  }

  /** Cancels the timer, if one is running. */
  cancel(): void {
    this.running?.scope.cancel();
    this.running = undefined;
  }

  private start(at: number, summary: string): Running {
    const scope = new CancellationScope();
    const fired = scope.run(() => sleep(Math.max(1, at - Date.now()), { summary }));
    // A timer cancelled for a new instant rejects; nobody waits on it any more.
    fired.catch(() => undefined);
    this.running = { at, fired, scope };
    return this.running;
  }
}
