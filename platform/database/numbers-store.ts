/**
 * A clinic's numbers over a period, aggregated in the database (docs/metrics.md says what each
 * means). Each query reads one clinic's rows of the period through an index on (clinic, time), so
 * its cost follows that clinic's activity in the period, not the table's size.
 */
import { sql, type Kysely } from 'kysely';
import type { ClinicNumbersRows, ClinicNumbersStore, NumbersChannel, Period, TextDeliveryStatus } from '../numbers';
import type { Database } from './schema';
import { BOOK_NEXT, BOOKING_RECORDED, BOOKING_WINDOW, CLIENT_CHANNELS, clientOfAuditRun, CONCERN_HANDLED, isStop, isUnsubscribe, isUrgentReply, utcDay } from './numbers-sql';

export class SqlClinicNumbersStore implements ClinicNumbersStore {
  constructor(private readonly db: Kysely<Database>) {}

  async read(clinicId: string, period: Period): Promise<ClinicNumbersRows> {
    const [sends, deliveries, booking, urgent, median, optOuts] = await Promise.all([
      this.sends(clinicId, period),
      this.deliveries(clinicId, period),
      this.booking(clinicId, period),
      this.urgentByDay(clinicId, period),
      this.medianMinutesToHandled(clinicId, period),
      this.optOuts(clinicId, period),
    ]);
    return { sends, deliveries, booking, urgent: { byDay: urgent, medianMinutesToHandled: median }, optOuts };
  }

  private async sends(clinicId: string, { from, to }: Period) {
    const rows = await this.db
      .selectFrom('send_records')
      .select([utcDay('outcome_at').as('day'), 'channel', 'outcome', sql<number>`count(*)::int`.as('count')])
      .where('clinic_id', '=', clinicId)
      .where('outcome', 'is not', null)
      .where('outcome_at', '>=', from)
      .where('outcome_at', '<', to)
      .where('channel', 'in', CLIENT_CHANNELS)
      .groupBy(['day', 'channel', 'outcome'])
      .execute();
    return rows.map((r) => ({ day: r.day, channel: r.channel as NumbersChannel, outcome: r.outcome!, count: r.count }));
  }

  private async deliveries(clinicId: string, { from, to }: Period) {
    const rows = await this.db
      .selectFrom('send_deliveries')
      .select([utcDay('reported_at').as('day'), 'status', sql<number>`count(*)::int`.as('count')])
      .where('clinic_id', '=', clinicId)
      .where('reported_at', '>=', from)
      .where('reported_at', '<', to)
      .groupBy(['day', 'status'])
      .execute();
    return rows.map((r) => ({ day: r.day, status: r.status as TextDeliveryStatus, count: r.count }));
  }

  /**
   * Asked: the sessions whose book-next went (by text or email) in the period. Booked by day 14:
   * those whose booking was recorded by the nudge's day, four days after the first ask. One pass
   * over each side and a hash join, never a look-up per session.
   */
  private async booking(clinicId: string, { from, to }: Period) {
    const { rows } = await sql<{ asked: number; booked: number }>`
      with asked as (
        select split_part(key, ':', 1) as workflow_id, min(outcome_at) as at
        from send_records
        where clinic_id = ${clinicId} and outcome = 'sent' and outcome_at >= ${from} and outcome_at < ${to}
          and step = ${BOOK_NEXT} and channel in ('sms', 'email')
        group by 1
      ), booked as (
        select workflow_id, min(at) as at
        from audit_log
        where clinic_id = ${clinicId} and action = ${BOOKING_RECORDED} and at >= ${from} and at < ${to}::timestamptz + ${BOOKING_WINDOW}
        group by 1
      )
      select count(*)::int as asked, count(*) filter (where booked.at <= asked.at + ${BOOKING_WINDOW})::int as booked
      from asked left join booked using (workflow_id)`.execute(this.db);
    const row = rows[0] ?? { asked: 0, booked: 0 };
    return { asked: row.asked, bookedByDay14: row.booked };
  }

  /**
   * Each urgent reply of the period with the first time staff marked its run's concern handled at
   * or after it (a concern covers every urgent reply before it was handled).
   */
  private handledUrgent(clinicId: string, { from, to }: Period) {
    return sql`
      select u.received_at, h.at as handled_at
      from inbound_texts u
      left join lateral (
        select min(a.at) as at from audit_log a
        where a.clinic_id = ${clinicId} and a.action = ${CONCERN_HANDLED} and a.workflow_id = u.workflow_id and a.at >= u.received_at
      ) h on true
      where u.clinic_id = ${clinicId} and u.received_at >= ${from} and u.received_at < ${to} and ${isUrgentReply}`;
  }

  private async urgentByDay(clinicId: string, period: Period) {
    const { rows } = await sql<{ day: string; replies: number; handled: number }>`
      select ${utcDay('received_at')} as day, count(*)::int as replies, count(handled_at)::int as handled
      from (${this.handledUrgent(clinicId, period)}) t
      group by 1`.execute(this.db);
    return rows;
  }

  private async medianMinutesToHandled(clinicId: string, period: Period): Promise<number | null> {
    const { rows } = await sql<{ median: number | null }>`
      select (percentile_cont(0.5) within group (order by extract(epoch from handled_at - received_at) / 60))::float8 as median
      from (${this.handledUrgent(clinicId, period)}) t
      where handled_at is not null`.execute(this.db);
    const median = rows[0]?.median;
    return median === null || median === undefined ? null : Math.round(Number(median) * 10) / 10;
  }

  /** Opt-outs: clients, not messages (a STOP texted twice a day, one unsubscribe reaching two runs, count once that day). */
  private async optOuts(clinicId: string, { from, to }: Period) {
    const { rows } = await sql<{ day: string; channel: NumbersChannel; count: number }>`
      select ${utcDay('received_at')} as day, 'sms' as channel, count(distinct phone_digest)::int as count
      from inbound_texts
      where clinic_id = ${clinicId} and received_at >= ${from} and received_at < ${to} and ${isStop}
      group by 1
      union all
      select ${utcDay('at')} as day, 'email' as channel, count(distinct ${clientOfAuditRun})::int as count
      from audit_log
      where clinic_id = ${clinicId} and action = 'channel.switched' and at >= ${from} and at < ${to} and ${isUnsubscribe}
      group by 1`.execute(this.db);
    return rows;
  }
}
