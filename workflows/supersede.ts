/** A newer session of the same client ends the earlier sessions' runs (interface.md). */
import { getExternalWorkflowHandle } from '@temporalio/workflow';
import { workflowIdFor } from '../domain/identifiers';
import { supersedeSignal, type AftercareInput } from './contract';

/** Signals every earlier session of this client, oldest first. */
export async function supersedeEarlierSessions(input: AftercareInput): Promise<void> {
  const { clinic, clientRef, session } = input;
  for (let earlier = 1; earlier < session.number; earlier++) {
    try {
      await getExternalWorkflowHandle(workflowIdFor(clinic.id, clientRef, earlier)).signal(supersedeSignal, { bySessionNumber: session.number });
    } catch {
      // That session was never enrolled here, or has already finished: nothing to supersede.
    }
  }
}
