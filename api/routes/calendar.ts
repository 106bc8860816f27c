/**
 * A session's calendar for a phone to subscribe to: `GET /calendar/<token>.ics`, outside /api and
 * without a key, the signed token in the address being the only credential (app/calendar-token.ts).
 * The answer is the session's events as the run has them now (app/calendar-feed.ts), text/calendar.
 *
 * A token not signed by us as it is (altered, forged), or a run that is not there: 404, the same
 * short text for both, and nothing changes (the route only reads).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { calendarFeed } from '../../app/calendar-feed';
import { CALENDAR_PATH, CALENDAR_SUFFIX, readCalendarToken } from '../../app/calendar-token';
import { NotFoundError } from '../../app/errors';
import { calendarContentType } from '../../activities/email/ics';
import type { ApiContext } from '../context';
import type { RouteDoc } from '../openapi/route-doc';

const NOT_FOUND = 'No such calendar.\n';

export const calendarDocs: RouteDoc[] = [
  {
    method: 'get',
    path: `${CALENDAR_PATH}/{token}${CALENDAR_SUFFIX}`,
    tags: ['calendar'],
    operationId: 'sessionCalendar',
    summary: "A session's calendar (.ics): the healing phases and the booked appointment, for a phone to subscribe to",
    description: "The address is in the client's welcome email and the front desk's timeline. Events in the client's zone and language; no contact details.",
    security: [],
    request: { params: z.object({ token: z.string().meta({ description: 'The signed token: `<workflowId>.<signature>`.' }) }) },
    responses: {
      200: { description: 'The calendar (METHOD:PUBLISH).', content: { 'text/calendar': { schema: z.string() } } },
      404: { description: 'Not a token we signed as it is, or no such session: nothing changed.', content: { 'text/plain': { schema: z.string() } } },
      503: { description: 'Temporal did not answer: try again.' },
    },
  },
];

function notFound(reply: FastifyReply): FastifyReply {
  return reply.code(404).header('cache-control', 'no-store').type('text/plain; charset=utf-8').send(NOT_FOUND);
}

export function calendarRoutes(ctx: ApiContext) {
  const { config, clinics, logger } = ctx.deps;
  if (!config.PHONE_HASH_KEY) logger.warn('PHONE_HASH_KEY is not set: calendar addresses cannot be checked and are all refused', { component: 'calendar' });

  /** The workflow ID the address names, or undefined (logged without the token) when refused. */
  function workflowIdOf(request: FastifyRequest): string | undefined {
    const { token } = request.params as { token: string };
    const workflowId = config.PHONE_HASH_KEY ? readCalendarToken(token, config.PHONE_HASH_KEY) : undefined;
    if (!workflowId) logger.warn('calendar address refused: not signed by us as it is', { component: 'calendar', reqId: request.id });
    return workflowId;
  }

  return async function routes(app: FastifyInstance): Promise<void> {
    app.get(`${CALENDAR_PATH}/:token${CALENDAR_SUFFIX}`, async (request, reply) => {
      const workflowId = workflowIdOf(request);
      if (!workflowId) return notFound(reply);
      let body: string;
      try {
        body = await ctx.temporal((client) => calendarFeed({ client, clinics, workflowId, now: ctx.now() }));
      } catch (err) {
        if (err instanceof NotFoundError) return notFound(reply);
        throw err;
      }
      // Calendar programs poll: a short cache spares Temporal without keeping a booking hidden for long.
      return reply.header('cache-control', 'private, max-age=300').type(calendarContentType('PUBLISH')).send(body);
    });
  };
}
