/** The inbound_texts table (migration 0005) behind platform/inbox.ts's InboxStore. */
import { sql, type Kysely } from 'kysely';
import type { InboundText, InboxQuery, InboxStore, InboxTextRecord, SendStatus, StaffReply } from '../inbox';
import type { Sealer } from '../sealed';
import type { Database, InboundTextRow } from './schema';

interface SealedBody {
  text: string;
  matched?: string[];
}

export class SqlInboxStore implements InboxStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly sealer: Sealer,
  ) {}

  private recordOf(row: InboundTextRow): InboxTextRecord {
    const body = JSON.parse(this.sealer.open(row.body_sealed)) as SealedBody;
    return {
      id: String(row.id),
      at: row.received_at,
      direction: row.direction,
      clinicId: row.clinic_id,
      workflowId: row.workflow_id,
      clientRef: row.client_ref,
      phone: this.sealer.open(row.phone_sealed),
      text: body.text,
      triage: row.triage_class === null ? null : { class: row.triage_class, matched: body.matched ?? [] },
      keyword: row.keyword,
      readAt: row.read_at,
      readBy: row.read_by,
      sentBy: row.sent_by,
      sendStatus: row.send_status,
    };
  }

  private sealedPhone(phone: string) {
    return { phone_digest: this.sealer.digest(phone), phone_sealed: this.sealer.seal(phone) };
  }

  async recordInbound(t: InboundText): Promise<{ record: InboxTextRecord; created: boolean }> {
    const body: SealedBody = { text: t.text, ...(t.triage ? { matched: t.triage.matched } : {}) };
    const inserted = await this.db
      .insertInto('inbound_texts')
      .values({
        clinic_id: t.clinicId,
        workflow_id: t.workflowId,
        client_ref: t.clientRef,
        message_sid: t.messageSid,
        direction: 'in',
        ...this.sealedPhone(t.phone),
        body_sealed: this.sealer.seal(JSON.stringify(body)),
        triage_class: t.triage?.class ?? null,
        keyword: t.keyword,
        received_at: t.at,
        read_at: null,
        read_by: null,
        sent_by: null,
        reply_key: null,
        send_status: null,
        provider_id: null,
        alert_state: null,
      })
      .onConflict((oc) => oc.column('message_sid').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return { record: this.recordOf(inserted), created: true };
    const existing = await this.db.selectFrom('inbound_texts').selectAll().where('message_sid', '=', t.messageSid).executeTakeFirstOrThrow();
    return { record: this.recordOf(existing), created: false };
  }

  async list(q: InboxQuery): Promise<InboxTextRecord[]> {
    let query = this.db.selectFrom('inbound_texts').selectAll();
    if (q.clinicId !== undefined) query = query.where('clinic_id', '=', q.clinicId);
    if (q.unread) query = query.where('direction', '=', 'in').where('read_at', 'is', null);
    if (q.triageClass !== undefined) query = query.where('triage_class', '=', q.triageClass);
    if (q.before !== undefined) query = query.where('id', '<', q.before);
    const rows = await query.orderBy('id', 'desc').limit(q.limit).execute();
    return rows.map((r) => this.recordOf(r));
  }

  async unreadCounts(clinicId: string | undefined): Promise<{ total: number; urgent: number }> {
    let query = this.db
      .selectFrom('inbound_texts')
      .select((eb) => [eb.fn.countAll<string>().as('total'), eb.fn.count<string>(sql`case when triage_class = 'urgent' then 1 end`).as('urgent')])
      .where('direction', '=', 'in')
      .where('read_at', 'is', null);
    if (clinicId !== undefined) query = query.where('clinic_id', '=', clinicId);
    const row = await query.executeTakeFirstOrThrow();
    return { total: Number(row.total), urgent: Number(row.urgent) };
  }

  async ofWorkflow(workflowId: string, limit: number): Promise<InboxTextRecord[]> {
    const rows = await this.db.selectFrom('inbound_texts').selectAll().where('workflow_id', '=', workflowId).orderBy('id', 'desc').limit(limit).execute();
    return rows.reverse().map((r) => this.recordOf(r));
  }

  async get(id: string): Promise<InboxTextRecord | undefined> {
    const row = await this.db.selectFrom('inbound_texts').selectAll().where('id', '=', id).executeTakeFirst();
    return row && this.recordOf(row);
  }

  async markRead(id: string, by: string, at: Date): Promise<void> {
    const row = await this.db.selectFrom('inbound_texts').select(['phone_digest', 'clinic_id']).where('id', '=', id).executeTakeFirst();
    if (!row) return;
    await this.db
      .updateTable('inbound_texts')
      .set({ read_at: at, read_by: by })
      .where('direction', '=', 'in')
      .where('read_at', 'is', null)
      .where('phone_digest', '=', row.phone_digest)
      .where(sql<boolean>`clinic_id is not distinct from ${row.clinic_id}`)
      .where('id', '<=', id)
      .execute();
  }

  async beginReply(r: StaffReply): Promise<{ record: InboxTextRecord; created: boolean }> {
    const inserted = await this.db
      .insertInto('inbound_texts')
      .values({
        clinic_id: r.clinicId,
        workflow_id: r.workflowId,
        client_ref: r.clientRef,
        message_sid: null,
        direction: 'out',
        ...this.sealedPhone(r.phone),
        body_sealed: this.sealer.seal(JSON.stringify({ text: r.text } satisfies SealedBody)),
        triage_class: null,
        keyword: null,
        received_at: r.at,
        read_at: null,
        read_by: null,
        sent_by: r.sentBy,
        reply_key: r.replyKey,
        send_status: 'pending',
        provider_id: null,
        alert_state: null,
      })
      .onConflict((oc) => oc.column('reply_key').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return { record: this.recordOf(inserted), created: true };
    const existing = await this.db.selectFrom('inbound_texts').selectAll().where('reply_key', '=', r.replyKey).executeTakeFirstOrThrow();
    return { record: this.recordOf(existing), created: false };
  }

  async takeOverReply(id: string, staleBefore: Date, at: Date): Promise<boolean> {
    // One statement: two retries arriving together cannot both take it.
    const row = await this.db
      .updateTable('inbound_texts')
      .set({ received_at: at })
      .where('id', '=', id)
      .where('send_status', '=', 'pending')
      .where('received_at', '<', staleBefore)
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  }

  async finishReply(id: string, status: Exclude<SendStatus, 'pending'>, providerId?: string): Promise<InboxTextRecord> {
    const row = await this.db
      .updateTable('inbound_texts')
      .set({ send_status: status, provider_id: providerId ?? null })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return this.recordOf(row);
  }

  async claimAlert(id: string): Promise<boolean> {
    const row = await this.db.updateTable('inbound_texts').set({ alert_state: 'pending' }).where('id', '=', id).where('alert_state', 'is', null).returning('id').executeTakeFirst();
    return row !== undefined;
  }

  async finishAlert(id: string, sent: boolean): Promise<void> {
    await this.db.updateTable('inbound_texts').set({ alert_state: sent ? 'sent' : null }).where('id', '=', id).execute();
  }
}
