/**
 * The clinic's review request, asked once per client ever: the course-complete message carries it
 * only when this activity claims it. The claim is a row per clinic and client reference (no
 * personal data) naming the session that asked, so a retry of the same claim answers the same,
 * and a later course of the same client finds the row and is never asked again. A clinic without
 * a review link claims nothing, so a link added later still reaches the client's next course end.
 */
import type { ClinicDirectory } from '../domain/clinic';
import { activityLog, asFailure, type ActivityLog } from './errors';
import { clinicAtSendTime } from './clinic-at-send-time';
import { TRANSIENT_FAILURE, type Clock } from './types';

/** Who asks: the session's workflow and the first run of it (a reused workflow ID is another course). */
export interface ReviewRequestClaim {
  clinicId: string;
  clientRef: string;
  workflowId: string;
  /** The first run ID of the workflow (unchanged by continue-as-new). */
  runId: string;
}

export interface ReviewRequestStore {
  /** True when the claim is this session's: made now, or by an earlier attempt of the same claim. */
  claim(claim: ReviewRequestClaim, at: Date): Promise<boolean>;
}

/** For tests and a worker without a database: remembered in this process only. */
export class InMemoryReviewRequestStore implements ReviewRequestStore {
  private readonly claims = new Map<string, string>();

  async claim(c: ReviewRequestClaim, _at: Date): Promise<boolean> {
    const key = JSON.stringify([c.clinicId, c.clientRef]);
    const by = `${c.workflowId}/${c.runId}`;
    if (!this.claims.has(key)) this.claims.set(key, by);
    return this.claims.get(key) === by;
  }
}

export interface ReviewRequestDeps {
  reviewRequests: ReviewRequestStore;
  clinics?: ClinicDirectory;
  clock: Clock;
  log?: ActivityLog;
}

/** What the course-complete message carries: the clinic's review link, or nothing. */
export interface ReviewRequestAnswer {
  reviewUrl?: string;
}

export function createClaimReviewRequest(deps: ReviewRequestDeps) {
  return async function claimReviewRequest(input: ReviewRequestClaim): Promise<ReviewRequestAnswer> {
    const log = activityLog(deps.log);
    const ids = { workflowId: input.workflowId, step: 'course-complete' };
    const clinic = await clinicAtSendTime(deps.clinics, input.clinicId, log, ids);
    if (!clinic?.reviewUrl) return {};
    let claimed: boolean;
    try {
      claimed = await deps.reviewRequests.claim(input, deps.clock.now());
    } catch (err) {
      throw asFailure(err, TRANSIENT_FAILURE.reviewRequestsUnavailable, 'could not read or write the review requests');
    }
    log.info(claimed ? 'review request claimed' : 'review request already asked of this client', { ...ids, clinicId: input.clinicId });
    return claimed ? { reviewUrl: clinic.reviewUrl } : {};
  };
}
