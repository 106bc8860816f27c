/**
 * `/api/clinics/:clinicId/staff`: a clinic's people (app/staff.ts). Owners and administrators
 * invite (an email with a link to choose a password), change roles and deactivate; everyone of
 * the clinic may read the list.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { INVITATION_DAYS } from '../../app/person-links';
import { changeStaff, invite, listStaff, removeStaff, type PersonView } from '../../app/staff';
import { callerOf } from '../caller';
import type { ApiContext } from '../context';
import { pageMailOf } from '../page-mail';
import { COMMON, errorResponse, json, WITH_BODY, type RouteDoc } from '../openapi/route-doc';
import { inviteRequest, personIdParams, personSchema, staffChangeRequest } from '../schemas/admin';
import { clinicIdParams } from '../schemas/requests';
import { adminDepsOf } from './admin-deps';
import { clinicIdParamOf } from './clinics';

const FORBIDDEN = { 403: errorResponse("Your own clinic, but only its owners and administrators manage its staff; and nobody changes their own role.") };
const NO_SUCH_CLINIC = { 404: errorResponse('No such clinic, or not one you can see (issues: clinicId).') };
const NO_SUCH_PERSON = { 404: errorResponse('No such clinic (issues: clinicId), or no such person in it (issues: personId).') };
const LAST_OWNER = { 409: errorResponse('last_owner: the clinic would be left without an active owner; nothing was changed.') };

export const staffDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/clinics/{clinicId}/staff',
    tags: ['administration'],
    operationId: 'inviteStaff',
    summary: 'Invite a person to the clinic as owner or staff (owner or administrator)',
    description: `Adds the person without a password and emails them a link (\`#/invite/<token>\` on the front desk, valid ${INVITATION_DAYS} days) to choose one. Administrators make a clinic's first owner this way.`,
    request: { params: clinicIdParams, body: { required: true, content: json(inviteRequest, { email: 'sam@eastgate.example.com', name: 'Sam Rivera', role: 'staff' }) } },
    responses: {
      201: { description: 'Added and invited.', content: json(personSchema) },
      ...WITH_BODY,
      ...FORBIDDEN,
      ...NO_SUCH_CLINIC,
      409: errorResponse('person_exists: someone with this email has an account already (issues: email).'),
      502: errorResponse('invitation_not_sent: the person was added, but the mail server did not take the invitation.'),
      ...COMMON,
    },
  },
  {
    method: 'get',
    path: '/api/clinics/{clinicId}/staff',
    tags: ['administration'],
    operationId: 'listStaff',
    summary: "The clinic's people, deactivated ones included",
    request: { params: clinicIdParams },
    responses: { 200: { description: 'Oldest first.', content: json(z.array(personSchema)) }, ...NO_SUCH_CLINIC, ...COMMON },
  },
  {
    method: 'patch',
    path: '/api/clinics/{clinicId}/staff/{personId}',
    tags: ['administration'],
    operationId: 'changeStaff',
    summary: "Change a person's role, or deactivate (signed out everywhere) or reactivate them",
    request: { params: personIdParams, body: { required: true, content: json(staffChangeRequest, { role: 'owner' }) } },
    responses: { 200: { description: 'Changed; the person as they are now.', content: json(personSchema) }, ...WITH_BODY, ...FORBIDDEN, ...NO_SUCH_PERSON, ...LAST_OWNER, ...COMMON },
  },
  {
    method: 'delete',
    path: '/api/clinics/{clinicId}/staff/{personId}',
    tags: ['administration'],
    operationId: 'removeStaff',
    summary: 'Deactivate a person and end their sessions (nobody is deleted: the audit log still names them)',
    request: { params: personIdParams },
    responses: { 204: { description: 'Deactivated.' }, ...FORBIDDEN, ...NO_SUCH_PERSON, ...LAST_OWNER, ...COMMON },
  },
];

export function staffRoutes(ctx: ApiContext) {
  const deps = { ...adminDepsOf(ctx), ...pageMailOf(ctx.deps.config) };
  return async (api: FastifyInstance): Promise<void> => {
    api.addHook('onClose', async () => deps.mailer?.close());

    api.post('/clinics/:clinicId/staff', async (request, reply): Promise<PersonView> => {
      const person = await invite(deps, callerOf(request), clinicIdParamOf(request), request.body);
      reply.code(201);
      return person;
    });

    api.get('/clinics/:clinicId/staff', async (request): Promise<PersonView[]> => listStaff(deps, callerOf(request), clinicIdParamOf(request)));

    api.patch('/clinics/:clinicId/staff/:personId', async (request): Promise<PersonView> => {
      const { personId } = request.params as { personId: string };
      return changeStaff(deps, callerOf(request), clinicIdParamOf(request), personId, request.body);
    });

    api.delete('/clinics/:clinicId/staff/:personId', async (request, reply): Promise<void> => {
      const { personId } = request.params as { personId: string };
      await removeStaff(deps, callerOf(request), clinicIdParamOf(request), personId);
      reply.code(204);
    });
  };
}
