/**
 * A client's reply that may describe a complication (the API's triage says `urgent`): at once,
 * whatever the hour and even while the run is paused, the clinic gets an alert by email (with the
 * text) and by text to its on-call phone, the client gets an answer (the clinic will be in touch
 * today; seek care now if it gets worse), and a concern opens that holds the booking prompts
 * until staff mark it handled (RunState.nextStep, markConcernHandled). A further urgent reply
 * while the concern is open goes to the clinic by email only: one text each way per concern.
 */
import { patched, proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import { PERMANENT_FAILURE } from '../activities/types';
import { CHANNEL_LABEL } from '../domain/channels';
import { renderClinicNotice } from '../domain/messages';
import { URGENT_REPLY } from '../domain/urgent';
import { readsClinicAtSendTime } from './clinic-at-send-time';
import type { QueuedReply, SentRecord } from './contract';
import { failureText, permanentFailureType } from './failures';
import { noticeContext } from './notice-context';
import type { RunState } from './run-state';
import { nowIso } from './timing';

type Activities = ReturnType<typeof createActivities>;

/** patched() id of answering urgent replies and holding booking prompts for them; never reuse it. */
const URGENT_REPLIES_PATCH = 'urgent-replies';

/**
 * A person should hear of it within a minute: retries start fast. They end after an hour, since
 * the timeline waits for these sends (care-rule steps with it); a permanent failure (a number
 * that cannot take texts) is not retried at all.
 */
const URGENT_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '1 hour',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '5 minutes',
    nonRetryableErrorTypes: Object.values(PERMANENT_FAILURE),
  },
};
const { notifyClinic, alertClinicBySms, answerUrgentReply } = proxyActivities<Activities>(URGENT_OPTIONS);

/** Takes the waiting urgent replies out of the queue and answers each; the rest are forwarded as before. */
export async function answerUrgentReplies(run: RunState): Promise<void> {
  for (;;) {
    const at = run.replies.findIndex((r) => r.triage?.class === 'urgent');
    // Only a reply the API triaged reaches patched(): every earlier run replays as it was.
    if (at < 0 || !patched(URGENT_REPLIES_PATCH)) return;
    const [reply] = run.replies.splice(at, 1);
    await answerUrgent(run, reply!);
  }
}

async function answerUrgent(run: RunState, reply: QueuedReply): Promise<void> {
  const firstOfConcern = run.concern === undefined;
  run.openConcern(reply.messageSid, reply.triage?.matched ?? []);
  const { clinic, client, clientRef, session } = run.input;
  const urgent = { workflowId: run.workflowId, messageSid: reply.messageSid, clinicId: clinic.id, clinicSnapshot: { name: clinic.name, phone: clinic.phone } };
  const done: string[] = [];

  /** Runs one send and records it; a failure is recorded, never thrown (the others still go). */
  const attempt = async (channel: SentRecord['channel'], label: string, send: () => Promise<unknown>) => {
    try {
      await send();
      run.record({ id: URGENT_REPLY, channel, at: nowIso(), status: 'sent' });
      done.push(label);
    } catch (err) {
      run.record({ id: URGENT_REPLY, channel, at: nowIso(), status: 'failed', detail: permanentFailureType(err) ?? `gave up: ${failureText(err)}` });
    }
  };

  const answerBy = firstOfConcern ? (['sms', 'email'] as const).find((c) => run.channels[c] === 'active' && run.contactFor(c)) : undefined;
  const facts = { matched: reply.triage?.matched ?? [], receivedAt: reply.receivedAt, ...(firstOfConcern ? { clientAnsweredBy: answerBy ?? ('none' as const) } : {}) };
  const { subject, text } = renderClinicNotice('urgent-reply', noticeContext(run, reply.text, undefined, facts));
  const current = readsClinicAtSendTime() ? { clinicId: clinic.id } : {};
  const sends = [
    attempt('clinic-email', 'clinic alerted by email', () =>
      notifyClinic.executeWithOptions({ ...URGENT_OPTIONS, summary: 'urgent alert to the clinic by email' }, [
        { workflowId: run.workflowId, step: URGENT_REPLY, notice: reply.messageSid, to: clinic.email, ...current, subject, text },
      ]),
    ),
  ];
  if (firstOfConcern) {
    sends.push(
      attempt('clinic-sms', 'on-call phone texted', () =>
        alertClinicBySms.executeWithOptions({ ...URGENT_OPTIONS, summary: 'urgent alert to the clinic by SMS' }, [{ ...urgent, clientRef, sessionNumber: session.number }]),
      ),
    );
    const channel = answerBy;
    const to = channel && run.contactFor(channel);
    if (channel && to) {
      sends.push(
        attempt(channel, `client answered by ${CHANNEL_LABEL[channel]}`, () =>
          answerUrgentReply.executeWithOptions({ ...URGENT_OPTIONS, summary: `answer to an urgent reply by ${CHANNEL_LABEL[channel]}` }, [
            {
              ...urgent,
              channel,
              to,
              clientFirstName: client.firstName,
              ...(client.region ? { clientRegion: client.region } : {}),
              // Absent in runs from before languages: their input, and so this command, is as it was.
              ...(client.locale ? { locale: client.locale } : {}),
              ...(run.demoScale ? { demo: true } : {}),
            },
          ]),
        ),
      );
    }
  }
  // All at once, in one workflow task: the clinic hears of it as soon as the client is answered.
  await Promise.all(sends);
  const held = run.holdsBookingPrompts() ? '; booking prompts held' : '';
  run.publish(`urgent reply: ${done.length ? done.join(', ') : 'no alert could be sent'}${held}`);
}
