/**
 * Sending one client step on every channel that can carry it, all at once, and recording each
 * outcome. A permanent failure turns its channel off (the next steps go by the others).
 */
import { ActivityCancellationType, isCancellation } from '@temporalio/workflow';
import { CHANNEL_LABEL, CHANNELS, type Channel } from '../domain/channels';
import type { ClientStepId, MessageContext } from '../domain/messages';
import { CHANNEL_ROUTES, NOTIFY_OPTIONS } from './channels';
import { outgoingMessage } from './clinic-at-send-time';
import { timingOf } from './contract';
import { failureText, permanentFailureType } from './failures';
import type { RunState } from './run-state';
import { nowIso, sendDeadline } from './timing';
import { unlessWithdrawn, withdrawnBecause } from './withdraw';

/** An operator's resend: its number (part of the dedupe key), its channel if one, and why. */
export interface Again {
  no: number;
  channel?: Channel;
  reason: string;
}

/** Sends `step` to the client; returns the labels of the channels that carried it ("SMS"). */
export async function deliverToClient(run: RunState, step: ClientStepId, again?: Again, extra: Pick<MessageContext, 'reviewUrl'> = {}): Promise<string[]> {
  const message = outgoingMessage(run, step, extra);
  // Withdrawing a send waits for Temporal's answer: an attempt already under way may still have
  // gone out, and then it is recorded as sent.
  const options = { ...NOTIFY_OPTIONS, cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED, scheduleToCloseTimeout: sendDeadline(run.zone, timingOf(run.input).window, run.demoScale !== undefined) };
  const note = again ? { detail: `resent: ${again.reason}` } : {};
  const via: string[] = [];

  const viaChannel = async (channel: Channel): Promise<void> => {
    const to = run.contactFor(channel);
    if (run.channels[channel] !== 'active' || !to || (again?.channel && again.channel !== channel)) return;
    try {
      const summary = `${step} by ${CHANNEL_LABEL[channel]}${again ? ' (resend)' : ''}`;
      const send = { workflowId: run.workflowId, step, to, message, ...(again ? { resend: again.no } : {}) };
      await unlessWithdrawn(run, channel, () => CHANNEL_ROUTES[channel].send({ ...options, summary }, send));
      run.record({ id: step, channel, at: nowIso(), status: 'sent', ...note });
      via.push(CHANNEL_LABEL[channel]);
    } catch (err) {
      const withdrawn = isCancellation(err) ? withdrawnBecause(run, channel) : undefined;
      if (withdrawn) {
        run.record({ id: step, channel, at: nowIso(), status: 'skipped', detail: withdrawn });
        return;
      }
      const type = permanentFailureType(err);
      if (type) run.channels[channel] = CHANNEL_ROUTES[channel].afterPermanentFailure(type);
      run.record({ id: step, channel, at: nowIso(), status: 'failed', detail: type ?? `gave up: ${failureText(err)}` });
    }
  };

  // Every channel's activity is scheduled in the same workflow task, in CHANNELS order.
  await Promise.all(CHANNELS.map(viaChannel));
  return via;
}
