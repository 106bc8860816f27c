/**
 * A client's sessions enrolled before workflow IDs kept the clinic id and the client reference
 * apart (domain/identifiers.ts). Their runs keep the first scheme's IDs, which a run of the new
 * scheme never signals (workflows/supersede.ts): such an ID may equally be another clinic's client
 * (`north` + `side-C1` and `north-side` + `C1`). The enrolment reaches them here, by ID, and acts
 * only on a run whose own ClinicId and ClientRef search attributes are this client's.
 *
 * Only needed while runs of the first scheme are left (a run lives about a month after its
 * session, longer while a booking reminder waits).
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { legacyWorkflowIdFor } from '../domain/identifiers';
import { SEARCH_ATTRIBUTES, supersedeSignal, type AftercareInput } from '../workflows/contract';

export interface LegacySession {
  workflowId: string;
  sessionNumber: number;
  running: boolean;
}

/** The sessions of the input's client (this one included) that have a run under a first-scheme ID. */
export async function legacySessionsOf(client: Client, input: AftercareInput): Promise<LegacySession[]> {
  const numbers = Array.from({ length: Math.max(input.session.plannedSessions, input.session.number) }, (_, i) => i + 1);
  const found = await Promise.all(numbers.map((n) => legacySession(client, input, n)));
  return found.filter((s): s is LegacySession => s !== undefined);
}

async function legacySession(client: Client, input: AftercareInput, sessionNumber: number): Promise<LegacySession | undefined> {
  const workflowId = legacyWorkflowIdFor(input.clinic.id, input.clientRef, sessionNumber);
  try {
    const d = await client.workflow.getHandle(workflowId).describe();
    const attrs = d.typedSearchAttributes;
    const mine = attrs.get(SEARCH_ATTRIBUTES.ClinicId) === input.clinic.id && attrs.get(SEARCH_ATTRIBUTES.ClientRef) === input.clientRef;
    return mine ? { workflowId, sessionNumber, running: d.status.name === 'RUNNING' } : undefined;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}

/** Ends the running first-scheme runs of the client's earlier sessions, as a newer session's run does. */
export async function supersedeLegacySessions(client: Client, sessions: readonly LegacySession[], bySessionNumber: number): Promise<void> {
  for (const s of sessions) {
    if (!s.running || s.sessionNumber >= bySessionNumber) continue;
    try {
      await client.workflow.getHandle(s.workflowId).signal(supersedeSignal, { bySessionNumber });
    } catch (err) {
      // Ended between the look-up and the signal: nothing left to supersede.
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
}
