/**
 * A keyed hash of a phone number, stored as the PhoneHash search attribute so an inbound STOP finds
 * the client's workflows without the number ever being stored or searchable in clear.
 */
import { createHmac } from 'node:crypto';

/** A number as compared and hashed: its digits and plus sign only ("+1 212 555 0147" is "+12125550147"). */
export const phoneDigits = (phone: string): string => phone.replace(/[^\d+]/g, '');

export function phoneHash(phone: string, key: string): string {
  return createHmac('sha256', key).update(phoneDigits(phone)).digest('hex').slice(0, 32);
}
