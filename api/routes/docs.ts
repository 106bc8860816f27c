/**
 * `/openapi.json` and `/docs`, outside `/api` (where every route needs the key) because they show
 * only what interface.md says. The page is self-contained: the app's CSP (api/plugins/security-headers.ts)
 * lets it load nothing from another origin.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { json, type RouteDoc } from '../openapi/route-doc';

export const docsDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/openapi.json',
    tags: ['docs'],
    operationId: 'openApi',
    summary: 'This OpenAPI document (no API key needed)',
    security: [],
    responses: { 200: { description: 'OpenAPI 3.1', content: json(z.object({}).loose()) } },
  },
  {
    method: 'get',
    path: '/docs',
    tags: ['docs'],
    operationId: 'docs',
    summary: 'This document as a web page (no API key needed)',
    security: [],
    responses: { 200: { description: 'HTML', content: { 'text/html': { schema: z.string() } } } },
  },
];

/** The document and its page are handed in, built from every route module's docs (api/openapi/). */
export function docsRoutes(docs: { document: () => object; page: () => string }) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/openapi.json', async (_request, reply) => {
      reply.header('cache-control', 'no-cache');
      return docs.document();
    });
    app.get('/docs', async (_request, reply) => {
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache');
      return docs.page();
    });
  };
}
