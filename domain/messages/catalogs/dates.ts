/**
 * How the client's messages write dates, per language: luxon format patterns (not ICU messages:
 * luxon quotes its literals with apostrophes) for the client's own locale, and the word between
 * the two ends of a span.
 */
import type { Catalog, Language } from '../../i18n';

export interface DateFormats {
  /** The locale luxon names days and months in. */
  locale: string;
  /** "Sat, Mar 7" / "sáb, 7 mar" */
  short: string;
  /** "Friday, April 10 at 10:00 AM" / "viernes, 10 de abril a las 10:00" */
  appointmentLong: string;
  /** "Fri, Apr 10 at 10:00 AM" / "vie, 10 abr a las 10:00" */
  appointmentShort: string;
}

export const DATE_FORMATS: Record<Language, DateFormats> = {
  en: { locale: 'en-US', short: 'ccc, LLL d', appointmentLong: "cccc, LLLL d 'at' h:mm a", appointmentShort: "ccc, LLL d 'at' h:mm a" },
  // Spanish-speaking countries read the 24-hour clock without doubt; "a. m." would not.
  es: { locale: 'es', short: 'ccc, d LLL', appointmentLong: "cccc, d 'de' LLLL 'a las' H:mm", appointmentShort: "ccc, d LLL 'a las' H:mm" },
};

export const DATES: Catalog<'span'> = {
  en: { span: '{from} to {to}' },
  es: { span: '{from} al {to}' },
};
