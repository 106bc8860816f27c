/**
 * The frame the clinic's lists share (staff, keys, audit log): a title and a line on what the list
 * is for, Refresh beside the card's own buttons, why it could not load, the table, and what shows
 * while it is empty or still loading. Every part's id starts with the card's (`staff-refresh`...).
 */
import { html } from '../lib/html.js';
import { RefreshIcon } from './icons.js';

export function ListCard({ id, title, lead, actions, loading, onRefresh, error, tableClass, head, count, loaded, emptyText, rows, children }) {
  return html`<section class="card admin-card" id=${id} aria-labelledby=${`${id}-title`}>
    <div class="card-head card-head-row">
      <div>
        <h2 id=${`${id}-title`}>${title}</h2>
        <p class="card-lead">${lead}</p>
      </div>
      <div class="toolbar">
        <button type="button" id=${`${id}-refresh`} class=${loading ? 'btn btn-secondary is-busy' : 'btn btn-secondary'} onClick=${() => void onRefresh()}>
          <${RefreshIcon} /><span>Refresh</span>
        </button>
        ${actions}
      </div>
    </div>
    <div id=${`${id}-alert`} class="alert alert-warning" role="status" hidden=${!error}>${error && html`<p>${error}</p>`}</div>
    <div class="table-wrap">
      <table class=${tableClass ? `admin-table ${tableClass} card-table` : 'admin-table card-table'} id=${`${id}-table`} hidden=${!count}>
        <thead><tr>${head}</tr></thead>
        <tbody id=${`${id}-body`}>${rows}</tbody>
      </table>
    </div>
    <p class="empty" id=${`${id}-empty`} hidden=${count > 0}>${loaded ? emptyText : error ? '' : 'Loading…'}</p>
    ${children}
  </section>`;
}
