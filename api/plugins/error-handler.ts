/**
 * Every failure answered in one place (api/errors.ts says how): JSON with the request id, never a
 * stack trace; an unexpected error is logged on the server and shown only as a generic 500.
 */
import type { FastifyReply } from 'fastify';
import type { JsonLogger } from '../../platform/logger';
import { httpErrorOf, type ErrorBody } from '../errors';
import { shared } from './shared';

function send(reply: FastifyReply, status: number, body: ErrorBody, headers: Record<string, string> = {}): void {
  void reply.code(status).headers(headers).send(body);
}

export const errorHandler = shared<{ logger: JsonLogger }>(async (app, { logger }) => {
  app.setErrorHandler((err, request, reply) => {
    const requestId = request.id;
    const known = httpErrorOf(err, request.url);
    if (known) return send(reply, known.statusCode, { ...known.body, requestId }, known.headers);
    logger.error('request failed', { component: 'api', reqId: requestId, route: request.routeOptions.url ?? '(no route)', err });
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
});
