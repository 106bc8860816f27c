/**
 * Sending one client step on every channel that can carry it, all at once, and recording each
 * outcome. A permanent failure turns its channel off (the next steps go by the others).
 *
 * Runs since `one-send-activity-per-step` (lean-session.ts) send a step for several channels from
 * one activity (`deliverStep`, on the clinic's text queue); each channel's outcome is recorded as
 * if it had its own activity. A channel that activity could not settle (withdrawn meanwhile while
 * another channel may still go, or failing for now next to one that failed for good) is then sent
 * alone, by its own activity: the same send key, so a channel that went is never sent twice.
 */
import { ActivityCancellationType, ApplicationFailure, isCancellation } from '@temporalio/workflow';
import type { ChannelOutcome, StepDelivery } from '../activities';
import { CHANNEL_LABEL, CHANNELS, type Channel } from '../domain/channels';
import type { ClientStepId, MessageContext } from '../domain/messages';
import { CHANNEL_ROUTES, deliverTogether, NOTIFY_OPTIONS } from './channels';
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
  const sendable = (channel: Channel) => run.channels[channel] === 'active' && !!run.contactFor(channel) && !(again?.channel && again.channel !== channel);
  const sent = (channel: Channel) => {
    run.record({ id: step, channel, at: nowIso(), status: 'sent', ...note });
    via.push(CHANNEL_LABEL[channel]);
  };
  const skipped = (channel: Channel, why: string) => run.record({ id: step, channel, at: nowIso(), status: 'skipped', detail: why });
  const failed = (channel: Channel, type: string | undefined, why: string) => {
    if (type) run.channels[channel] = CHANNEL_ROUTES[channel].afterPermanentFailure(type);
    run.record({ id: step, channel, at: nowIso(), status: 'failed', detail: type ?? `gave up: ${why}` });
  };

  const viaChannel = async (channel: Channel): Promise<void> => {
    const to = run.contactFor(channel);
    if (!sendable(channel) || !to) return;
    try {
      const summary = `${step} by ${CHANNEL_LABEL[channel]}${again ? ' (resend)' : ''}`;
      const send = { workflowId: run.workflowId, step, to, message, ...(again ? { resend: again.no } : {}) };
      await unlessWithdrawn(run, channel, () => CHANNEL_ROUTES[channel].send({ ...options, summary }, send));
      sent(channel);
    } catch (err) {
      const withdrawn = isCancellation(err) ? withdrawnBecause(run, channel) : undefined;
      if (withdrawn) {
        skipped(channel, withdrawn);
        return;
      }
      failed(channel, permanentFailureType(err), failureText(err));
    }
  };

  const together = CHANNELS.filter(sendable);
  if (run.lean.oneActivityPerStep && together.length > 1 && 'atSendTime' in message) {
    const alone = await viaOneActivity(run, together, (channels) => {
      const to = Object.fromEntries(channels.map((c) => [c, run.contactFor(c)]));
      const summary = `${step} by ${channels.map((c) => CHANNEL_LABEL[c]).join(' and ')}${again ? ' (resend)' : ''}`;
      const input = { workflowId: run.workflowId, step, message: message.atSendTime, to, ...(again ? { resend: again.no } : {}) };
      return deliverTogether({ ...options, summary }, input);
    }, { sent, failed, skipped });
    await Promise.all(alone.map(viaChannel));
    return via;
  }

  // Every channel's activity is scheduled in the same workflow task, in CHANNELS order.
  await Promise.all(CHANNELS.map(viaChannel));
  return via;
}

interface Recorders {
  sent(channel: Channel): void;
  skipped(channel: Channel, why: string): void;
  failed(channel: Channel, type: string | undefined, why: string): void;
}

/**
 * Sends `channels` from one activity and records each channel's outcome; answers the channels
 * still to be sent alone.
 */
async function viaOneActivity(run: RunState, channels: Channel[], send: (channels: Channel[]) => Promise<StepDelivery>, record: Recorders): Promise<Channel[]> {
  let outcomes: StepDelivery;
  try {
    outcomes = await unlessWithdrawn(run, channels, () => send(channels));
  } catch (err) {
    if (isCancellation(err)) {
      // Withdrawn for one channel (or all): the others go alone; their records say if they went.
      const alone: Channel[] = [];
      for (const channel of channels) {
        const withdrawn = withdrawnBecause(run, channel);
        if (withdrawn) record.skipped(channel, withdrawn);
        else alone.push(channel);
      }
      return alone;
    }
    // Given up (attempts or deadline spent): the last attempt's outcomes say which channels went.
    const last = outcomesIn(err);
    for (const channel of channels) {
      const outcome = last?.[channel];
      if (outcome && 'sent' in outcome) record.sent(channel);
      else if (outcome && 'failed' in outcome) record.failed(channel, outcome.failed.type, outcome.failed.message);
      else record.failed(channel, undefined, outcome && 'retry' in outcome ? outcome.retry.message : failureText(err));
    }
    return [];
  }
  const alone: Channel[] = [];
  for (const channel of channels) {
    const outcome: ChannelOutcome | undefined = outcomes[channel];
    if (!outcome || 'retry' in outcome) alone.push(channel);
    else if ('sent' in outcome) record.sent(channel);
    else record.failed(channel, outcome.failed.type, outcome.failed.message);
  }
  return alone;
}

/** The per-channel outcomes a failed `deliverStep` attempt carried, however deep in the failure. */
function outcomesIn(err: unknown): StepDelivery | undefined {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if (e instanceof ApplicationFailure && e.details?.length && typeof e.details[0] === 'object') return e.details[0] as StepDelivery;
  }
  return undefined;
}
