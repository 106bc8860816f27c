/** `GET /api/audit`: the audit log, newest first (app/audit-list.ts): administrators any clinic's, owners their own. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listAudit, type AuditEntryView } from '../../app/audit-list';
import { callerOf } from '../caller';
import type { ApiContext } from '../context';
import { COMMON, errorResponse, json, type RouteDoc } from '../openapi/route-doc';
import { auditEntrySchema, auditQueryParams } from '../schemas/admin';
import { adminDepsOf } from './admin-deps';

export const auditDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/audit',
    tags: ['administration'],
    operationId: 'listAudit',
    summary: 'Who changed what, when and from where: administrators any clinic (or all), owners their own',
    description: 'Entries hold ids, field names, roles and reasons, never a phone number, an email address or a name (a person actor\'s name is added as actorName).',
    request: { query: auditQueryParams },
    responses: {
      200: { description: 'Newest first.', content: json(z.array(auditEntrySchema)) },
      400: errorResponse('A malformed parameter (issues name it) or an unknown one.'),
      403: errorResponse('Staff and clinic keys do not read the audit log.'),
      404: errorResponse('No such clinic, or not one you can see (issues: clinicId).'),
      ...COMMON,
    },
  },
];

export function auditRoutes(ctx: ApiContext) {
  const deps = adminDepsOf(ctx);
  return async (api: FastifyInstance): Promise<void> => {
    api.get('/audit', async (request): Promise<AuditEntryView[]> => listAudit(deps, callerOf(request), request.query));
  };
}
