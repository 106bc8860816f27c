/**
 * Only the newest session of a client runs (interface.md), whichever order the sessions were
 * enrolled in: a newer session ends the earlier sessions' runs, and an older session that starts
 * while a newer one runs ends at once.
 */
import { getExternalWorkflowHandle, log, patched } from '@temporalio/workflow';
import { workflowIdFor } from '../domain/identifiers';
import { olderSessionStartedSignal, supersedeSignal, type AftercareInput } from './contract';
import type { RunState } from './run-state';

/** patched() id of an older session ending when a newer one already runs; never reuse it. */
const NEWER_SESSION_PATCH = 'older-session-yields-to-a-running-newer-one';

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

/**
 * Ends this run as superseded, before it sends anything, when a later session of the client is
 * running: a signal reaches only a running workflow, so one that gets through finds it.
 */
export async function yieldToNewerSession(run: RunState): Promise<void> {
  const { clinic, clientRef, session } = run.input;
  if (session.number >= session.plannedSessions || !patched(NEWER_SESSION_PATCH)) return;
  for (let later = session.plannedSessions; later > session.number; later--) {
    try {
      await getExternalWorkflowHandle(workflowIdFor(clinic.id, clientRef, later)).signal(olderSessionStartedSignal, { sessionNumber: session.number });
    } catch {
      continue; // not enrolled, or already ended
    }
    run.stopped ??= { phase: 'superseded', why: `session ${later} is already under way` };
    log.info('older session started after a newer one: superseded at once', { workflowId: run.workflowId, newer: later });
    return;
  }
}

/** Whether the run ended before its first step (a newer session runs): then it reports nothing. */
export function endedAtStart(run: RunState): boolean {
  return run.stopped !== undefined && patched(NEWER_SESSION_PATCH);
}
