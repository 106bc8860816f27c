/** `GET /api/clinics`: the configured clinics, for the front desk's picker. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { formatWindow } from '../../domain/window';
import type { ApiContext } from '../context';
import { COMMON, json, type RouteDoc } from '../openapi/route-doc';
import { clinicSchema } from '../schemas/responses';

export const clinicsDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/clinics',
    tags: ['enrollments'],
    operationId: 'listClinics',
    summary: 'The clinics this server knows (CLINICS_FILE), for choosing one when enrolling',
    responses: { 200: { description: 'The clinics.', content: json(z.array(clinicSchema)) }, ...COMMON },
  },
];

export function clinicsRoutes(ctx: ApiContext) {
  return async (api: FastifyInstance): Promise<void> => {
    api.get('/clinics', async (): Promise<z.infer<typeof clinicSchema>[]> =>
      [...ctx.deps.clinics.values()].map((c) => ({
        id: c.id,
        name: c.name,
        phone: c.phone,
        bookingUrl: c.bookingUrl,
        sendTime: c.sendTime,
        window: formatWindow(c.window),
        plannedSessions: c.plannedSessions,
      })),
    );
  };
}
