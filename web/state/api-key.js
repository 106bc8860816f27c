/**
 * The clinic's API key: asked for once, kept in sessionStorage (this tab only, forgotten when it
 * closes), asked for again when the server refuses it. However many requests wait for it, the
 * prompt shows once and they all go on with the key typed there.
 */
import { createStore } from './store.js';

const KEY_STORAGE = 'aftercare.apiKey';

/** What the key prompt shows: open or not, and why it asks again. */
export const keyPrompt = createStore({ open: false, message: '', signedIn: Boolean(storedKey()) });

let waiting = null;

export function storedKey() {
  return sessionStorage.getItem(KEY_STORAGE) || '';
}

export const awaitingKey = () => waiting !== null;

/** Opens the prompt (once) and resolves with the key typed there. */
export function askForKey(message = '') {
  if (!waiting) {
    let resolve;
    const promise = new Promise((r) => (resolve = r));
    waiting = { promise, resolve };
  }
  keyPrompt.set((s) => ({ ...s, open: true, message }));
  return waiting.promise;
}

export function submitKey(key) {
  sessionStorage.setItem(KEY_STORAGE, key);
  keyPrompt.set({ open: false, message: '', signedIn: true });
  const w = waiting;
  waiting = null;
  if (w) w.resolve(key);
}

/** The server refused `key`: forget it unless a newer one replaced it meanwhile. */
export function refuseKey(key) {
  if (storedKey() === key) sessionStorage.removeItem(KEY_STORAGE);
  keyPrompt.set((s) => ({ ...s, signedIn: false }));
}

export function signOut() {
  sessionStorage.removeItem(KEY_STORAGE);
  keyPrompt.set((s) => ({ ...s, signedIn: false }));
  return askForKey();
}
