import { html } from '../lib/html.js';

export function Badge({ tone, children }) {
  return html`<span class=${`badge badge-${tone}`}>${children}</span>`;
}
