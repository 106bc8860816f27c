/**
 * The client import of the front desk (docs/import.md): a CSV file checked first (POST
 * /api/imports?dryRun=true: the refused rows, how many will be enrolled), then started, and its
 * progress followed (GET /api/imports/:id) until it has finished. Uploading the same file again
 * resumes an unfinished import, or enrols only what is missing.
 */
import { api } from '../api.js';
import { refreshClients } from './clients.js';
import { createStore, useStore } from './store.js';

/**
 * step: 'idle' | 'checking' | 'checked' | 'starting' | 'running' | 'finished';
 * check: the dry run's answer; view: the import (ImportView) once started; error: what went wrong.
 */
export const importState = createStore({ step: 'idle', fileName: '', check: null, view: null, error: '' });

/** How often a running import is asked for its progress. */
const FOLLOW_MS = 1500;
const FINISHED = new Set(['done', 'interrupted', 'failed']);

let file = null;
let following = 0;

const csvOf = (f) => new Blob([f], { type: 'text/csv' });

function reason(err) {
  if (err && err.issues && err.issues.length) return err.issues.map((i) => (i.path === 'header' ? `Header: ${i.message}` : `${i.path}: ${i.message}`)).join(' · ');
  return (err && err.message) || 'The file could not be read.';
}

export async function checkFile(chosen) {
  file = chosen;
  following++;
  importState.set({ step: 'checking', fileName: chosen ? chosen.name : '', check: null, view: null, error: '' });
  if (!chosen) return importState.set((s) => ({ ...s, step: 'idle' }));
  try {
    const check = await api('POST', '/api/imports?dryRun=true', csvOf(chosen));
    importState.set((s) => ({ ...s, step: 'checked', check }));
  } catch (err) {
    importState.set((s) => ({ ...s, step: 'idle', error: reason(err) }));
  }
}

export async function startImport() {
  if (!file) return;
  importState.set((s) => ({ ...s, step: 'starting', error: '' }));
  try {
    const view = await api('POST', '/api/imports', csvOf(file));
    importState.set((s) => ({ ...s, step: 'running', view }));
    void follow(view.id);
  } catch (err) {
    importState.set((s) => ({ ...s, step: 'checked', error: reason(err) }));
  }
}

async function follow(id) {
  const mine = ++following;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, FOLLOW_MS));
    if (mine !== following) return;
    try {
      const view = await api('GET', `/api/imports/${encodeURIComponent(id)}`);
      if (mine !== following) return;
      const finished = FINISHED.has(view.state);
      importState.set((s) => ({ ...s, view, step: finished ? 'finished' : 'running' }));
      if (finished) {
        void refreshClients();
        return;
      }
    } catch (err) {
      if (mine === following) importState.set((s) => ({ ...s, error: reason(err) }));
    }
  }
}

/** Back to choosing a file (the import, if one runs, carries on on the server). */
export function resetImport() {
  following++;
  file = null;
  importState.set({ step: 'idle', fileName: '', check: null, view: null, error: '' });
}

export const useImport = () => useStore(importState);
