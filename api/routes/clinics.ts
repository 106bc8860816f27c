/**
 * `/api/clinics`: the clinics, managed live. Added and changed here (or with `aftercare clinic`),
 * they count from the next request on: enrolments, lists and the workers read them when they need
 * them. Clinics are never deleted; `PATCH { "active": false }` deactivates one. An administrator
 * sees and changes every clinic and alone adds clinics; anyone else sees only their own clinic (any
 * other is a 404), and only its owners change it (403 for its staff and keys).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { addClinic, changeClinic, clinicView, getClinicOf, type ClinicView } from '../../app/clinics';
import { canManageClinic, canSeeClinic, isAdmin, requireClinicVisible } from '../../app/caller';
import { ForbiddenError, UnknownClinicError } from '../../app/errors';
import { CLINIC_FIELDS } from '../../domain/clinic-schema';
import { CLINIC_ID } from '../../domain/identifiers';
import { audit } from '../audit';
import { callerOf } from '../caller';
import type { ApiContext } from '../context';
import { COMMON, errorResponse, json, WITH_BODY, type RouteDoc } from '../openapi/route-doc';
import { clinicBody, clinicIdParams, clinicPatchBody } from '../schemas/requests';
import { clinicViewSchema } from '../schemas/responses';

const EXAMPLE_CLINIC = {
  id: 'eastgate',
  name: 'Eastgate Hairline Studio',
  phone: '+12125550147',
  email: 'desk@eastgate.example.com',
  bookingUrl: 'https://aftercare.example.com/eastgate/book',
  sendTime: '10:00',
  window: '09:00-19:00',
  plannedSessions: 3,
  onCallPhone: '+12125550148',
  defaultLocale: 'en',
  reviewUrl: 'https://aftercare.example.com/eastgate/review',
  sms: { from: '+12125550149', ratePerSecond: 1 },
  replyTo: 'desk@eastgate.example.com',
};

const NO_SUCH_CLINIC = { 404: errorResponse('No such clinic (issues: clinicId).') };
const NEVER_DELETED = 'Clinics are never deleted (there is no DELETE): a clinic with running clients is deactivated with PATCH { "active": false }, and its running plans carry on.';

export const clinicsDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/clinics',
    tags: ['clinics'],
    operationId: 'listClinics',
    summary: "Every clinic, active or not, by id (an administrator's view; anyone else gets their own clinic only)",
    responses: { 200: { description: 'The clinics.', content: json(z.array(clinicViewSchema)) }, ...COMMON },
  },
  {
    method: 'post',
    path: '/api/clinics',
    tags: ['clinics'],
    operationId: 'addClinic',
    summary: 'Add a clinic (administrator); it takes enrolments at once',
    description: `Everything but id, name, phone, email and bookingUrl has a default. ${NEVER_DELETED}`,
    request: { body: { required: true, content: json(clinicBody, EXAMPLE_CLINIC) } },
    responses: {
      201: { description: 'Added; Location names it. The whole profile, defaults filled in.', content: json(clinicViewSchema) },
      ...WITH_BODY,
      403: errorResponse('Only an administrator adds clinics.'),
      409: errorResponse('The id is taken (issues: id); nothing was changed.'),
      ...COMMON,
    },
  },
  {
    method: 'get',
    path: '/api/clinics/{clinicId}',
    tags: ['clinics'],
    operationId: 'getClinic',
    summary: "A clinic's profile",
    request: { params: clinicIdParams },
    responses: { 200: { description: 'The clinic.', content: json(clinicViewSchema) }, ...NO_SUCH_CLINIC, ...COMMON },
  },
  {
    method: 'patch',
    path: '/api/clinics/{clinicId}',
    tags: ['clinics'],
    operationId: 'changeClinic',
    summary: 'Change a clinic (administrator, or an owner of the clinic): the next enrolment and the next message use the change',
    description:
      'A JSON Merge Patch (RFC 7396) of the profile: the fields given replace the current ones, `null` removes an optional field or returns one to its default, and `sms` merges field by field. ' +
      `The merged profile is checked whole: a 400 names each field and changes nothing. The id cannot change. ${NEVER_DELETED}`,
    request: { params: clinicIdParams, body: { required: true, content: json(clinicPatchBody, { phone: '+12125550150', sms: { ratePerSecond: 3 } }) } },
    responses: {
      200: { description: 'Changed; the whole profile as it is now.', content: json(clinicViewSchema) },
      ...WITH_BODY,
      403: errorResponse("The clinic's staff and keys may read it but not change it."),
      ...NO_SUCH_CLINIC,
      ...COMMON,
    },
  },
];

/**
 * The `:clinicId` of the URL; one that cannot be a clinic id is simply not there (404). For routes
 * whose operation checks the caller itself (keys, staff: app/clinic-access.ts).
 */
export function clinicIdParamOf(request: FastifyRequest): string {
  const { clinicId } = request.params as { clinicId: string };
  if (!CLINIC_ID.test(clinicId)) throw new UnknownClinicError(clinicId.slice(0, 60));
  return clinicId;
}

/** The `:clinicId` of the URL when the caller may see that clinic; another clinic's is not there either (404). */
export function clinicIdOf(request: FastifyRequest): string {
  const clinicId = clinicIdParamOf(request);
  requireClinicVisible(callerOf(request), clinicId);
  return clinicId;
}

export function clinicsRoutes(ctx: ApiContext) {
  const { clinics, logger } = ctx.deps;
  return async (api: FastifyInstance): Promise<void> => {
    api.get('/clinics', async (request): Promise<ClinicView[]> => {
      const caller = callerOf(request);
      return (await clinics.list()).filter((c) => canSeeClinic(caller, c.id)).map(clinicView);
    });

    api.post('/clinics', async (request, reply): Promise<ClinicView> => {
      if (!isAdmin(callerOf(request))) throw new ForbiddenError('Only an administrator adds clinics.');
      const clinic = await addClinic(clinics, request.body);
      await audit(ctx, request, { action: 'clinic.added', clinicId: clinic.id });
      logger.info('clinic added', { component: 'api', reqId: request.id, clinicId: clinic.id });
      reply.code(201).header('location', `/api/clinics/${clinic.id}`);
      return clinicView(clinic);
    });

    api.get('/clinics/:clinicId', async (request): Promise<ClinicView> => clinicView(await getClinicOf(clinics, clinicIdOf(request))));

    api.patch('/clinics/:clinicId', async (request): Promise<ClinicView> => {
      const clinicId = clinicIdOf(request);
      if (!canManageClinic(callerOf(request), clinicId)) throw new ForbiddenError("Only the clinic's owners and administrators change its settings.");
      const clinic = await changeClinic(clinics, clinicId, request.body);
      // Which fields changed, never their values (phone numbers, addresses).
      const fields = CLINIC_FIELDS.filter((f) => Object.hasOwn(request.body as object, f));
      await audit(ctx, request, { action: 'clinic.changed', clinicId, detail: { fields } });
      logger.info('clinic changed', { component: 'api', reqId: request.id, clinicId, fields, active: clinic.active });
      return clinicView(clinic);
    });
  };
}
