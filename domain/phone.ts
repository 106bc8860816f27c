/**
 * The one phone number rule, for clients and clinics alike: E.164 form (domain/identifiers.ts's
 * E164), and a number that exists according to libphonenumber-js's metadata (a country code and a
 * length and area code that country uses). The shape alone let `+999999999999999` through.
 */
import { isValidPhoneNumber } from 'libphonenumber-js';
import { E164, E164_HINT } from './identifiers';

export const PHONE_NUMBER_HINT = E164_HINT;
export const PHONE_NUMBER_UNKNOWN = 'is not a phone number in use anywhere (check the country and area code), for example +12125550147';

/** Why `value` is not a usable phone number, or undefined when it is. */
export function phoneNumberProblem(value: string): string | undefined {
  if (!E164.test(value)) return PHONE_NUMBER_HINT;
  if (!isValidPhoneNumber(value)) return PHONE_NUMBER_UNKNOWN;
  return undefined;
}

export function isPhoneNumber(value: string): boolean {
  return phoneNumberProblem(value) === undefined;
}
