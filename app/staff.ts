/**
 * A clinic's people: invited by its owners (or an administrator, who makes a clinic's first
 * owner this way), listed, given another role, deactivated. Nobody is ever deleted: a person who
 * leaves is deactivated and signed out everywhere. Two rules keep a clinic manageable: nobody
 * changes their own role, and the last active owner stays an active owner.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Mailer } from '../activities/email/port';
import { clinicRoleSchema, personNameSchema } from '../domain/access-fields';
import { emailSchema } from '../domain/clinic-schema';
import type { Person } from '../platform/people';
import type { Caller } from './caller';
import { recordChange } from './audit-entry';
import { clinicManagedBy, clinicSeenBy, type AdminDeps } from './clinic-access';
import { ForbiddenError, InvitationNotSentError, LastOwnerError, NotConfiguredError, PersonExistsError, UnknownRecordError } from './errors';
import { invitationMail } from './invitation-mail';
import { createPersonLink, LINK_LIFETIME_MS, personLinkUrl } from './person-links';
import { parseWith } from './parse';

/** How long an invitation link works. */

export const inviteBody = z.strictObject(
  { email: emailSchema, name: personNameSchema, role: clinicRoleSchema },
  { message: 'must be a JSON object: { "email": "...", "name": "...", "role": "owner" | "staff" }' },
);

export const staffChangeBody = z
  .strictObject(
    {
      role: clinicRoleSchema.optional(),
      active: z.boolean({ message: 'must be true or false' }).optional(),
    },
    { message: 'must be a JSON object: { "role"?: "owner" | "staff", "active"?: true | false }' },
  )
  .refine((c) => c.role !== undefined || c.active !== undefined, { message: 'names nothing to change: give role, active or both' });

/** A person as the staff list shows them (no password, no digest). */
export interface PersonView {
  id: string;
  name: string;
  email: string;
  role: Person['role'];
  active: boolean;
  /** Invited, and no password chosen yet. */
  invited: boolean;
  createdAt: string;
}

const personView = (p: Person): PersonView => ({
  id: p.id,
  name: p.name,
  email: p.email,
  role: p.role,
  active: p.active,
  invited: p.invited,
  createdAt: p.createdAt.toISOString(),
});

/** What sending an invitation needs: the mail server, and the page the link opens. */
export interface InvitationDeps {
  mailer: Mailer | undefined;
  /** The front desk's address (PUBLIC_BASE_URL, or http://localhost:PORT); personLinkUrl drops a trailing slash. */
  pageUrl: string | undefined;
}

const MANAGE_STAFF = "manage the clinic's staff";

/** Who invited, as the invitation says it: a person's name, or the platform's administrator. */
async function inviterOf(deps: AdminDeps, caller: Caller): Promise<string> {
  if (caller.kind === 'person') {
    const me = await deps.access.people.get(caller.personId);
    if (me) return me.name;
  }
  return "the platform's administrator";
}

/**
 * The person to invite: added now, or, when they were invited to this clinic before and have not
 * accepted yet (the link ran out, the mail got lost), the same person with the name and role given
 * now. Anyone else with the email is PersonExistsError (409).
 */
async function invitee(deps: AdminDeps, clinicId: string, input: z.output<typeof inviteBody>): Promise<Person> {
  const known = await deps.access.people.findByEmail(input.email);
  if (!known) return deps.access.people.add({ email: input.email, name: input.name, role: input.role, clinicId, passwordHash: null });
  if (known.clinicId !== clinicId || !known.invited || !known.active) throw new PersonExistsError();
  return deps.access.people.updateKeepingAnOwner(known.id, clinicId, { name: input.name, role: input.role });
}

/**
 * Adds the person (no password yet) and emails them a link to choose one; asked again for someone
 * who has not accepted yet, sends a new link. 400 naming each field, 409 when the email has an
 * account, 503 when mail cannot be sent from this server at all.
 */
