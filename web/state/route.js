/**
 * The pages an emailed link opens: `#/reset/<token>` (choose a new password) and
 * `#/invite/<token>` (accept an invitation). Everything else is the desk itself.
 */
import { createStore } from './store.js';

function parse(hash) {
  const m = /^#\/(reset|invite)\/([^/?#]+)$/.exec(hash);
  if (!m) return { page: 'desk', token: '' };
  let token = m[2];
  try {
    token = decodeURIComponent(token);
  } catch {
    // keep it as typed: the server will say it is unknown
  }
  return { page: m[1], token };
}

export const route = createStore(parse(location.hash));

export function followRoute() {
  const next = parse(location.hash);
  const now = route.get();
  if (next.page !== now.page || next.token !== now.token) route.set(next);
}

/** Leaves a link page for the desk (the token must not stay in the address or the history). */
export function leaveLinkPage() {
  history.replaceState(null, '', location.pathname + location.search);
  followRoute();
}
