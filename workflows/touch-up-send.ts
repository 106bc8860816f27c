/**
 * Sending one touch-up reminder on every channel still on, through the aftercare's own send
 * activities (`sendSms` on the clinic's text queue, `sendEmail`), rendered when it goes with the
 * clinic read then. Keyed by the course and the reminder's number, so each reminder reaches each
 * channel once, ever, whatever retries, replays or restarts happen.
 */
import { proxyActivities, workflowInfo, type ActivityOptions } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { TouchUpMessageRequest, TouchUpSendKey } from '../activities/types';
import { CHANNEL_LABEL, CHANNELS, type Channel } from '../domain/channels';
import type { SendWindow } from '../domain/plan-types';
import { TOUCH_UP } from '../domain/messages/touch-up';
import { CHANNEL_ROUTES, NOTIFY_OPTIONS } from './channels';
import { smsTaskQueueFor } from './contract';
import { failureText, permanentFailureType } from './failures';
import { nowIso, sendDeadline } from './timing';
import type { TouchUpRun } from './touch-up-run';

type Activities = ReturnType<typeof createActivities>;

/**
 * The steps' retry policy (a few attempts with backoff, never for a permanent failure), cut off at
 * the end of the day's window so that no reminder reaches anyone at night; a reminder no channel
 * carried is tried again on the following days (touch-up.ts).
 */
const { sendSms, sendEmail } = proxyActivities<Activities>(NOTIFY_OPTIONS);

type ReminderSend = TouchUpSendKey & { to: string; touchUp: TouchUpMessageRequest };

/** How each channel carries a reminder: one entry per channel, as in channels.ts. */
const SENDS: Record<Channel, (options: ActivityOptions, send: ReminderSend) => Promise<unknown>> = {
  sms: (options, send) => sendSms.executeWithOptions({ ...options, taskQueue: smsTaskQueueFor(workflowInfo().taskQueue, send.touchUp.clinicId) }, [send]),
  email: (options, send) => sendEmail.executeWithOptions(options, [send]),
};

/** Sends reminder number `reminder`; returns whether any channel carried it. */
export async function sendReminder(run: TouchUpRun, reminder: number, months: number, window: SendWindow): Promise<boolean> {
  const { clinic, client, courseRef } = run.input;
  const demo = run.input.demoSecondsPerMonth !== undefined;
  const options: ActivityOptions = { ...NOTIFY_OPTIONS, scheduleToCloseTimeout: sendDeadline(client.timezone, window, demo) };
  const touchUp: TouchUpMessageRequest = {
    clinicId: clinic.id,
    clinicSnapshot: { name: clinic.name, phone: clinic.phone, bookingUrl: clinic.bookingUrl },
    context: {
      clientFirstName: client.firstName,
      months,
      hasEmail: run.channels.email === 'active',
      ...(client.locale ? { locale: client.locale } : {}),
      ...(client.region ? { clientRegion: client.region } : {}),
      ...(demo ? { demo: true } : {}),
    },
  };
  const key: TouchUpSendKey = { workflowId: run.workflowId, step: TOUCH_UP, notice: `${courseRef}#${reminder}` };
  let carried = false;

  const viaChannel = async (channel: Channel): Promise<void> => {
    const to = run.contactFor(channel);
    if (run.channels[channel] !== 'active' || !to) return;
    try {
      await SENDS[channel]({ ...options, summary: `touch-up ${reminder} by ${CHANNEL_LABEL[channel]}` }, { ...key, to, touchUp });
      run.record({ reminder, channel, at: nowIso(), status: 'sent' });
      carried = true;
    } catch (err) {
      const type = permanentFailureType(err);
      if (type) run.channels[channel] = CHANNEL_ROUTES[channel].afterPermanentFailure(type);
      run.record({ reminder, channel, at: nowIso(), status: 'failed', detail: type ?? `gave up: ${failureText(err)}` });
    }
  };
  // Every channel's activity is scheduled in the same workflow task, in CHANNELS order.
  await Promise.all(CHANNELS.map(viaChannel));
  return carried;
}
