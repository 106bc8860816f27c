/** The frame of the pages shown before the desk: the brand, a title, and one small form. */
import { html } from '../lib/html.js';
import { BrandMark } from './icons.js';

export function AuthShell({ id, title, lead, notice, children }) {
  return html`<main class="auth" id=${id}>
    <section class="card auth-card" aria-labelledby=${`${id}-title`}>
      <div class="auth-brand">
        <${BrandMark} />
        <span class="brand-name">Aftercare</span>
        <span class="brand-sub">Front desk</span>
      </div>
      <h1 id=${`${id}-title`}>${title}</h1>
      ${lead && html`<p class="card-lead">${lead}</p>`}
      <div class="alert alert-info auth-notice" id=${`${id}-notice`} role="status" hidden=${!notice}>${notice && html`<p>${notice}</p>`}</div>
      ${children}
    </section>
  </main>`;
}
