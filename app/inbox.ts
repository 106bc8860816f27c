/**
 * The clinics' inbox (issue 15): clients' texts and staff replies, as each caller may see them.
 * A clinic's people and keys see their clinic's texts; administrators see every clinic's and the
 * texts no clinic could be told for. Another clinic's text is "not there" (404), like anything else
 * of another clinic.
 */
import { z } from 'zod';
import { CLINIC_ID, CLINIC_ID_HINT } from '../domain/identifiers';
import { TRIAGE_CLASSES, type Triage } from '../domain/triage/types';
import type { InboxKeyword, InboxTextRecord, SendStatus } from '../platform/inbox';
import { canSeeClinic, clinicScopeOf, type Caller } from './caller';
import { clinicSeenBy, type AdminDeps } from './clinic-access';
import { UnknownRecordError } from './errors';
import { parseWith } from './parse';

const INBOX_LIMIT_MAX = 200;
const INBOX_LIMIT_DEFAULT = 50;
/** A run's timeline shows at most this many texts (its newest). */
const TIMELINE_TEXTS_MAX = 500;
const PERSON_ACTOR = 'person:';
const TEXT_ID = /^[1-9]\d{0,17}$/;

/** One text as the page shows it. */
export interface InboxText {
  id: string;
  at: string;
  direction: 'in' | 'out';
  clinicId: string | null;
  workflowId: string | null;
  clientRef: string | null;
  text: string;
  triage: Triage | null;
  keyword: InboxKeyword | null;
  readAt: string | null;
  /** Who sent a staff reply: a person's id and name, or the key that did. */
  sentBy?: { id: string; name: string };
  /** How a staff reply's send went. */
  status?: SendStatus;
}

export const inboxQuery = z.strictObject({
  clinicId: z.string({ message: 'must be given once' }).regex(CLINIC_ID, { message: CLINIC_ID_HINT }).meta({ description: "Only this clinic's texts (a clinic's people and keys: their own clinic, the default; administrators: every clinic's and those of none)." }).optional(),
  unread: z.enum(['true', 'false'], { message: 'must be true or false' }).transform((v) => v === 'true').meta({ description: 'Only client texts nobody has read yet.' }).optional(),
  class: z.enum(TRIAGE_CLASSES, { message: `must be one of ${TRIAGE_CLASSES.join(', ')}` }).meta({ description: 'Only client texts triaged as this.' }).optional(),
  limit: z
    .string({ message: 'must be given once' })
    .regex(/^\d{1,4}$/, { message: `must be a whole number from 1 to ${INBOX_LIMIT_MAX}` })
    .transform(Number)
    .refine((n) => n >= 1 && n <= INBOX_LIMIT_MAX, { message: `must be a whole number from 1 to ${INBOX_LIMIT_MAX}` })
    .meta({ description: `Newest first, at most this many (default ${INBOX_LIMIT_DEFAULT}).` })
    .optional(),
  before: z
    .string({ message: 'must be given once' })
    .regex(TEXT_ID, { message: "must be a text's id (the next page: the last id of this one)" })
    .meta({ description: 'Only texts older than this text id (paging).' })
    .optional(),
});

export interface InboxPage {
  texts: InboxText[];
  /** Unread client texts in the same scope (whatever the filters), and how many of them are urgent. */
  unread: { total: number; urgent: number };
}

/** A text's id as the URL and `before` carry it. */
export function isTextId(id: string): boolean {
  return TEXT_ID.test(id);
}

/** Whose actions show by name: a person's, from the people store; keys and the operator by what they are. */
export async function inboxViewsOf(deps: AdminDeps, records: InboxTextRecord[]): Promise<InboxText[]> {
  const personIds = [...new Set(records.flatMap((r) => (r.sentBy?.startsWith(PERSON_ACTOR) ? [r.sentBy.slice(PERSON_ACTOR.length)] : [])))];
  const names = await deps.access.people.namesOf(personIds);
  return records.map((r) => {
    const sentBy = r.sentBy === null ? undefined : { id: r.sentBy, name: r.sentBy.startsWith(PERSON_ACTOR) ? (names.get(r.sentBy.slice(PERSON_ACTOR.length)) ?? 'someone') : actorLabel(r.sentBy) };
    return {
      id: r.id,
      at: r.at.toISOString(),
      direction: r.direction,
      clinicId: r.clinicId,
      workflowId: r.workflowId,
      clientRef: r.clientRef,
      text: r.text,
      triage: r.triage,
      keyword: r.keyword,
      readAt: r.readAt?.toISOString() ?? null,
      ...(sentBy ? { sentBy } : {}),
      ...(r.sendStatus !== null ? { status: r.sendStatus } : {}),
    };
  });
}

const actorLabel = (actor: string): string => (actor.startsWith('key:') ? 'API key' : actor === 'cli' ? 'operator (CLI)' : 'administrator key');

/** One page of the inbox, newest first, with the unread counts of the same scope. */
export async function listInbox(deps: AdminDeps, caller: Caller, query: unknown): Promise<InboxPage> {
  const q = parseWith(inboxQuery, query ?? {}, 'query');
  const clinicId = q.clinicId ?? clinicScopeOf(caller);
  if (clinicId !== undefined) await clinicSeenBy(deps, caller, clinicId);
  const [records, unread] = await Promise.all([
    deps.access.inbox.list({
      ...(clinicId !== undefined ? { clinicId } : {}),
      ...(q.unread ? { unread: true } : {}),
      ...(q.class !== undefined ? { triageClass: q.class } : {}),
      ...(q.before !== undefined ? { before: q.before } : {}),
      limit: q.limit ?? INBOX_LIMIT_DEFAULT,
    }),
    deps.access.inbox.unreadCounts(clinicId),
  ]);
  return { texts: await inboxViewsOf(deps, records), unread };
}

/**
 * A run's texts both ways, oldest first. The caller has been found to see the run
 * (app/workflow-access.ts); a text kept for it under another clinic is still left out.
 */
export async function textsOfWorkflow(deps: AdminDeps, caller: Caller, workflowId: string): Promise<{ texts: InboxText[] }> {
  const records = await deps.access.inbox.ofWorkflow(workflowId, TIMELINE_TEXTS_MAX);
  return { texts: await inboxViewsOf(deps, records.filter((r) => mayRead(caller, r))) };
}

const mayRead = (caller: Caller, r: InboxTextRecord): boolean => (r.clinicId === null ? clinicScopeOf(caller) === undefined : canSeeClinic(caller, r.clinicId));

/** The text, when the caller may see it; UnknownRecordError (404) otherwise, as for a text that does not exist. */
export async function textSeenBy(deps: AdminDeps, caller: Caller, id: string): Promise<InboxTextRecord> {
  const record = isTextId(id) ? await deps.access.inbox.get(id) : undefined;
  if (!record || !mayRead(caller, record)) throw new UnknownRecordError('text', 'id', id.slice(0, 40));
  return record;
}

/** Marks a client's text read, and the same number's earlier unread texts at that clinic. */
export async function markTextRead(deps: AdminDeps, caller: Caller, id: string): Promise<InboxTextRecord> {
  const record = await textSeenBy(deps, caller, id);
  await deps.access.inbox.markRead(record.id, caller.actor, deps.now());
  return record;
}
