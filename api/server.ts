/**
 * The clinic-facing HTTP API and the Twilio webhooks, as one Fastify app (interface.md):
 *
 *   /api/enrollments ...        JSON, `Authorization: Bearer <API_KEY>`, rate-limited per key
 *   /healthz, /readyz           up, and able to reach Temporal (503 when not)
 *   /, /app.js, /styles.css     the front desk (web/), when given `frontDeskDir`
 *   /openapi.json, /docs        the OpenAPI 3.1 document and a page rendering it: outside /api, where
 *                               every route needs the key, because they show only what interface.md says
 *   /webhooks/twilio/inbound    inbound SMS (STOP/START/HELP/BOOK/free text), signature-checked
 *   /webhooks/twilio/status     delivery status callbacks, signature-checked
 *
 * `buildApp(deps)` takes everything from outside as arguments (Temporal client, clinics,
 * configuration, logger, clock), so tests build it against a test server and `app.inject` or
 * listen. api/main.ts runs it standalone; scripts/start.ts mounts it on the local stack's PORT.
 *
 * Logs: one JSON line per request (request id, method, route pattern, status, duration) and one per
 * server error; never a body, a phone number, an email address or a name. Every answer carries
 * `x-request-id` (the caller's, when it sends a sane one), and every error body `requestId`.
 */
import { frontDeskRoutes } from './front-desk';
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import type { Config } from '../platform/config';
import type { JsonLogger } from '../platform/logger';
import type { ClinicProfile } from '../workflows/contract';
import { HttpError, temporalTrouble, temporalUnavailable, type ErrorBody } from './errors';
import { IdempotencyCache } from './idempotency';
import { docsPage, openApiDocument } from './openapi';
import { enrollmentRoutes } from './routes-enrollments';
import { twilioWebhookRoutes } from './webhooks-twilio';

/** Largest request body accepted (413 beyond): an enrollment is well under 4 KiB. */
export const BODY_LIMIT = 32 * 1024;

export type ApiConfig = Pick<
  Config,
  'API_KEY' | 'PUBLIC_BASE_URL' | 'TWILIO_AUTH_TOKEN' | 'TWILIO_WEBHOOK_AUTH_TOKEN' | 'PHONE_HASH_KEY' | 'API_RATE_LIMIT_PER_MINUTE'
>;

export interface ApiDeps {
  temporalClient: Client;
  clinics: ReadonlyMap<string, ClinicProfile>;
  config: ApiConfig;
  logger: JsonLogger;
  /** The clock for enrollment checks (a session in the future, too old). Default: the system clock. */
  now?: () => Date;
  /** Deadline for the Temporal calls of one request; 503 beyond. Default 10 s. */
  temporalTimeoutMs?: number;
  /** Remembered webhook answers (Twilio retries). Default: 10 000 answers for 24 hours. */
  idempotency?: IdempotencyCache;
  /** The front desk's folder (web/), served at `/`; none when the page is served elsewhere. */
  frontDeskDir?: string;
}

/** What the route modules share. */
export interface ApiContext {
  deps: ApiDeps;
  now: () => Date;
  /** Runs Temporal calls under the request deadline; unreachable or too slow becomes a 503. */
  temporal<T>(fn: (client: Client) => Promise<T>): Promise<T>;
  idempotency: IdempotencyCache;
}

const ROUTES = new WeakMap<FastifyInstance, { method: string; url: string }[]>();

/** Every route the app serves (HEAD copies left out): what the OpenAPI document must cover. */
export function routesOf(app: FastifyInstance): { method: string; url: string }[] {
  return [...(ROUTES.get(app) ?? [])];
}

