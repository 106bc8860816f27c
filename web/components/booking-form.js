/**
 * Record, change (reschedule) or clear the next session's booking, on the clock of a zone (the
 * client's by default). Clearing asks first: the booking prompts still ahead come back.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { api, enrollmentPath } from '../api.js';
import { useSubmit } from '../form-submit.js';
import { bookingState } from '../labels.js';
import { refreshClients } from '../state/clients.js';
import { refreshTimeline, showStatus } from '../state/timeline.js';
import { toast } from '../state/toast.js';
import { formatWhen, wallTimeToIso } from '../time.js';
import { Badge } from './badge.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { Field, fieldAria } from './field.js';
import { When } from './when.js';
import { ZoneSelect } from './zone-select.js';

function BookingStatus({ booking, zone }) {
  const b = bookingState(booking.status) || { label: booking.status, tone: 'neutral' };
  return html`<p id="tl-booking-status" class="booking-status">
    <${Badge} tone=${b.tone}>${b.label}<//>
    ${booking.appointmentAt && html` <span>Next session: </span><${When} iso=${booking.appointmentAt} zone=${zone} />`}
    ${booking.status === 'not-needed' && !booking.appointmentAt && html`<span class="muted"> · no further session planned</span>`}
  </p>`;
}

const FIELDS = { appointmentAt: ['appointmentAt'] };

export function BookingSection({ workflowId, status, zone, ended }) {
  const [wall, setWall] = useState('');
  const [appointmentZone, setAppointmentZone] = useState(zone);
  const { busy, general, setErrors, attempt, errs, reset } = useSubmit(FIELDS);
  // The form has room for messages under the date only: the rest of a refusal goes there too.
  const errors = [...errs('appointmentAt'), ...general];
  const [clearing, setClearing] = useState(false);
  const input = useRef(null);
  const booking = status.booking || { status: 'not-needed', appointmentAt: null };

  // Another client: the form starts again from their zone.
  useEffect(() => {
    setWall('');
    reset();
  }, [workflowId]);
  // The client moved (or another client): their zone is the default again.
  useEffect(() => setAppointmentZone(zone), [workflowId, zone]);

  async function submit(event) {
    event.preventDefault();
    if (busy) return;
    reset();
    const resolved = wallTimeToIso(wall, appointmentZone);
    if (!resolved) {
      setErrors({ appointmentAt: ['Choose the date and time of the next session.'] });
      return input.current.focus();
    }
    const refused = await attempt(async () => {
      const res = await api('POST', enrollmentPath(workflowId, '/booking'), { appointmentAt: resolved.iso });
      setWall('');
      if (res && typeof res === 'object' && res.phase) showStatus(workflowId, res);
      toast(`Booking recorded: ${formatWhen(resolved.iso, appointmentZone)}.`);
      void refreshTimeline();
      void refreshClients();
    });
    if (refused) input.current.focus();
  }

  async function clear() {
    const res = await api('DELETE', enrollmentPath(workflowId, '/booking'));
    if (res && typeof res === 'object' && res.phase) showStatus(workflowId, res);
    toast('Booking cleared. The booking reminders still ahead will go out.');
    void refreshTimeline();
    void refreshClients();
  }

  const label = busy ? 'Saving…' : booking.appointmentAt ? 'Change booking' : 'Record booking';
  return html`<section class="tl-section" id="tl-booking" aria-labelledby="tl-booking-title">
    <h3 id="tl-booking-title">Next session booking</h3>
    <${BookingStatus} booking=${booking} zone=${zone} />
    <form id="booking-form" class="form form-compact" novalidate hidden=${ended} onSubmit=${submit}>
      <div class="field-row">
        <${Field} id="appointmentAt" label="Appointment date and time" hint="On the clock of the zone beside it." errors=${errors} dataField="appointmentAt">
          <input
            id="appointmentAt"
            name="appointmentAt"
            type="datetime-local"
            step="60"
            ref=${input}
            value=${wall}
            onInput=${(e) => {
              setWall(e.currentTarget.value);
              reset();
            }}
            ...${fieldAria('appointmentAt', errors)}
          />
        <//>
        <${Field} id="appointmentZone" label="Time zone" hint="The client's zone unless you choose another." dataField="appointmentZone">
          <${ZoneSelect} id="appointmentZone" value=${appointmentZone} onChange=${setAppointmentZone} aria-describedby="appointmentZone-hint" />
        <//>
      </div>
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" id="booking-submit" disabled=${busy}>${label}</button>
        ${booking.appointmentAt && html`<button type="button" class="btn btn-danger-outline" id="booking-clear" onClick=${() => setClearing(true)}>Clear booking…</button>`}
      </div>
    </form>
    <${ConfirmDialog}
      id="clear-booking"
      open=${clearing}
      title="Clear the booking?"
      keepLabel="Keep the booking"
      confirmLabel="Clear booking"
      busyLabel="Clearing…"
      onConfirm=${clear}
      onClose=${() => setClearing(false)}
    >
      <p>The appointment ${booking.appointmentAt ? formatWhen(booking.appointmentAt, zone) : ''} is taken off this client's plan, and the booking reminders still ahead will go out again. To book again later, record a new date.</p>
    <//>
  </section>`;
}
