/**
 * The one phone number rule, for clients and clinics alike: E.164 form (domain/identifiers.ts's
 * E164), and a number that exists according to libphonenumber-js's metadata (a country code and a
 * length and area code that country uses). The shape alone let `+999999999999999` through.
 */
import {
  getCountryCallingCode,
  isSupportedCountry,
  isValidPhoneNumber,
  parsePhoneNumberFromString,
  validatePhoneNumberLength,
  type CountryCode,
} from 'libphonenumber-js';
import { E164, E164_HINT } from './identifiers';

export const PHONE_NUMBER_HINT = E164_HINT;
export const PHONE_NUMBER_UNKNOWN = 'is not a phone number in use anywhere (check the country and area code), for example +12125550147';
const EXAMPLE = 'for example +12125550147';

/** Why `value` is not a usable phone number, or undefined when it is. */
export function phoneNumberProblem(value: string): string | undefined {
  if (!E164.test(value)) return PHONE_NUMBER_HINT;
  if (isValidPhoneNumber(value)) return undefined;
  // The most specific reason libphonenumber-js gives, so the clinic knows what to correct.
  const code = parsePhoneNumberFromString(value)?.countryCallingCode;
  switch (validatePhoneNumberLength(value)) {
    case 'INVALID_COUNTRY':
      return `starts with a country code no country uses (write the number with its country code, ${EXAMPLE})`;
    case 'TOO_SHORT':
      return `has too few digits for a number under country code +${code}, ${EXAMPLE}`;
    case 'TOO_LONG':
      return `has too many digits for a number under country code +${code}, ${EXAMPLE}`;
    case 'INVALID_LENGTH':
      return `has a length no number under country code +${code} has, ${EXAMPLE}`;
    default:
      return code ? `is not a number in use under country code +${code} (check the area code), ${EXAMPLE}` : PHONE_NUMBER_UNKNOWN;
  }
}

export function isPhoneNumber(value: string): boolean {
  return phoneNumberProblem(value) === undefined;
}

/** What a search for a national number without a country to read it in is told. */
export const PHONE_COUNTRY_HINT = 'give the number in international form (+...), or name the clinic so it is read in the clinic\'s country';

/**
 * A number as someone types it into a search (`+1 212 555 0147`, `(212) 555-0147`) in E.164 form,
 * or why it cannot be. A national number is read in the country of `homeNumber` (the clinic's own
 * phone) and refused without one.
 */
export function normalisedPhone(value: string, homeNumber?: string): { ok: true; e164: string } | { ok: false; message: string } {
  const text = value.trim();
  const international = text.startsWith('+');
  const home = homeNumber ? parsePhoneNumberFromString(homeNumber)?.countryCallingCode : undefined;
  if (!international && !home) return { ok: false, message: PHONE_COUNTRY_HINT };
  const parsed = parsePhoneNumberFromString(text, international ? undefined : { defaultCallingCode: home });
  const e164 = parsed?.number;
  if (!e164) return { ok: false, message: PHONE_NUMBER_UNKNOWN };
  const problem = phoneNumberProblem(e164);
  return problem ? { ok: false, message: problem } : { ok: true, e164 };
}

/** The North American Numbering Plan's calling code, shared by the US, Canada and the Caribbean. */
const NANP_CALLING_CODE = '1';

/** The country part of a region (`US-FL` => `US`), when libphonenumber-js knows that country. */
function countryOfRegion(region: string | undefined): CountryCode | undefined {
  const country = region?.trim().slice(0, 2).toUpperCase();
  return country && isSupportedCountry(country) ? country : undefined;
}

/**
 * A phone number as a reader dials it: in national form (`(212) 555-0147`) for a reader in a
 * country that dials it that way, else in international form (`+1 212 555 0147`), which works
 * from anywhere. Countries that share a numbering plan (the UK and the Channel Islands) dial
 * each other's numbers nationally; across the North American plan a call between countries needs
 * the leading 1, so there only the number's own country gets the national form. A value that is
 * not a valid number stays as it was written.
 */
export function readablePhone(value: string, readerRegion?: string): string {
  const parsed = parsePhoneNumberFromString(value);
  if (!parsed?.isValid()) return value;
  const reader = countryOfRegion(readerRegion);
  const sharedPlan = reader !== undefined && getCountryCallingCode(reader) === parsed.countryCallingCode;
  const national = sharedPlan && (parsed.country === reader || parsed.countryCallingCode !== NANP_CALLING_CODE);
  return national ? parsed.formatNational() : parsed.formatInternational();
}
