/**
 * The languages clients get their messages in. A client's `locale` (BCP 47, `es-MX`) or the
 * clinic's default picks one by its primary language subtag; anything else is refused at
 * enrolment. Dates, plurals and numbers are formatted with the locale's own rules (Intl).
 */
export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The language of a client whose run knows none (runs from before languages existed). */
export const DEFAULT_LANGUAGE: Language = 'en';

/** Each language's name in itself, for the front desk's picker and the CLI's hint. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', es: 'Español' };

export const LANGUAGE_HINT = `must be a language the messages are written in: ${LANGUAGES.join(', ')} (a regional tag such as es-MX is fine)`;

const isLanguage = (v: string): v is Language => (LANGUAGES as readonly string[]).includes(v);

/** The supported language of a BCP 47 tag (`es-MX` -> `es`), or null when none is. */
export function languageOf(locale: string | undefined | null): Language | null {
  if (!locale) return null;
  const primary = locale.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return isLanguage(primary) ? primary : null;
}

/**
 * A client's language: their own choice when given and supported, else the clinic's default when
 * supported, else English. (The enrolment refuses an unsupported choice before it gets here.)
 */
export function clientLanguage(clientLocale: string | undefined, clinicDefault: string | undefined): Language {
  return languageOf(clientLocale) ?? languageOf(clinicDefault) ?? DEFAULT_LANGUAGE;
}
