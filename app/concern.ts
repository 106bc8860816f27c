/**
 * Staff marking a client's urgent concern handled (the `markConcernHandled` update): the booking
 * prompts held since the urgent reply go at the next window opening. The optional note may hold
 * health details, so the audit log keeps only whether there was one, never its text.
 */
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { markConcernHandledUpdate, type AftercareStatus } from '../workflows/contract';
import type { AuditChange } from './audit-entry';
import { callRun } from './run-call';

/** The longest note staff may give. */
export const CONCERN_NOTE_MAX = 1_000;

/** The request body (API) and the CLI's --note, checked alike. */
export const concernNoteSchema = z
  .string({ message: 'must be text' })
  .trim()
  .min(1, { message: 'must not be empty (leave it out for no note)' })
  .max(CONCERN_NOTE_MAX, { message: `must be at most ${CONCERN_NOTE_MAX} characters` });

/** The updated status; InvalidInputError (path `concern`: none is open), RunEndedError or NotFoundError when refused. */
export async function markConcernHandled(req: { client: Client; workflowId: string; note?: string | undefined }): Promise<AftercareStatus> {
  const arg = req.note !== undefined ? { note: req.note } : {};
  return callRun(req.client, req.workflowId, (run) => run.executeUpdate(markConcernHandledUpdate, { args: [arg] }));
}

/** The audit entry's detail of a concern handled: whether a note was given, never what it said. */
export function concernHandledDetail(note: string | undefined): NonNullable<AuditChange['detail']> {
  return { hasNote: note !== undefined };
}
