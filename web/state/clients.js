/**
 * The client list of the chosen clinic (GET /api/enrollments?clinicId=), plus the rows the page
 * enrolled itself that the server's list does not show yet (its visibility lags a moment).
 */
import { api } from '../api.js';
import { clinicId } from './clinics.js';
import { slowDown } from './refresh.js';
import { createStore } from './store.js';

/** How long a just-enrolled row waits for the server's list to show it. */
const PENDING_ROW_MS = 60_000;

export const clients = createStore({
  rows: [],
  loading: false,
  updatedAt: 0,
  error: '',
  /** The clinic whose rows these are ('' until the first answer). */
  loadedFor: '',
  /** [{ until, row }] */
  pending: [],
  /** The row the page just enrolled, flashed once. */
  highlight: '',
});

let again = false;

const patch = (changes) => clients.set((s) => ({ ...s, ...changes }));

export function forgetRows() {
  patch({ rows: [], updatedAt: 0, loadedFor: '', error: '' });
}

export async function refreshClients() {
  const id = clinicId.get();
  if (!id) return patch({ rows: [] });
  if (clients.get().loading) {
    // One more round once this one is back (the clinic may have changed meanwhile).
    again = true;
    return;
  }
  again = false;
  patch({ loading: true });
  try {
    const data = await api('GET', `/api/enrollments?clinicId=${encodeURIComponent(id)}`);
    if (id === clinicId.get()) {
      const rows = Array.isArray(data) ? data : data && Array.isArray(data.enrollments) ? data.enrollments : [];
      patch({ rows, updatedAt: Date.now(), loadedFor: id, error: '' });
    }
  } catch (err) {
    if (id === clinicId.get()) {
      if (err.status === 429) slowDown(err);
      const error = err.status === 404 ? `There is no clinic "${id}" on this server.` : err.status === 400 ? `"${id}" is not a clinic ID.` : err.message;
      patch({ error });
    }
  } finally {
    patch({ loading: false });
    if (again) void refreshClients();
  }
}

/** A row for a client the page just enrolled, shown until the server lists it. */
export function addPendingRow(row) {
  clients.set((s) => ({
    ...s,
    pending: [...s.pending.filter((p) => p.row.workflowId !== row.workflowId), { until: Date.now() + PENDING_ROW_MS, row }],
    highlight: row.workflowId,
  }));
}

/** A client reported a possible complication nobody has marked handled yet. */
export const hasConcern = (row) => row.concern === 'open';

/** Open concerns first, the rest in the server's order (newest first). */
const concernsFirst = (rows) => [...rows.filter(hasConcern), ...rows.filter((r) => !hasConcern(r))];

/** The rows to show: pending ones first (this clinic's, not yet listed), then the server's, open concerns first. */
export function visibleRows(state, clinic) {
  const known = new Set(state.rows.map((r) => r.workflowId));
  const now = Date.now();
  const pending = state.pending
    .filter((p) => !known.has(p.row.workflowId) && p.until >= now && p.row.clinicId === clinic)
    .map((p) => ({ ...p.row, pending: true }));
  return [...pending, ...concernsFirst(state.rows)];
}

export function hasProblem(row) {
  return typeof row.deliveryProblem === 'string' && row.deliveryProblem !== '' && row.deliveryProblem !== 'none';
}

/** Digits and phone punctuation with at least seven digits: a phone number, else a client reference. */
export function searchKind(text) {
  const t = String(text).trim();
  return /^\+?[\d\s().-]+$/.test(t) && t.replace(/\D/g, '').length >= 7 ? 'phone' : 'clientRef';
}

/**
 * The server's search in the chosen clinic: a client reference (exact) or a phone number (matched
 * through the phone hash, so the server never lists phones). Its rows replace the list until cleared.
 */
export const search = createStore({ query: '', kind: '', rows: null, error: '', loading: false });

export async function searchClients(text) {
  const query = String(text).trim();
  const id = clinicId.get();
  if (!query || !id) return clearSearch();
  const kind = searchKind(query);
  const value = kind === 'phone' ? query.replace(/[\s().-]/g, '') : query;
  search.set({ query, kind, rows: null, error: '', loading: true });
  try {
    const data = await api('GET', `/api/enrollments?clinicId=${encodeURIComponent(id)}&${kind}=${encodeURIComponent(value)}`);
    if (search.get().query === query) search.set({ query, kind, rows: Array.isArray(data) ? data : [], error: '', loading: false });
  } catch (err) {
    if (search.get().query !== query) return;
    const error =
      err.status === 503 && kind === 'phone'
        ? 'Searching by phone is not set up on this server (it needs PHONE_HASH_KEY). Search by client reference instead.'
        : err.issues.length
          ? err.issues.map((i) => i.message).join(' ')
          : err.message;
    search.set({ query, kind, rows: null, error, loading: false });
  }
}

export const clearSearch = () => search.set({ query: '', kind: '', rows: null, error: '', loading: false });
