/**
 * The client whose timeline is open: `#/client/<workflowId>` in the address opens it, closing the
 * drawer takes the hash away. Its status (GET /api/enrollments/:id), the texts to and from the
 * client (GET .../texts) and the photos they sent (GET .../photos) are kept here and refreshed.
 */
import { api, enrollmentPath } from '../api.js';
import { slowDown } from './refresh.js';
import { createStore } from './store.js';

const EMPTY = { id: '', data: null, texts: [], photos: [], error: '', loading: false };

export const timeline = createStore(EMPTY);

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
  if (timeline.get().id !== id) timeline.set({ ...EMPTY, id });
  void refreshTimeline();
}

function close() {
  if (timeline.get().id) timeline.set(EMPTY);
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
    const [data, texts, photos] = await Promise.all([api('GET', enrollmentPath(id)), textsOf(id), photosOf(id)]);
    if (timeline.get().id === id) patch({ data, texts, photos, error: '' });
  } catch (err) {
    if (timeline.get().id === id) {
      if (err.status === 429) slowDown(err);
      patch({ error: err.status === 404 ? `There is no aftercare workflow "${id}".` : err.message });
    }
  } finally {
    if (timeline.get().id === id) patch({ loading: false });
  }
}

/** The client's texts, oldest first; none when they cannot be read (the steps still show). */
async function textsOf(id) {
  try {
    const data = await api('GET', enrollmentPath(id, '/texts'));
    return data && Array.isArray(data.texts) ? data.texts : [];
  } catch (err) {
    if (err.status === 429) throw err;
    return timeline.get().id === id ? timeline.get().texts : [];
  }
}

/** The client's photos, oldest first; the last ones known when they cannot be read. */
async function photosOf(id) {
  try {
    const data = await api('GET', enrollmentPath(id, '/photos'));
    return data && Array.isArray(data.photos) ? data.photos : [];
  } catch (err) {
    if (err.status === 429) throw err;
    return timeline.get().id === id ? timeline.get().photos : [];
  }
}

/** A photo as the server sent it back after a review, shown at once. */
export function showPhoto(id, photo) {
  if (timeline.get().id === id) patch({ photos: timeline.get().photos.map((p) => (p.id === photo.id ? photo : p)) });
}

/** A fresh status the server sent back (after a booking), shown at once. */
export function showStatus(id, data) {
  if (timeline.get().id === id) patch({ data });
}
