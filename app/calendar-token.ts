/**
 * The token of a session's calendar address (GET /calendar/<token>.ics): the workflow ID, signed
 * with a key derived from PHONE_HASH_KEY for this purpose alone (a different key from the
 * unsubscribe link's, so one token cannot stand for the other). It names no person: workflow IDs
 * carry the clinic's opaque reference only. It never expires: a calendar subscribed to on a phone
 * keeps asking for months.
 *
 * Form: `<workflowId>.<signature>`, the signature being 128 bits of HMAC-SHA256 in base64url. A token
 * whose ID or signature was changed, or that was signed under another key, reads as nothing; the
 * check takes the same time wherever the signatures differ.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isWorkflowId } from '../domain/identifiers';
import { purposeKey } from './keyed-hash';

const SIGNATURE_BYTES = 16;
const TOKEN = new RegExp(`^(.+)\\.([A-Za-z0-9_-]{${Math.ceil((SIGNATURE_BYTES * 4) / 3)}})$`);

/** The path under PUBLIC_BASE_URL that the addresses point to (api/routes/calendar.ts serves it). */
export const CALENDAR_PATH = '/calendar';
/** What follows the token in the address: calendar programs go by it. */
export const CALENDAR_SUFFIX = '.ics';

function signature(workflowId: string, secret: string): string {
  return createHmac('sha256', purposeKey(secret, 'calendar-token')).update(workflowId).digest().subarray(0, SIGNATURE_BYTES).toString('base64url');
}

export function calendarToken(workflowId: string, secret: string): string {
  return `${workflowId}.${signature(workflowId, secret)}`;
}

/** The workflow ID a token names, or undefined for anything not signed under `secret` exactly as it is. */
export function readCalendarToken(token: string, secret: string): string | undefined {
  const m = TOKEN.exec(token);
  if (!m || !isWorkflowId(m[1]!)) return undefined;
  const workflowId = m[1]!;
  // Compared as text: base64url's last character has spare bits that decoding would ignore.
  const given = Buffer.from(m[2]!, 'ascii');
  const expected = Buffer.from(signature(workflowId, secret), 'ascii');
  return given.length === expected.length && timingSafeEqual(given, expected) ? workflowId : undefined;
}

/** A session's calendar address: what the welcome email and the front desk's timeline show. */
export function calendarUrl(publicBaseUrl: string, secret: string, workflowId: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}${CALENDAR_PATH}/${encodeURIComponent(calendarToken(workflowId, secret))}${CALENDAR_SUFFIX}`;
}
