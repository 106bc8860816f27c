/**
 * A clinic's API keys, for its own systems: made, listed and revoked by the clinic's owners and
 * administrators. The key itself is shown once, when made; only its SHA-256 digest is kept, so a
 * leaked table opens nothing. A key reads `ak_<id>_<secret>`: the id names it in lists and the
 * audit log, the secret is 32 random bytes.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { keyNameSchema } from '../domain/access-fields';
import type { ApiKeyInfo } from '../platform/people';
import type { Caller } from './caller';
import { recordChange } from './audit-entry';
import { clinicManagedBy, type AdminDeps } from './clinic-access';
import { UnknownRecordError } from './errors';
import { sha256Hex } from './tokens';
import { parseWith } from './parse';

const KEY_PREFIX = 'ak_';
/** 9 random bytes: 12 base64url characters. */
const KEY_ID_BYTES = 9;
const KEY_SECRET_BYTES = 32;

/** What the auth plugin and the store compare: the lower-case hex SHA-256 of the whole key. */
export const keyDigestOf = (key: string): string => sha256Hex(key);

/** Whether a bearer token could be a clinic key at all (the auth plugin looks no other up); the id part is let a little wider than newKey makes. */
const KEY_SHAPE = new RegExp(`^${KEY_PREFIX}[A-Za-z0-9_-]{10,40}_[A-Za-z0-9_-]{43}$`);
export const isClinicKeyShaped = (token: string): boolean => KEY_SHAPE.test(token);

function newKey(): { id: string; key: string } {
  const id = randomBytes(KEY_ID_BYTES).toString('base64url');
  return { id, key: `${KEY_PREFIX}${id}_${randomBytes(KEY_SECRET_BYTES).toString('base64url')}` };
}

export const newKeyBody = z.strictObject({ name: keyNameSchema }, { message: 'must be a JSON object: { "name": "..." }' });

export interface CreatedKey {
  id: string;
  name: string;
  /** Shown this once; never again. */
  key: string;
  createdAt: string;
}

export interface KeyView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** The audit actor who made it ('person:<id>', 'admin-key', 'cli'). */
  createdBy: string;
}

const keyView = (k: ApiKeyInfo): KeyView => ({
  id: k.id,
  name: k.name,
  createdAt: k.createdAt.toISOString(),
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  revokedAt: k.revokedAt?.toISOString() ?? null,
  createdBy: k.createdBy,
});

const MANAGE_KEYS = "manage the clinic's API keys";

export async function createKey(deps: AdminDeps, caller: Caller, clinicId: string, body: unknown): Promise<CreatedKey> {
  await clinicManagedBy(deps, caller, clinicId, MANAGE_KEYS);
  const { name } = parseWith(newKeyBody, body);
  const { id, key } = newKey();
  const info = await deps.access.keys.create({ id, clinicId, name, keyDigest: keyDigestOf(key), createdBy: caller.actor });
  await recordChange(deps.access.audit, caller, deps.now(), { action: 'key.created', clinicId, detail: { keyId: id } });
  return { id: info.id, name: info.name, key, createdAt: info.createdAt.toISOString() };
}

export async function listKeys(deps: AdminDeps, caller: Caller, clinicId: string): Promise<KeyView[]> {
  await clinicManagedBy(deps, caller, clinicId, MANAGE_KEYS);
  return (await deps.access.keys.list(clinicId)).map(keyView);
}

/** Revokes the key at once (the next request with it gets 401); revoking a revoked key is fine. */
export async function revokeKey(deps: AdminDeps, caller: Caller, clinicId: string, keyId: string): Promise<void> {
  await clinicManagedBy(deps, caller, clinicId, MANAGE_KEYS);
  const found = await deps.access.keys.revoke(clinicId, keyId, deps.now());
  if (!found) throw new UnknownRecordError('key', 'keyId', keyId.slice(0, 60));
  await recordChange(deps.access.audit, caller, deps.now(), { action: 'key.revoked', clinicId, detail: { keyId } });
}
