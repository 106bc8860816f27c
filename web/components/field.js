/**
 * One form field: label, control, hint, and the error under it. The error is announced with the
 * control (aria-describedby) and marks it invalid; `fieldAria` gives the control those attributes.
 */
import { html, classes } from '../lib/html.js';

/**
 * The server's messages follow the field's name ("must be in international E.164 form..."):
 * shown as "Mobile phone must be ...", whole sentences just start with a capital.
 */
export function phrase(label, message) {
  const text = String(message).trim();
  if (label && /^(must|is|are|has|have|should|cannot|can't|needs?|was)\b/.test(text)) return `${label} ${text}`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function fieldAria(id, errors = [], describedBy = [`${id}-hint`]) {
  const ids = [...describedBy, ...(errors.length ? [`${id}-error`] : [])];
  return { 'aria-describedby': ids.join(' ') || undefined, 'aria-invalid': errors.length ? 'true' : undefined };
}

export function FieldError({ id, label, errors = [] }) {
  const lines = errors.map((m) => phrase(label, m)).flatMap((m, i) => (i ? [html`<br />`, m] : [m]));
  return html`<p class="field-error" id=${`${id}-error`} hidden=${!errors.length}>${lines}</p>`;
}

/** `children` is the control (or a group holding it); `note` goes under the hint. */
export function Field({ id, label, hint, note, errors = [], dataField, class: className, children }) {
  return html`<div class=${classes('field', className, errors.length && 'has-error')} data-field=${dataField}>
    <label for=${id}>${label}</label>
    ${children}
    ${hint && html`<p class="hint" id=${`${id}-hint`}>${hint}</p>`}
    ${note}
    <${FieldError} id=${id} label=${label} errors=${errors} />
  </div>`;
}
