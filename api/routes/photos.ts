/**
 * The photos clients text in (issue 16, app/photos.ts): a run's photos for its timeline, a photo's
 * picture (never cached anywhere but the page that shows it), and staff's review of one. Another
 * clinic's photo answers 404 everywhere, as a missing one does.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { photoPicture, photoReviewBody, photosOfWorkflow, reviewPhoto } from '../../app/photos';
import { PHOTO_REVIEW_OUTCOMES, PHOTO_TYPES } from '../../domain/photo-media';
import { audit } from '../audit';
import { callerOf } from '../caller';
import type { ApiContext } from '../context';
import { COMMON, errorResponse, json, NO_SUCH_WORKFLOW, WITH_BODY, type RouteDoc } from '../openapi/route-doc';
import { workflowIdParams } from '../schemas/requests';
import { adminDepsOf } from './admin-deps';
import { visibleWorkflowOf } from './workflow-id';

const NO_SUCH_PHOTO = { 404: errorResponse("No such photo, or another clinic's (issues: id).") };

const photoIdParams = z.object({ id: z.string().meta({ description: "The photo's id (from a run's photos).", example: '7' }) });

const photoSchema = z
  .object({
    id: z.string(),
    at: z.string().meta({ description: 'When the picture came in (ISO-8601).' }),
    contentType: z.enum(PHOTO_TYPES).meta({ description: "The picture's type, as its bytes were found to be." }),
    size: z.number().int().meta({ description: 'Bytes.' }),
    review: z
      .object({
        state: z.enum(['to-review', ...PHOTO_REVIEW_OUTCOMES]),
        at: z.string().optional(),
        by: z.string().optional().meta({ description: 'Who reviewed it (an actor id).' }),
        note: z.string().optional(),
      })
      .meta({ description: 'to-review until staff decide; then their outcome.' }),
  })
  .meta({ id: 'Photo' });

export const photosDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/enrollments/{workflowId}/photos',
    tags: ['photos'],
    operationId: 'photosOfEnrollment',
    summary: "The photos the client texted in for this plan, oldest first, with staff's review",
    request: { params: workflowIdParams },
    responses: { 200: { description: 'The photos.', content: json(z.object({ photos: z.array(photoSchema) })) }, ...NO_SUCH_WORKFLOW, ...COMMON },
  },
  {
    method: 'get',
    path: '/api/photos/{id}',
    tags: ['photos'],
    operationId: 'photoPicture',
    summary: 'The picture itself (Cache-Control: private, no-store)',
    request: { params: photoIdParams },
    responses: {
      200: { description: 'The image bytes, with their type.', content: Object.fromEntries(PHOTO_TYPES.map((t) => [t, { schema: z.string().meta({ format: 'binary' }) }])) },
      ...NO_SUCH_PHOTO,
      ...COMMON,
    },
  },
  {
    method: 'post',
    path: '/api/photos/{id}/review',
    tags: ['photos'],
    operationId: 'reviewPhoto',
    summary: 'Record what staff made of a photo: it looks fine, or the client should be called',
    description: 'A later review replaces the earlier one. The audit log records the outcome, never the note.',
    request: { params: photoIdParams, body: { required: true, content: json(photoReviewBody, { outcome: 'looks-fine', note: 'scabs as expected on day 7' }) } },
    responses: { 200: { description: 'The photo after the review.', content: json(photoSchema) }, ...WITH_BODY, ...NO_SUCH_PHOTO, ...COMMON },
  },
];

export function photosRoutes(ctx: ApiContext) {
  const deps = adminDepsOf(ctx);
  return async (api: FastifyInstance): Promise<void> => {
    api.get('/enrollments/:workflowId/photos', async (request) => {
      const { workflowId } = await visibleWorkflowOf(ctx, request);
      return photosOfWorkflow(deps, callerOf(request), workflowId);
    });

    api.get('/photos/:id', async (request, reply) => {
      const { id } = request.params as { id: string };
      const picture = await photoPicture(deps, callerOf(request), id);
      return reply.type(picture.contentType).header('cache-control', 'private, no-store').header('content-disposition', 'inline').send(picture.bytes);
    });

    api.post('/photos/:id/review', async (request) => {
      const { id } = request.params as { id: string };
      const result = await reviewPhoto(deps, callerOf(request), id, request.body);
      await audit(ctx, request, {
        action: 'photo.reviewed',
        clinicId: result.clinicId,
        workflowId: result.workflowId ?? undefined,
        detail: { photoId: result.photo.id, outcome: result.photo.review.state },
      });
      ctx.deps.logger.info('photo reviewed', { component: 'api', reqId: request.id, photoId: result.photo.id, outcome: result.photo.review.state, ...(result.workflowId ? { workflowId: result.workflowId } : {}) });
      return result.photo;
    });
  };
}
