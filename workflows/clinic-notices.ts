/**
 * What the clinic's staff are told by email: the follow-up call, a client no channel reaches, a
 * channel that failed for good, and the client's own replies. Each notice is keyed (step + kind,
 * or the reply's message SID) so the dedupe store lets it through once.
 */
import { log, patched, proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import { CHANNELS, describeChannels } from '../domain/channels';
import { renderClinicNotice, type ClinicNoticeKind } from '../domain/messages';
import type { StepId } from '../domain/steps';
import { CHANNEL_ROUTES, NOTIFY_OPTIONS } from './channels';
import { failureText } from './failures';
import type { RunState } from './run-state';
import { nowIso } from './timing';

type Activities = ReturnType<typeof createActivities>;

/** Clinic notices are internal and not night-sensitive: retry for up to a day. */
const CLINIC_NOTICE_OPTIONS: ActivityOptions = {
  ...NOTIFY_OPTIONS,
  scheduleToCloseTimeout: '1 day',
  retry: { ...NOTIFY_OPTIONS.retry, maximumAttempts: 30, maximumInterval: '1 hour' },
};
const { notifyClinic } = proxyActivities<Activities>(CLINIC_NOTICE_OPTIONS);

/** patched() id of telling the clinic when one channel fails for good while the other still works. */
const FAILED_CHANNEL_PATCH = 'clinic-told-of-a-failed-channel';

function noticeContext(run: RunState, detail?: string) {
  const { clinic, client, clientRef, session } = run.input;
  return {
    clinicName: clinic.name,
    clientRef,
    clientFirstName: client.firstName,
    workflowId: run.workflowId,
    sessionNumber: session.number,
    timezone: run.zone,
    ...(detail ? { detail } : {}),
    ...(run.demoScale ? { demo: true } : {}),
  };
}

function send(run: RunState, step: StepId, notice: string, kind: ClinicNoticeKind, detail?: string) {
  const { subject, text } = renderClinicNotice(kind, noticeContext(run, detail));
  return notifyClinic.executeWithOptions({ ...CLINIC_NOTICE_OPTIONS, summary: `tell the clinic: ${kind}` }, [
    { workflowId: run.workflowId, step, notice, to: run.input.clinic.email, subject, text },
  ]);
}

/** Sends a notice about `step` and records it with the run's sends. */
export async function tellClinic(run: RunState, step: StepId, kind: ClinicNoticeKind, detail?: string): Promise<void> {
  try {
    await send(run, step, kind, kind, detail);
    run.record({ id: step, channel: 'clinic-email', at: nowIso(), status: 'sent', detail: kind });
  } catch (err) {
    run.record({ id: step, channel: 'clinic-email', at: nowIso(), status: 'failed', detail: failureText(err) });
  }
}

/** Once per contact change: no channel reaches the client any more. */
export async function reportUnreachable(run: RunState, step: StepId): Promise<void> {
  if (run.reachable() || run.unreachableNoticeSent) return;
  run.unreachableNoticeSent = true;
  log.warn('client unreachable on every channel', { workflowId: run.workflowId, ...run.channels });
  await tellClinic(run, step, 'unreachable', describeChannels(run.channels));
}

/**
 * A number or address refused for good while another channel still works: the client keeps
 * getting the steps, but the clinic should fix the contact detail. (With no channel left, the
 * unreachable notice says it all; an SMS opt-out is the client's choice, not a fault.)
 */
export async function reportFailedChannels(run: RunState, step: StepId): Promise<void> {
  if (!run.reachable()) return;
  for (const channel of CHANNELS) {
    if (run.channels[channel] !== 'failed' || run.failedChannelNoticeSent.has(channel)) continue;
    // Runs that failed a channel before this change replay without the notice.
    if (!patched(FAILED_CHANNEL_PATCH)) return;
    run.failedChannelNoticeSent.add(channel);
    const why = run.lastRecord(channel, (r) => r.status === 'failed')?.detail;
    await tellClinic(run, step, CHANNEL_ROUTES[channel].failedNotice, why);
  }
}

/** A channel a delivery callback switched off: the clinic hears of it as of a failed send. */
export async function reportCallbackFailure(run: RunState): Promise<void> {
  const step = run.callbackFailureToReport;
  if (!step) return;
  run.callbackFailureToReport = undefined;
  await reportUnreachable(run, step);
  await reportFailedChannels(run, step);
}

/** Forwards each waiting client reply, keyed by its message SID; a failure is logged, not retried. */
export async function forwardReplies(run: RunState): Promise<void> {
  for (let reply = run.replies.shift(); reply; reply = run.replies.shift()) {
    const kind = reply.kind === 'wants-to-book' ? 'client-wants-to-book' : 'client-message';
    await send(run, run.phase as StepId, `reply-${reply.messageSid}`, kind, reply.text).catch((err: unknown) =>
      log.warn('could not forward a client reply', { workflowId: run.workflowId, error: failureText(err) }),
    );
  }
}
