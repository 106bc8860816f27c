/**
 * A keyed hash of a phone number, stored as the PhoneHash search attribute so an inbound STOP finds
 * the client's workflows without the number ever being stored or searchable in clear.
 */
import { createHmac } from 'node:crypto';

export function phoneHash(phone: string, key: string): string {
  return createHmac('sha256', key).update(phone.replace(/[^\d+]/g, '')).digest('hex').slice(0, 32);
}
