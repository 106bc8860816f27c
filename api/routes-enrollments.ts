/**
 * `/api/...`: the clinic-facing routes of interface.md, JSON in and out, plus `GET /api/clinics`
 * (the configured clinics, for the front desk's picker).
 *
 * Every route but the documentation needs `Authorization: Bearer <API_KEY>` (401 with
 * `WWW-Authenticate` otherwise); keys are compared as SHA-256 digests with `timingSafeEqual`, so the
 * comparison takes the same time whatever the key. Authenticated requests are then rate-limited
 * per key (API_RATE_LIMIT_PER_MINUTE, 429 beyond). Bodies must be JSON (415 otherwise), at most
 * BODY_LIMIT bytes (413), and every body is checked field by field with unknown fields refused
 * (400 naming each field; nothing is started or changed then).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, QueryNotRegisteredError, type Client } from '@temporalio/client';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isoInstantSchema } from '../domain/plan';
import { STEP_IDS, STEPS } from '../domain/steps';
import { listEnrollments } from '../cli/commands/server-commands';
import { EnrollmentError, parseEnrollment, type FieldIssue } from '../app/enrollment-schema';
import { CLINIC_ID, CLINIC_ID_HINT, WORKFLOW_ID } from '../domain/identifiers';
import { AlreadyEnrolledError, enroll, UnknownClinicError } from '../app/enrollment-service';
import { cancelSignal, recordBookingUpdate, statusQuery } from '../workflows/contract';
import { HttpError, invalidRequest, notFound } from './errors';
import type { ApiContext } from './server';


const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** zod issues as the API's `{ path, message }`, the same words as the enrollment schema uses. */
export function fieldIssues(error: z.ZodError, where: 'body' | 'query' = 'body'): FieldIssue[] {
  return error.issues.flatMap((i) => {
    const path = i.path.map(String).join('.');
    if (i.code === 'unrecognized_keys' && where === 'query') {
      return i.keys.map((key) => ({ path: key, message: 'is not a known query parameter' }));
    }
    return [{ path: path || '(body)', message: i.code === 'unrecognized_keys' ? `unknown field(s): ${i.keys.join(', ')}` : i.message }];
  });
}

const bookingBody = z.strictObject(
  { appointmentAt: z.string({ message: 'is required: an ISO-8601 date and time with an offset' }).pipe(isoInstantSchema) },
  { message: 'must be a JSON object: { "appointmentAt": "<ISO-8601 with offset>" }' },
);

const cancelBody = z
  .strictObject(
    {
      reason: z
        .string({ message: 'must be text' })
        .trim()
        .min(1, { message: 'must not be empty' })
        .max(200, { message: 'must be at most 200 characters' })
        .optional(),
    },
    { message: 'must be a JSON object: { "reason": "..." } (or no body)' },
  )
  .optional();

const listQuery = z.strictObject({
  clinicId: z.string({ message: 'must be given once' }).regex(CLINIC_ID, { message: CLINIC_ID_HINT }).optional(),
});

function workflowIdParam(request: FastifyRequest): string {
  const { workflowId } = request.params as { workflowId: string };
  if (!WORKFLOW_ID.test(workflowId)) {
    throw notFound(`"${workflowId.slice(0, 150)}" is not an aftercare workflow ID (aftercare-<clinicId>-<clientRef>-s<n>).`);
  }
  return workflowId;
}

const noSuchWorkflow = (workflowId: string) => notFound(`There is no aftercare workflow with ID ${workflowId}.`, { workflowId });

/** After a "not found" from a signal or update: the workflow may exist but have ended. */
async function goneOrMissing(client: Client, workflowId: string): Promise<HttpError> {
  try {
    const description = await client.workflow.getHandle(workflowId).describe();
    if (description.status.name !== 'RUNNING') {
      return new HttpError(409, {
        error: 'workflow_closed',
        message: `The aftercare plan ${workflowId} has already ended (${description.status.name.toLowerCase()}); nothing was changed.`,
        workflowId,
      });
    }
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
  }
  return noSuchWorkflow(workflowId);
}

