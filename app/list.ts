/**
 * The enrolled sessions, read from visibility (the search attributes), newest first. A session
 * whose history grew long has several runs under its workflow ID (workflows/continue-as-new.ts):
 * the lists show its newest run only.
 */
import type { Client } from '@temporalio/client';
import type { ClinicDirectory } from '../domain/clinic';
import { SEARCH_ATTRIBUTES, WORKFLOW_TYPE } from '../workflows/contract';
import { clinicScopeOf, isAdmin, requireClinicVisible, type Caller } from './caller';
import { getClinicOf } from './clinics';

export interface ListRow {
  workflowId: string;
  clinicId: string | null;
  clientRef: string | null;
  sessionNumber: number | null;
  phase: string | null;
  nextStepAt: string | null;
  bookingStatus: string | null;
  /** Addition: 'none', or what stops delivery. */
  deliveryProblem: string | null;
}

export const LIST_LIMIT = 500;

export interface ListRequest {
  client: Client;
  /** Who asks: anyone but an administrator sees their own clinic's sessions only. */
  caller: Caller;
  /** Only this clinic's sessions (UnknownClinicError for a clinic the caller may not see). The caller has checked its form (CLINIC_ID). */
  clinicId?: string | undefined;
  /** When given, an unknown clinicId is an UnknownClinicError rather than an empty list. */
  clinics?: ClinicDirectory;
  limit?: number;
}

export async function listEnrollments(req: ListRequest): Promise<ListRow[]> {
  const { client, caller } = req;
  if (req.clinicId !== undefined) requireClinicVisible(caller, req.clinicId);
  const clinicId = req.clinicId ?? clinicScopeOf(caller);
  // Not an administrator, yet tied to no clinic: nothing is theirs to see.
  if (clinicId === undefined && !isAdmin(caller)) return [];
  if (clinicId !== undefined && req.clinics) await getClinicOf(req.clinics, clinicId);
  const limit = req.limit ?? LIST_LIMIT;
  // A run that continued as new is one session, shown once: by its newest run.
  const query = `WorkflowType = '${WORKFLOW_TYPE}' AND ExecutionStatus != 'ContinuedAsNew'${clinicId ? ` AND ${SEARCH_ATTRIBUTES.ClinicId.name} = '${clinicId}'` : ''}`;
  const rows: ListRow[] = [];
  for await (const wf of client.workflow.list({ query })) {
    const sa = wf.typedSearchAttributes;
    rows.push({
      workflowId: wf.workflowId,
      clinicId: sa.get(SEARCH_ATTRIBUTES.ClinicId) ?? null,
      clientRef: sa.get(SEARCH_ATTRIBUTES.ClientRef) ?? null,
      sessionNumber: sa.get(SEARCH_ATTRIBUTES.SessionNumber) ?? null,
      phase: sa.get(SEARCH_ATTRIBUTES.AftercarePhase) ?? null,
      nextStepAt: sa.get(SEARCH_ATTRIBUTES.NextStepAt)?.toISOString() ?? null,
      bookingStatus: sa.get(SEARCH_ATTRIBUTES.BookingStatus) ?? null,
      deliveryProblem: sa.get(SEARCH_ATTRIBUTES.DeliveryProblem) ?? null,
    });
    if (rows.length >= limit) break;
  }
  return rows;
}

/** The running runs of one clinic (what `pause --clinic` holds). */
export async function runningOfClinic(client: Client, clinicId: string): Promise<string[]> {
  const ids: string[] = [];
  const query = `WorkflowType = '${WORKFLOW_TYPE}' AND ${SEARCH_ATTRIBUTES.ClinicId.name} = '${clinicId}' AND ExecutionStatus = 'Running'`;
  for await (const wf of client.workflow.list({ query })) ids.push(wf.workflowId);
  return ids;
}
