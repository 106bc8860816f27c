/**
 * The chosen clinic's inbox (GET /api/inbox): every text clients sent, and the replies staff sent
 * from the page, with the unread counts the top bar shows. Refreshed with the client list.
 */
import { api } from '../api.js';
import { clinicId } from './clinics.js';
import { slowDown } from './refresh.js';
import { createStore } from './store.js';

/** The most texts one page of the inbox shows (the server's own limit is the same or larger). */
export const INBOX_LIMIT = 50;

/** The longest reply the server takes (app/inbox-reply.ts, REPLY_MAX_CHARS). */
export const REPLY_MAX = 1600;

export const inbox = createStore({ texts: [], unread: { total: 0, urgent: 0 }, loadedFor: '', error: '', loading: false });

const patch = (changes) => inbox.set((s) => ({ ...s, ...changes }));

export const inboxPath = (id, suffix = '') => `/api/inbox/${encodeURIComponent(id)}${suffix}`;

export function forgetInbox() {
  patch({ texts: [], unread: { total: 0, urgent: 0 }, loadedFor: '', error: '' });
}

export async function refreshInbox() {
  const id = clinicId.get();
  if (!id || inbox.get().loading) return;
  patch({ loading: true });
  try {
    const data = await api('GET', `/api/inbox?clinicId=${encodeURIComponent(id)}&limit=${INBOX_LIMIT}`);
    if (id !== clinicId.get()) return;
    const texts = data && Array.isArray(data.texts) ? data.texts : [];
    const unread = data && data.unread ? { total: Number(data.unread.total) || 0, urgent: Number(data.unread.urgent) || 0 } : { total: 0, urgent: 0 };
    patch({ texts, unread, loadedFor: id, error: '' });
  } catch (err) {
    if (id !== clinicId.get()) return;
    if (err.status === 429) slowDown(err);
    patch({ error: err.status === 404 ? 'This server has no inbox yet.' : err.message });
  } finally {
    patch({ loading: false });
  }
}

const isUnreadUrgent = (t) => t.direction === 'in' && !t.readAt && t.triage && t.triage.class === 'urgent';

/** Unread urgent texts first, then everything newest first. */
export function inboxOrder(texts) {
  const at = (t) => Date.parse(t.at) || 0;
  return [...texts].sort((a, b) => Number(isUnreadUrgent(b)) - Number(isUnreadUrgent(a)) || at(b) - at(a));
}

export async function markRead(text) {
  await api('POST', inboxPath(text.id, '/read'), {});
  await refreshInbox();
}

/**
 * Sends a reply to the client who sent `text`; resolves with the reply the server stored. `key`
 * names this reply: sent again with the same key (a second press, a retry), it is texted once.
 */
export async function sendReply(text, body, key) {
  const reply = await api('POST', inboxPath(text.id, '/reply'), { text: body }, { 'Idempotency-Key': key });
  await refreshInbox();
  return reply;
}
