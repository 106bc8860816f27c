/**
 * The audit log's entry for a change made through the API: who (the request's caller), from where
 * (its address), when (the API's clock), and what (the route says). Written after the change
 * succeeded. A failure to write it is logged loudly but does not turn the answer into an error:
 * the change has been made, and a 500 would have the caller retry it.
 */
import type { FastifyRequest } from 'fastify';
import { auditEntryOf, type AuditChange } from '../app/audit-entry';
import { callerOf } from './caller';
import type { ApiContext } from './context';

export type { AuditChange } from '../app/audit-entry';

export async function audit(ctx: ApiContext, request: FastifyRequest, change: AuditChange): Promise<void> {
  const entry = auditEntryOf(callerOf(request), change, ctx.now());
  try {
    await ctx.deps.access.audit.record(entry);
  } catch (err) {
    ctx.deps.logger.error('audit entry not written', {
      component: 'api',
      reqId: request.id,
      action: change.action,
      ...(change.workflowId ? { workflowId: change.workflowId } : {}),
      error: (err as Error).name,
    });
  }
}
