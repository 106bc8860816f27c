/** Stopping a run's messages: the `cancel` signal. */
import type { Client } from '@temporalio/client';
import { cancelSignal } from '../workflows/contract';
import { callRun } from './run-call';

export interface Cancelled {
  workflowId: string;
  cancelled: true;
  reason: string;
}

/** RunEndedError when the run has ended already, NotFoundError when there is none. */
export async function cancelRun(req: { client: Client; workflowId: string; reason: string }): Promise<Cancelled> {
  await callRun(req.client, req.workflowId, (run) => run.signal(cancelSignal, { reason: req.reason }));
  return { workflowId: req.workflowId, cancelled: true, reason: req.reason };
}
