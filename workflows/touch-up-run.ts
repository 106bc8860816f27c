/**
 * Everything one touch-up run knows, and the handlers through which the outside world changes it:
 * staff stopping the reminders (an update that answers the status), a new course ending them, the
 * client's STOP/START and unsubscribe (the aftercare run's own `optOut`/`optIn` signals), and the
 * status query. Handlers only change state; the loop (touch-up.ts) acts on it.
 */
import { log, setHandler, workflowInfo } from '@temporalio/workflow';
import { CHANNEL_CONTACT, CHANNELS, type Channel } from '../domain/channels';
import { optInSignal, optOutSignal, type ChannelState } from './contract';
import {
  newCourseSignal,
  stopTouchUpsUpdate,
  touchUpStatusQuery,
  type TouchUpCarried,
  type TouchUpInput,
  type TouchUpSent,
  type TouchUpStatus,
  type TouchUpStopper,
} from './touch-up-contract';

/** How many of the latest sends a run hands on (the status shows them): years of reminders stay a small input. */
export const TOUCH_UP_SENT_CARRIED = 20;

export class TouchUpRun {
  readonly workflowId = workflowInfo().workflowId;
  readonly channels = {} as Record<Channel, ChannelState>;
  /** Reminders that fell due so far (sent or not), and those some channel carried. */
  reminders = 0;
  remindersSent = 0;
  /** Months from the course's end to the last reminder that fell due. */
  monthsElapsed = 0;
  lastSentAt: string | undefined;
  readonly sent: TouchUpSent[] = [];
  /** The clinic's interval as last read, and when the next reminder is due (for the status). */
  intervalMonths: number | null = null;
  nextReminderAt: string | null = null;
  stoppedBy: TouchUpStopper | undefined;
  /** No channel can ever carry a reminder again (no consent or contact, or failed for good). */
  ended = false;

  constructor(readonly input: TouchUpInput) {
    for (const c of CHANNELS) this.channels[c] = input.client.consent[c] && this.contactFor(c) ? 'active' : 'none';
    const carried = input.carried;
    if (carried) {
      Object.assign(this.channels, carried.channels);
      this.reminders = carried.reminders;
      this.remindersSent = carried.remindersSent;
      this.monthsElapsed = carried.monthsElapsed;
      this.lastSentAt = carried.lastSentAt;
      this.sent.push(...carried.sent);
    }
  }

  contactFor(channel: Channel): string | undefined {
    return this.input.client[CHANNEL_CONTACT[channel]];
  }

  /**
   * Whether a reminder could still reach the client some day: a channel is on, or opted out by the
   * client (who may text START). Staff's `off` and a detail that failed for good stay as they are.
   */
  reachableSomeDay(): boolean {
    return CHANNELS.some((c) => this.channels[c] === 'active' || this.channels[c] === 'opted-out');
  }

  record(entry: TouchUpSent): void {
    this.sent.push(entry);
    if (entry.status === 'sent') this.lastSentAt = entry.at;
  }

  carry(): TouchUpCarried {
    return {
      channels: { ...this.channels },
      reminders: this.reminders,
      remindersSent: this.remindersSent,
      monthsElapsed: this.monthsElapsed,
      ...(this.lastSentAt ? { lastSentAt: this.lastSentAt } : {}),
      sent: this.sent.slice(-TOUCH_UP_SENT_CARRIED).map((s) => ({ ...s })),
    };
  }

  status(): TouchUpStatus {
    return {
      clinicId: this.input.clinic.id,
      clientRef: this.input.clientRef,
      state: this.stoppedBy ? 'stopped' : this.ended ? 'ended' : 'waiting',
      intervalMonths: this.intervalMonths,
      nextReminderAt: this.stoppedBy || this.ended ? null : this.nextReminderAt,
      remindersSent: this.remindersSent,
      lastSentAt: this.lastSentAt ?? null,
      stoppedBy: this.stoppedBy ?? null,
      channels: { ...this.channels },
      sent: this.sent.map((s) => ({ ...s })),
    };
  }

  /** Registers every handler; called before the run's first await so no early signal is lost. */
  registerHandlers(): void {
    setHandler(touchUpStatusQuery, () => this.status());
    setHandler(stopTouchUpsUpdate, () => {
      this.stoppedBy ??= 'staff';
      return this.status();
    });
    setHandler(newCourseSignal, ({ workflowId }) => {
      this.stoppedBy ??= 'new-course';
      log.info('touch-ups end: a new course was enrolled', { workflowId: this.workflowId, newCourse: workflowId });
    });
    // A STOP stays until the client's own START; an unsubscribed email stays off.
    setHandler(optOutSignal, ({ channel }) => {
      if (this.channels[channel] !== 'none') this.channels[channel] = 'opted-out';
    });
    setHandler(optInSignal, ({ channel }) => {
      if (this.channels[channel] === 'opted-out' && this.input.client.consent[channel] && this.contactFor(channel)) this.channels[channel] = 'active';
    });
  }
}
