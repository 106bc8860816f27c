/** The lines a form shows above its fields (what no single field could show), announced at once. */
import { html } from '../lib/html.js';

export function FormAlert({ id, lines = [], tone = 'error' }) {
  return html`<div id=${id} class=${`alert alert-${tone}`} role=${tone === 'error' ? 'alert' : 'status'} hidden=${!lines.length}>
    ${lines.length === 1 ? html`<p>${lines[0]}</p>` : html`<ul>${lines.map((l) => html`<li>${l}</li>`)}</ul>`}
  </div>`;
}