/** Fastify's logger interface (pino's shape) on top of the project's redacting JSON logger. */
export function fastifyLogger(log: JsonLogger): FastifyBaseLogger {
  type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error';
  const write =
    (level: Level) =>
    (first?: unknown, second?: unknown): void => {
      if (typeof first === 'string') {
        log[level](first);
        return;
      }
      const message = typeof second === 'string' ? second : first instanceof Error ? first.message : '';
      const fields = first instanceof Error ? { err: first } : (first as Record<string, unknown> | undefined);
      log[level](message, fields ?? {});
    };
  const logger = {
    level: log.level as string,
    trace: write('trace'),
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    fatal: write('error'),
    silent: () => undefined,
    child: (bindings: Record<string, unknown>) => fastifyLogger(log.child(bindings)),
  };
  return logger as unknown as FastifyBaseLogger;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{6,100}$/;

function send(reply: FastifyReply, status: number, body: ErrorBody, headers: Record<string, string> = {}): void {
  void reply.code(status).headers(headers).send(body);
}

export async function buildApp(deps: ApiDeps): Promise<FastifyInstance> {
  const timeoutMs = deps.temporalTimeoutMs ?? 10_000;
  const ctx: ApiContext = {
    deps,
    now: deps.now ?? (() => new Date()),
    idempotency: deps.idempotency ?? new IdempotencyCache(),
    async temporal<T>(fn: (client: Client) => Promise<T>): Promise<T> {
      const client = deps.temporalClient;
      try {
        return await client.connection.withDeadline(Date.now() + timeoutMs, () => fn(client));
      } catch (err) {
        const trouble = temporalTrouble(err);
        if (trouble) throw temporalUnavailable(trouble);
        throw err;
      }
    },
  };

  const app = Fastify({
    loggerInstance: fastifyLogger(deps.logger.child({ component: 'api' })),
    // Our own one line per request (below) instead of Fastify's, which would log URLs and headers.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // Nothing is taken from X-Forwarded-* headers: webhook URLs come from PUBLIC_BASE_URL, and
    // rate limits go by API key, not by address.
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
    reply.header('x-content-type-options', 'nosniff');
  });

  app.addHook('onResponse', async (request, reply) => {
    deps.logger.info('request completed', {
      component: 'api',
      reqId: request.id,
      method: request.method,
      route: request.routeOptions.url ?? '(no route)',
      statusCode: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    });
  });

  app.setErrorHandler((err: FastifyError | HttpError | Error, request, reply) => {
    const requestId = request.id;
    if (err instanceof HttpError) {
      send(reply, err.statusCode, { ...err.body, requestId }, err.headers);
      return;
    }
    const trouble = temporalTrouble(err);
    if (trouble) {
      const e = temporalUnavailable(trouble);
      send(reply, e.statusCode, { ...e.body, requestId }, e.headers);
      return;
    }
    const code = (err as FastifyError).code;
    const status = (err as FastifyError).statusCode;
    switch (code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return send(reply, 413, { error: 'payload_too_large', message: `The request body must be at most ${BODY_LIMIT / 1024} KiB.`, requestId });
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return send(reply, 415, {
          error: 'unsupported_media_type',
          message: request.url.startsWith('/webhooks/')
            ? 'Send the body as application/x-www-form-urlencoded.'
            : 'Send the body as JSON with Content-Type: application/json.',
          requestId,
        });
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return send(reply, 400, { error: 'invalid_request', message: '(body): is required', issues: [{ path: '(body)', message: 'is required' }], requestId });
      default:
        break;
    }
    if (status === 429) {
      return send(reply, 429, { error: 'rate_limited', message: err.message, requestId });
    }
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // Fastify's own client errors (bad content length, malformed URL...) have safe messages.
      const message = typeof code === 'string' && code.startsWith('FST_') ? err.message : 'The request could not be understood.';
      return send(reply, status, { error: 'bad_request', message, requestId });
    }
    deps.logger.error('request failed', { component: 'api', reqId: requestId, route: request.routeOptions.url ?? '(no route)', err });
    return send(reply, 500, {
      error: 'internal_error',
      message: `Something went wrong on the server. Nothing about it is shown here; quote request id ${requestId} when reporting it.`,
      requestId,
    });
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!.slice(0, 200);
    send(reply, 404, { error: 'not_found', message: `There is no ${request.method} ${path}. See /docs.`, requestId: request.id });
  });

  // Liveness (the process answers) and readiness (it can reach Temporal), for orchestrators.
  app.get('/healthz', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return { status: 'ok' };
  });
  app.get('/readyz', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    try {
      await ctx.temporal((client) => client.connection.workflowService.getSystemInfo({}));
      return { status: 'ready' };
    } catch {
      return reply.code(503).send({ status: 'not-ready', message: 'The Temporal server cannot be reached.' });
    }
  });

  if (deps.frontDeskDir) await app.register(frontDeskRoutes(deps.frontDeskDir));

  app.get('/openapi.json', async (_request, reply) => {
    reply.header('cache-control', 'no-cache');
    return openApiDocument();
  });
  app.get('/docs', async (_request, reply) => {
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      // The page is self-contained: nothing may be loaded from anywhere, scripts included.
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'");
    return docsPage();
  });

  await app.register(enrollmentRoutes(ctx), { prefix: '/api' });
  await app.register(twilioWebhookRoutes(ctx), { prefix: '/webhooks/twilio' });
  await app.ready();
  return app;
}
