/** `GET /api/steps`: the care steps from the one step table, so every screen shows the same labels. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { STEP_IDS, STEPS } from '../../domain/steps';
import { COMMON, json, type RouteDoc } from '../openapi/route-doc';
import { stepSchema } from '../schemas/responses';

export const stepsDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/steps',
    tags: ['enrollments'],
    operationId: 'listSteps',
    summary: 'The care steps: id, day, recipient and the label every screen shows',
    responses: { 200: { description: 'The steps in timeline order.', content: json(z.array(stepSchema)) }, ...COMMON },
  },
];

export async function stepsRoutes(api: FastifyInstance): Promise<void> {
  api.get('/steps', async (): Promise<z.infer<typeof stepSchema>[]> => STEP_IDS.map((id) => ({ id, day: STEPS[id].day, to: STEPS[id].to, label: STEPS[id].label })));
}