function unauthorized(presented: boolean): never {
  throw new HttpError(
    401,
    { error: 'unauthorized', message: 'A valid API key is required: send the header Authorization: Bearer <API_KEY>.' },
    { 'www-authenticate': presented ? 'Bearer realm="aftercare", error="invalid_token"' : 'Bearer realm="aftercare"' },
  );
}

export function enrollmentRoutes(ctx: ApiContext) {
  const { config, clinics, logger } = ctx.deps;
  const expectedKey = config.API_KEY ? sha256(config.API_KEY) : undefined;

  return async function routes(api: FastifyInstance): Promise<void> {
    // JSON only: no text/plain (Fastify's other default), and an empty body is "no body".
    api.removeAllContentTypeParsers();
    api.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, text, done) => {
      const raw = typeof text === 'string' ? text : text.toString('utf8');
      if (raw.trim() === '') return done(null, undefined);
      try {
        // JSON.parse makes `__proto__`/`constructor` plain own keys (no prototype is touched); the
        // strict schemas then refuse them as unknown fields, naming where they were.
        done(null, JSON.parse(raw));
      } catch {
        done(invalidRequest([{ path: '(body)', message: 'is not valid JSON' }]), undefined);
      }
    });

    api.addHook('onRequest', async (request, reply) => {
      reply.header('cache-control', 'no-store');
      if (!expectedKey) {
        throw new HttpError(503, { error: 'not_configured', message: 'The server has no API_KEY set, so it cannot accept API requests.' });
      }
      const header = request.headers.authorization;
      const m = /^Bearer +(\S+) *$/i.exec(header ?? '');
      if (!m || !timingSafeEqual(sha256(m[1]!), expectedKey)) unauthorized(header !== undefined);
    });

    await api.register(rateLimit, {
      global: true,
      hook: 'onRequest',
      max: config.API_RATE_LIMIT_PER_MINUTE,
      timeWindow: 60_000,
      // Only authenticated requests get here (the key check runs first): one bucket per key.
      keyGenerator: (request) => `key:${sha256(/^Bearer +(\S+)/i.exec(request.headers.authorization ?? '')?.[1] ?? '').toString('hex').slice(0, 32)}`,
      errorResponseBuilder: (_request, context) =>
        new HttpError(429, {
          error: 'rate_limited',
          message: `Too many requests with this API key: at most ${context.max} a minute. Try again in ${context.after}.`,
        }),
    });

    // --- the care steps (ids, days and labels from the one step table, for the front desk) -------

    api.get('/steps', async () => STEP_IDS.map((id) => ({ id, day: STEPS[id].day, to: STEPS[id].to, label: STEPS[id].label })));

    // --- clinics (for the front desk's clinic picker) -----------------------------------------

    api.get('/clinics', async () =>
      [...clinics.values()].map((c) => ({
        id: c.id,
        name: c.name,
        phone: c.phone,
        bookingUrl: c.bookingUrl,
        sendTime: c.sendTime,
        window: `${c.window.start}-${c.window.end}`,
        plannedSessions: c.plannedSessions,
      })),
    );

    // --- enrollments -------------------------------------------------------------------------

    api.post('/enrollments', async (request, reply) => {
      const now = ctx.now();
      let enrollment;
      try {
        enrollment = parseEnrollment(request.body, now);
      } catch (err) {
        if (err instanceof EnrollmentError) throw invalidRequest(err.issues);
        throw err;
      }
      const { consent } = enrollment.client;
      const consentRecord = consent.text ? { text: consent.text, at: consent.at ?? now.toISOString() } : undefined;
      try {
        const result = await ctx.temporal((client) =>
          enroll({
            client,
            clinics,
            body: request.body,
            now,
            ...(config.PHONE_HASH_KEY ? { phoneHashKey: config.PHONE_HASH_KEY } : {}),
            ...(consentRecord ? { consentRecord } : {}),
          }),
        );
        logger.info('client enrolled', { component: 'api', reqId: request.id, workflowId: result.workflowId, phoneHashSet: Boolean(config.PHONE_HASH_KEY) });
        reply.code(201).header('location', `/api/enrollments/${result.workflowId}`);
        return result;
      } catch (err) {
        if (err instanceof EnrollmentError) throw invalidRequest(err.issues);
        if (err instanceof UnknownClinicError) {
          throw notFound(`Unknown clinic "${err.clinicId}".`, { issues: [{ path: 'clinicId', message: `unknown clinic "${err.clinicId}"` }] });
        }
        if (err instanceof AlreadyEnrolledError) {
          throw new HttpError(409, {
            error: 'already_enrolled',
            message: `This session is already enrolled as ${err.workflowId}.`,
            workflowId: err.workflowId,
          });
        }
        throw err;
      }
    });

    api.get('/enrollments', async (request) => {
      const parsed = listQuery.safeParse(request.query);
      if (!parsed.success) throw invalidRequest(fieldIssues(parsed.error, 'query'));
      const { clinicId } = parsed.data;
      if (clinicId !== undefined && !clinics.has(clinicId)) {
        throw notFound(`Unknown clinic "${clinicId}".`, { issues: [{ path: 'clinicId', message: `unknown clinic "${clinicId}"` }] });
      }
      return ctx.temporal((client) => listEnrollments(client, clinicId));
    });

    api.get('/enrollments/:workflowId', async (request) => {
      const workflowId = workflowIdParam(request);
      try {
        return await ctx.temporal((client) => client.workflow.getHandle(workflowId).query(statusQuery));
      } catch (err) {
        if (err instanceof WorkflowNotFoundError || err instanceof QueryNotRegisteredError) throw noSuchWorkflow(workflowId);
        throw err;
      }
    });

    api.post('/enrollments/:workflowId/booking', async (request) => {
      const workflowId = workflowIdParam(request);
      const parsed = bookingBody.safeParse(request.body);
      if (!parsed.success) throw invalidRequest(fieldIssues(parsed.error));
      const { appointmentAt } = parsed.data;
      return ctx.temporal(async (client) => {
        try {
          const status = await client.workflow.getHandle(workflowId).executeUpdate(recordBookingUpdate, { args: [{ appointmentAt }] });
          logger.info('booking recorded', { component: 'api', reqId: request.id, workflowId });
          return status;
        } catch (err) {
          if (err instanceof WorkflowUpdateFailedError) {
            // The workflow's validator refused it: "appointmentAt: <why>", or the plan has ended.
            const why = (err.cause as Error | undefined)?.message ?? 'refused';
            const m = /^appointmentAt: (.*)$/s.exec(why);
            if (m) throw invalidRequest([{ path: 'appointmentAt', message: m[1]! }]);
            throw new HttpError(409, { error: 'workflow_closed', message: `Nothing was recorded: ${why}.`, workflowId });
          }
          if (err instanceof WorkflowNotFoundError) throw await goneOrMissing(client, workflowId);
          throw err;
        }
      });
    });

    api.post('/enrollments/:workflowId/cancel', async (request) => {
      const workflowId = workflowIdParam(request);
      const parsed = cancelBody.safeParse(request.body);
      if (!parsed.success) throw invalidRequest(fieldIssues(parsed.error));
      const reason = parsed.data?.reason ?? 'cancelled through the API';
      return ctx.temporal(async (client) => {
        try {
          await client.workflow.getHandle(workflowId).signal(cancelSignal, { reason });
        } catch (err) {
          if (err instanceof WorkflowNotFoundError) throw await goneOrMissing(client, workflowId);
          throw err;
        }
        logger.info('enrollment cancelled', { component: 'api', reqId: request.id, workflowId });
        return { workflowId, cancelled: true, reason };
      });
    });
  };
}