export async function invite(deps: AdminDeps & InvitationDeps, caller: Caller, clinicId: string, body: unknown): Promise<PersonView> {
  const clinic = await clinicManagedBy(deps, caller, clinicId, MANAGE_STAFF);
  const input = parseWith(inviteBody, body);
  if (!deps.mailer) throw new NotConfiguredError('SMTP_URL', 'This server has no mail server set (SMTP_URL, EMAIL_FROM), so it cannot send invitations; nobody was added.');
  if (!deps.pageUrl) throw new NotConfiguredError('PUBLIC_BASE_URL', 'This server has no PUBLIC_BASE_URL, so an invitation would have no link to open; nobody was added.');

  const person = await invitee(deps, clinicId, input);
  const token = await createPersonLink(deps.access, person.id, 'invitation', deps.now());
  const expiresAt = new Date(deps.now().getTime() + LINK_LIFETIME_MS.invitation);
  await recordChange(deps.access.audit, caller, deps.now(), { action: 'person.invited', clinicId, detail: { personId: person.id, role: input.role } });

  const mail = invitationMail({
    name: input.name,
    inviter: await inviterOf(deps, caller),
    clinicName: clinic.name,
    role: input.role,
    link: personLinkUrl(deps.pageUrl, 'invitation', token),
    expiresAt,
  });
  try {
    await deps.mailer.send({ to: person.email, ...mail, messageId: `<invitation-${randomUUID()}@smp-aftercare>` });
  } catch {
    throw new InvitationNotSentError(person.id);
  }
  return personView(person);
}

/** The clinic's people, active or not, oldest first: its owners, staff and keys may all read it. */
export async function listStaff(deps: AdminDeps, caller: Caller, clinicId: string): Promise<PersonView[]> {
  await clinicSeenBy(deps, caller, clinicId);
  return (await deps.access.people.listOfClinic(clinicId)).map(personView);
}

async function personOfClinic(deps: AdminDeps, clinicId: string, personId: string): Promise<Person> {
  const person = await deps.access.people.get(personId);
  if (!person || person.clinicId !== clinicId) throw new UnknownRecordError('person', 'personId', personId.slice(0, 60));
  const { passwordHash: _, ...rest } = person;
  return rest;
}

/** Another role, or deactivated (signed out everywhere) or active again. */
export async function changeStaff(deps: AdminDeps, caller: Caller, clinicId: string, personId: string, body: unknown): Promise<PersonView> {
  await clinicManagedBy(deps, caller, clinicId, MANAGE_STAFF);
  const change = parseWith(staffChangeBody, body);
  const person = await personOfClinic(deps, clinicId, personId);
  if (change.role !== undefined && change.role !== person.role && caller.kind === 'person' && caller.personId === person.id) {
    throw new ForbiddenError('Nobody can change their own role: ask another owner or an administrator.');
  }
  const changed = await deps.access.people.updateKeepingAnOwner(person.id, clinicId, change);
  if (change.active === false) await deps.access.sessions.endAllOf(person.id);
  await recordChange(deps.access.audit, caller, deps.now(), {
    action: 'person.changed',
    clinicId,
    detail: {
      personId: person.id,
      ...(change.role !== undefined ? { role: change.role, previousRole: person.role } : {}),
      ...(change.active !== undefined ? { active: change.active } : {}),
    },
  });
  return personView(changed);
}

/** Deactivates the person and ends their sessions; the row stays (the audit log names them). */
export async function removeStaff(deps: AdminDeps, caller: Caller, clinicId: string, personId: string): Promise<void> {
  await clinicManagedBy(deps, caller, clinicId, MANAGE_STAFF);
  const person = await personOfClinic(deps, clinicId, personId);
  if (person.active) await deps.access.people.updateKeepingAnOwner(person.id, clinicId, { active: false });
  await deps.access.sessions.endAllOf(person.id);
  await recordChange(deps.access.audit, caller, deps.now(), { action: 'person.removed', clinicId, detail: { personId: person.id } });
}
