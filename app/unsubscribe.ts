/**
 * A client's one-click unsubscribe: email switched off (`optOut { channel: 'email' }`) in every
 * running run of that address at the clinic the link names (aftercare and touch-up runs alike), found by the EmailHash and ClinicId
 * search attributes. Another clinic's runs of the same address are not touched: the client
 * unsubscribed from this clinic's emails. A run that ends meanwhile is skipped.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { optOutSignal, SEARCH_ATTRIBUTES, WORKFLOW_TYPE } from '../workflows/contract';
import { TOUCH_UP_WORKFLOW_TYPE } from '../workflows/touch-up-contract';
import type { UnsubscribeSubject } from './unsubscribe-token';

/** At most this many runs of one address are touched by one click. */
const MAX_RUNS_OF_AN_ADDRESS = 100;

/** Both values come from a verified token: a clinic id and a hex hash, nothing to escape. */
function runsQuery(subject: UnsubscribeSubject): string {
  return [
    // The aftercare runs, and the touch-up reminders that follow a course (issue 16).
    `WorkflowType IN ('${WORKFLOW_TYPE}', '${TOUCH_UP_WORKFLOW_TYPE}')`,
    `ExecutionStatus = 'Running'`,
    `${SEARCH_ATTRIBUTES.EmailHash.name} = '${subject.emailHash}'`,
    `${SEARCH_ATTRIBUTES.ClinicId.name} = '${subject.clinicId}'`,
  ].join(' AND ');
}

/** Switches email off in each running run of the address at the clinic; returns the workflow IDs reached. */
export async function unsubscribeEmail(req: { client: Client; subject: UnsubscribeSubject }): Promise<string[]> {
  const ids: string[] = [];
  for await (const wf of req.client.workflow.list({ query: runsQuery(req.subject) })) {
    ids.push(wf.workflowId);
    if (ids.length >= MAX_RUNS_OF_AN_ADDRESS) break;
  }
  const reached: string[] = [];
  for (const workflowId of ids) {
    try {
      await req.client.workflow.getHandle(workflowId).signal(optOutSignal, { channel: 'email' });
      reached.push(workflowId);
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
  return reached;
}
