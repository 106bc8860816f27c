/**
 * One short workflow per MMS a client sends with pictures (issue 16, photo check-ins): each picture
 * is fetched, checked and kept by an activity (activities/photos.ts), which returns ids and sizes
 * only, so the pictures and their addresses never enter this history. Its input names the message
 * and how many pictures it carries; the addresses wait sealed in the application database.
 *
 * The workflow ID is `photo-<MessageSid>`: a retried webhook cannot start a second intake.
 */
import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { AftercareActivities } from '../activities';
import { PHOTO_FAILURE } from '../activities/types';
import { PHOTO_MAX_PER_MESSAGE } from '../domain/photo-media';

export const PHOTO_INTAKE_WORKFLOW_TYPE = 'photoIntakeWorkflow';

/** The intake of the pictures of one message: at most one, ever. */
export const photoIntakeWorkflowIdFor = (messageSid: string): string => `photo-${messageSid}`;

export interface PhotoIntakeInput {
  messageSid: string;
  /** How many pictures the message carries (NumMedia). */
  count: number;
}

export interface PhotoIntakeResult {
  stored: string[];
  /** Pictures not kept, each with the failure type (too large, not a picture, gone...). */
  refused: { index: number; type: string }[];
}

/** Types that retrying cannot change (activities/photos.ts's PHOTO_FAILURE). */
const NOT_RETRIED: string[] = Object.values(PHOTO_FAILURE);

// Twilio keeps media for a while: a short outage is worth waiting out, a long one is not.
const { fetchPhoto, refusePhoto } = proxyActivities<Pick<AftercareActivities, 'fetchPhoto' | 'refusePhoto'>>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '30 seconds',
  scheduleToCloseTimeout: '1 hour',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', nonRetryableErrorTypes: NOT_RETRIED },
});

const failureType = (err: unknown): string => {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  return (cause instanceof ApplicationFailure && cause.type) || 'PhotoFetchGaveUp';
};

export async function photoIntakeWorkflow(input: PhotoIntakeInput): Promise<PhotoIntakeResult> {
  const count = Math.max(0, Math.min(PHOTO_MAX_PER_MESSAGE, Math.floor(input.count)));
  const result: PhotoIntakeResult = { stored: [], refused: [] };
  await Promise.all(
    Array.from({ length: count }, async (_, index) => {
      try {
        const kept = await fetchPhoto({ messageSid: input.messageSid, index });
        result.stored.push(kept.photoId);
      } catch (err) {
        const type = failureType(err);
        // A refusal is marked by the activity itself; a picture whose retries ran out is marked here.
        if (!NOT_RETRIED.includes(type)) await refusePhoto({ messageSid: input.messageSid, index, reason: `given up: ${type}` });
        result.refused.push({ index, type });
      }
    }),
  );
  return result;
}
