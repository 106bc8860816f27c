/**
 * Every client of the chosen clinic, open concerns first: phase, next step, booking, delivery
 * problems; found by client reference or phone; and, for owners and administrators, the whole
 * clinic paused or resumed.
 */
import { useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { TERMINAL_PHASES } from '../labels.js';
import { clearSearch, clients, hasConcern, hasProblem, refreshClients, search, searchClients, visibleRows } from '../state/clients.js';
import { useClinic } from '../state/clinics.js';
import { REFRESH_MS } from '../state/refresh.js';
import { canManage, useSession } from '../state/session.js';
import { useStepLabel } from '../state/steps.js';
import { useStore } from '../state/store.js';
import { formatClock } from '../time.js';
import { ClientRow } from './client-row.js';
import { ClientSearch, SearchBanner } from './client-search.js';
import { ClinicHold } from './clinic-hold.js';
import { RefreshIcon } from './icons.js';

function summary(state) {
  if (!state.loadedFor) return 'Aftercare in progress and finished, newest first.';
  const total = state.rows.length;
  const problems = state.rows.filter(hasProblem).length;
  const active = state.rows.filter((r) => !TERMINAL_PHASES.has(r.phase)).length;
  const concerns = state.rows.filter(hasConcern).length;
  const extra = [concerns ? `${concerns} with an open concern` : '', problems ? `${problems} with a delivery problem` : ''].filter(Boolean);
  return [`${total} ${total === 1 ? 'session' : 'sessions'}`, `${active} in aftercare`, ...extra].join(' · ');
}

function emptyText(state, clinicId, filter) {
  if (!clinicId) return 'Choose the clinic above to see its clients.';
  if (filter) return 'No client on screen matches. Search asks the server for an exact client reference or a phone number.';
  if (state.loadedFor === clinicId) return 'No clients enrolled yet. A client shows here a few seconds after enrollment.';
  return state.error ? '' : 'Loading clients…';
}

export function ClientList() {
  const state = useStore(clients);
  const { id: clinicId, name } = useClinic();
  const stepLabel = useStepLabel();
  const found = useStore(search);
  const manager = canManage(useSession().me);
  const [filter, setFilter] = useState('');
  const searching = Boolean(found.query);
  const needle = searching ? '' : filter.trim().toLowerCase();
  const rows = (searching ? found.rows || [] : visibleRows(state, clinicId)).filter(
    (r) => !needle || String(r.clientRef || '').toLowerCase().includes(needle) || String(r.workflowId || '').toLowerCase().includes(needle),
  );
  const title = name || clinicId;
  const updated = state.updatedAt ? `Updated ${formatClock(state.updatedAt)} · refreshes every ${REFRESH_MS / 1000} seconds` : state.loading ? 'Loading…' : '';

  return html`<section class="card clients-card" id="clients" aria-labelledby="clients-title">
    <div class="card-head card-head-row">
      <div>
        <h2 id="clients-title">${title ? `Clients · ${title}` : 'Clients'}</h2>
        <p class="card-lead" id="clients-sub">${summary(state)}</p>
      </div>
      <div class="toolbar">
        <${ClientSearch} filter=${filter} onFilter=${setFilter} />
        <button
          type="button"
          id="clients-refresh"
          class=${state.loading ? 'btn btn-secondary is-busy' : 'btn btn-secondary'}
          aria-busy=${state.loading ? 'true' : undefined}
          onClick=${() => void (searching ? searchClients(found.query) : refreshClients())}
        >
          <${RefreshIcon} />
          <span>Refresh</span>
        </button>
      </div>
    </div>
    <div class="list-bar">
      <p class="list-meta" id="clients-updated" aria-live="off">${updated}</p>
      ${manager && html`<${ClinicHold} clinicId=${clinicId} clinicName=${name} />`}
    </div>
    <${SearchBanner}
      onClear=${() => {
        setFilter('');
        clearSearch();
      }}
    />
    <div id="clients-alert" class="alert alert-warning" role="status" hidden=${!state.error}>${state.error && html`<p>${state.error}</p>`}</div>
    <div class="table-wrap">
      <table class="clients-table card-table" id="clients-table" hidden=${!rows.length}>
        <thead>
          <tr>
            <th scope="col">Client</th>
            <th scope="col">Phase</th>
            <th scope="col">Next step</th>
            <th scope="col">Booking</th>
            <th scope="col">Delivery</th>
          </tr>
        </thead>
        <tbody id="clients-body">
          ${rows.map((row) => html`<${ClientRow} key=${row.workflowId} row=${row} isNew=${state.highlight === row.workflowId} stepLabel=${stepLabel} />`)}
        </tbody>
      </table>
    </div>
    <p id="clients-empty" class="empty" hidden=${rows.length > 0}>${rows.length ? '' : searching ? (found.rows ? 'No client matches.' : '') : emptyText(state, clinicId, filter.trim())}</p>
  </section>`;
}
