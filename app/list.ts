/**
 * The enrolled sessions, read from visibility (the search attributes), newest first. A session
 * whose history grew long has several runs under its workflow ID (workflows/continue-as-new.ts):
 * the lists show its newest run only.
 */
import type { Client } from '@temporalio/client';
import type { ClinicDirectory } from '../domain/clinic';
import { CLIENT_REF, CLIENT_REF_HINT } from '../domain/identifiers';
import { normalisedPhone } from '../domain/phone';
import { SEARCH_ATTRIBUTES, WORKFLOW_TYPE } from '../workflows/contract';
import { clinicScopeOf, isAdmin, requireClinicVisible, type Caller } from './caller';
import { getClinicOf } from './clinics';
import { InvalidInputError, NotConfiguredError } from './errors';
import { phoneHash } from './phone-hash';

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
  /** 'open' while an urgent reply waits for staff (markConcernHandled); 'none' otherwise, and for runs from before urgent replies. */
  concern: 'open' | 'none';
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
  /** Only this client reference (exact). */
  clientRef?: string | undefined;
  /**
   * Only this phone: E.164, or national in the country of the clinic's phone (with clinicId and
   * clinics). Matched by its PhoneHash, so it needs phoneHashKey (NotConfiguredError without).
   */
  phone?: string | undefined;
  phoneHashKey?: string | undefined;
}

/** The search attributes a list is narrowed by, each checked here: they go into a visibility query. */
async function conditionsOf(req: ListRequest): Promise<string[]> {
  const { clinicId, clientRef, phone } = req;
  const clinic = clinicId !== undefined && req.clinics ? await getClinicOf(req.clinics, clinicId) : undefined;
  const conditions: string[] = [];
  if (clinicId) conditions.push(`${SEARCH_ATTRIBUTES.ClinicId.name} = '${clinicId}'`);
  if (clientRef !== undefined) {
    if (!CLIENT_REF.test(clientRef)) throw new InvalidInputError([{ path: 'clientRef', message: CLIENT_REF_HINT }]);
    conditions.push(`${SEARCH_ATTRIBUTES.ClientRef.name} = '${clientRef}'`);
  }
  if (phone !== undefined) {
    const number = normalisedPhone(phone, clinic?.phone);
    if (!number.ok) throw new InvalidInputError([{ path: 'phone', message: number.message }]);
    if (!req.phoneHashKey) {
      throw new NotConfiguredError('PHONE_HASH_KEY', 'PHONE_HASH_KEY must be set to search by phone: clients are found by the hash of their number, never the number.');
    }
    conditions.push(`${SEARCH_ATTRIBUTES.PhoneHash.name} = '${phoneHash(number.e164, req.phoneHashKey)}'`);
  }
  return conditions;
}

export async function listEnrollments(req: ListRequest): Promise<ListRow[]> {
  const { client, caller } = req;
  if (req.clinicId !== undefined) requireClinicVisible(caller, req.clinicId);
  const clinicId = req.clinicId ?? clinicScopeOf(caller);
  // Not an administrator, yet tied to no clinic: nothing is theirs to see.
  if (clinicId === undefined && !isAdmin(caller)) return [];
  const limit = req.limit ?? LIST_LIMIT;
  // A run that continued as new is one session, shown once: by its newest run.
  const query = [`WorkflowType = '${WORKFLOW_TYPE}'`, `ExecutionStatus != 'ContinuedAsNew'`, ...(await conditionsOf({ ...req, clinicId }))].join(' AND ');
  const rows: ListRow[] = [];
  // One page of the size asked for: the server's default page (1000) would fetch and decode twice the rows shown.
  for await (const wf of client.workflow.list({ query, pageSize: limit })) {
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
      concern: sa.get(SEARCH_ATTRIBUTES.Concern) === 'open' ? 'open' : 'none',
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
