/**
 * The numbers' SQL (platform/database/numbers-store.ts, metric-totals-store.ts,
 * text-deliveries-store.ts) and migration 0009 on both engines, a real PostgreSQL server
 * (dev/postgres-server.ts) and PGlite: rows written through the real stores (the send records,
 * the audit log, the inbox), then the figures read back. What the route makes of them is
 * test/e2e/numbers.test.ts; this covers what that one cannot reach in a test's time: books by day
 * 14 (the ask goes on day 10), other days and clinics, reports out of order, and records written
 * before the migration.
 */
import { Migrator, sql, type Kysely } from 'kysely';
import { SqlSendRecordStore } from '../../activities/sql-send-records';
import { openDatabase, openPGlite } from '../../platform/database/connection';
import { migrateToLatest } from '../../platform/database/migrate';
import { MIGRATIONS } from '../../platform/database/migrations';
import { SqlClinicNumbersStore } from '../../platform/database/numbers-store';
import { SqlMetricTotalsStore } from '../../platform/database/metric-totals-store';
import { SqlTextDeliveryLog } from '../../platform/database/text-deliveries-store';
import { SqlAuditLog } from '../../platform/database/audit-store';
import type { Database } from '../../platform/database/schema';
import { createFreshDatabase, startPostgresServer, type PostgresServer } from '../../dev/postgres-server';
import { periodOf } from '../../app/clinic-numbers';

jest.setTimeout(300_000);

let server: PostgresServer;
const opened: Kysely<Database>[] = [];

beforeAll(async () => {
  server = await startPostgresServer();
});
afterAll(async () => {
  await Promise.all(opened.map((db) => db.destroy().catch(() => undefined)));
  await server?.stop();
});

const engines: [string, () => Promise<Kysely<Database>>][] = [
  ['PostgreSQL', async () => (await openDatabase({ DATABASE_URL: await createFreshDatabase(server), DATA_DIR: '/nonexistent' })).db],
  ['PGlite', async () => (await openPGlite('memory://')).db],
];

const NOW = new Date('2026-03-20T15:00:00Z');
const DAY = 86_400_000;
const ago = (days: number, hours = 0) => new Date(NOW.getTime() - days * DAY - hours * 3_600_000);
const wf = (clinic: string, ref: string) => `aftercare-${clinic}~${ref}-s1`;

