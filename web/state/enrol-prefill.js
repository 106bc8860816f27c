/**
 * An enrolment body to put into the enrol form (the next session of a client, from
 * GET /api/enrollments/:id/next-enrollment): the form takes it, then clears it.
 */
import { createStore } from './store.js';

export const enrolPrefill = createStore(null);

export function prefillEnrolment(body) {
  enrolPrefill.set({ body });
}
