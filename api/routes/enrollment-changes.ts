/**
 * `/api/enrollments/:workflowId/...`: changes to one running session. Each answers 404 for no such
 * session and 409 once its plan has ended; what the workflow refuses is a 400 naming the field.
 */
import type { FastifyInstance } from 'fastify';
import { recordBooking } from '../../app/book';
import { cancelRun } from '../../app/cancel';
import { grantConsent, parseConsent } from '../../app/consent';
import { changeContact } from '../../app/contact';
import { pauseRuns, resumeRuns } from '../../app/hold';
import { resendStep } from '../../app/resend';
import { fieldsGiven } from '../../app/audit-entry';
import { audit } from '../audit';
import { defaultReason } from '../../app/reason';
import { callerOf } from '../caller';
import type { ApiContext } from '../context';
import { COMMON, ENDED, json, NO_SUCH_WORKFLOW, WITH_BODY, type RouteDoc } from '../openapi/route-doc';
import { bookingBody, cancelBody, consentBody, contactBody, pauseBody, resendBody, resumeBody, workflowIdParams } from '../schemas/requests';
import { cancelledSchema, heldSchema, statusSchema } from '../schemas/responses';
import { parseWith } from './parse';
import { visibleWorkflowOf } from './workflow-id';

const change = (d: { path: string; operationId: string; summary: string; body: RouteDoc['request']; ok: string; answer: Parameters<typeof json>[0]; example?: unknown }): RouteDoc => ({
  method: 'post',
  path: `/api/enrollments/{workflowId}/${d.path}`,
  tags: ['enrollments'],
  operationId: d.operationId,
  summary: d.summary,
  request: { params: workflowIdParams, ...d.body },
  responses: { 200: { description: d.ok, content: json(d.answer) }, ...WITH_BODY, ...NO_SUCH_WORKFLOW, ...ENDED, ...COMMON },
});

const body = (schema: Parameters<typeof json>[0], required: boolean, example: unknown): RouteDoc['request'] => ({
  body: { required, content: json(schema, example) },
});

export const enrollmentChangesDocs: RouteDoc[] = [
  change({
    path: 'booking',
    operationId: 'recordBooking',
    summary: "Record the client's next appointment (the recordBooking update)",
    body: body(bookingBody, true, { appointmentAt: '2026-12-22T14:00:00-05:00' }),
    ok: 'Recorded; the updated status.',
    answer: statusSchema,
  }),
  change({
    path: 'cancel',
    operationId: 'cancelEnrollment',
    summary: "Stop a session's aftercare messages",
    body: body(cancelBody, false, { reason: 'client asked us to stop' }),
    ok: 'Cancelled.',
    answer: cancelledSchema,
  }),
  change({
    path: 'pause',
    operationId: 'pauseEnrollment',
    summary: "Hold a session's messages until resumed (a step whose day passes meanwhile is skipped)",
    body: body(pauseBody, false, { reason: 'template under review' }),
    ok: 'Paused.',
    answer: heldSchema('paused'),
  }),
  change({
    path: 'resume',
    operationId: 'resumeEnrollment',
    summary: 'Release the messages held by pause',
    body: body(resumeBody, false, { reason: 'template fixed' }),
    ok: 'Resumed.',
    answer: heldSchema('resumed'),
  }),
  change({
    path: 'resend',
    operationId: 'resendStep',
    summary: 'Send an earlier client step again, now or when the window next opens',
    body: body(resendBody, true, { step: 'days-1-4', channel: 'email', reason: 'client lost the text' }),
    ok: 'Queued; the updated status.',
    answer: statusSchema,
  }),
  change({
    path: 'contact',
    operationId: 'changeContact',
    summary: "Change the client's phone, email or time zone (the updateContact update); a new zone replans the steps to come",
    body: body(contactBody, true, { phone: '+12125554478' }),
    ok: 'Changed; the updated status.',
    answer: statusSchema,
  }),
  change({
    path: 'consent',
    operationId: 'grantConsent',
    summary: 'Record a consent the client gave after enrolment, with its wording and time, and turn that channel on (the grantConsent update)',
    body: body(consentBody, true, { channel: 'sms', text: 'I agree to receive aftercare texts. Reply STOP to stop.', at: '2026-11-26T11:20:00-05:00' }),
    ok: 'Recorded; the updated status, with the consent in `consents`.',
    answer: statusSchema,
  }),
];

