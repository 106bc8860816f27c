/**
 * `/api/clinics/:clinicId/keys`: a clinic's API keys, for its own systems (app/keys.ts). Owners
 * and administrators make, list and revoke them; the key is in the answer that makes it, and
 * nowhere else ever.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createKey, listKeys, revokeKey, type CreatedKey, type KeyView } from '../../app/keys';
import { callerOf } from '../caller';
import type { ApiContext } from '../context';
import { COMMON, errorResponse, json, WITH_BODY, type RouteDoc } from '../openapi/route-doc';
import { createdKeySchema, keyIdParams, keySchema, newKeyRequest } from '../schemas/admin';
import { clinicIdParams } from '../schemas/requests';
import { adminDepsOf } from './admin-deps';
import { clinicIdParamOf } from './clinics';

const FORBIDDEN = { 403: errorResponse("Your own clinic, but only its owners and administrators manage its keys (staff and clinic keys don't).") };
const NO_SUCH_CLINIC = { 404: errorResponse('No such clinic, or not one you can see (issues: clinicId).') };

export const keysDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/clinics/{clinicId}/keys',
    tags: ['administration'],
    operationId: 'createApiKey',
    summary: 'Make an API key for the clinic (owner or administrator); the key is shown this once',
    description: 'The key acts as a member of staff of this clinic only. Only its SHA-256 digest is kept: a lost key cannot be shown again, make another and revoke the old one.',
    request: { params: clinicIdParams, body: { required: true, content: json(newKeyRequest, { name: 'Booking system' }) } },
    responses: { 201: { description: 'Made.', content: json(createdKeySchema) }, ...WITH_BODY, ...FORBIDDEN, ...NO_SUCH_CLINIC, ...COMMON },
  },
  {
    method: 'get',
    path: '/api/clinics/{clinicId}/keys',
    tags: ['administration'],
    operationId: 'listApiKeys',
    summary: "The clinic's API keys, revoked ones included, without their secrets",
    request: { params: clinicIdParams },
    responses: { 200: { description: 'The keys, oldest first.', content: json(z.array(keySchema)) }, ...FORBIDDEN, ...NO_SUCH_CLINIC, ...COMMON },
  },
  {
    method: 'delete',
    path: '/api/clinics/{clinicId}/keys/{keyId}',
    tags: ['administration'],
    operationId: 'revokeApiKey',
    summary: 'Revoke a key: requests with it get 401 from now on',
    request: { params: keyIdParams },
    responses: {
      204: { description: 'Revoked (or it was already).' },
      ...FORBIDDEN,
      404: errorResponse('No such clinic (issues: clinicId), or no such key in it (issues: keyId).'),
      ...COMMON,
    },
  },
];

export function keysRoutes(ctx: ApiContext) {
  const deps = adminDepsOf(ctx);
  return async (api: FastifyInstance): Promise<void> => {
    api.post('/clinics/:clinicId/keys', async (request, reply): Promise<CreatedKey> => {
      const created = await createKey(deps, callerOf(request), clinicIdParamOf(request), request.body);
      reply.code(201);
      return created;
    });

    api.get('/clinics/:clinicId/keys', async (request): Promise<KeyView[]> => listKeys(deps, callerOf(request), clinicIdParamOf(request)));

    api.delete('/clinics/:clinicId/keys/:keyId', async (request, reply): Promise<void> => {
      const { keyId } = request.params as { keyId: string };
      await revokeKey(deps, callerOf(request), clinicIdParamOf(request), keyId);
      reply.code(204);
    });
  };
}
