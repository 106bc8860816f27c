/**
 * Whether a caller may see one aftercare run, decided in one place for every per-workflow
 * operation: a run of a clinic the caller may not see is answered exactly like a run that does not
 * exist (NotFoundError), so a caller learns nothing about other clinics' clients.
 *
 * The clinic is read from the ID when the ID says it unambiguously (`aftercare-<clinic>~<ref>-s<n>`);
 * an ID of the first scheme (`aftercare-<clinic>-<ref>-s<n>`) can be split more than one way, so
 * its run's ClinicId search attribute decides (or, for a run older than that attribute, the
 * clinic its status names).
 */
import { QueryNotRegisteredError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { clinicOfWorkflowId } from '../domain/identifiers';
import { SEARCH_ATTRIBUTES, statusQuery, WORKFLOW_TYPE } from '../workflows/contract';
import { canSeeClinic, isAdmin, type Caller } from './caller';
import { NotFoundError } from './errors';

/** The clinic a run belongs to, from its ID or its run; undefined when there is no aftercare run by that ID. */
export async function clinicOfWorkflow(client: Client, workflowId: string): Promise<string | undefined> {
  const fromId = clinicOfWorkflowId(workflowId);
  if (fromId !== undefined) return fromId;
  try {
    const handle = client.workflow.getHandle(workflowId);
    const description = await handle.describe();
    if (description.type !== WORKFLOW_TYPE) return undefined;
    return description.typedSearchAttributes.get(SEARCH_ATTRIBUTES.ClinicId) ?? (await handle.query(statusQuery)).clinicId;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError || err instanceof QueryNotRegisteredError) return undefined;
    throw err;
  }
}

/**
 * The run's clinic when the caller may see the run; NotFoundError (the same as for a missing run)
 * when it belongs to another clinic or cannot be placed. An administrator may see every run: for
 * them the clinic is looked up only to say it (the audit log), and a missing run is left to the
 * operation itself to report.
 */
export async function requireWorkflowVisible(client: Client, caller: Caller, workflowId: string): Promise<string | undefined> {
  const clinicId = await clinicOfWorkflow(client, workflowId);
  if (isAdmin(caller)) return clinicId;
  if (clinicId === undefined || !canSeeClinic(caller, clinicId)) throw new NotFoundError(workflowId);
  return clinicId;
}
