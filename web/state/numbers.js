/**
 * The clinic's numbers (GET /api/clinics/:clinicId/numbers?days=): the view `#/numbers` in the
 * address opens in place of the desk's cards, the period shown (30 or 90 days) and the last answer,
 * kept for the clinic and period it was asked for. The CSV export comes from numbers.csv.
 */
import { clinicPath, api, fetchFile } from '../api.js';
import { downloadName, PERIODS } from '../numbers-format.js';
import { clinicId } from './clinics.js';
import { slowDown } from './refresh.js';
import { createStore } from './store.js';

export const NUMBERS_HASH = '#/numbers';

/** Whether the numbers view is open (the address says so). */
export const numbersOpen = createStore(location.hash === NUMBERS_HASH);

/** `data` is the answer for `loadedFor` (`<clinicId>/<days>`); `error` why the last ask failed. */
export const numbers = createStore({ days: PERIODS[0], data: null, loadedFor: '', error: '', loading: false });

const patch = (changes) => numbers.set((s) => ({ ...s, ...changes }));

const keyOf = (id, days) => `${id}/${days}`;

/** Opens (or leaves) the numbers view as the address says. */
export function followNumbersAddress() {
  const open = location.hash === NUMBERS_HASH;
  if (numbersOpen.get() !== open) numbersOpen.set(open);
}

/** Asks for the chosen clinic's numbers over the chosen period; a slower answer to an older ask is dropped. */
export async function loadNumbers() {
  const id = clinicId.get();
  const { days } = numbers.get();
  if (!id) return;
  const key = keyOf(id, days);
  const current = () => keyOf(clinicId.get(), numbers.get().days) === key;
  patch({ loading: true, error: '' });
  try {
    const data = await api('GET', clinicPath(id, `/numbers?days=${days}`));
    if (current()) patch({ data, loadedFor: key, error: '' });
  } catch (err) {
    if (!current()) return;
    if (err.status === 429) slowDown(err);
    patch({ error: err.status === 404 ? 'No numbers for this clinic: it is not one you can see, or this server does not count them yet.' : err.message });
  } finally {
    if (current()) patch({ loading: false });
  }
}

/** Another period: the numbers are asked for again. */
export function choosePeriod(days) {
  if (!PERIODS.includes(days) || numbers.get().days === days) return;
  patch({ days });
  void loadNumbers();
}

/** Another clinic chosen: nothing of the last one stays on screen. */
export function forgetNumbers() {
  patch({ data: null, loadedFor: '', error: '' });
}

/** Whether the answer on screen is the one for the chosen clinic and period. */
export const isCurrent = (state, id) => state.loadedFor === keyOf(id, state.days);

/** The CSV of the chosen clinic's numbers over the chosen period: `{ blob, name }`. */
export async function numbersCsv() {
  const id = clinicId.get();
  const { days } = numbers.get();
  const { blob, disposition } = await fetchFile(clinicPath(id, `/numbers.csv?days=${days}`));
  return { blob, name: downloadName(disposition, `numbers-${id}-${days}d.csv`) };
}
