/** Sending an earlier client step again: the `resendStep` update, checked by the workflow. */
import type { Client } from '@temporalio/client';
import type { StepId } from '../domain/steps';
import { resendStepUpdate, type AftercareStatus, type Channel } from '../workflows/contract';
import { callRun } from './run-call';

export interface ResendRequest {
  client: Client;
  workflowId: string;
  /** Checked by the workflow (a known client step that has gone out): InvalidInputError with path `step` otherwise. */
  step: string;
  channel?: Channel | undefined;
  reason?: string | undefined;
}

export async function resendStep(req: ResendRequest): Promise<AftercareStatus> {
  const { client, workflowId, step, channel, reason } = req;
  return callRun(client, workflowId, (run) =>
    run.executeUpdate(resendStepUpdate, {
      args: [{ step: step as StepId, ...(channel ? { channel } : {}), ...(reason !== undefined ? { reason } : {}) }],
    }),
  );
}