export function enrollmentChangesRoutes(ctx: ApiContext) {
  const { config, logger } = ctx.deps;
  return async (api: FastifyInstance): Promise<void> => {
    const logged = (message: string, reqId: string, workflowId: string) => logger.info(message, { component: 'api', reqId, workflowId });

    api.post('/enrollments/:workflowId/booking', async (request) => {
      const { workflowId, clinicId } = await visibleWorkflowOf(ctx, request);
      const { appointmentAt } = parseWith(bookingBody, request.body);
      const status = await ctx.temporal((client) => recordBooking({ client, workflowId, appointmentAt }));
      logged('booking recorded', request.id, workflowId);
      await audit(ctx, request, { action: 'booking.recorded', clinicId, workflowId });
      return status;
    });

    api.post('/enrollments/:workflowId/cancel', async (request) => {
      const { workflowId, clinicId } = await visibleWorkflowOf(ctx, request);
      const reason = parseWith(cancelBody, request.body)?.reason ?? defaultReason('cancelled', callerOf(request));
      const result = await ctx.temporal((client) => cancelRun({ client, workflowId, reason }));
      logged('enrollment cancelled', request.id, workflowId);
      await audit(ctx, request, { action: 'enrollment.cancelled', clinicId, workflowId, detail: { reason } });
      return result;
    });

    api.post('/enrollments/:workflowId/pause', async (request) => {
      const { workflowId, clinicId } = await visibleWorkflowOf(ctx, request);
      const reason = parseWith(pauseBody, request.body)?.reason ?? defaultReason('paused', callerOf(request));
      await ctx.temporal((client) => pauseRuns({ client, workflowId, reason }));
      logged('enrollment paused', request.id, workflowId);
      await audit(ctx, request, { action: 'enrollment.paused', clinicId, workflowId, detail: { reason } });
      return { workflowId, paused: true, reason };
    });

    api.post('/enrollments/:workflowId/resume', async (request) => {
      const { workflowId, clinicId } = await visibleWorkflowOf(ctx, request);
      const reason = parseWith(resumeBody, request.body)?.reason ?? defaultReason('resumed', callerOf(request));
      await ctx.temporal((client) => resumeRuns({ client, workflowId, reason }));
      logged('enrollment resumed', request.id, workflowId);
      await audit(ctx, request, { action: 'enrollment.resumed', clinicId, workflowId, detail: { reason } });
      return { workflowId, resumed: true, reason };
    });

    api.post('/enrollments/:workflowId/resend', async (request) => {
      const { workflowId, clinicId } = await visibleWorkflowOf(ctx, request);
      const { step, channel, reason } = parseWith(resendBody, request.body);
      const status = await ctx.temporal((client) => resendStep({ client, workflowId, step, channel, reason: reason ?? defaultReason('resent', callerOf(request)) }));
      logged('step resend queued', request.id, workflowId);
      await audit(ctx, request, { action: 'step.resent', clinicId, workflowId, detail: { step, ...(channel ? { channel } : {}) } });
      return status;
    });

    api.post('/enrollments/:workflowId/contact', async (request) => {
      const { workflowId, clinicId } = await visibleWorkflowOf(ctx, request);
      const { phone, email, timezone } = parseWith(contactBody, request.body);
      const status = await ctx.temporal((client) => changeContact({ client, workflowId, phone, email, timezone, phoneHashKey: config.PHONE_HASH_KEY }));
      logged('contact changed', request.id, workflowId);
      await audit(ctx, request, { action: 'contact.changed', clinicId, workflowId, detail: { fields: fieldsGiven({ phone, email, timezone }) } });
      return status;
    });

    api.post('/enrollments/:workflowId/consent', async (request) => {
      const { workflowId, clinicId } = await visibleWorkflowOf(ctx, request);
      const consent = parseConsent(request.body, ctx.now());
      const status = await ctx.temporal((client) => grantConsent({ client, workflowId, consent }));
      logged('consent recorded', request.id, workflowId);
      await audit(ctx, request, { action: 'consent.recorded', clinicId, workflowId, detail: { channel: consent.channel } });
      return status;
    });
  };
}
