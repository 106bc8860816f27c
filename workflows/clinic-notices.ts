/**
 * What the clinic's staff are told by email: the follow-up call, a client no channel reaches, a
 * channel that failed for good, and the client's own replies (several that came together in one
 * digest). Each notice is keyed (step + kind, or the reply's message SID, or a digest's first SID)
 * so the dedupe store lets it through once.
 */
import { log, patched, proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import { CHANNELS, describeChannels } from '../domain/channels';
import { renderClinicNotice, type ClinicNoticeKind, type DigestReply } from '../domain/messages';
import type { StepId } from '../domain/steps';
import { CHANNEL_ROUTES, NOTIFY_OPTIONS } from './channels';
import { readsClinicAtSendTime } from './clinic-at-send-time';
import { timeToContinueAsNew } from './continue-as-new';
import { failureText } from './failures';
import type { QueuedReply } from './contract';
import { noticeContext } from './notice-context';
import type { RunState } from './run-state';
import { nowIso } from './timing';
import { answerUrgentReplies } from './urgent';

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

/** patched() id of forwarding replies that waited together as one digest email; never reuse it. */
const REPLY_DIGEST_PATCH = 'replies-forwarded-as-one-digest';

/**
 * The most replies one digest carries. A reply's text is at most 1,600 characters, so a full
 * digest stays near 100 kB, far below Temporal's 2 MB payload limit; more replies go in more digests.
 */
export const REPLIES_PER_DIGEST = 50;

function send(run: RunState, step: StepId, notice: string, kind: ClinicNoticeKind, detail?: string, replies?: DigestReply[]) {
  const { subject, text } = renderClinicNotice(kind, noticeContext(run, detail, replies));
  const { clinic } = run.input;
  // Since the patch the notice goes to the clinic's current email; `to` is the enrolment's copy.
  const current = readsClinicAtSendTime() ? { clinicId: clinic.id } : {};
  return notifyClinic.executeWithOptions({ ...CLINIC_NOTICE_OPTIONS, summary: `tell the clinic: ${kind}` }, [
    { workflowId: run.workflowId, step, notice, to: clinic.email, ...current, subject, text },
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

/**
 * Forwards the waiting client replies: one alone in its own notice (keyed by its message SID),
 * several that waited together in digests of up to REPLIES_PER_DIGEST. Replies that come while one
 * goes out wait for the next round. A failure is logged, not retried.
 */
export async function forwardReplies(run: RunState): Promise<void> {
  for (;;) {
    // Urgent replies first, and by their own path: the clinic alerted, the client answered.
    await answerUrgentReplies(run);
    // Runs that forwarded waiting replies one by one before the change replay that way.
    if (run.replies.length > 1 && patched(REPLY_DIGEST_PATCH)) {
      await forwardDigest(run, run.replies.splice(0, REPLIES_PER_DIGEST));
    } else {
      const reply = run.replies.shift();
      if (!reply) return;
      await forwardReply(run, reply);
    }
    // Replies that keep coming would keep this loop (and the history) going: once the history is
    // long, the few left wait for the next run, which the caller starts (continue-as-new.ts).
    if (run.replies.length && timeToContinueAsNew(run)) return;
  }
}

/** One reply in its own notice: what every reply got before digests. */
async function forwardReply(run: RunState, reply: QueuedReply): Promise<void> {
  const kind = reply.kind === 'wants-to-book' ? 'client-wants-to-book' : 'client-message';
  await send(run, run.phase as StepId, `reply-${reply.messageSid}`, kind, reply.text).catch((err: unknown) =>
    log.warn('could not forward a client reply', { workflowId: run.workflowId, error: failureText(err) }),
  );
}

/** Several replies in one notice, keyed by the first one's SID: no reply is in two digests. */
async function forwardDigest(run: RunState, batch: QueuedReply[]): Promise<void> {
  const replies = batch.map((r) => ({ at: r.receivedAt, wantsToBook: r.kind === 'wants-to-book', ...(r.text ? { text: r.text } : {}) }));
  await send(run, run.phase as StepId, `replies-from-${batch[0]!.messageSid}`, 'client-replies', undefined, replies).catch((err: unknown) =>
    log.warn('could not forward a digest of client replies', { workflowId: run.workflowId, replies: batch.length, error: failureText(err) }),
  );
}
