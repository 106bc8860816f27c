/**
 * The totals `/metrics` serves, read from the database at scrape time, so they are right whichever
 * process (API, worker, CLI) did the work. Each is one aggregate over its table (an index-only
 * pass at best); the API caches the answer for a few seconds (api/routes/metrics.ts), which bounds
 * the cost whatever the scrape rate. Imports: the unfinished ones and the newest finished ones, a bounded number of each.
 */
import { sql, type Kysely } from 'kysely';
import type { MetricTotals, MetricTotalsStore, NumbersChannel, TextDeliveryStatus } from '../numbers';
import type { Database } from './schema';
import { clientOfAuditRun, isStop, isUnsubscribe, isUrgentReply, utcDay } from './numbers-sql';

/** Imports exported, newest first, of each kind: enough for a dashboard, bounded for Prometheus. */
const FINISHED_IMPORTS_SHOWN = 20;
const OPEN_IMPORTS_SHOWN = 100;

export class SqlMetricTotalsStore implements MetricTotalsStore {
  constructor(private readonly db: Kysely<Database>) {}

  async read(): Promise<MetricTotals> {
    const [sends, deliveries, urgentReplies, optOuts, imports] = await Promise.all([this.sends(), this.deliveries(), this.urgentReplies(), this.optOuts(), this.imports()]);
    return { sends, deliveries, urgentReplies, optOuts, imports };
  }

  private async sends() {
    const rows = await this.db
      .selectFrom('send_records')
      .select(['clinic_id', 'channel', 'outcome', sql<number>`count(*)::int`.as('count')])
      .where('outcome', 'is not', null)
      .where('clinic_id', 'is not', null)
      .groupBy(['clinic_id', 'channel', 'outcome'])
      .execute();
    return rows.map((r) => ({ clinic: r.clinic_id!, channel: r.channel ?? '', outcome: r.outcome!, count: r.count }));
  }

  private async deliveries() {
    const rows = await this.db
      .selectFrom('send_deliveries')
      .select(['clinic_id', 'status', sql<number>`count(*)::int`.as('count')])
      .where('clinic_id', 'is not', null)
      .groupBy(['clinic_id', 'status'])
      .execute();
    return rows.map((r) => ({ clinic: r.clinic_id!, status: r.status as TextDeliveryStatus, count: r.count }));
  }

  private async urgentReplies() {
    const { rows } = await sql<{ clinic: string; count: number }>`
      select clinic_id as clinic, count(*)::int as count from inbound_texts
      where clinic_id is not null and ${isUrgentReply} group by 1`.execute(this.db);
    return rows;
  }

  /** As the clinic's numbers count them: each client opting out of a channel on a UTC day, once. */
  private async optOuts() {
    const { rows } = await sql<{ clinic: string; channel: NumbersChannel; count: number }>`
      select clinic_id as clinic, 'sms' as channel, count(distinct (${utcDay('received_at')}, phone_digest))::int as count
      from inbound_texts where clinic_id is not null and ${isStop} group by 1
      union all
      select clinic_id as clinic, 'email' as channel, count(distinct (${utcDay('at')}, ${clientOfAuditRun}))::int as count
      from audit_log where clinic_id is not null and ${isUnsubscribe} group by 1`.execute(this.db);
    return rows;
  }

  private async imports() {
    const columns = ['id', 'clinic_id', 'state', 'total_rows', 'enrolled', 'already_enrolled', 'refused_rows', 'failed_rows'] as const;
    const [open, finished] = await Promise.all([
      this.db.selectFrom('imports').select(columns).where('finished_at', 'is', null).orderBy('started_at', 'desc').limit(OPEN_IMPORTS_SHOWN).execute(),
      this.db.selectFrom('imports').select(columns).where('finished_at', 'is not', null).orderBy('finished_at', 'desc').limit(FINISHED_IMPORTS_SHOWN).execute(),
    ]);
    return [...open, ...finished].map((r) => ({
      id: r.id,
      clinic: r.clinic_id,
      state: r.state,
      total: r.total_rows,
      enrolled: r.enrolled,
      alreadyEnrolled: r.already_enrolled,
      refused: r.refused_rows,
      failed: r.failed_rows,
    }));
  }
}
