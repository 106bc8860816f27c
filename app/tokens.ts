/**
 * Secrets handed to people (session cookies, CSRF tokens, emailed links) and how they are kept:
 * 32 random bytes in base64url, and only their SHA-256 digest (lower-case hex) at rest, so a copy
 * of the database opens no session and no link.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '../activities/send-records';

export { sha256Hex };

export const newToken = (): string => randomBytes(32).toString('base64url');

/** Whether `token` is the one `digest` was made from, in time that does not depend on where they differ. */
export function matchesDigest(token: string, digest: string): boolean {
  const a = Buffer.from(sha256Hex(token), 'hex');
  const b = Buffer.from(digest, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A session's CSRF token, derived from the session token: the page can ask for it again
 * (GET /api/session) although only digests are stored, and nobody without the cookie can make it.
 */
export const csrfTokenOf = (sessionToken: string): string => createHmac('sha256', sessionToken).update('aftercare-csrf').digest('base64url');
