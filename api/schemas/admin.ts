/**
 * The administration routes' shapes (keys, staff, audit) for the OpenAPI document: requests are
 * the very schemas the app parses with, answers are checked against the handlers' types.
 */
import { z } from 'zod';
import { auditQuery, type AuditEntryView } from '../../app/audit-list';
import { newKeyBody, type CreatedKey, type KeyView } from '../../app/keys';
import { INVITATION_DAYS } from '../../app/person-links';
import { inviteBody, staffChangeBody, type PersonView } from '../../app/staff';
import { ROLES } from '../../domain/roles';
import { clinicIdParams } from './requests';

const dateTime = (description?: string) => z.string().meta({ format: 'date-time', ...(description ? { description } : {}) });

export const newKeyRequest = newKeyBody.meta({ id: 'NewApiKey' });
export const inviteRequest = inviteBody.meta({ id: 'Invitation', description: `The person gets an email with a link to choose a password (valid ${INVITATION_DAYS} days).` });
export const staffChangeRequest = staffChangeBody.meta({ id: 'StaffChange' });
export const auditQueryParams = auditQuery;

export const keyIdParams = clinicIdParams.extend({
  keyId: z.string().meta({ description: "The key's id (the part after ak_ and before the second _).", example: 'kF3q9ZbT1wXy' }),
});

export const personIdParams = clinicIdParams.extend({
  personId: z.string().meta({ description: "The person's id.", example: '0b7c3f0e-4e7c-4a43-9a55-3d1f4a1f2c10' }),
});

export const createdKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    key: z.string().meta({ description: 'The key, shown this once: send it as Authorization: Bearer <key>. Only its digest is kept.', example: 'ak_kF3q9ZbT1wXy_…' }),
    createdAt: dateTime(),
  })
  .meta({ id: 'CreatedApiKey' }) satisfies z.ZodType<CreatedKey>;

export const keySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    createdAt: dateTime(),
    lastUsedAt: dateTime('When a request last came with it.').nullable(),
    revokedAt: dateTime('Revoked keys get 401.').nullable(),
    createdBy: z.string().meta({ description: "Who made it, as the audit log says: 'person:<id>', 'admin-key' or 'cli'." }),
  })
  .meta({ id: 'ApiKey' }) satisfies z.ZodType<KeyView>;

export const personSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    role: z.enum(ROLES),
    active: z.boolean().meta({ description: 'A deactivated person cannot sign in.' }),
    invited: z.boolean().meta({ description: 'Invited and no password chosen yet.' }),
    createdAt: dateTime(),
  })
  .meta({ id: 'Person' }) satisfies z.ZodType<PersonView>;

export const auditEntrySchema = z
  .object({
    id: z.string().meta({ description: 'Newest entries have the highest ids; pass the last one as `before` for the next page.' }),
    at: dateTime(),
    actor: z.string().meta({ description: "'person:<id>', 'key:<id>', 'admin-key' or 'cli'." }),
    actorName: z.string().meta({ description: "A person actor's name." }).optional(),
    action: z.string().meta({ example: 'enrollment.cancelled' }),
    clinicId: z.string().nullable(),
    workflowId: z.string().optional(),
    via: z.enum(['page', 'api', 'cli']),
    from: z.string().meta({ description: "The caller's network address." }).optional(),
    detail: z.record(z.string(), z.unknown()).meta({ description: 'Ids, field names, roles and reasons: never contact details.' }),
  })
  .meta({ id: 'AuditEntry' }) satisfies z.ZodType<AuditEntryView>;
