/**
 * `GET /metrics`: the business metrics for Prometheus (api/metrics-registry.ts), outside /api and
 * without the API's keys. With METRICS_TOKEN set, only `Authorization: Bearer <METRICS_TOKEN>`
 * reads them (401 otherwise); without it, anyone who reaches the port does (docs/metrics.md).
 * The worker's own Temporal metrics stay on its METRICS_PORT (9464).
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { sha256Hex } from '../../activities/send-records';
import type { ApiContext } from '../context';
import { metricsRegistry } from '../metrics-registry';
import type { RouteDoc } from '../openapi/route-doc';

export const metricsDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/metrics',
    tags: ['docs'],
    operationId: 'metrics',
    summary: 'Business metrics for Prometheus (text format): sends, deliveries, urgent replies, opt-outs by clinic; import progress',
    description: 'With METRICS_TOKEN set, needs `Authorization: Bearer <METRICS_TOKEN>`; otherwise open. No API key. docs/metrics.md lists the series.',
    security: [],
    responses: {
      200: { description: 'Prometheus text exposition format 0.0.4.', content: { 'text/plain': { schema: z.string() } } },
      401: { description: 'METRICS_TOKEN is set and the request does not carry it.' },
    },
  },
];

/** Compared as digests, so the time taken tells nothing about the token. */
function carriesToken(header: string | undefined, token: string): boolean {
  const given = /^Bearer (\S+)$/.exec(header ?? '')?.[1];
  return given !== undefined && timingSafeEqual(Buffer.from(sha256Hex(given), 'hex'), Buffer.from(sha256Hex(token), 'hex'));
}

export function metricsRoutes(ctx: ApiContext) {
  const registry = metricsRegistry(ctx.deps.access.metricTotals);
  const token = ctx.deps.config.METRICS_TOKEN;
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/metrics', async (request, reply) => {
      reply.header('cache-control', 'no-store');
      if (token && !carriesToken(request.headers.authorization, token)) {
        return reply.code(401).header('www-authenticate', 'Bearer realm="metrics"').type('text/plain; charset=utf-8').send('METRICS_TOKEN required\n');
      }
      const text = await registry.metrics();
      return reply.type(registry.contentType).send(text);
    });
  };
}
