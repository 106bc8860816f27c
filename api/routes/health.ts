/** Liveness (the process answers) and readiness (it can reach Temporal), for orchestrators; no key. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ApiContext } from '../context';
import { json, type RouteDoc } from '../openapi/route-doc';

export const healthDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/healthz',
    tags: ['docs'],
    operationId: 'health',
    summary: 'Liveness: the server answers (no API key needed)',
    security: [],
    responses: { 200: { description: 'Up', content: json(z.object({ status: z.literal('ok') })) } },
  },
  {
    method: 'get',
    path: '/readyz',
    tags: ['docs'],
    operationId: 'ready',
    summary: 'Readiness: the server can reach Temporal (no API key needed)',
    security: [],
    responses: {
      200: { description: 'Ready', content: json(z.object({ status: z.literal('ready') })) },
      503: { description: 'Temporal cannot be reached', content: json(z.object({ status: z.literal('not-ready'), message: z.string() })) },
    },
  },
];

export function healthRoutes(ctx: ApiContext) {
  return async (app: FastifyInstance): Promise<void> => {
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
  };
}
