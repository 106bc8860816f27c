/**
 * The clinics' inbox (app/inbox.ts, app/inbox-reply.ts): the clients' texts, newest first with the
 * unread counts; a run's texts for its timeline; marking read; a staff reply texted to the client.
 */
import type { FastifyInstance } from 'fastify';
import { inboxQuery, listInbox, markTextRead, textsOfWorkflow } from '../../app/inbox';
import { replyBody, replyToText } from '../../app/inbox-reply';
import { audit } from '../audit';
import { callerOf } from '../caller';
import type { ApiContext } from '../context';
import { COMMON, errorResponse, json, NO_SUCH_WORKFLOW, WITH_BODY, type RouteDoc } from '../openapi/route-doc';
import { workflowIdParams } from '../schemas/requests';
import { idempotencyHeaders, inboxPageSchema, inboxTextSchema, textIdParams, timelineTextsSchema } from '../schemas/inbox';
import { adminDepsOf } from './admin-deps';
import { visibleWorkflowOf } from './workflow-id';

const NO_SUCH_TEXT = { 404: errorResponse("No such text, or another clinic's (issues: id).") };

export const inboxDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/inbox',
    tags: ['inbox'],
    operationId: 'listInbox',
    summary: "The clients' texts and staff replies, newest first, with the unread counts: a clinic's own; administrators every clinic's and those no clinic could be told for",
    request: { query: inboxQuery },
    responses: {
      200: { description: 'One page of texts, and the unread counts.', content: json(inboxPageSchema) },
      400: errorResponse('A malformed parameter (issues name it) or an unknown one.'),
      404: errorResponse('No such clinic, or not one you can see (issues: clinicId).'),
      ...COMMON,
    },
  },
  {
    method: 'get',
    path: '/api/enrollments/{workflowId}/texts',
    tags: ['inbox'],
    operationId: 'textsOfEnrollment',
    summary: "A plan's texts both ways (the client's and staff replies), oldest first, for its timeline",
    request: { params: workflowIdParams },
    responses: { 200: { description: 'The texts.', content: json(timelineTextsSchema) }, ...NO_SUCH_WORKFLOW, ...COMMON },
  },
  {
    method: 'post',
    path: '/api/inbox/{id}/read',
    tags: ['inbox'],
    operationId: 'markTextRead',
    summary: "Mark a client's text read, with the same number's earlier unread texts at that clinic",
    request: { params: textIdParams },
    responses: { 204: { description: 'Marked read.' }, ...NO_SUCH_TEXT, ...COMMON },
  },
  {
    method: 'post',
    path: '/api/inbox/{id}/reply',
    tags: ['inbox'],
    operationId: 'replyToText',
    summary: "Text the client back from the clinic's number (the same sender as the aftercare texts); a retried request texts once",
    description: "The reply is kept with the client's texts; the audit log records who replied to which text, never the words.",
    request: { params: textIdParams, headers: idempotencyHeaders, body: { required: true, content: json(replyBody, { text: 'Thanks Alex, some redness on day 2 is expected. Call us if it spreads.' }) } },
    responses: {
      201: { description: "The reply, as the inbox shows it (a retried request: the first one's).", content: json(inboxTextSchema) },
      ...WITH_BODY,
      ...NO_SUCH_TEXT,
      502: errorResponse('The SMS provider refused the text for good (a landline, an opted-out number); it is kept as failed.'),
      ...COMMON,
    },
  },
];

export function inboxRoutes(ctx: ApiContext) {
  const deps = adminDepsOf(ctx);
  return async (api: FastifyInstance): Promise<void> => {
    api.get('/inbox', async (request) => listInbox(deps, callerOf(request), request.query));

    api.get('/enrollments/:workflowId/texts', async (request) => {
      const { workflowId } = await visibleWorkflowOf(ctx, request);
      return textsOfWorkflow(deps, callerOf(request), workflowId);
    });

    api.post('/inbox/:id/read', async (request, reply) => {
      const { id } = request.params as { id: string };
      await markTextRead(deps, callerOf(request), id);
      return reply.code(204).send();
    });

    api.post('/inbox/:id/reply', async (request, reply) => {
      const { id } = request.params as { id: string };
      const key = request.headers['idempotency-key'];
      const caller = callerOf(request);
      const result = await replyToText({ ...deps, sms: ctx.deps.sms }, caller, id, request.body, typeof key === 'string' && key !== '' ? key.slice(0, 200) : undefined);
      if (result.sent) {
        await audit(ctx, request, {
          action: 'text.replied',
          clinicId: result.reply.clinicId,
          workflowId: result.reply.workflowId ?? undefined,
          detail: { textId: result.reply.id, inReplyTo: result.inReplyTo.id, status: result.reply.status },
        });
        ctx.deps.logger.info('staff reply texted', { component: 'api', reqId: request.id, textId: result.reply.id, status: result.reply.status, ...(result.reply.workflowId ? { workflowId: result.reply.workflowId } : {}) });
      }
      return reply.code(201).send(result.reply);
    });
  };
}
