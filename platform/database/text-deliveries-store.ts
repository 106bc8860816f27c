/**
 * Twilio's delivery reports of the texts it took (send_deliveries, migration 0009), one row per
 * message SID. The status webhook writes here; the clinic's numbers and the metrics read it. A
 * report older than the one kept (callbacks can arrive out of order) changes nothing.
 */
import type { Kysely } from 'kysely';
import type { TextDeliveryLog, TextDeliveryReport } from '../numbers';
import type { Database } from './schema';

export class SqlTextDeliveryLog implements TextDeliveryLog {
  constructor(private readonly db: Kysely<Database>) {}

  async record(report: TextDeliveryReport): Promise<void> {
    const row = {
      clinic_id: report.clinicId,
      workflow_id: report.workflowId,
      step: report.step,
      channel: 'sms',
      status: report.status,
      error_code: report.errorCode ?? null,
      reported_at: report.at,
    };
    await this.db
      .insertInto('send_deliveries')
      .values({ provider_id: report.providerId, ...row })
      .onConflict((oc) => oc.column('provider_id').doUpdateSet(row).where('send_deliveries.reported_at', '<=', report.at))
      .execute();
  }
}
