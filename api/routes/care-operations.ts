/**
 * What the front desk does besides enrolling and the changes of enrollment-changes.ts, so that it
 * can do everything the CLI does: switch a channel, clear a booking, mark an urgent concern
 * handled, hold or release a whole clinic, and preview a plan before enrolling. Each handler parses, calls the app operation and
 * returns its answer; the workflow's refusals are a 400 naming the field.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { clearBooking } from '../../app/book';
import { switchChannel } from '../../app/channels';
import { concernHandledDetail, markConcernHandled } from '../../app/concern';
import { holdClinic } from '../../app/hold';
import { canManageClinic } from '../../app/caller';
import { ForbiddenError } from '../../app/errors';
import { previewPlan } from '../../app/preview';
import { clinicsVisibleTo } from '../../app/visible-clinics';
import { audit } from '../audit';
import { callerOf } from '../caller';
import { defaultReason } from '../../app/reason';
import type { ApiContext } from '../context';
import { COMMON, ENDED, errorResponse, json, NO_SUCH_WORKFLOW, WITH_BODY, type RouteDoc } from '../openapi/route-doc';
import { channelBody, clinicIdParams, concernHandledBody, clinicPauseBody, clinicResumeBody, previewBody, workflowIdParams } from '../schemas/requests';
import { clinicPausedSchema, clinicResumedSchema, previewResultSchema, statusSchema } from '../schemas/responses';
import { clinicIdOf } from './clinics';
import { parseWith } from './parse';
import { visibleWorkflowOf } from './workflow-id';

const NO_SUCH_CLINIC = { 404: errorResponse('No such clinic (issues: clinicId).') };

const clinicHold = (kind: 'pause' | 'resume'): RouteDoc => ({
  method: 'post',
  path: `/api/clinics/{clinicId}/${kind}`,
  tags: ['clinics'],
  operationId: kind === 'pause' ? 'pauseClinic' : 'resumeClinic',
  summary:
    kind === 'pause'
      ? "Hold the messages of every running session of a clinic until resumed (a wrong template, say); replies still reach the clinic. The clinic's owners and administrators only"
      : "Release the messages held by a clinic pause, in every running session of the clinic. The clinic's owners and administrators only",
  request: {
    params: clinicIdParams,
    body: { required: false, content: json(kind === 'pause' ? clinicPauseBody : clinicResumeBody, { reason: kind === 'pause' ? 'template under review' : 'template fixed' }) },
  },
  responses: {
    200: { description: 'The sessions signalled.', content: json(kind === 'pause' ? clinicPausedSchema : clinicResumedSchema) },
    ...WITH_BODY,
    403: errorResponse("The caller is staff or a key of the clinic: only its owners and administrators hold the whole clinic."),
    ...NO_SUCH_CLINIC,
    ...COMMON,
  },
});

export const careOperationsDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/enrollments/{workflowId}/channels',
    tags: ['enrollments'],
    operationId: 'switchChannel',
    summary: "Switch one of the client's channels off or on (the switchChannel update)",
    description:
      'Off stays off: a contact change or a START text does not bring it back, only switching it on again. On is refused (400, issues: channel) when the client gave no consent for the channel, has no contact detail for it, opted out by STOP (only the client takes that back), or the channel failed for good (correct the detail with a contact change).',
    request: { params: workflowIdParams, body: { required: true, content: json(channelBody, { channel: 'sms', enabled: false }) } },
    responses: { 200: { description: 'Switched; the updated status.', content: json(statusSchema) }, ...WITH_BODY, ...NO_SUCH_WORKFLOW, ...ENDED, ...COMMON },
  },
  {
    method: 'delete',
    path: '/api/enrollments/{workflowId}/booking',
    tags: ['enrollments'],
    operationId: 'clearBooking',
    summary: "Clear the client's recorded booking (the clearBooking update): the booking prompts still ahead come back",
    description: 'A prompt whose time has passed is not sent late. To reschedule, record the new appointment with POST .../booking instead. 400 (issues: booking) when no booking is recorded.',
    request: { params: workflowIdParams },
    responses: {
      200: { description: 'Cleared; the updated status.', content: json(statusSchema) },
      400: errorResponse('No booking is recorded (issues: booking); nothing was changed.'),
      ...NO_SUCH_WORKFLOW,
      ...ENDED,
      ...COMMON,
    },
  },
  {
    method: 'post',
    path: '/api/enrollments/{workflowId}/concern/handled',
    tags: ['enrollments'],
    operationId: 'markConcernHandled',
    summary: "Mark the client's urgent concern handled (the markConcernHandled update): the booking prompts held since go on",
    description:
      'An urgent reply (a text that may describe a complication) opens a concern: the clinic is alerted and the booking prompts wait. Once staff have looked into it, the prompts held past their time go at the next opening of the sending window. 400 (issues: concern) when no concern is open. The note is optional; the audit log records only that one was given.',
    request: { params: workflowIdParams, body: { required: false, content: json(concernHandledBody, { note: 'called the client, healing as expected' }) } },
    responses: {
      200: { description: 'Handled; the updated status.', content: json(statusSchema) },
      400: errorResponse('No concern is open (issues: concern), or the note is not valid (issues: note); nothing was changed.'),
      ...NO_SUCH_WORKFLOW,
      ...ENDED,
      ...COMMON,
    },
  },
  clinicHold('pause'),
  clinicHold('resume'),
  {
    method: 'post',
    path: '/api/preview',
    tags: ['enrollments'],
    operationId: 'previewPlan',
    summary: "The plan a session would get at a clinic, in the client's zone, with what each step says; nothing is started",
    request: {
      body: {
        required: true,
        content: json(previewBody, { clinicId: 'northside', client: { timezone: 'America/New_York' }, session: { number: 1, performedAt: '2026-11-24T15:00:00-05:00' } }),
      },
    },
    responses: {
      200: { description: 'The steps, each with its times and message.', content: json(previewResultSchema) },
      ...WITH_BODY,
      404: errorResponse('Unknown clinic (issues: clinicId).'),
      ...COMMON,
    },
  },
];

/** What differs between holding a whole clinic and releasing it: the body, the audit action, the words. */
const CLINIC_HOLDS = {
  pause: { body: clinicPauseBody, action: 'clinic.paused', done: 'clinic paused' },
  resume: { body: clinicResumeBody, action: 'clinic.resumed', done: 'clinic resumed' },
} as const;

