/**
 * Drives a run on a dev server told to suggest continue-as-new early: one client reply at a time,
 * each forwarded to the clinic (`mails` grows) before the next, until the run has continued as new
 * or `max` replies went. Returns the newest run's ID and how many replies went.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { clientReplySignal } from '../../workflows/contract';
import { eventually } from './eventually';

export async function replyUntilContinued(handle: WorkflowHandle, mails: () => unknown[], sidPrefix: string, max = 20): Promise<{ runId: string; replies: number }> {
  const { runId: firstRunId } = await handle.describe();
  let replies = 0;
  while ((await handle.describe()).runId === firstRunId && replies < max) {
    const before = mails().length;
    await handle.signal(clientReplySignal, { kind: 'message', text: `Reply number ${++replies}`, messageSid: `${sidPrefix}${replies}` });
    await eventually(async () => mails().length, (n) => n > before, 10_000, 50);
  }
  return { runId: (await handle.describe()).runId, replies };
}
