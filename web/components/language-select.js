/** The language of the client's texts and emails: the clinic's default preselected, each named in itself. */
import { html } from '../lib/html.js';

export function LanguageSelect({ id, value, languages, onChange, ...rest }) {
  return html`<select id=${id} name=${id} value=${value} onChange=${(e) => onChange(e.currentTarget.value)} ...${rest}>
    ${languages.map((l) => html`<option value=${l.code} lang=${l.code}>${l.name}</option>`)}
  </select>`;
}
