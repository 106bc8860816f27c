/**
 * The audit log's entry for a change made through the API: who (the request's caller), from where
 * (its address), when (the API's clock), and what (the route says). Written after the change
 * succeeded. A failure to write it is logged loudly but does not turn the answer into an error:
 * the change has been made, and a 500 would have the caller retry it.
 */
import type { FastifyRequest } from 'fastify';
import { auditEntryOf, type AuditChange } from '../app/audit-entry';
import { callerOf } from './caller';
import type { AuditEntry } from '../platform/audit';
import type { ApiContext } from './context';

export type { AuditChange } from '../app/audit-entry';

export async function audit(ctx: ApiContext, request: FastifyRequest, change: AuditChange): Promise<void> {
  await record(ctx, request, auditEntryOf(callerOf(request), change, ctx.now()));
}

/**
 * What a client changed by text (STOP, START), through the Twilio webhook: the actor is the client
 * by SMS, named by no number; where from is Twilio, so no address is kept.
 */
export async function auditClientText(ctx: ApiContext, request: FastifyRequest, changes: AuditChange[]): Promise<void> {
  for (const change of changes) await record(ctx, request, auditEntryOf(CLIENT_BY_SMS, change, ctx.now()));
}

const CLIENT_BY_SMS = { actor: 'client:sms', via: 'api' } as const;

/**
 * What a client changed by an email's unsubscribe link: the actor is the client by email, named by
 * no address; the request may come from their mail provider, so no address is kept.
 */
export async function auditClientEmail(ctx: ApiContext, request: FastifyRequest, changes: AuditChange[]): Promise<void> {
  for (const change of changes) await record(ctx, request, auditEntryOf(CLIENT_BY_EMAIL, change, ctx.now()));
}

const CLIENT_BY_EMAIL = { actor: 'client:email', via: 'api' } as const;

async function record(ctx: ApiContext, request: FastifyRequest, entry: AuditEntry): Promise<void> {
  try {
    await ctx.deps.access.audit.record(entry);
  } catch (err) {
    ctx.deps.logger.error('audit entry not written', {
      component: 'api',
      reqId: request.id,
      action: entry.action,
      ...(entry.workflowId ? { workflowId: entry.workflowId } : {}),
      error: (err as Error).name,
    });
  }
}
