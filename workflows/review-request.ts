/**
 * Whether the course-complete message asks for a review: the clinic's request goes once per client
 * ever (the claimReviewRequest activity remembers it in the database), and never to a client who
 * said STOP or unsubscribed, nor when no channel could carry it (a claim nobody reads would use up
 * the client's one request). A claim that cannot be made leaves the review out; the message itself
 * still goes.
 */
import { isCancellation, log, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import { CHANNELS } from '../domain/channels';
import type { ClientStepId, MessageContext } from '../domain/messages';
import type { RunState } from './run-state';

type Activities = ReturnType<typeof createActivities>;

const { claimReviewRequest } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumAttempts: 5 },
});

/** What `step`'s message adds to the run's context: the review link for the one course-complete that claims it. */
export async function reviewRequestFor(run: RunState, step: ClientStepId): Promise<Pick<MessageContext, 'reviewUrl'>> {
  if (step !== 'course-complete') return {};
  if (CHANNELS.some((c) => run.channels[c] === 'opted-out')) return {};
  if (!CHANNELS.some((c) => run.channels[c] === 'active' && run.contactFor(c))) return {};
  const { clinic, clientRef } = run.input;
  try {
    return await claimReviewRequest({ clinicId: clinic.id, clientRef, workflowId: run.workflowId, runId: workflowInfo().firstExecutionRunId });
  } catch (err) {
    if (isCancellation(err)) throw err;
    log.warn('review request left out: the claim could not be made', { workflowId: run.workflowId });
    return {};
  }
}
