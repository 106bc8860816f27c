/** The care steps' labels, from the server's one step table (GET /api/steps). */
import { api } from '../api.js';
import { PHASE_LABELS, SEND_LABELS } from '../labels.js';
import { createStore, useStore } from './store.js';

/** step id -> { id, day, to, label } */
export const steps = createStore(new Map());

export async function loadSteps() {
  try {
    const list = await api('GET', '/api/steps');
    if (Array.isArray(list)) steps.set(new Map(list.map((s) => [s.id, s])));
  } catch {
    // Without the table the page shows step ids; the next page load tries again.
  }
}

const capitalised = (text) => text.charAt(0).toUpperCase() + text.slice(1);

/** A step's (or phase's) label for people: "Booking nudge", "Cancelled". */
export function labelOf(table, id) {
  const step = table.get(id);
  if (step && step.label) return capitalised(step.label);
  return PHASE_LABELS[id] || SEND_LABELS[id] || String(id || '');
}

/** The label function, re-rendering the component once the table arrives. */
export function useStepLabel() {
  const table = useStore(steps);
  return (id) => labelOf(table, id);
}
