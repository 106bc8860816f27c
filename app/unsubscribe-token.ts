/**
 * The token of a client's one-click unsubscribe link (RFC 8058): which address (its EmailHash) at
 * which clinic, signed with a key derived from PHONE_HASH_KEY for this purpose alone. It carries no
 * address and no name, and it never expires: a link in an old email must still work.
 *
 * Form: `<clinicId>.<emailHash>.<signature>`, the signature being 128 bits of HMAC-SHA256 in
 * base64url. A token whose parts were changed, or that was signed under another key, reads as
 * nothing; the check takes the same time wherever the signatures differ.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { CLINIC_ID } from '../domain/identifiers';
import { emailHash } from './email-hash';
import { purposeKey } from './keyed-hash';

export interface UnsubscribeSubject {
  clinicId: string;
  emailHash: string;
}

const SIGNATURE_BYTES = 16;
const TOKEN = new RegExp(`^(${CLINIC_ID.source.slice(1, -1)})\\.([0-9a-f]{32})\\.([A-Za-z0-9_-]{${Math.ceil((SIGNATURE_BYTES * 4) / 3)}})$`);

/** The path under PUBLIC_BASE_URL that the links point to (api/routes/unsubscribe.ts serves it). */
export const UNSUBSCRIBE_PATH = '/unsubscribe';

function signature(subject: UnsubscribeSubject, secret: string): Buffer {
  return createHmac('sha256', purposeKey(secret, 'unsubscribe-token'))
    .update(`${subject.clinicId}.${subject.emailHash}`)
    .digest()
    .subarray(0, SIGNATURE_BYTES);
}

export function unsubscribeToken(subject: UnsubscribeSubject, secret: string): string {
  return `${subject.clinicId}.${subject.emailHash}.${signature(subject, secret).toString('base64url')}`;
}

/** What a token names, or undefined for anything not signed under `secret` exactly as it is. */
export function readUnsubscribeToken(token: string, secret: string): UnsubscribeSubject | undefined {
  const m = TOKEN.exec(token);
  if (!m) return undefined;
  const subject = { clinicId: m[1]!, emailHash: m[2]! };
  // Compared as text: base64url's last character has spare bits that decoding would ignore.
  const given = Buffer.from(m[3]!, 'ascii');
  const expected = Buffer.from(signature(subject, secret).toString('base64url'), 'ascii');
  return given.length === expected.length && timingSafeEqual(given, expected) ? subject : undefined;
}

/** The link for one recipient at one clinic: what the worker puts in List-Unsubscribe and the footer. */
export function unsubscribeUrl(publicBaseUrl: string, secret: string, recipient: { to: string; clinicId: string }): string {
  const token = unsubscribeToken({ clinicId: recipient.clinicId, emailHash: emailHash(recipient.to, secret) }, secret);
  return `${publicBaseUrl.replace(/\/+$/, '')}${UNSUBSCRIBE_PATH}/${token}`;
}
