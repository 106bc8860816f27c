/**
 * How a language is spelled in a text message. Spanish SMS are sent in GSM-7: its alphabet has é,
 * ñ, ü, ¿ and ¡ but not á, í, ó or ú, and a single one of those would turn the whole text into
 * UCS-2, with less than half the room (docs/languages.md, "SMS length"). So in a Spanish text those
 * four vowels lose their accent, in our wording and in the names filled in (never in a link). The
 * catalogs and the emails keep the proper spelling.
 */
import type { Catalog, Language } from '../i18n';

const FOLDS: Record<Language, Record<string, string>> = {
  en: {},
  es: { á: 'a', í: 'i', ó: 'o', ú: 'u', Á: 'A', Í: 'I', Ó: 'O', Ú: 'U' },
};

const PATTERNS: Record<Language, RegExp | null> = Object.fromEntries(
  Object.entries(FOLDS).map(([lang, folds]) => [lang, Object.keys(folds).length ? new RegExp(`[${Object.keys(folds).join('')}]`, 'g') : null]),
) as Record<Language, RegExp | null>;

/** `text` as a text message in `lang` spells it. */
export function smsSpelling(lang: Language, text: string): string {
  const pattern = PATTERNS[lang];
  return pattern ? text.replace(pattern, (c) => FOLDS[lang][c] ?? c) : text;
}

/** A catalog whose messages are spelled as text messages spell them (the values filled in later are not). */
export function smsSpelled<K extends string>(catalog: Catalog<K>): Catalog<K> {
  return Object.fromEntries(
    Object.entries(catalog).map(([lang, messages]) => [
      lang,
      Object.fromEntries(Object.entries<string>(messages).map(([k, m]) => [k, smsSpelling(lang as Language, m)])),
    ]),
  ) as Catalog<K>;
}
