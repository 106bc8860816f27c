/**
 * Find a client: typing narrows the list on screen at once; Search asks the server for an exact
 * client reference or a phone number (any of the clinic's clients, however far down the list).
 */
import { html } from '../lib/html.js';
import { clearSearch, search, searchClients, searchKind } from '../state/clients.js';
import { useStore } from '../state/store.js';

export function ClientSearch({ filter, onFilter }) {
  const state = useStore(search);
  const kind = filter.trim() ? searchKind(filter) : '';
  const submit = (event) => {
    event.preventDefault();
    void searchClients(filter);
  };
  return html`<form class="client-search" id="client-search" role="search" novalidate onSubmit=${submit}>
    <label class="visually-hidden" for="clients-filter">Client reference or phone number</label>
    <input
      id="clients-filter"
      type="search"
      placeholder="Client ref or phone"
      spellcheck="false"
      autocomplete="off"
      value=${filter}
      onInput=${(e) => {
        onFilter(e.currentTarget.value);
        if (!e.currentTarget.value && state.query) clearSearch();
      }}
    />
    <button type="submit" class="btn btn-secondary" id="clients-search" disabled=${!filter.trim() || state.loading} title=${kind === 'phone' ? 'Find this phone number' : 'Find this exact client reference'}>
      ${state.loading ? 'Searching…' : 'Search'}
    </button>
  </form>`;
}

/** Above the list while it shows search results: what was asked, how many, and the way back. */
export function SearchBanner({ onClear }) {
  const state = useStore(search);
  if (!state.query) return null;
  const what = state.kind === 'phone' ? `phone ${state.query}` : `client reference "${state.query}"`;
  const count = state.rows ? `${state.rows.length} ${state.rows.length === 1 ? 'session' : 'sessions'}` : '';
  return html`<div class="search-banner" id="search-banner" role="status">
    <span>${state.loading ? `Searching for ${what}…` : state.error ? `Search for ${what}` : `${count} for ${what}`}</span>
    <button type="button" class="btn btn-quiet btn-small" id="search-clear" onClick=${onClear}>Show all clients</button>
  </div>
  <div class="alert alert-warning" id="search-alert" role="status" hidden=${!state.error}>${state.error && html`<p>${state.error}</p>`}</div>`;
}
