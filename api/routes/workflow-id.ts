import type { FastifyRequest } from 'fastify';
import { isWorkflowId, WORKFLOW_ID_HINT } from '../../domain/identifiers';
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
