/** The rows an import refused: line, field and reason (never the value), as the server listed them. */
import { html } from '../lib/html.js';

const FIELD_NAMES = { '(row)': 'the row', '(start)': 'could not start' };

export function ImportRefusals({ refusals, count }) {
  if (!refusals || !refusals.length) return null;
  return html`<div class="table-wrap import-refusals">
    <table class="admin-table card-table" id="import-refusals">
      <thead>
        <tr><th scope="col">Line</th><th scope="col">Field</th><th scope="col">Why it was refused</th></tr>
      </thead>
      <tbody>
        ${refusals.map(
          (r) => html`<tr data-line=${r.line}>
            <td data-label="Line" class="import-line">${r.line}</td>
            <td data-label="Field"><code>${FIELD_NAMES[r.path] || r.path}</code></td>
            <td data-label="Why">${r.message}</td>
          </tr>`,
        )}
      </tbody>
    </table>
    ${count > refusals.length && html`<p class="card-lead">and ${count - refusals.length} more not listed.</p>`}
  </div>`;
}
