/** `/api/enrollments`: enroll a client, list the sessions, one session's status. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { enrollmentSchema } from '../../app/enrollment-schema';
import { enroll } from '../../app/enroll';
import { LIST_LIMIT, listEnrollments } from '../../app/list';
import { getStatus } from '../../app/status';
import { calendarUrl } from '../../app/calendar-token';
import { clinicOfWorkflowId } from '../../domain/identifiers';
import { audit } from '../audit';
import { callerOf } from '../caller';
import type { ApiContext } from '../context';
import { COMMON, errorResponse, json, NO_SUCH_WORKFLOW, WITH_BODY, type RouteDoc } from '../openapi/route-doc';
import { listQuery, workflowIdParams } from '../schemas/requests';
import { enrollmentResultSchema, listRowSchema, statusSchema } from '../schemas/responses';
import { parseWith } from './parse';
import { visibleWorkflowOf } from './workflow-id';

const EXAMPLE_ENROLLMENT = {
  clinicId: 'northside',
  clientRef: 'C1042',
  client: {
    firstName: 'Jordan',
    phone: '+12125554477',
    email: 'jordan@example.com',
    timezone: 'America/New_York',
    consent: { sms: true, email: true, text: 'I agree to receive aftercare texts and emails.', at: '2026-11-24T15:05:00-05:00' },
  },
  session: { number: 1, performedAt: '2026-11-24T15:00:00-05:00', plannedSessions: 3 },
};

/** The enrollment body as documented: the very schema `enroll` parses with, named. */
const enrollmentDoc = enrollmentSchema.meta({ id: 'Enrollment', description: 'At least one channel must be consented to. Unknown fields are refused.' });

export const enrollmentsDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/enrollments',
    tags: ['enrollments'],
    operationId: 'enroll',
    summary: 'Enroll a client after a treatment session (starts its aftercare workflow)',
    request: { body: { required: true, content: json(enrollmentDoc, EXAMPLE_ENROLLMENT) } },
    responses: {
      201: { description: 'Enrolled; Location names the new enrollment.', content: json(enrollmentResultSchema) },
      ...WITH_BODY,
      404: errorResponse('Unknown clinic (issues: clinicId).'),
      409: errorResponse('This session of this client is already enrolled (workflowId names it).'),
      ...COMMON,
    },
  },
  {
    method: 'get',
    path: '/api/enrollments',
    tags: ['enrollments'],
    operationId: 'listEnrollments',
    summary: `List enrolled sessions, newest first (at most ${LIST_LIMIT})`,
    request: { query: listQuery },
    responses: {
      200: { description: 'The sessions.', content: json(z.array(listRowSchema)) },
      400: errorResponse('A malformed clinicId, clientRef or phone, or an unknown query parameter.'),
      404: errorResponse('Unknown clinic.'),
      ...COMMON,
    },
  },
  {
    method: 'get',
    path: '/api/enrollments/{workflowId}',
    tags: ['enrollments'],
    operationId: 'getEnrollment',
    summary: "A session's phase, next step, what was sent and its delivery status",
    request: { params: workflowIdParams },
    responses: { 200: { description: 'The status query.', content: json(statusSchema) }, ...NO_SUCH_WORKFLOW, ...COMMON },
  },
];

export function enrollmentsRoutes(ctx: ApiContext) {
  const { config, clinics, logger } = ctx.deps;
  return async (api: FastifyInstance): Promise<void> => {
    api.post('/enrollments', async (request, reply) => {
      const caller = callerOf(request);
      const result = await ctx.temporal((client) => enroll({ client, caller, clinics, body: request.body, now: ctx.now(), phoneHashKey: config.PHONE_HASH_KEY }));
      await audit(ctx, request, { action: 'enrollment.created', clinicId: clinicOfWorkflowId(result.workflowId) ?? null, workflowId: result.workflowId });
      logger.info('client enrolled', { component: 'api', reqId: request.id, workflowId: result.workflowId, phoneHashSet: Boolean(config.PHONE_HASH_KEY) });
      reply.code(201).header('location', `/api/enrollments/${result.workflowId}`);
      return result;
    });

    api.get('/enrollments', async (request) => {
      const { clinicId, clientRef, phone } = parseWith(listQuery, request.query, 'query');
      return ctx.temporal((client) => listEnrollments({ client, caller: callerOf(request), clinicId, clinics, clientRef, phone, phoneHashKey: config.PHONE_HASH_KEY }));
    });

    api.get('/enrollments/:workflowId', async (request) => {
      const { workflowId } = await visibleWorkflowOf(ctx, request);
      const status = await ctx.temporal((client) => getStatus({ client, workflowId }));
      // The session's calendar address, for staff to hand the client (the welcome email has it too).
      const { PUBLIC_BASE_URL: base, PHONE_HASH_KEY: key } = config;
      return base && key ? { ...status, calendarUrl: calendarUrl(base, key, workflowId) } : status;
    });
  };
}
