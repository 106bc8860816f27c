/**
 * The last lines of every client email: how to stop them, with the recipient's own one-click link
 * (the same one the List-Unsubscribe header carries), visible to anyone whose mail program shows
 * no unsubscribe button.
 */
import { DEFAULT_LANGUAGE, translate, type Language } from '../i18n';
import { UNSUBSCRIBE_FOOTER } from './catalogs/unsubscribe-footer';
import { link, p, type Block } from './email-document';

export function unsubscribeFooter(url: string | undefined, lang: Language = DEFAULT_LANGUAGE): Block[] {
  if (!url) return [];
  return [p(translate(UNSUBSCRIBE_FOOTER, lang, 'footer'), link(url))];
}
