/**
 * The page keeps itself current: every few seconds the client list (and an open timeline) are
 * asked for again, as conditional requests (api.js: an unchanged list is a bodiless 304). Never
 * while the tab is hidden (it catches up as soon as it shows again), while the person is signing
 * in again, or while the server has said to slow down.
 */
import { session } from './session.js';

export const REFRESH_MS = 5000;

let pausedUntil = 0;

/** A 429: no automatic refresh for the server's retryAfter seconds (30 when it gives none). */
export function slowDown(err) {
  const seconds = Number(err.body && err.body.retryAfter) || 30;
  pausedUntil = Date.now() + seconds * 1000;
}

const worthIt = () => !document.hidden && !session.get().expired && Date.now() >= pausedUntil;

/** Runs `refresh` every REFRESH_MS while it makes sense to; returns a function that stops it. */
export function keepFresh(refresh) {
  let timer = 0;
  let stopped = false;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    clearTimeout(timer);
    try {
      if (worthIt()) await refresh();
    } finally {
      running = false;
      if (!stopped) timer = setTimeout(tick, REFRESH_MS);
    }
  };
  const onVisible = () => {
    if (!document.hidden && !stopped) void tick();
  };
  timer = setTimeout(tick, REFRESH_MS);
  document.addEventListener('visibilitychange', onVisible);
  return () => {
    stopped = true;
    clearTimeout(timer);
    document.removeEventListener('visibilitychange', onVisible);
  };
}
