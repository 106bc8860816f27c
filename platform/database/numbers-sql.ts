/**
 * What counts as what, in SQL, for both the clinic's numbers (numbers-store.ts) and the operators'
 * metrics (metric-totals-store.ts): defined once so the page and Prometheus never disagree.
 */
import { sql } from 'kysely';

/** Sends to clients: texts and emails (not the clinic's own notices, channels `clinic` and `clinic-sms`). */
export const CLIENT_CHANNELS = ['sms', 'email'] as const;

/** A UTC calendar day as `YYYY-MM-DD`. */
export const utcDay = (column: string) => sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD')`;

/** An urgent reply: a client's text triage classed urgent (inbound_texts). */
export const isUrgentReply = sql<boolean>`direction = 'in' and triage_class = 'urgent'`;

/** An SMS opt-out: a client's STOP (any of the stop words; inbound_texts.keyword). */
export const isStop = sql<boolean>`direction = 'in' and keyword = 'stop'`;

/** An email opt-out: the client's unsubscribe link switching email off in a run (audit_log, api/routes/unsubscribe.ts). */
export const isUnsubscribe = sql<boolean>`action = 'channel.switched' and detail->>'by' = 'unsubscribe'`;

/**
 * The client an audit entry's run belongs to (`aftercare-<clinic>~<ref>-s<n>` or
 * `touchup-<clinic>~<ref>`): one unsubscribe reaches each of the client's running runs, and counts
 * once.
 */
export const clientOfAuditRun = sql<string>`split_part(regexp_replace(workflow_id, '^aftercare-(.*)-s[0-9]+$', '\\1'), '~', 2)`;

/** A booking recorded (app/book.ts through the API or the CLI; audit_log). */
export const BOOKING_RECORDED = 'booking.recorded';
/** Staff marked an urgent concern handled (app/concern.ts; audit_log). */
export const CONCERN_HANDLED = 'concern.handled';
/** The step that asks the client to book (domain/steps.ts), sent on day 10. */
export const BOOK_NEXT = 'book-next';
/** "Booked by day 14": at most this long after the ask (the nudge's day, 14, less the ask's, 10). */
export const BOOKING_WINDOW = sql`interval '4 days'`;
