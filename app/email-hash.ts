/**
 * A keyed hash of an email address, stored as the EmailHash search attribute so an unsubscribe link
 * finds every running run of that address without the address being searchable in clear.
 */
import { keyedHash, purposeKey } from './keyed-hash';

/** An address as compared and hashed: trimmed and lower-cased (mail systems treat case alike in practice). */
export const emailForHash = (email: string): string => email.trim().toLowerCase();

export function emailHash(email: string, secret: string): string {
  return keyedHash(purposeKey(secret, 'email-hash'), emailForHash(email));
}
