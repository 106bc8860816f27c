/** A run's status: the workflow's `status` query (interface.md). */
import { QueryNotRegisteredError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { statusQuery, type AftercareStatus } from '../workflows/contract';
import { NotFoundError } from './errors';

export async function getStatus(req: { client: Client; workflowId: string }): Promise<AftercareStatus> {
  try {
    return await req.client.workflow.getHandle(req.workflowId).query(statusQuery);
  } catch (err) {
    // A workflow of another type has no `status` query: for us it is not there either.
    if (err instanceof WorkflowNotFoundError || err instanceof QueryNotRegisteredError) throw new NotFoundError(req.workflowId);
    throw err;
  }
}
