/**
 * The client whose timeline is open: `#/client/<workflowId>` in the address opens it, closing the
 * drawer takes the hash away. Its status (GET /api/enrollments/:id) is kept here and refreshed.
 */
import { api, enrollmentPath } from '../api.js';
import { slowDown } from './refresh.js';
import { createStore } from './store.js';

export const timeline = createStore({ id: '', data: null, error: '', loading: false });

export const timelineHref = (workflowId) => `#/client/${encodeURIComponent(workflowId)}`;

const patch = (changes) => timeline.set((s) => ({ ...s, ...changes }));

/** Opens (or closes) the timeline the address names. */
export function followAddress() {
  const m = /^#\/client\/(.+)$/.exec(location.hash);
  if (!m) return close();
  let id = m[1];
  try {
    id = decodeURIComponent(id);
  } catch {
    // keep it as it is
  }
  if (timeline.get().id !== id) timeline.set({ id, data: null, error: '', loading: false });
  void refreshTimeline();
}

function close() {
  if (timeline.get().id) timeline.set({ id: '', data: null, error: '', loading: false });
}

/** The drawer closed: forget the client and take the hash out of the address. */
export function closeTimeline() {
  close();
  if (/^#\/client\//.test(location.hash)) history.replaceState(null, '', location.pathname + location.search);
}

export async function refreshTimeline() {
  const { id, loading } = timeline.get();
  if (!id || loading) return;
  patch({ loading: true });
  try {
    const data = await api('GET', enrollmentPath(id));
    if (timeline.get().id === id) patch({ data, error: '' });
  } catch (err) {
    if (timeline.get().id === id) {
      if (err.status === 429) slowDown(err);
      patch({ error: err.status === 404 ? `There is no aftercare workflow "${id}".` : err.message });
    }
  } finally {
    if (timeline.get().id === id) patch({ loading: false });
  }
}

/** A fresh status the server sent back (after a booking), shown at once. */
export function showStatus(id, data) {
  if (timeline.get().id === id) patch({ data });
}
