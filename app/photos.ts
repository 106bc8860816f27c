/**
 * The photos clients text in (issue 16, photo check-ins), as the webhook hands them over and as
 * each caller may see them: a run's photos for its timeline, one photo's picture, and staff's
 * review ("looks fine" or "call the client"). A photo of another clinic is "not there" (404), like
 * anything else of another clinic.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import { z } from 'zod';
import { PHOTO_MAX_PER_MESSAGE, PHOTO_REVIEW_NOTE_MAX, PHOTO_REVIEW_OUTCOMES, type PhotoReviewOutcome } from '../domain/photo-media';
import type { IncomingMedia, PhotoRecord, PhotoStore } from '../platform/photos';
import type { TextPlace } from '../platform/inbox';
import { TASK_QUEUE } from '../workflows/contract';
import { PHOTO_INTAKE_WORKFLOW_TYPE, photoIntakeWorkflowIdFor, type PhotoIntakeInput } from '../workflows/photo-intake';
import { canSeeClinic, type Caller } from './caller';
import type { AdminDeps } from './clinic-access';
import { UnknownRecordError } from './errors';
import { parseWith } from './parse';

/** A run's timeline shows at most this many photos (its newest). */
const TIMELINE_PHOTOS_MAX = 200;
const PHOTO_ID = /^[1-9]\d{0,17}$/;

/** One photo as the page and the API show it (the picture itself is GET /api/photos/:id). */
export interface PhotoView {
  id: string;
  at: string;
  contentType: string;
  size: number;
  review: { state: 'to-review' } | { state: PhotoReviewOutcome; at: string; by: string; note?: string };
}

function viewOf(r: PhotoRecord): PhotoView {
  return {
    id: r.id,
    at: r.at.toISOString(),
    contentType: r.contentType ?? 'application/octet-stream',
    size: r.size ?? 0,
    review: r.review ? { state: r.review.outcome, at: r.review.at.toISOString(), by: r.review.by, ...(r.review.note ? { note: r.review.note } : {}) } : { state: 'to-review' },
  };
}

/** The pictures an MMS carries, from Twilio's NumMedia and MediaUrlN / MediaContentTypeN (`param` reads one). */
export function mediaOfMessage(param: (name: string) => string | undefined): IncomingMedia[] {
  const count = Math.min(PHOTO_MAX_PER_MESSAGE, Math.max(0, Number.parseInt(param('NumMedia') ?? '0', 10) || 0));
  const media: IncomingMedia[] = [];
  for (let i = 0; i < count; i++) {
    const url = param(`MediaUrl${i}`)?.trim();
    if (url) media.push({ url, contentType: param(`MediaContentType${i}`)?.trim() || null });
  }
  return media;
}

/**
 * Keeps an MMS's pictures to be fetched (their addresses sealed) and starts their intake, once per
 * message: a retried webhook adds no rows and starts nothing new. Returns how many wait.
 */
export async function receivePhotos(
  deps: { photos: PhotoStore; client: Client },
  incoming: { messageSid: string; place: TextPlace & { clinicId: string }; media: IncomingMedia[]; at: Date },
): Promise<{ workflowId: string; count: number } | undefined> {
  if (incoming.media.length === 0) return undefined;
  await deps.photos.recordIncoming({ messageSid: incoming.messageSid, ...incoming.place, media: incoming.media, at: incoming.at });
  const workflowId = photoIntakeWorkflowIdFor(incoming.messageSid);
  const input: PhotoIntakeInput = { messageSid: incoming.messageSid, count: incoming.media.length };
  try {
    await deps.client.workflow.start(PHOTO_INTAKE_WORKFLOW_TYPE, {
      taskQueue: TASK_QUEUE,
      workflowId,
      args: [input],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      staticSummary: `Photo intake: ${incoming.media.length} picture(s) of ${incoming.place.clinicId}${incoming.place.clientRef ? `/${incoming.place.clientRef}` : ''}`,
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  return { workflowId, count: incoming.media.length };
}

/** A run's kept photos, oldest first. The caller has been found to see the run (app/workflow-access.ts). */
export async function photosOfWorkflow(deps: AdminDeps, caller: Caller, workflowId: string): Promise<{ photos: PhotoView[] }> {
  const records = await deps.access.photos.ofWorkflow(workflowId, TIMELINE_PHOTOS_MAX);
  return { photos: records.filter((r) => canSeeClinic(caller, r.clinicId)).map(viewOf) };
}

/** The photo, when it was kept and the caller may see it; UnknownRecordError (404) otherwise. */
async function photoSeenBy(deps: AdminDeps, caller: Caller, id: string): Promise<PhotoRecord> {
  const record = PHOTO_ID.test(id) ? await deps.access.photos.get(id) : undefined;
  if (!record || record.state !== 'stored' || !canSeeClinic(caller, record.clinicId)) throw new UnknownRecordError('photo', 'id', id.slice(0, 40));
  return record;
}

/** The picture itself, with the type its bytes were found to be. */
export async function photoPicture(deps: AdminDeps, caller: Caller, id: string): Promise<{ contentType: string; bytes: Buffer }> {
  const record = await photoSeenBy(deps, caller, id);
  const picture = await deps.access.photos.bytesOf(record.id);
  if (!picture) throw new UnknownRecordError('photo', 'id', id.slice(0, 40));
  return picture;
}

export const photoReviewBody = z.strictObject({
  outcome: z.enum(PHOTO_REVIEW_OUTCOMES, { message: `must be one of ${PHOTO_REVIEW_OUTCOMES.join(', ')}` }).meta({ description: "What staff made of the photo: it looks fine, or the client should be called." }),
  note: z
    .string({ message: 'must be text' })
    .trim()
    .max(PHOTO_REVIEW_NOTE_MAX, { message: `must be at most ${PHOTO_REVIEW_NOTE_MAX} characters` })
    .meta({ description: 'What staff saw (kept sealed; never in the audit log).' })
    .optional(),
});

/** Records staff's review of a photo (a later one replaces it); the photo as shown after, with its clinic and run for the audit log. */
export async function reviewPhoto(deps: AdminDeps, caller: Caller, id: string, body: unknown): Promise<{ photo: PhotoView; clinicId: string; workflowId: string | null }> {
  const record = await photoSeenBy(deps, caller, id);
  const review = parseWith(photoReviewBody, body ?? {});
  const after = await deps.access.photos.review(record.id, { outcome: review.outcome, note: review.note ? review.note : null, at: deps.now(), by: caller.actor });
  if (!after) throw new UnknownRecordError('photo', 'id', id.slice(0, 40));
  return { photo: viewOf(after), clinicId: after.clinicId, workflowId: after.workflowId };
}
