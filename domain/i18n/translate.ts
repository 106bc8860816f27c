/**
 * ICU messages (FormatJS `intl-messageformat`): plurals, selects and numbers in the client's
 * language. A catalog holds every key in every language, which the type checks, so a message can
 * never fall back silently to English. Pure and deterministic: safe inside the workflow sandbox.
 */
import { IntlMessageFormat, type PrimitiveType } from 'intl-messageformat';
import type { Language } from './languages';

/** One namespace of messages: the same keys in every language. */
export type Catalog<K extends string> = Record<Language, Record<K, string>>;

export type MessageValues = Record<string, PrimitiveType>;

// Parsing an ICU string is the costly part; a formatter is reused for every later call.
const formatters = new Map<string, IntlMessageFormat>();

function formatterFor(language: Language, source: string): IntlMessageFormat {
  const cacheKey = `${language}\u0000${source}`;
  let f = formatters.get(cacheKey);
  if (!f) {
    f = new IntlMessageFormat(source, language, undefined, { ignoreTag: true });
    formatters.set(cacheKey, f);
  }
  return f;
}

/** The message `key` of `catalog` in `language`, with `values` filled in. */
export function translate<K extends string>(catalog: Catalog<K>, language: Language, key: K, values: MessageValues = {}): string {
  const out = formatterFor(language, catalog[language][key]).format(values);
  return Array.isArray(out) ? out.join('') : String(out);
}

/** A translator bound to one catalog: `t('es', 'greeting', { name })`. */
export function translator<K extends string>(catalog: Catalog<K>) {
  return (language: Language, key: K, values?: MessageValues): string => translate(catalog, language, key, values);
}
