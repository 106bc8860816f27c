/**
 * A client's touch-up reminders (issue 16): `GET /api/clinics/:clinicId/clients/:clientRef/touch-ups`
 * shows them, `POST .../touch-ups/stop` stops them (audit `touch-ups.stopped`). Another clinic's
 * client, or a client who never had any, is 404.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { stopTouchUps, touchUpView, type TouchUpView } from '../../app/touch-ups';
import { NotFoundError } from '../../app/errors';
import { CLIENT_REF, touchUpWorkflowIdFor } from '../../domain/identifiers';
import { audit } from '../audit';
import { callerOf } from '../caller';
import type { ApiContext } from '../context';
import { COMMON, errorResponse, json, WITH_BODY, type RouteDoc } from '../openapi/route-doc';
import { clientParams, touchUpStopBody } from '../schemas/requests';
import { touchUpViewSchema } from '../schemas/responses';
import { clinicIdOf } from './clinics';
import { parseWith } from './parse';

const NO_TOUCH_UPS = { 404: errorResponse('No such clinic, or the client has no touch-up reminders there.') };

export const touchUpsDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/clinics/{clinicId}/clients/{clientRef}/touch-ups',
    tags: ['enrollments'],
    operationId: 'getTouchUps',
    summary: "The client's touch-up reminders: waiting for the next one, stopped, or ended",
    request: { params: clientParams },
    responses: { 200: { description: 'The touch-ups.', content: json(touchUpViewSchema) }, ...NO_TOUCH_UPS, ...COMMON },
  },
  {
    method: 'post',
    path: '/api/clinics/{clinicId}/clients/{clientRef}/touch-ups/stop',
    tags: ['enrollments'],
    operationId: 'stopTouchUps',
    summary: "Stop the client's touch-up reminders for good (the end of their next course starts them again)",
    description: 'Stopping reminders that are already stopped or ended answers them as they are.',
    request: { params: clientParams, body: { required: false, content: json(touchUpStopBody, { reason: 'client asked at the desk' }) } },
    responses: { 200: { description: 'Stopped; the touch-ups as they are now.', content: json(touchUpViewSchema) }, ...WITH_BODY, ...NO_TOUCH_UPS, ...COMMON },
  },
];

/** The URL's clinic (visible to the caller, else 404) and client reference (one that cannot be a reference is not there either). */
function clientOf(request: FastifyRequest): { clinicId: string; clientRef: string } {
  const clinicId = clinicIdOf(request);
  const { clientRef } = request.params as { clientRef: string };
  if (!CLIENT_REF.test(clientRef)) throw new NotFoundError(touchUpWorkflowIdFor(clinicId, clientRef.slice(0, 70)), `no client '${clientRef.slice(0, 70)}' at clinic '${clinicId}'`);
  return { clinicId, clientRef };
}

export function touchUpsRoutes(ctx: ApiContext) {
  const { logger } = ctx.deps;
  return async (api: FastifyInstance): Promise<void> => {
    api.get('/clinics/:clinicId/clients/:clientRef/touch-ups', async (request): Promise<TouchUpView> => {
      const { clinicId, clientRef } = clientOf(request);
      const view = await ctx.temporal((client) => touchUpView(client, clinicId, clientRef));
      if (!view) throw new NotFoundError(touchUpWorkflowIdFor(clinicId, clientRef), `no touch-up reminders for client '${clientRef}' at clinic '${clinicId}'`);
      return view;
    });

    api.post('/clinics/:clinicId/clients/:clientRef/touch-ups/stop', async (request): Promise<TouchUpView> => {
      const { clinicId, clientRef } = clientOf(request);
      const reason = parseWith(touchUpStopBody, request.body)?.reason;
      const view = await ctx.temporal((client) => stopTouchUps({ client, caller: callerOf(request), clinicId, clientRef }));
      logger.info('touch-ups stopped', { component: 'api', reqId: request.id, clinicId, workflowId: view.workflowId });
      await audit(ctx, request, { action: 'touch-ups.stopped', clinicId, workflowId: view.workflowId, detail: { clientRef, ...(reason ? { reason } : {}) } });
      return view;
    });
  };
}
