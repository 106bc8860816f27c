/**
 * A keyed hash of a phone number, stored as the PhoneHash search attribute so an inbound STOP finds
 * the client's workflows without the number ever being stored or searchable in clear.
 */
import { keyedHash } from './keyed-hash';

/** A number as compared and hashed: its digits and plus sign only ("+1 212 555 0147" is "+12125550147"). */
export const phoneDigits = (phone: string): string => phone.replace(/[^\d+]/g, '');

// Keyed with the secret itself (not a purpose key): the hashes of running clients predate the others.
export function phoneHash(phone: string, key: string): string {
  return keyedHash(key, phoneDigits(phone));
}
