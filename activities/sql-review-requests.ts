/**
 * The review requests in PostgreSQL (or PGlite): one row per clinic and client reference, written
 * once. The table is declared here as this store reads it (activities do not import platform/);
 * platform/database's schema has the same table.
 */
import type { Kysely } from 'kysely';
import type { ReviewRequestClaim, ReviewRequestStore } from './review-requests';

export interface ReviewRequestsTables {
  review_requests: {
    clinic_id: string;
    client_ref: string;
    workflow_id: string;
    run_id: string;
    asked_at: Date;
  };
}

export class SqlReviewRequestStore implements ReviewRequestStore {
  constructor(private readonly db: Kysely<ReviewRequestsTables>) {}

  async claim(c: ReviewRequestClaim, at: Date): Promise<boolean> {
    await this.db
      .insertInto('review_requests')
      .values({ clinic_id: c.clinicId, client_ref: c.clientRef, workflow_id: c.workflowId, run_id: c.runId, asked_at: at })
      .onConflict((oc) => oc.columns(['clinic_id', 'client_ref']).doNothing())
      .execute();
    const row = await this.db
      .selectFrom('review_requests')
      .select(['workflow_id', 'run_id'])
      .where('clinic_id', '=', c.clinicId)
      .where('client_ref', '=', c.clientRef)
      .executeTakeFirstOrThrow();
    return row.workflow_id === c.workflowId && row.run_id === c.runId;
  }
}
