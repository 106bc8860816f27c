/** `GET /api/languages`: the languages clients' messages are written in, so the front desk offers exactly these. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { LANGUAGE_NAMES, LANGUAGES } from '../../domain/i18n';
import { COMMON, json, type RouteDoc } from '../openapi/route-doc';
import { languageSchema } from '../schemas/responses';

export const languagesDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/languages',
    tags: ['enrollments'],
    operationId: 'listLanguages',
    summary: "The languages a client's texts and emails can be in (client.locale, a clinic's defaultLocale)",
    responses: { 200: { description: 'Each language code with its name in itself.', content: json(z.array(languageSchema)) }, ...COMMON },
  },
];

export async function languagesRoutes(api: FastifyInstance): Promise<void> {
  api.get('/languages', async (): Promise<z.infer<typeof languageSchema>[]> => LANGUAGES.map((code) => ({ code, name: LANGUAGE_NAMES[code] })));
}
