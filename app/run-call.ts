/**
 * One call (signal, update) to one aftercare run, with Temporal's failures turned into the app's
 * typed errors: the workflow validator's refusal becomes InvalidInputError or RunEndedError (read
 * with `refusalOf`, never from message text), a run that is gone becomes RunEndedError when it
 * has ended and NotFoundError when it never existed.
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { refusalOf } from '../workflows/validation';
import { InvalidInputError, NotFoundError, RunEndedError } from './errors';

export interface RunCallOptions {
  /** The NotFoundError's message when there is no such run (default: "no aftercare workflow with ID ..."). */
  notFound?: string;
}

export async function callRun<T>(client: Client, workflowId: string, call: (handle: WorkflowHandle) => Promise<T>, opts: RunCallOptions = {}): Promise<T> {
  try {
    return await call(client.workflow.getHandle(workflowId));
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) throw refusalError(err, workflowId);
    if (err instanceof WorkflowNotFoundError) throw await goneOrMissing(client, workflowId, opts.notFound);
    throw err;
  }
}

/** The typed error for an update the workflow refused; the failure itself when it is no refusal. */
export function refusalError(err: WorkflowUpdateFailedError, workflowId: string): Error {
  const refusal = refusalOf(err);
  if (!refusal) return err;
  return refusal.kind === 'invalid' ? new InvalidInputError([refusal.issue]) : new RunEndedError(workflowId, refusal.issue.message);
}

/** After "not found" from a signal or update: the run may exist but have ended. */
async function goneOrMissing(client: Client, workflowId: string, notFound: string | undefined): Promise<Error> {
  try {
    const description = await client.workflow.getHandle(workflowId).describe();
    if (description.status.name !== 'RUNNING') {
      return new RunEndedError(workflowId, `this aftercare plan has already ended (${description.status.name.toLowerCase()})`);
    }
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
  }
  return new NotFoundError(workflowId, notFound);
}