describe.each(engines)('%s', (_name, open) => {
  let db: Kysely<Database>;

  beforeAll(async () => {
    db = await open();
    opened.push(db);
    // A record written before 0009, then the migration fills in what its key says.
    const before = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
    expect((await before.migrateTo('0008-imports')).error).toBeUndefined();
    await db
      .insertInto('send_records')
      .values([
        { key: `${wf('northside', 'OLD1')}:days-1-4:sms`, state: 'sent', provider_id: 'SMold', started_at: ago(2), sent_at: ago(2) },
        { key: `touchup-northside~OLD2:touch-up:email:course-1#1`, state: 'sent', provider_id: '<m@x>', started_at: ago(2), sent_at: ago(2) },
        { key: `aftercare-northside-OLD3-s1:welcome#resend-1:email`, state: 'pending', provider_id: null, started_at: ago(2), sent_at: null },
      ])
      .execute();
    await migrateToLatest(db);
  });

  it('fills in the clinic, step, channel and outcome of records written before migration 0009', async () => {
    const rows = await db.selectFrom('send_records').select(['key', 'clinic_id', 'step', 'channel', 'outcome', 'outcome_at']).orderBy('key').execute();
    expect(rows).toEqual([
      { key: 'aftercare-northside-OLD3-s1:welcome#resend-1:email', clinic_id: null, step: 'welcome', channel: 'email', outcome: null, outcome_at: null },
      { key: `${wf('northside', 'OLD1')}:days-1-4:sms`, clinic_id: 'northside', step: 'days-1-4', channel: 'sms', outcome: 'sent', outcome_at: ago(2) },
      { key: 'touchup-northside~OLD2:touch-up:email:course-1#1', clinic_id: 'northside', step: 'touch-up', channel: 'email', outcome: 'sent', outcome_at: ago(2) },
    ]);
  });

  it('counts sends, reports, bookings by day 14, urgent replies handled and opt-outs of one clinic and its period only', async () => {
    const records = new SqlSendRecordStore(db);
    const sent = (key: string, at: Date, providerId = `P${key}`) => records.put(key, { state: 'sent', providerId, startedAt: at.toISOString(), sentAt: at.toISOString() });
    // Three asked to book in the period: one books 2 days later, one 6 days later (after day 14), one never.
    await sent(`${wf('northside', 'B1')}:book-next:sms`, ago(20));
    await sent(`${wf('northside', 'B1')}:book-next:email`, ago(20, -1));
    await sent(`${wf('northside', 'B2')}:book-next:sms`, ago(15));
    await sent(`${wf('northside', 'B3')}:book-next:email`, ago(12));
    // Asked before the period, and another clinic's ask: not counted.
    await sent(`${wf('northside', 'B4')}:book-next:sms`, ago(40));
    await sent(`${wf('eastgate', 'B5')}:book-next:sms`, ago(10));
    // A text refused for good today, then a record of a later attempt of another key.
    await records.put(`${wf('northside', 'F1')}:welcome:sms`, { state: 'pending', startedAt: ago(0, 1).toISOString(), failedAt: ago(0, 1).toISOString(), failure: 'SmsInvalidNumber' });
    expect(await records.get(`${wf('northside', 'F1')}:welcome:sms`)).toMatchObject({ state: 'pending', failure: 'SmsInvalidNumber' });
    // The clinic's own notice is no client message.
    await sent(`${wf('northside', 'B3')}:clinic-follow-up:clinic`, ago(1));

    const audit = new SqlAuditLog(db);
    const entry = (action: string, workflowId: string, at: Date, detail: Record<string, unknown> = {}) =>
      audit.record({ at, actor: 'cli', via: 'cli', clinicId: workflowId.includes('eastgate') ? 'eastgate' : 'northside', action, workflowId, detail });
    await entry('booking.recorded', wf('northside', 'B1'), ago(18));
    await entry('booking.recorded', wf('northside', 'B2'), ago(9));
    await entry('booking.recorded', wf('eastgate', 'B5'), ago(9));

    // Delivery reports, one out of order: the newer one stays.
    const deliveries = new SqlTextDeliveryLog(db);
    await deliveries.record({ providerId: `P${wf('northside', 'B2')}:book-next:sms`, clinicId: 'northside', workflowId: wf('northside', 'B2'), step: 'book-next', status: 'delivered', at: ago(15, -2) });
    await deliveries.record({ providerId: `P${wf('northside', 'B2')}:book-next:sms`, clinicId: 'northside', workflowId: wf('northside', 'B2'), step: 'book-next', status: 'undelivered', errorCode: '30003', at: ago(15, -1) });
    await deliveries.record({ providerId: `P${wf('northside', 'B1')}:book-next:sms`, clinicId: 'northside', workflowId: wf('northside', 'B1'), step: 'book-next', status: 'delivered', at: ago(20, -1) });

    // Urgent texts: one handled after 30 minutes, one after 90, one not yet; a STOP texted twice the same day; an unsubscribe reaching two runs.
    const text = (id: number, workflowId: string | null, at: Date, fields: { triage_class?: 'urgent'; keyword?: 'stop'; phone?: string }) =>
      db
        .insertInto('inbound_texts')
        .values({ clinic_id: 'northside', workflow_id: workflowId, client_ref: null, message_sid: `SM${id}`, direction: 'in', phone_digest: fields.phone ?? 'd1', phone_sealed: 's', body_sealed: 's', triage_class: fields.triage_class ?? null, keyword: fields.keyword ?? null, received_at: at } as never)
        .execute();
    await text(1, wf('northside', 'U1'), ago(3, 2), { triage_class: 'urgent' });
    await entry('concern.handled', wf('northside', 'U1'), new Date(ago(3, 2).getTime() + 30 * 60_000));
    await text(2, wf('northside', 'U2'), ago(1, 3), { triage_class: 'urgent' });
    await entry('concern.handled', wf('northside', 'U2'), new Date(ago(1, 3).getTime() + 90 * 60_000));
    await text(3, null, ago(0, 2), { triage_class: 'urgent' });
    await text(4, wf('northside', 'S1'), ago(0, 3), { keyword: 'stop', phone: 'p1' });
    await text(5, wf('northside', 'S1'), ago(0, 2), { keyword: 'stop', phone: 'p1' });
    await entry('channel.switched', wf('northside', 'E1'), ago(2), { channel: 'email', enabled: false, by: 'unsubscribe' });
    await entry('channel.switched', `touchup-northside~E1`, ago(2), { channel: 'email', enabled: false, by: 'unsubscribe' });
    await entry('channel.switched', wf('northside', 'E2'), ago(2), { channel: 'email', enabled: false, by: 'staff' });

    const { period } = periodOf(30, NOW);
    const rows = await new SqlClinicNumbersStore(db).read('northside', period);
    expect(rows.booking).toEqual({ asked: 3, bookedByDay14: 1 });
    const day = (d: Date) => d.toISOString().slice(0, 10);
    expect(rows.sends).toEqual(
      expect.arrayContaining([
        { day: day(ago(20)), channel: 'sms', outcome: 'sent', count: 1 },
        { day: day(ago(0)), channel: 'sms', outcome: 'failed', count: 1 },
        { day: day(ago(2)), channel: 'sms', outcome: 'sent', count: 1 },
        { day: day(ago(2)), channel: 'email', outcome: 'sent', count: 1 },
      ]),
    );
    expect(rows.sends.some((r) => (r.channel as string) === 'clinic')).toBe(false);
    expect(rows.deliveries).toEqual(expect.arrayContaining([{ day: day(ago(15, -2)), status: 'delivered', count: 1 }]));
    expect(rows.deliveries.some((r) => r.status === 'undelivered')).toBe(false);
    expect(rows.urgent.medianMinutesToHandled).toBe(60);
    expect(rows.urgent.byDay.reduce((t, d) => t + d.replies, 0)).toBe(3);
    expect(rows.urgent.byDay.reduce((t, d) => t + d.handled, 0)).toBe(2);
    expect(rows.optOuts).toEqual(expect.arrayContaining([{ day: day(ago(0, 2)), channel: 'sms', count: 1 }, { day: day(ago(2)), channel: 'email', count: 1 }]));
    expect(rows.optOuts).toHaveLength(2);

    const eastgate = await new SqlClinicNumbersStore(db).read('eastgate', period);
    expect(eastgate.booking).toEqual({ asked: 1, bookedByDay14: 1 });
    expect(eastgate.urgent).toEqual({ byDay: [], medianMinutesToHandled: null });

    const totals = await new SqlMetricTotalsStore(db).read();
    expect(totals.sends).toEqual(expect.arrayContaining([{ clinic: 'northside', channel: 'sms', outcome: 'failed', count: 1 }, { clinic: 'northside', channel: 'clinic', outcome: 'sent', count: 1 }]));
    expect(totals.urgentReplies).toEqual([{ clinic: 'northside', count: 3 }]);
    expect(totals.optOuts).toEqual(expect.arrayContaining([{ clinic: 'northside', channel: 'sms', count: 1 }, { clinic: 'northside', channel: 'email', count: 1 }]));
    expect(totals.deliveries).toEqual([{ clinic: 'northside', status: 'delivered', count: 2 }]);
    // The period's reads use the new indexes' leading columns (no other filter needs a table scan).
    const plan = await sql<{ 'QUERY PLAN': string }>`explain select count(*) from send_records where clinic_id = 'northside' and outcome is not null and outcome_at >= now() - interval '30 days'`.execute(db);
    expect(JSON.stringify(plan.rows)).toMatch(/send_records_clinic_outcome_at|Seq Scan/);
  });
});
