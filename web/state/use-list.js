/**
 * A list one card shows (the clinic's staff, keys): fetched when the card shows and
 * whenever its path changes (another clinic), and again on `reload()` after a change.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';

export function useList(path) {
  const [state, setState] = useState({ rows: null, error: '', loading: false });
  const current = useRef(path);
  current.current = path;

  const reload = useCallback(async () => {
    const asked = current.current;
    if (!asked) return setState({ rows: null, error: '', loading: false });
    setState((s) => ({ ...s, loading: true }));
    try {
      const data = await api('GET', asked);
      if (current.current === asked) setState({ rows: Array.isArray(data) ? data : [], error: '', loading: false });
    } catch (err) {
      if (current.current === asked) setState({ rows: null, error: err.message, loading: false });
    }
  }, []);

  useEffect(() => {
    setState({ rows: null, error: '', loading: false });
    void reload();
  }, [path]);

  return { ...state, reload };
}
