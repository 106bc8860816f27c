/**
 * Keyed hashes of contact details (search attributes that find a client's runs without the detail
 * ever being stored or searchable in clear), and keys for other purposes derived from the same
 * secret (PHONE_HASH_KEY), so that one secret serves several uses without one use's values saying
 * anything about another's.
 */
import { createHmac } from 'node:crypto';

/** 128 bits of HMAC-SHA256 in hex: enough that two clients never share one, short as a keyword. */
const HASH_HEX_CHARS = 32;

export function keyedHash(key: string | Buffer, text: string): string {
  return createHmac('sha256', key).update(text).digest('hex').slice(0, HASH_HEX_CHARS);
}

/** A key of its own for `purpose`, derived from `secret`: leaking it does not give the secret away. */
export function purposeKey(secret: string, purpose: string): Buffer {
  // Derived once per secret and purpose: every enrolment with an email needs the email-hash key,
  // and a process only ever sees its one secret (and a test a few).
  const id = JSON.stringify([secret, purpose]);
  let key = derived.get(id);
  if (!key) derived.set(id, (key = createHmac('sha256', secret).update(`smp-aftercare purpose: ${purpose}`).digest()));
  // A copy: a caller that changed the Buffer in place would otherwise change everyone's key.
  return Buffer.from(key);
}

const derived = new Map<string, Buffer>();
