/**
 * A client's whole course (`GET /api/clinics/:clinicId/clients/:clientRef/course`) and the
 * enrolment of their next session prefilled from the session before it
 * (`GET /api/enrollments/:workflowId/next-enrollment`). Another clinic's client or run is 404.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { courseOf, type Course } from '../../app/course';
import { enrollmentSchema } from '../../app/enrollment-schema';
import { nextEnrollment } from '../../app/next-enrollment';
import { CLIENT_REF_HINT } from '../../domain/identifiers';
import { callerOf } from '../caller';
import type { ApiContext } from '../context';
import { COMMON, errorResponse, json, NO_SUCH_WORKFLOW, type RouteDoc } from '../openapi/route-doc';
import { clientParams, workflowIdParams } from '../schemas/requests';
import { touchUpViewSchema } from '../schemas/responses';
import { clinicIdOf } from './clinics';
import { visibleWorkflowOf } from './workflow-id';

const instant = () => z.string().meta({ format: 'date-time' });

export const courseSchema = z
  .object({
    clinicId: z.string(),
    clientRef: z.string(),
    plannedSessions: z.number().int(),
    complete: z.boolean().meta({ description: 'The final planned session is enrolled and its timeline is over.' }),
    sessions: z.array(
      z.object({
        workflowId: z.string(),
        sessionNumber: z.number().int(),
        performedAt: instant().nullable(),
        phase: z.string().nullable(),
        status: z.enum(['healing', 'done', 'cancelled']),
        booking: z.object({ appointmentAt: instant() }).optional().meta({ description: "The next session's appointment this session's run recorded." }),
      }),
    ),
    nextSession: z
      .object({
        number: z.number().int(),
        appointmentAt: instant(),
        fromWorkflowId: z.string().meta({ description: 'The session the next enrolment is prefilled from (GET /api/enrollments/{workflowId}/next-enrollment).' }),
        enrolNow: z.boolean().meta({ description: "The appointment's day has come in the client's zone." }),
      })
      .nullable(),
    touchUp: touchUpViewSchema.nullable().meta({ description: "The client's touch-up reminders once the course is complete; null when there are none." }),
  })
  .meta({ id: 'Course' }) satisfies z.ZodType<Course>;

export const courseDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/clinics/{clinicId}/clients/{clientRef}/course',
    tags: ['enrollments'],
    operationId: 'getCourse',
    summary: "A client's course: each enrolled session (healing, done, cancelled), the booked next one, and whether it can be enrolled today",
    request: { params: clientParams },
    responses: {
      200: { description: 'The course.', content: json(courseSchema) },
      400: errorResponse(`A malformed clientRef (${CLIENT_REF_HINT}).`),
      404: errorResponse('No such clinic, or no session of this client there.'),
      ...COMMON,
    },
  },
  {
    method: 'get',
    path: '/api/enrollments/{workflowId}/next-enrollment',
    tags: ['enrollments'],
    operationId: 'getNextEnrollment',
    summary: "The enrolment of the client's next session, prefilled from this one (the client's details as its run has them), on the appointment's day",
    description:
      'The answer is a body for POST /api/enrollments, for staff to check first: session number + 1, performedAt the appointment (or now, if that is earlier), the same planned sessions, consent as on record (a channel the client stopped is off).',
    request: { params: workflowIdParams },
    responses: {
      200: { description: 'The prefilled enrolment.', content: json(enrollmentSchema) },
      ...NO_SUCH_WORKFLOW,
      409: errorResponse('No next session to enrol now: this is the last planned session, no appointment is recorded, its day has not come, or it is enrolled already.'),
      ...COMMON,
    },
  },
];

export function courseRoutes(ctx: ApiContext) {
  const { clinics } = ctx.deps;
  return async (api: FastifyInstance): Promise<void> => {
    api.get('/clinics/:clinicId/clients/:clientRef/course', async (request) => {
      const clinicId = clinicIdOf(request);
      const { clientRef } = request.params as { clientRef: string };
      return ctx.temporal((client) => courseOf({ client, caller: callerOf(request), clinics, clinicId, clientRef, now: ctx.now() }));
    });

    api.get('/enrollments/:workflowId/next-enrollment', async (request) => {
      const { workflowId } = await visibleWorkflowOf(ctx, request);
      return ctx.temporal((client) => nextEnrollment({ client, workflowId, now: ctx.now() }));
    });
  };
}
