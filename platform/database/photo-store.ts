/** The photos table (migration 0006) behind platform/photos.ts's PhotoStore. */
import type { Kysely } from 'kysely';
import type { IncomingPhotos, PendingPhoto, PhotoRecord, PhotoReview, PhotoStore } from '../photos';
import type { Sealer } from '../sealed';
import type { Database, PhotoRow } from './schema';

/** Every column but the picture itself: lists never read the bytes. */
const META = [
  'id',
  'clinic_id',
  'workflow_id',
  'client_ref',
  'received_at',
  'state',
  'refusal',
  'content_type',
  'size',
  'review_outcome',
  'review_note_sealed',
  'reviewed_at',
  'reviewed_by',
] as const;
type MetaRow = Pick<PhotoRow, (typeof META)[number]>;

export class SqlPhotoStore implements PhotoStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly sealer: Sealer,
  ) {}

  private recordOf(row: MetaRow): PhotoRecord {
    return {
      id: String(row.id),
      clinicId: row.clinic_id,
      workflowId: row.workflow_id,
      clientRef: row.client_ref,
      at: row.received_at,
      state: row.state,
      refusal: row.refusal,
      contentType: row.content_type,
      size: row.size,
      review:
        row.review_outcome === null || row.reviewed_at === null
          ? null
          : {
              outcome: row.review_outcome,
              note: row.review_note_sealed === null ? null : this.sealer.open(row.review_note_sealed),
              at: row.reviewed_at,
              by: row.reviewed_by ?? 'unknown',
            },
    };
  }

  async recordIncoming(p: IncomingPhotos): Promise<number> {
    if (p.media.length === 0) return 0;
    const rows = await this.db
      .insertInto('photos')
      .values(
        p.media.map((m, index) => ({
          clinic_id: p.clinicId,
          workflow_id: p.workflowId,
          client_ref: p.clientRef,
          message_sid: p.messageSid,
          media_index: index,
          url_sealed: this.sealer.seal(m.url),
          state: 'pending' as const,
          refusal: null,
          content_type: null,
          size: null,
          data_sealed: null,
          received_at: p.at,
          stored_at: null,
          review_outcome: null,
          review_note_sealed: null,
          reviewed_at: null,
          reviewed_by: null,
        })),
      )
      .onConflict((oc) => oc.columns(['message_sid', 'media_index']).doNothing())
      .returning('id')
      .execute();
    return rows.length;
  }

  async pending(messageSid: string, index: number): Promise<PendingPhoto | undefined> {
    const row = await this.db
      .selectFrom('photos')
      .select(['clinic_id', 'url_sealed'])
      .where('message_sid', '=', messageSid)
      .where('media_index', '=', index)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    return row && { clinicId: row.clinic_id, url: this.sealer.open(row.url_sealed) };
  }

  async store(messageSid: string, index: number, photo: { contentType: string; bytes: Uint8Array; at: Date }): Promise<string> {
    await this.db
      .updateTable('photos')
      .set({ state: 'stored', content_type: photo.contentType, size: photo.bytes.byteLength, data_sealed: this.sealer.sealBytes(photo.bytes), stored_at: photo.at })
      .where('message_sid', '=', messageSid)
      .where('media_index', '=', index)
      .where('state', '=', 'pending')
      .execute();
    const row = await this.db.selectFrom('photos').select('id').where('message_sid', '=', messageSid).where('media_index', '=', index).executeTakeFirstOrThrow();
    return String(row.id);
  }

  async refuse(messageSid: string, index: number, reason: string): Promise<void> {
    await this.db
      .updateTable('photos')
      .set({ state: 'refused', refusal: reason.slice(0, 300) })
      .where('message_sid', '=', messageSid)
      .where('media_index', '=', index)
      .where('state', '=', 'pending')
      .execute();
  }

  async ofWorkflow(workflowId: string, limit: number): Promise<PhotoRecord[]> {
    const rows = await this.db.selectFrom('photos').select(META).where('workflow_id', '=', workflowId).where('state', '=', 'stored').orderBy('id', 'desc').limit(limit).execute();
    return rows.reverse().map((r) => this.recordOf(r));
  }

  async get(id: string): Promise<PhotoRecord | undefined> {
    const row = await this.db.selectFrom('photos').select(META).where('id', '=', id).executeTakeFirst();
    return row && this.recordOf(row);
  }

  async bytesOf(id: string): Promise<{ contentType: string; bytes: Buffer } | undefined> {
    const row = await this.db.selectFrom('photos').select(['content_type', 'data_sealed']).where('id', '=', id).where('state', '=', 'stored').executeTakeFirst();
    if (!row?.data_sealed || !row.content_type) return undefined;
    return { contentType: row.content_type, bytes: this.sealer.openBytes(row.data_sealed) };
  }

  async review(id: string, review: PhotoReview): Promise<PhotoRecord | undefined> {
    const row = await this.db
      .updateTable('photos')
      .set({
        review_outcome: review.outcome,
        review_note_sealed: review.note === null ? null : this.sealer.seal(review.note),
        reviewed_at: review.at,
        reviewed_by: review.by,
      })
      .where('id', '=', id)
      .where('state', '=', 'stored')
      .returning(META)
      .executeTakeFirst();
    return row && this.recordOf(row);
  }
}
