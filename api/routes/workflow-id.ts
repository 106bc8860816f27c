import type { FastifyRequest } from 'fastify';
import { requireWorkflowVisible } from '../../app/workflow-access';
import { isWorkflowId, WORKFLOW_ID_HINT } from '../../domain/identifiers';
import { callerOf } from '../caller';
import type { ApiContext } from '../context';
import { notFound } from '../errors';

/**
 * The `:workflowId` of the URL, in either ID scheme (runs enrolled before the clinic and client
 * parts were kept apart keep their IDs); one that cannot be an aftercare workflow ID is simply not
 * there (404).
 */
export function workflowIdOf(request: FastifyRequest): string {
  const { workflowId } = request.params as { workflowId: string };
  if (!isWorkflowId(workflowId)) {
    throw notFound(`"${workflowId.slice(0, 150)}" ${WORKFLOW_ID_HINT}.`);
  }
  return workflowId;
}

/**
 * The `:workflowId` of the URL when the caller may see its run, with the run's clinic (for the
 * audit log): a run of another clinic is a 404 exactly like a missing one (app/workflow-access.ts).
 */
export async function visibleWorkflowOf(ctx: ApiContext, request: FastifyRequest): Promise<{ workflowId: string; clinicId: string | null }> {
  const workflowId = workflowIdOf(request);
  const clinicId = await ctx.temporal((client) => requireWorkflowVisible(client, callerOf(request), workflowId));
  return { workflowId, clinicId: clinicId ?? null };
}
