/**
 * Sessions, one-time links and API keys (migration 0003) behind platform/people.ts, and the one
 * place that opens every store sign-in and administration need.
 */
import type { Kysely } from 'kysely';
import type { ApiKeyInfo, ApiKeyStore, AccessStores, DeliveryAnswer, DeliveryLog, LinkPurpose, LinkStore, SessionRecord, SessionStore } from '../people';
import type { Sealer } from '../sealed';
import { SqlAuditLog } from './audit-store';
import { SqlInboxStore } from './inbox-store';
import { SqlMetricTotalsStore } from './metric-totals-store';
import { SqlClinicNumbersStore } from './numbers-store';
import { SqlTextDeliveryLog } from './text-deliveries-store';
import { SqlPeopleStore } from './people-store';
import { SqlPhotoStore } from './photo-store';
import type { ApiKeyRow, Database } from './schema';

class SqlSessionStore implements SessionStore {
  constructor(private readonly db: Kysely<Database>) {}

  async create(s: SessionRecord & { tokenDigest: string }): Promise<void> {
    // Each sign-in sweeps the sessions that have run out, so the table holds only live ones.
    await this.db.deleteFrom('sign_in_sessions').where('expires_at', '<=', new Date()).execute();
    await this.db
      .insertInto('sign_in_sessions')
      .values({ token_digest: s.tokenDigest, person_id: s.personId, csrf_digest: s.csrfDigest, created_at: new Date(), expires_at: s.expiresAt })
      .execute();
  }

  async find(tokenDigest: string, now: Date): Promise<SessionRecord | undefined> {
    const row = await this.db
      .selectFrom('sign_in_sessions')
      .select(['person_id', 'csrf_digest', 'expires_at'])
      .where('token_digest', '=', tokenDigest)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return row && { personId: row.person_id, csrfDigest: row.csrf_digest, expiresAt: row.expires_at };
  }

  async end(tokenDigest: string): Promise<void> {
    await this.db.deleteFrom('sign_in_sessions').where('token_digest', '=', tokenDigest).execute();
  }

  async endAllOf(personId: string): Promise<void> {
    await this.db.deleteFrom('sign_in_sessions').where('person_id', '=', personId).execute();
  }
}

class SqlLinkStore implements LinkStore {
  constructor(private readonly db: Kysely<Database>) {}

  async create(link: { tokenDigest: string; personId: string; purpose: LinkPurpose; expiresAt: Date }): Promise<void> {
    // Links past their time open nothing: each new one sweeps them.
    await this.db.deleteFrom('person_links').where('expires_at', '<=', new Date()).execute();
    await this.db
      .insertInto('person_links')
      .values({ token_digest: link.tokenDigest, person_id: link.personId, purpose: link.purpose, created_at: new Date(), expires_at: link.expiresAt, used_at: null })
      .execute();
  }

  async use(tokenDigest: string, purpose: LinkPurpose, now: Date): Promise<string | undefined> {
    // One statement: two tabs opening the same link cannot both use it.
    const row = await this.db
      .updateTable('person_links')
      .set({ used_at: now })
      .where('token_digest', '=', tokenDigest)
      .where('purpose', '=', purpose)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning('person_id')
      .executeTakeFirst();
    return row?.person_id;
  }
}

const keyInfoOf = (row: ApiKeyRow): ApiKeyInfo => ({
  id: row.id,
  clinicId: row.clinic_id,
  name: row.name,
  createdBy: row.created_by,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at,
});

class SqlApiKeyStore implements ApiKeyStore {
  constructor(private readonly db: Kysely<Database>) {}

  async create(key: { id: string; clinicId: string; name: string; keyDigest: string; createdBy: string }): Promise<ApiKeyInfo> {
    const row = await this.db
      .insertInto('api_keys')
      .values({ id: key.id, clinic_id: key.clinicId, name: key.name, key_digest: key.keyDigest, created_by: key.createdBy, created_at: new Date(), last_used_at: null, revoked_at: null })
      .returningAll()
      .executeTakeFirstOrThrow();
    return keyInfoOf(row);
  }

  async list(clinicId: string): Promise<ApiKeyInfo[]> {
    const rows = await this.db.selectFrom('api_keys').selectAll().where('clinic_id', '=', clinicId).orderBy('created_at').orderBy('id').execute();
    return rows.map(keyInfoOf);
  }

  async revoke(clinicId: string, id: string, at: Date): Promise<boolean> {
    const row = await this.db.selectFrom('api_keys').select('revoked_at').where('clinic_id', '=', clinicId).where('id', '=', id).executeTakeFirst();
    if (!row) return false;
    if (row.revoked_at === null) await this.db.updateTable('api_keys').set({ revoked_at: at }).where('id', '=', id).execute();
    return true;
  }

  async useActive(keyDigest: string, at: Date): Promise<{ id: string; clinicId: string } | undefined> {
    const row = await this.db
      .updateTable('api_keys')
      .set({ last_used_at: at })
      .where('key_digest', '=', keyDigest)
      .where('revoked_at', 'is', null)
      .returning(['id', 'clinic_id'])
      .executeTakeFirst();
    return row && { id: row.id, clinicId: row.clinic_id };
  }
}

class SqlDeliveryLog implements DeliveryLog {
  constructor(private readonly db: Kysely<Database>) {}

  async answerOf(key: string): Promise<DeliveryAnswer | undefined> {
    const row = await this.db.selectFrom('webhook_deliveries').select(['status_code', 'content_type', 'body']).where('key', '=', key).executeTakeFirst();
    return row && { statusCode: row.status_code, contentType: row.content_type, body: row.body };
  }

  async remember(key: string, answer: DeliveryAnswer, at: Date): Promise<void> {
    await this.db
      .insertInto('webhook_deliveries')
      .values({ key, status_code: answer.statusCode, content_type: answer.contentType, body: answer.body, handled_at: at })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
  }
}

export function openAccessStores(db: Kysely<Database>, sealer: Sealer): AccessStores {
  return {
    people: new SqlPeopleStore(db, sealer),
    sessions: new SqlSessionStore(db),
    links: new SqlLinkStore(db),
    keys: new SqlApiKeyStore(db),
    audit: new SqlAuditLog(db),
    deliveries: new SqlDeliveryLog(db),
    inbox: new SqlInboxStore(db, sealer),
    photos: new SqlPhotoStore(db, sealer),
    textDeliveries: new SqlTextDeliveryLog(db),
    numbers: new SqlClinicNumbersStore(db),
    metricTotals: new SqlMetricTotalsStore(db),
  };
}
