/**
 * Who is signed in (GET /api/session): the person, their role and clinic, and the CSRF token the
 * server gave with the session. The session itself is an HttpOnly cookie the page never sees.
 *
 * `state`: 'checking' until the first answer, then 'signed-out' or 'signed-in'. `expired` is set
 * when the server answers 401 mid-work: the sign-in shows over the page, which stays as it was,
 * and every request that met the 401 goes on once the person has signed in again.
 */
import { ApiError, failure, forgetKept, send } from '../api.js';
import { createStore, useStore } from './store.js';

export const session = createStore({ state: 'checking', me: null, csrfToken: '', expired: false, notice: '' });

let waiters = [];

export const csrfToken = () => session.get().csrfToken;

/** The desk shows what this role may do; the server decides all the same. */
const roleOf = (me) => (me && me.role) || '';
export const isAdmin = (me) => roleOf(me) === 'admin';
/** Clinic settings, staff, keys, the audit log and clinic-wide pause: owners and administrators. */
export const canManage = (me) => isAdmin(me) || roleOf(me) === 'owner';

const ROLE_LABELS = { admin: 'Administrator', owner: 'Owner', staff: 'Staff' };
export const roleLabel = (role) => ROLE_LABELS[role] || String(role || '');

function signedIn(body) {
  const before = session.get().me;
  const me = body && body.person;
  if (!me || typeof me !== 'object') throw new ApiError(500, null, 'The server answered without the signed-in person.');
  // Someone else at this desk: nothing the last person saw may stay on screen.
  if (before && before.id !== me.id) {
    location.reload();
    return;
  }
  forgetKept();
  session.set({ state: 'signed-in', me, csrfToken: String(body.csrfToken || ''), expired: false, notice: '' });
  const w = waiters;
  waiters = [];
  for (const resolve of w) resolve();
}

/** The first look: is there a session already (the cookie from an earlier visit)? */
export async function checkSession() {
  try {
    const { status, data } = await send('GET', '/api/session');
    if (status === 200) return signedIn(data);
    session.set((s) => ({ ...s, state: 'signed-out' }));
  } catch {
    session.set((s) => ({ ...s, state: 'signed-out', notice: 'The server cannot be reached. Check the connection and reload the page.' }));
  }
}

/** A 401 mid-work: resolves once the person has signed in again. */
export function awaitSignIn() {
  const s = session.get();
  if (s.state === 'signed-in' && !s.expired) session.set({ ...s, expired: true, csrfToken: '', notice: 'Your session has ended. Sign in again to carry on where you were.' });
  else if (s.state !== 'signed-in') session.set({ ...s, state: 'signed-out' });
  return new Promise((resolve) => waiters.push(resolve));
}

/** Asks the server for the session's current CSRF token (a 403 `csrf` answer). */
export async function renewCsrf() {
  const { status, data } = await send('GET', '/api/session');
  if (status === 200 && data && data.csrfToken) session.set((s) => ({ ...s, csrfToken: String(data.csrfToken) }));
}

/** Throws an ApiError with the server's words (401: wrong email or password; 429: slowed down). */
async function answer(method, path, body, ok) {
  const { status, data } = await send(method, path, body);
  if (status === ok) return data;
  if (status === 401) throw new ApiError(401, data, 'That email and password do not match an account.');
  if (status === 429) throw new ApiError(429, data, 'Too many sign-in attempts. Wait a minute, then try again.');
  throw failure(status, data);
}

export async function signIn(email, password) {
  signedIn(await answer('POST', '/api/session', { email, password }, 200));
}

export async function acceptInvitation(token, password) {
  signedIn(await answer('POST', '/api/invitations/accept', { token, password }, 200));
}

export const requestPasswordReset = (email) => answer('POST', '/api/password-reset', { email }, 202);

export const completePasswordReset = (token, password) => answer('POST', '/api/password-reset/complete', { token, password }, 204);

/** Ends the session on the server, then starts the page afresh: nothing of this person stays. */
export async function signOut() {
  try {
    await send('DELETE', '/api/session');
  } finally {
    location.replace(location.pathname);
  }
}

/** A note for the sign-in screen (after a password reset, say). */
export const noteForSignIn = (notice) => session.set((s) => ({ ...s, notice }));

export const useSession = () => useStore(session);
