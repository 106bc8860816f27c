/**
 * The clinics on this server: each one's phone, text sender and rate, and whether it takes new
 * clients. Add one, edit one, deactivate or reactivate one; clinics are never deleted.
 */
import { useState } from 'preact/hooks';
import { html, classes } from '../lib/html.js';
import { rateText, senderText } from '../clinic-profile.js';
import { clinics, isActive, loadClinics } from '../state/clinics.js';
import { isAdmin, useSession } from '../state/session.js';
import { useStore } from '../state/store.js';
import { Badge } from './badge.js';
import { ClinicEditor } from './clinic-editor.js';
import { ClinicStatusDialog } from './clinic-status-dialog.js';

function ClinicRow({ clinic, onEdit, onStatus, admin }) {
  const active = isActive(clinic);
  const name = clinic.name || clinic.id;
  return html`<tr class=${classes(!active && 'is-inactive')} data-clinic-id=${clinic.id}>
    <td class="cell-clinic">
      <span class="clinic-name">${name}</span>
      <span class="clinic-id muted">${clinic.id}</span>
    </td>
    <td class="cell-phone" data-label="Phone">${clinic.phone || '—'}</td>
    <td class="cell-sender" data-label="Text sender">${senderText(clinic)}</td>
    <td class="cell-rate" data-label="Rate">${rateText(clinic)}</td>
    <td class="cell-status" data-label="Status">
      ${active ? html`<${Badge} tone="success">Active<//>` : html`<${Badge} tone="neutral">Deactivated<//>`}
    </td>
    <td class="cell-actions">
      <button type="button" class="btn btn-secondary btn-small" data-action="edit" aria-label=${`Edit ${name}`} onClick=${() => onEdit(clinic)}>Edit</button>
      ${admin &&
      html`<button
        type="button"
        class=${active ? 'btn btn-danger-outline btn-small' : 'btn btn-secondary btn-small'}
        data-action=${active ? 'deactivate' : 'reactivate'}
        aria-label=${`${active ? 'Deactivate' : 'Reactivate'} ${name}`}
        onClick=${() => onStatus(clinic)}
      >
        ${active ? 'Deactivate…' : 'Reactivate…'}
      </button>`}
    </td>
  </tr>`;
}

export function ClinicsCard() {
  const { loaded, list, why } = useStore(clinics);
  // Owners edit their own clinic; adding, deactivating and reactivating clinics is the administrators'.
  const admin = isAdmin(useSession().me);
  // { clinic: profile | null } while the editor is open (null: a new clinic).
  const [editing, setEditing] = useState(null);
  const [changing, setChanging] = useState(null);
  const rows = list || [];
  const active = rows.filter(isActive).length;
  const summary = rows.length
    ? `${rows.length} ${rows.length === 1 ? 'clinic' : 'clinics'} · ${active} taking new clients. Clinics are never deleted; a deactivated one enrolls no one new, and its clients already in aftercare carry on.`
    : 'Each clinic has its own phone, booking link, sending hours and text sender.';

  return html`<section class="card clinics-card" id="clinics" aria-labelledby="clinics-title">
    <div class="card-head card-head-row">
      <div>
        <h2 id="clinics-title">Clinics</h2>
        <p class="card-lead" id="clinics-sub">${summary}</p>
      </div>
      <div class="toolbar">
        ${admin && html`<button type="button" class="btn btn-primary" id="clinic-add" onClick=${() => setEditing({ clinic: null })}>Add clinic</button>`}
      </div>
    </div>
    <div id="clinics-alert" class="alert alert-warning" role="status" hidden=${!why}>
      ${why && html`<p>${why} <button type="button" class="btn btn-quiet btn-small" onClick=${() => void loadClinics()}>Try again</button></p>`}
    </div>
    <div class="table-wrap">
      <table class="clinics-table card-table" id="clinics-table" hidden=${!rows.length}>
        <thead>
          <tr>
            <th scope="col">Clinic</th>
            <th scope="col">Phone</th>
            <th scope="col">Text sender</th>
            <th scope="col">Rate</th>
            <th scope="col">Status</th>
            <th scope="col"><span class="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody id="clinics-body">
          ${rows.map((c) => html`<${ClinicRow} key=${c.id} clinic=${c} onEdit=${(clinic) => setEditing({ clinic })} onStatus=${setChanging} admin=${admin} />`)}
        </tbody>
      </table>
    </div>
    <p id="clinics-empty" class="empty" hidden=${rows.length > 0}>${!loaded ? 'Loading clinics…' : why ? '' : 'No clinics yet. Add the first one.'}</p>
    <${ClinicEditor} open=${Boolean(editing)} clinic=${editing ? editing.clinic : null} onClose=${() => setEditing(null)} />
    <${ClinicStatusDialog} clinic=${changing} onClose=${() => setChanging(null)} />
  </section>`;
}