/** A whole clinic's messages are held or released by its owners and the administrators only. */
function managedClinicIdOf(request: FastifyRequest): string {
  const clinicId = clinicIdOf(request);
  if (!canManageClinic(callerOf(request), clinicId)) throw new ForbiddenError("Only the clinic's owners and administrators pause or resume the whole clinic.");
  return clinicId;
}

export function careOperationsRoutes(ctx: ApiContext) {
  const { clinics, logger } = ctx.deps;
  return async (api: FastifyInstance): Promise<void> => {
    const logged = (message: string, reqId: string, ids: { workflowId?: string; clinicId?: string; count?: number }) =>
      logger.info(message, { component: 'api', reqId, ...ids });

    api.post('/enrollments/:workflowId/channels', async (request) => {
      const { workflowId, clinicId } = await visibleWorkflowOf(ctx, request);
      const { channel, enabled } = parseWith(channelBody, request.body);
      const status = await ctx.temporal((client) => switchChannel({ client, workflowId, channel, enabled }));
      await audit(ctx, request, { action: 'channel.switched', clinicId, workflowId, detail: { channel, enabled } });
      logged(`channel switched ${enabled ? 'on' : 'off'}`, request.id, { workflowId });
      return status;
    });

    api.delete('/enrollments/:workflowId/booking', async (request) => {
      const { workflowId, clinicId } = await visibleWorkflowOf(ctx, request);
      const status = await ctx.temporal((client) => clearBooking({ client, workflowId }));
      await audit(ctx, request, { action: 'booking.cleared', clinicId, workflowId });
      logged('booking cleared', request.id, { workflowId });
      return status;
    });

    api.post('/enrollments/:workflowId/concern/handled', async (request) => {
      const { workflowId, clinicId } = await visibleWorkflowOf(ctx, request);
      const note = parseWith(concernHandledBody, request.body)?.note;
      const status = await ctx.temporal((client) => markConcernHandled({ client, workflowId, note }));
      await audit(ctx, request, { action: 'concern.handled', clinicId, workflowId, detail: concernHandledDetail(note) });
      logged('concern handled', request.id, { workflowId });
      return status;
    });

    for (const kind of ['pause', 'resume'] as const) {
      const { body, action, done } = CLINIC_HOLDS[kind];
      api.post(`/clinics/:clinicId/${kind}`, async (request) => {
        const clinicId = managedClinicIdOf(request);
        const reason = parseWith(body, request.body)?.reason ?? defaultReason(done, callerOf(request));
        const result = await ctx.temporal((client) => holdClinic(kind, { client, clinics, clinicId, reason }));
        await audit(ctx, request, { action, clinicId, detail: { reason, workflows: result.workflowIds.length } });
        logged(done, request.id, { clinicId, count: result.workflowIds.length });
        return result;
      });
    }

    api.post('/preview', async (request) => previewPlan({ clinics: clinicsVisibleTo(clinics, callerOf(request)), body: request.body, now: ctx.now() }));
  };
}
