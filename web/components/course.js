/**
 * A client's whole course, in a drawer: one card per planned session (done, healing, booked, not
 * yet), each enrolled one linking to its timeline; on the booked appointment's day, "Enrol session
 * N" opens the enrol form prefilled from the session before. Below, the client's touch-up
 * reminders once the course is complete, with a way to stop them.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { courseSessionState, touchUpState } from '../labels.js';
import { clinicById, clinics } from '../state/clinics.js';
import { closeCourse, course, enrolNextSession, refreshCourse, stopTouchUps } from '../state/course.js';
import { useStore } from '../state/store.js';
import { timelineHref } from '../state/timeline.js';
import { toast } from '../state/toast.js';
import { browserZone } from '../time.js';
import { Badge } from './badge.js';
import { Dialog } from './dialog.js';
import { CloseIcon } from './icons.js';
import { When } from './when.js';

/** Every card of the course: 1..plannedSessions, and any session enrolled beyond. */
function cardsOf(data) {
  const last = Math.max(data.plannedSessions, ...data.sessions.map((s) => s.sessionNumber));
  const cards = [];
  for (let n = 1; n <= last; n++) {
    const session = data.sessions.find((s) => s.sessionNumber === n);
    if (session) cards.push({ n, state: session.status, session });
    else if (data.nextSession && data.nextSession.number === n) cards.push({ n, state: 'booked', next: data.nextSession });
    else cards.push({ n, state: 'not-yet' });
  }
  return cards;
}

function SessionCard({ card, zone, onEnrol, busy }) {
  const s = courseSessionState(card.state);
  return html`<li class=${`course-card course-${card.state}`} data-session=${card.n}>
    <h3>Session ${card.n}</h3>
    <${Badge} tone=${s.tone}>${s.label}<//>
    ${card.session &&
    html`${card.session.performedAt && html`<p class="muted"><${When} iso=${card.session.performedAt} zone=${zone} withZone=${false} /></p>`}
      <a class="course-link" href=${timelineHref(card.session.workflowId)}>Open its timeline</a>`}
    ${card.next &&
    html`<p><span class="muted">Appointment: </span><${When} iso=${card.next.appointmentAt} zone=${zone} withZone=${false} /></p>
      ${card.next.enrolNow
        ? html`<button type="button" class="btn btn-primary course-enrol" disabled=${busy} onClick=${() => onEnrol(card.next)}>Enrol session ${card.n}</button>`
        : html`<p class="muted">Enrol it on the day.</p>`}`}
  </li>`;
}

function TouchUps({ data, zone }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const t = data.touchUp;
  if (!t) {
    return html`<section class="tl-section" id="course-touchup" aria-labelledby="course-touchup-title">
      <h3 id="course-touchup-title">Touch-up reminders</h3>
      <p class="muted">${data.complete ? 'No touch-up reminders are running for this client.' : 'They start once the course is complete.'}</p>
    </section>`;
  }
  const state = touchUpState(t.state);
  const stop = async () => {
    setBusy(true);
    setError('');
    try {
      await stopTouchUps(data.clinicId, data.clientRef);
      toast(`Touch-up reminders stopped for ${data.clientRef}.`);
      await refreshCourse();
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  return html`<section class="tl-section" id="course-touchup" aria-labelledby="course-touchup-title">
    <h3 id="course-touchup-title">Touch-up reminders</h3>
    <p><${Badge} tone=${state.tone}>${state.label}<//>${t.intervalMonths ? html`<span class="muted"> · every ${t.intervalMonths} months</span>` : null}</p>
    ${t.nextReminderAt && html`<p><span class="muted">Next reminder: </span><${When} iso=${t.nextReminderAt} zone=${zone} /></p>`}
    <p class="muted">${t.remindersSent ?? 0} sent so far.</p>
    <div class="alert alert-error" role="alert" hidden=${!error}>${error}</div>
    ${t.state === 'waiting' && html`<button type="button" class="btn btn-danger-outline" id="touchup-stop" disabled=${busy} onClick=${stop}>Stop touch-up reminders</button>`}
  </section>`;
}

export function CourseDrawer() {
  const { clinicId, clientRef, data, error } = useStore(course);
  const clinicState = useStore(clinics);
  const [busy, setBusy] = useState(false);
  const [enrolError, setEnrolError] = useState('');
  const title = useRef(null);

  useEffect(() => {
    setEnrolError('');
    if (clientRef) title.current.focus();
  }, [clinicId, clientRef]);

  const clinic = clinicId ? clinicById(clinicState, clinicId) : null;
  const zone = browserZone;

  const enrol = async (next) => {
    setBusy(true);
    setEnrolError('');
    try {
      await enrolNextSession(next.fromWorkflowId);
    } catch (err) {
      setEnrolError(err.message);
    } finally {
      setBusy(false);
    }
  };

  const enrolled = data ? data.sessions.length : 0;
  return html`<${Dialog} id="course" class="drawer" labelledBy="course-title" open=${Boolean(clientRef)} onClose=${closeCourse} closeOnBackdrop>
    <div class="drawer-head">
      <div>
        <p class="eyebrow">Client course</p>
        <h2 id="course-title" tabindex="-1" ref=${title}>${clientRef || 'Client'}</h2>
        <p class="muted" id="course-sub">
          ${data ? `${clinic ? clinic.name : clinicId} · ${enrolled} of ${data.plannedSessions} sessions enrolled${data.complete ? ' · course complete' : ''}` : error ? '' : 'Loading…'}
        </p>
      </div>
      <button type="button" class="btn btn-quiet btn-icon" aria-label="Close the course" onClick=${closeCourse}><${CloseIcon} /></button>
    </div>
    <div class="drawer-body">
      <div class="alert alert-error" role="alert" id="course-alert" hidden=${!error && !enrolError}>${error || enrolError}</div>
      ${data
        ? html`<ol class="course-cards" id="course-cards">
              ${cardsOf(data).map((card) => html`<${SessionCard} card=${card} zone=${zone} onEnrol=${enrol} busy=${busy} />`)}
            </ol>
            <${TouchUps} data=${data} zone=${zone} />`
        : !error && html`<p class="muted loading">Loading the course…</p>`}
    </div>
  <//>`;
}
