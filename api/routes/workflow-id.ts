import type { FastifyRequest } from 'fastify';
import { isWorkflowId } from '../../domain/identifiers';
import { notFound } from '../errors';

/** The `:workflowId` of the URL; one that cannot be an aftercare workflow ID is simply not there (404). */
export function workflowIdOf(request: FastifyRequest): string {
  const { workflowId } = request.params as { workflowId: string };
  if (!isWorkflowId(workflowId)) {
    throw notFound(`"${workflowId.slice(0, 150)}" is not an aftercare workflow ID (aftercare-<clinicId>-<clientRef>-s<n>).`);
  }
  return workflowId;
}
