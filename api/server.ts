/**
 * The clinic-facing HTTP API and the Twilio webhooks, as one Fastify app (interface.md):
 *
 *   /api/enrollments ...        JSON, `Authorization: Bearer <key>` or a sign-in session cookie
 *                               (api/plugins/auth.ts), rate-limited per person or key
 *   /api/session ...            signing in and out, password resets, invitations (api/routes/session.ts)
 *   /api/clinics, /api/steps    the clinics and the care steps, for the front desk
 *   /api/languages              the languages clients' messages are written in
 *   /api/clinics/:id/keys|staff, /api/audit   administration (api/routes/keys.ts, staff.ts, audit.ts)
 *   /api/inbox ...              clients' texts and staff replies (api/routes/inbox.ts)
 *   /api/photos ...             the photos clients text in, and staff's review (api/routes/photos.ts)
 *   /api/clinics/:id/numbers[.csv]  the clinic's numbers over 30 or 90 days (api/routes/numbers.ts)
 *   /, web/ files, /vendor/*   the front desk (web/ and its Preact/htm/Luxon modules), given `frontDeskDir`
 *   /openapi.json, /docs        the OpenAPI 3.1 document and a page rendering it
 *   /webhooks/twilio/inbound    inbound SMS (STOP/START/HELP/BOOK/free text), signature-checked
 *   /webhooks/twilio/status     delivery status callbacks, signature-checked
 *   /unsubscribe/:token         a client's one-click email unsubscribe (its page and its POST); the signed token is the credential
 *   /calendar/:token.ics        a session's calendar for a phone to subscribe to; the signed token is the credential
 *
 * `buildApp(deps)` takes everything from outside as arguments (Temporal client, clinics,
 * configuration, logger, clock), so tests build it against a test server. api/main.ts runs it
 * standalone; scripts/start.ts mounts it on the local stack's PORT.
 *
 * Logs: one JSON line per request (request id, method, route pattern, status, duration) and one per
 * server error; never a body, a phone number, an email address or a name. Every answer carries
 * `x-request-id` (the caller's, when it sends a sane one), and every error body `requestId`.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { apiContext, type ApiDeps } from './context';
import { BODY_LIMIT } from './errors';
import { fastifyLogger } from './fastify-logger';
import { frontDeskRoutes } from './front-desk';
import { docsPage } from './openapi/docs-page';
import { openApiDocument } from './openapi/document';
import { auth } from './plugins/auth';
import { errorHandler } from './plugins/error-handler';
import { etag } from './plugins/etag';
import { jsonBody } from './plugins/json-body';
import { auditRoutes } from './routes/audit';
import { securityHeaders } from './plugins/security-headers';
import { clinicsRoutes } from './routes/clinics';
import { docsRoutes } from './routes/docs';
import { careOperationsRoutes } from './routes/care-operations';
import { courseRoutes } from './routes/course';
import { numbersRoutes } from './routes/numbers';
import { enrollmentChangesRoutes } from './routes/enrollment-changes';
import { enrollmentsRoutes } from './routes/enrollments';
import { healthRoutes } from './routes/health';
import { inboxRoutes } from './routes/inbox';
import { photosRoutes } from './routes/photos';
import { keysRoutes } from './routes/keys';
import { staffRoutes } from './routes/staff';
import { sessionRoutes } from './routes/session';
import { stepsRoutes } from './routes/steps';
import { languagesRoutes } from './routes/languages';
import { touchUpsRoutes } from './routes/touch-ups';
import { unsubscribeRoutes } from './routes/unsubscribe';
import { calendarRoutes } from './routes/calendar';
import { twilioWebhookRoutes } from './webhooks/twilio';

export type { ApiConfig, ApiDeps } from './context';
export { BODY_LIMIT } from './errors';

const ROUTES = new WeakMap<FastifyInstance, { method: string; url: string }[]>();

/** Every route the app serves (HEAD copies left out): what the OpenAPI document must cover. */
export function routesOf(app: FastifyInstance): { method: string; url: string }[] {
  return [...(ROUTES.get(app) ?? [])];
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{6,100}$/;

export async function buildApp(deps: ApiDeps): Promise<FastifyInstance> {
  const ctx = apiContext(deps);
  const { config, logger } = deps;

  const app = Fastify({
    loggerInstance: fastifyLogger(logger.child({ component: 'api' })),
    // Our own one line per request (below) instead of Fastify's, which would log URLs and headers.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // Nothing is taken from X-Forwarded-* headers: webhook URLs come from PUBLIC_BASE_URL, and
    // rate limits go by person or key; only failed authentication counts by address.
    trustProxy: false,
    return503OnClosing: true,
  });

  const routes: { method: string; url: string }[] = [];
  ROUTES.set(app, routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url });
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  app.addHook('onResponse', async (request, reply) => {
    logger.info('request completed', {
      component: 'api',
      reqId: request.id,
      method: request.method,
      route: request.routeOptions.url ?? '(no route)',
      statusCode: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    });
  });

  await app.register(securityHeaders);
  await app.register(errorHandler, { logger });
  await app.register(healthRoutes(ctx));
  if (deps.frontDeskDir) await app.register(frontDeskRoutes(deps.frontDeskDir));
  await app.register(docsRoutes({ document: openApiDocument, page: docsPage }));

  await app.register(
    async (api) => {
      await api.register(jsonBody);
      await api.register(auth, {
        apiKey: config.API_KEY,
        ratePerMinute: config.API_RATE_LIMIT_PER_MINUTE,
        authFailuresPerMinute: config.API_AUTH_FAILURES_PER_MINUTE,
        access: deps.access,
        now: ctx.now,
      });
      await api.register(etag);
      await api.register(sessionRoutes(ctx));
      await api.register(stepsRoutes);
      await api.register(languagesRoutes);
      await api.register(clinicsRoutes(ctx));
      await api.register(enrollmentsRoutes(ctx));
      await api.register(enrollmentChangesRoutes(ctx));
      await api.register(keysRoutes(ctx));
      await api.register(staffRoutes(ctx));
      await api.register(auditRoutes(ctx));
      await api.register(careOperationsRoutes(ctx));
      await api.register(courseRoutes(ctx));
      await api.register(numbersRoutes(ctx));
      await api.register(inboxRoutes(ctx));
      await api.register(photosRoutes(ctx));
      await api.register(touchUpsRoutes(ctx));
    },
    { prefix: '/api' },
  );
  await app.register(twilioWebhookRoutes(ctx), { prefix: '/webhooks/twilio' });
  await app.register(unsubscribeRoutes(ctx));
  await app.register(calendarRoutes(ctx));
  await app.ready();
  return app;
}
