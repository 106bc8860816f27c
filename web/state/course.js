/**
 * The client whose course is open: `#/course/<clinicId>/<clientRef>` in the address opens it
 * (GET /api/clinics/:clinicId/clients/:clientRef/course), closing the drawer takes the hash away.
 * Opening a session's timeline from it replaces the hash, so one drawer shows at a time.
 */
import { api, enrollmentPath } from '../api.js';
import { prefillEnrolment } from './enrol-prefill.js';
import { slowDown } from './refresh.js';
import { createStore } from './store.js';

const EMPTY = { clinicId: '', clientRef: '', data: null, error: '', loading: false };

export const course = createStore(EMPTY);

export const courseHref = (clinicId, clientRef) => `#/course/${encodeURIComponent(clinicId)}/${encodeURIComponent(clientRef)}`;

const coursePath = (clinicId, clientRef) => `/api/clinics/${encodeURIComponent(clinicId)}/clients/${encodeURIComponent(clientRef)}/course`;

const patch = (changes) => course.set((s) => ({ ...s, ...changes }));

function decoded(part) {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** Opens (or closes) the course the address names. */
export function followCourseAddress() {
  const m = /^#\/course\/([^/]+)\/(.+)$/.exec(location.hash);
  if (!m) {
    if (course.get().clientRef) course.set(EMPTY);
    return;
  }
  const [clinicId, clientRef] = [decoded(m[1]), decoded(m[2])];
  const now = course.get();
  if (now.clinicId !== clinicId || now.clientRef !== clientRef) course.set({ ...EMPTY, clinicId, clientRef });
  void refreshCourse();
}

/** The drawer closed: forget the course and take the hash out of the address. */
export function closeCourse() {
  course.set(EMPTY);
  if (/^#\/course\//.test(location.hash)) history.replaceState(null, '', location.pathname + location.search);
}

export async function refreshCourse() {
  const { clinicId, clientRef, loading } = course.get();
  if (!clientRef || loading) return;
  patch({ loading: true });
  const same = () => course.get().clinicId === clinicId && course.get().clientRef === clientRef;
  try {
    const data = await api('GET', coursePath(clinicId, clientRef));
    if (same()) patch({ data, error: '' });
  } catch (err) {
    if (!same()) return;
    if (err.status === 429) slowDown(err);
    patch({ error: err.status === 404 ? `There is no client "${clientRef}" at this clinic.` : err.message });
  } finally {
    if (same()) patch({ loading: false });
  }
}

/** The enrolment of the session after `workflowId`'s, prefilled from its run. */
export const nextEnrollmentOf = (workflowId) => api('GET', enrollmentPath(workflowId, '/next-enrollment'));

/** Stops the client's touch-up reminders; the answer is the touch-up view. */
export const stopTouchUps = (clinicId, clientRef) =>
  api('POST', `/api/clinics/${encodeURIComponent(clinicId)}/clients/${encodeURIComponent(clientRef)}/touch-ups/stop`, {});

/** The course of one client, read once (the timeline's offer to enrol the next session). */
export const courseOf = (clinicId, clientRef) => api('GET', coursePath(clinicId, clientRef));

/**
 * Puts the next session's enrolment, prefilled from `fromWorkflowId`'s run, into the enrol form and
 * brings the form into view (the drawer that asked is closed by the address change).
 */
export async function enrolNextSession(fromWorkflowId) {
  const body = await nextEnrollmentOf(fromWorkflowId);
  prefillEnrolment(body);
  history.replaceState(null, '', location.pathname + location.search);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
  const card = document.getElementById('enroll');
  if (card) card.scrollIntoView({ block: 'start' });
}
