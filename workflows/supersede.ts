/**
 * Only the newest session of a client runs (interface.md), whichever order the sessions were
 * enrolled in: a newer session ends the earlier sessions' runs, and an older session that starts
 * while a newer one runs ends at once.
 */
import { getExternalWorkflowHandle, log, patched, workflowInfo } from '@temporalio/workflow';
import { legacyWorkflowIdFor, siblingWorkflowId } from '../domain/identifiers';
import { olderSessionStartedSignal, supersedeSignal, type AftercareInput } from './contract';
import type { RunState } from './run-state';

/** patched() id of an older session ending when a newer one already runs; never reuse it. */
const NEWER_SESSION_PATCH = 'older-session-yields-to-a-running-newer-one';

/**
 * Session `sessionNumber` of this run's client, in the ID scheme of this run's own ID: a run
 * enrolled under the first scheme (domain/identifiers.ts) finds its siblings there, a new one never
 * looks there (such an ID may be another clinic's client; app/legacy-sessions.ts reaches those
 * after checking). A run under an ID of neither scheme (a test's own ID, a replayed history's file
 * name) keeps the first scheme, which is what its history recorded.
 */
function sessionId(input: AftercareInput, sessionNumber: number): string {
  return siblingWorkflowId(workflowInfo().workflowId, sessionNumber) ?? legacyWorkflowIdFor(input.clinic.id, input.clientRef, sessionNumber);
}

/** Signals every earlier session of this client, oldest first. */
export async function supersedeEarlierSessions(input: AftercareInput): Promise<void> {
  const { session } = input;
  for (let earlier = 1; earlier < session.number; earlier++) {
    try {
      await getExternalWorkflowHandle(sessionId(input, earlier)).signal(supersedeSignal, { bySessionNumber: session.number });
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
  const { session } = run.input;
  if (session.number >= session.plannedSessions || !patched(NEWER_SESSION_PATCH)) return;
  for (let later = session.plannedSessions; later > session.number; later--) {
    try {
      await getExternalWorkflowHandle(sessionId(run.input, later)).signal(olderSessionStartedSignal, { sessionNumber: session.number });
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
