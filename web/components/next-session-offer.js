/**
 * On a session's timeline, on the day of the next session its run booked: "Enrol session N+1",
 * which fills the enrol form from this run. Whether the day has come is the server's answer (the
 * course's nextSession.enrolNow), read when the timeline opens.
 */
import { useEffect, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { courseOf, enrolNextSession } from '../state/course.js';

export function NextSessionOffer({ workflowId, status }) {
  const [next, setNext] = useState(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const booked = Boolean(status.booking && status.booking.appointmentAt);

  useEffect(() => {
    setNext(null);
    setError('');
    if (!booked || !status.clinicId || !status.clientRef) return undefined;
    let live = true;
    courseOf(status.clinicId, status.clientRef)
      .then((c) => {
        if (live && c && c.nextSession && c.nextSession.enrolNow && c.nextSession.fromWorkflowId === workflowId) setNext(c.nextSession);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [workflowId, booked, status.booking && status.booking.appointmentAt]);

  if (!next) return null;
  const enrol = async () => {
    setBusy(true);
    setError('');
    try {
      await enrolNextSession(workflowId);
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  return html`<section class="tl-section" id="tl-next-session" aria-labelledby="tl-next-title">
    <h3 id="tl-next-title">Session ${next.number} is today</h3>
    <div class="alert alert-error" role="alert" hidden=${!error}>${error}</div>
    <button type="button" class="btn btn-primary" id="tl-enrol-next" disabled=${busy} onClick=${enrol}>Enrol session ${next.number}</button>
  </section>`;
}
