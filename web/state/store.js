/**
 * A value several screens share (the key prompt, the clinic, the client list...), with a hook that
 * re-renders a component when it changes. Values are replaced, never mutated in place.
 */
import { useEffect, useState } from 'preact/hooks';

export function createStore(initial) {
  let value = initial;
  const listeners = new Set();
  return {
    get: () => value,
    /** A new value, or a function of the current one. */
    set(next) {
      value = typeof next === 'function' ? next(value) : next;
      for (const listener of [...listeners]) listener(value);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function useStore(store) {
  const value = store.get();
  const [, rerender] = useState(0);
  useEffect(() => {
    const changed = () => rerender((n) => n + 1);
    const stop = store.subscribe(changed);
    // A change between this render and the subscription would otherwise be missed.
    if (store.get() !== value) changed();
    return stop;
  }, [store]);
  return value;
}
