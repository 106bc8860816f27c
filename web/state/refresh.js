/**
 * The page keeps itself current: every few seconds the client list (and an open timeline) are
 * fetched again, except while the tab is hidden, the key is being asked for, or the server said
 * to slow down (several desks share a key).
 */
import { awaitingKey } from './api-key.js';

export const REFRESH_MS = 5000;

let pausedUntil = 0;

/** A 429: no automatic refresh for the server's retryAfter seconds (30 when it gives none). */
export function slowDown(err) {
  const seconds = Number(err.body && err.body.retryAfter) || 30;
  pausedUntil = Date.now() + seconds * 1000;
}

/** Runs `refresh` every REFRESH_MS while it makes sense to; returns a function that stops it. */
export function keepFresh(refresh) {
  let timer = 0;
  let stopped = false;
  const tick = async () => {
    if (!document.hidden && !awaitingKey() && Date.now() >= pausedUntil) await refresh();
    if (!stopped) timer = setTimeout(tick, REFRESH_MS);
  };
  timer = setTimeout(tick, REFRESH_MS);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
