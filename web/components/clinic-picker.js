/**
 * The clinic the desk works for: a list when the server has one, else the clinic's ID typed once
 * (and remembered). Choosing one also switches the client list below.
 */
import { useEffect, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { chooseClinic, clinicId, clinics, enrollable } from '../state/clinics.js';
import { useStore } from '../state/store.js';
import { Field, fieldAria } from './field.js';

const HINT = "The client list below shows this clinic's clients.";

export function ClinicPicker({ errors, onEdit }) {
  const { loaded, list, why } = useStore(clinics);
  const chosen = useStore(clinicId);
  const [typed, setTyped] = useState(chosen);
  useEffect(() => setTyped(chosen), [chosen]);
  const aria = fieldAria('clinic', errors);

  let control;
  let hint = HINT;
  if (!loaded) {
    control = html`<select id="clinic" name="clinicId" disabled ...${aria}><option value="">Loading clinics…</option></select>`;
  } else if (list && !enrollable(list).length) {
    hint = 'Every clinic is deactivated: reactivate one under Clinics to enroll clients there.';
    control = html`<select id="clinic" name="clinicId" disabled ...${aria}><option value="">No active clinic</option></select>`;
  } else if (list) {
    // Deactivated clinics enroll no one, so they are not offered.
    control = html`<select id="clinic" name="clinicId" value=${chosen} onChange=${(e) => {
      chooseClinic(e.currentTarget.value);
      onEdit();
    }} ...${aria}>
      ${enrollable(list).map((c) => html`<option value=${c.id}>${c.name || c.id}</option>`)}
    </select>`;
  } else {
    hint = `${why ? `${why} ` : ''}Type the clinic's ID (lowercase letters, digits, dashes), e.g. northside. ${HINT}`;
    control = html`<input
      id="clinic"
      name="clinicId"
      type="text"
      spellcheck="false"
      autocapitalize="off"
      placeholder="northside"
      maxlength="40"
      value=${typed}
      onInput=${(e) => {
        setTyped(e.currentTarget.value);
        onEdit();
      }}
      onChange=${(e) => chooseClinic(e.currentTarget.value)}
      onKeyDown=${(e) => {
        // Enter applies the clinic (shows its clients) rather than submitting the enrolment.
        if (e.key !== 'Enter') return;
        e.preventDefault();
        chooseClinic(e.currentTarget.value);
      }}
      ...${aria}
    />`;
  }
  return html`<${Field} id="clinic" label="Clinic" hint=${hint} errors=${errors} dataField="clinicId">
    <div id="clinic-slot">${control}</div>
  <//>`;
}
