/**
 * A small form's round trip to the server, the same in every dialog and page form: busy while it
 * runs (a second press does nothing), and what the server refused sorted beside the fields that
 * caused it or above the form (refusals.js). `fields`: `{ fieldId: [path, ...] }`.
 */
import { useState } from 'preact/hooks';
import { ApiError } from './api.js';
import { refusalsFor } from './refusals.js';

export function useSubmit(fields) {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState({});
  const [general, setGeneral] = useState([]);

  /**
   * Runs `action`. A refusal fills the messages and resolves to them by field id (undefined when
   * the action went through); `focusRefused` moves the focus to the first field refused.
   */
  async function attempt(action, { focusRefused = false } = {}) {
    if (busy) return undefined;
    setGeneral([]);
    setBusy(true);
    try {
      await action();
      return undefined;
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const { byField, general: rest } = refusalsFor(err, fields);
      setErrors(byField);
      setGeneral(rest);
      const first = Object.keys(fields).find((id) => byField[id]);
      if (focusRefused && first) document.getElementById(first)?.focus();
      return byField;
    } finally {
      setBusy(false);
    }
  }

  return {
    busy,
    general,
    setGeneral,
    setErrors,
    attempt,
    /** The messages under one field. */
    errs: (id) => errors[id] || [],
    /** The person changed the field: its old refusal goes. */
    clear: (id) => errors[id] && setErrors((e) => ({ ...e, [id]: undefined })),
    /** A dialog opened again: nothing refused yet. */
    reset: () => {
      setErrors({});
      setGeneral([]);
    },
  };
}
