/**
 * A staff reply to a client's text, from the page (issue 15): it goes through the same SMS sender
 * adapter the worker uses (the clinic's own Twilio sender, else the platform's, or the local
 * outbox), from the clinic's sender, so the client sees it come from the number they wrote to.
 *
 * Once per request: the reply's row is written 'pending' under a key before the provider is
 * called, and 'sent' after. A retried request (a double click, a dropped answer) finds the row and
 * answers with it instead of texting again. The key is the request's Idempotency-Key when given,
 * else the text replied to, the words and who sends them. A request that died mid-send leaves the
 * row 'pending': after REPLY_STALE_MS a retry takes it over and first asks the provider whether
 * the text went (the outbox by its key, Twilio by number and words), as the send activity does.
 */
import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import type { ClinicSenders } from '../activities/sms/clinic-senders';
import type { SmsSender } from '../activities/sms/port';
import type { Clinic } from '../domain/clinic';
import type { InboxTextRecord } from '../platform/inbox';
import type { Caller } from './caller';
import type { AdminDeps } from './clinic-access';
import { NotConfiguredError, TextNotSentError } from './errors';
import { inboxViewsOf, textSeenBy, type InboxText } from './inbox';
import { parseWith } from './parse';

/** Twilio's limit for one message body. */
export const REPLY_MAX_CHARS = 1600;
/** A reply 'pending' this long belongs to a request that died: a retry may take it over. */
const REPLY_STALE_MS = 60_000;

export const replyBody = z.strictObject({
  text: z
    .string({ message: 'must be a string' })
    .min(1, { message: 'must not be empty' })
    .max(REPLY_MAX_CHARS, { message: `must be at most ${REPLY_MAX_CHARS} characters` })
    .refine((t) => t.trim() !== '', { message: 'must not be only spaces' })
    .meta({ description: 'The words to text the client.', example: 'Thanks Alex, that sounds normal for day 3. Call us if it gets worse.' }),
});

export interface ReplyDeps extends AdminDeps {
  /** The SMS senders (activities/sms/clinic-senders.ts); without them nothing can be texted. */
  sms?: ClinicSenders | undefined;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Texts the client of text `id` back; the reply as the inbox shows it (a retried request: the first answer). */
export async function replyToText(deps: ReplyDeps, caller: Caller, id: string, body: unknown, requestKey?: string): Promise<{ reply: InboxText; sent: boolean; inReplyTo: InboxTextRecord }> {
  const { text } = parseWith(replyBody, body);
  const original = await textSeenBy(deps, caller, id);
  if (!deps.sms) throw new NotConfiguredError('TWILIO_ACCOUNT_SID', 'Replies cannot be texted: this server has no SMS sender (Twilio credentials, or the local outbox).');
  const clinic = original.clinicId === null ? undefined : await deps.clinics.get(original.clinicId);
  const replyKey = `${original.id}:${requestKey ? `key:${sha256(`${caller.actor}\n${requestKey}`)}` : sha256(`${caller.actor}\n${text}`)}`;
  const now = deps.now();
  const { record, created } = await deps.access.inbox.beginReply({
    clinicId: original.clinicId,
    workflowId: original.workflowId,
    clientRef: original.clientRef,
    phone: original.phone,
    text,
    sentBy: caller.actor,
    replyKey,
    at: now,
  });
  let interrupted = false;
  if (!created) {
    const mine = record.sendStatus === 'pending' && (await deps.access.inbox.takeOverReply(record.id, new Date(now.getTime() - REPLY_STALE_MS), now));
    if (!mine) return { reply: (await inboxViewsOf(deps, [record]))[0]!, sent: false, inReplyTo: original };
    interrupted = true;
  }
  const sent = await send(deps, senderOf(deps.sms, clinic), record, interrupted);
  return { reply: (await inboxViewsOf(deps, [sent]))[0]!, sent: true, inReplyTo: original };
}

function senderOf(senders: ClinicSenders, clinic: Clinic | undefined): SmsSender {
  try {
    return clinic ? senders.smsFor(clinic) : senders.platform;
  } catch (err) {
    throw new TextNotSentError(false, `The clinic's SMS sender is not set up: ${err instanceof Error ? err.message : 'unknown reason'}.`);
  }
}

async function send(deps: ReplyDeps, sms: SmsSender, record: InboxTextRecord, interrupted: boolean): Promise<InboxTextRecord> {
  const msg = { to: record.phone, body: record.text, idempotencyKey: `inbox-reply:${record.id}` };
  try {
    // An earlier request got as far as the provider and died: did the text go?
    const found = interrupted && sms.findSent ? await sms.findSent({ ...msg, since: new Date(record.at.getTime() - REPLY_STALE_MS) }) : undefined;
    const { providerId } = found ?? (await sms.send(msg));
    return await deps.access.inbox.finishReply(record.id, 'sent', providerId);
  } catch (err) {
    const permanent = err instanceof ApplicationFailure && err.nonRetryable;
    if (permanent) {
      await deps.access.inbox.finishReply(record.id, 'failed');
      throw new TextNotSentError(false, `The SMS provider refused the text (${err.type ?? 'refused'}); it was not sent.`);
    }
    // Left 'pending': the provider may have taken it; a retry after a minute finds out.
    throw new TextNotSentError(true, 'The SMS provider could not be reached; the text may not have gone. Try again in a minute: it will not be sent twice.');
  }
}
