/**
 * The clinics this key can see (GET /api/clinics) and the one the desk works for, remembered in
 * localStorage. A server without a clinic list gets the clinic's ID typed instead. The list holds
 * deactivated clinics too (the clinics screen shows them); enrolling offers only active ones.
 */
import { api } from '../api.js';
import { createStore, useStore } from './store.js';

const CLINIC_STORAGE = 'aftercare.clinicId';

/** list: null while loading or when there is none (then `why` may say what went wrong). */
export const clinics = createStore({ loaded: false, list: null, why: '' });
export const clinicId = createStore(localStorage.getItem(CLINIC_STORAGE) || '');

export function chooseClinic(id) {
  const clean = String(id || '').trim();
  if (clean) localStorage.setItem(CLINIC_STORAGE, clean);
  if (clean !== clinicId.get()) clinicId.set(clean);
}

export async function loadClinics() {
  let list = null;
  let why = '';
  try {
    const data = await api('GET', '/api/clinics');
    const rows = Array.isArray(data) ? data : data && Array.isArray(data.clinics) ? data.clinics : null;
    if (rows) list = rows.filter((c) => c && typeof c.id === 'string');
    else why = 'The clinic list could not be read.';
  } catch (err) {
    why = err.status === 404 ? '' : 'The clinic list could not be loaded.';
  }
  if (list && !list.length) list = null;
  clinics.set({ loaded: true, list, why });
  const open = enrollable(list);
  if (open.length && !open.some((c) => c.id === clinicId.get())) chooseClinic(open[0].id);
}

/** A clinic that takes new clients (a profile without `active` predates deactivation). */
export const isActive = (clinic) => clinic.active !== false;

/** The clinics a client can be enrolled at, in the server's order. */
export const enrollable = (list) => (list || []).filter(isActive);

/** One clinic's profile as the server now has it (after an add or an edit), listed at once. */
export function rememberClinic(profile) {
  clinics.set((s) => {
    const list = s.list || [];
    const next = list.some((c) => c.id === profile.id) ? list.map((c) => (c.id === profile.id ? profile : c)) : [...list, profile];
    return { ...s, loaded: true, list: next };
  });
}

export function clinicById(state, id) {
  return (state.list || []).find((c) => c.id === id) || null;
}

/** The chosen clinic's id and profile (null when the server lists none). */
export function useClinic() {
  const id = useStore(clinicId);
  const state = useStore(clinics);
  const clinic = clinicById(state, id);
  return { id, clinic, name: (clinic && clinic.name) || '' };
}
