/**
 * The pieces every client email shares, in the client's language: the greeting and the sign-off
 * with the clinic's name, phone and booking link. Each message file builds its body between them.
 */
import { DEFAULT_LANGUAGE, translator, type Language } from '../i18n';
import { EMAIL } from './catalogs/email';
import { lines, link, p, type Block, type Inline } from './email-document';
import type { Values } from './values';

const t = translator(EMAIL);

/** "Hi Alex," or, without a first name, "Hi there,". */
export function greeting(v: Pick<Values, 'name'>, lang: Language = DEFAULT_LANGUAGE): Block {
  return p(v.name ? t(lang, 'greeting', { name: v.name }) : t(lang, 'greeting.anonymous'));
}

/** The parting words and the clinic's name and phone, for any email to a client. */
export function signature(v: Pick<Values, 'clinic' | 'phone'>, lang: Language): Inline[][] {
  return [[t(lang, 'closing.regards')], [v.clinic], [t(lang, 'closing.phone'), v.phone]];
}

/** The signature, then the clinic's booking link when it has one. */
export function signOff(v: Pick<Values, 'clinic' | 'phone' | 'url'>, lang: Language): Block {
  return lines(...signature(v, lang), ...(v.url ? [[t(lang, 'closing.book'), link(v.url)]] : []));
}
