/** The languages clients' messages are written in, from the server's one list (GET /api/languages). */
import { api } from '../api.js';
import { createStore, useStore } from './store.js';

/** [{ code, name }], in the server's order (empty until it answers: the page then offers no choice). */
export const languages = createStore([]);

export async function loadLanguages() {
  try {
    const list = await api('GET', '/api/languages');
    if (Array.isArray(list)) languages.set(list);
  } catch {
    // Without the list the form sends no language and the clinic's default applies; the next page load tries again.
  }
}

export const useLanguages = () => useStore(languages);

/** The language a BCP 47 tag (es-MX, a clinic's defaultLocale) stands for in `list`, or '' when none. */
export function languageOfTag(list, tag) {
  const primary = String(tag || '').trim().toLowerCase().split(/[-_]/)[0];
  return list.some((l) => l.code === primary) ? primary : '';
}

/** A language's name for people: "Español (es)"; the code alone when the list is not there. */
export function languageName(list, code) {
  const found = list.find((l) => l.code === code);
  return found ? `${found.name} (${code})` : String(code || '');
}
