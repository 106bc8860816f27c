/**
 * Deactivate or reactivate a clinic, after a confirmation. Clinics are never deleted: a
 * deactivated one enrolls no one, and its clients already in aftercare carry on.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { api, ApiError } from '../api.js';
import { isActive, loadClinics, rememberClinic } from '../state/clinics.js';
import { toast } from '../state/toast.js';
import { Dialog } from './dialog.js';

/** `clinic`: the one to change, or null when closed. */
export function ClinicStatusDialog({ clinic, onClose }) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const keep = useRef(null);
  const deactivating = clinic ? isActive(clinic) : true;

  // The safe choice has the focus: Enter alone changes nothing.
  useEffect(() => {
    if (!clinic) return;
    setError('');
    keep.current.focus();
  }, [clinic]);

  async function confirm(event) {
    event.preventDefault();
    if (busy || !clinic) return;
    setBusy(true);
    try {
      const saved = await api('PATCH', `/api/clinics/${encodeURIComponent(clinic.id)}`, { active: !deactivating });
      rememberClinic(saved && typeof saved === 'object' && saved.id ? saved : { ...clinic, active: !deactivating });
      void loadClinics();
      onClose();
      toast(deactivating ? `${clinic.name} deactivated. Its clients already in aftercare carry on.` : `${clinic.name} reactivated. Clients can be enrolled there again.`);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      setError(err.message);
    } finally {
      setBusy(false);
    }
  }

  const name = clinic ? clinic.name || clinic.id : '';
  return html`<${Dialog} id="clinic-status-dialog" class="modal" labelledBy="clinic-status-title" open=${Boolean(clinic)} onClose=${onClose}>
    <form id="clinic-status-form" method="dialog" class="form" novalidate onSubmit=${confirm}>
      <h2 id="clinic-status-title">${deactivating ? `Deactivate ${name}?` : `Reactivate ${name}?`}</h2>
      ${deactivating
        ? html`<p id="clinic-status-what">
            No new clients can be enrolled at ${name}. Clients already in aftercare keep getting their messages until their plan ends. Clinics are never
            deleted: you can reactivate it at any time.
          </p>`
        : html`<p id="clinic-status-what">${name} shows in the enrolment form again, and new clients can be enrolled there.</p>`}
      <div class="alert alert-error" role="alert" hidden=${!error}>${error && html`<p>${error}</p>`}</div>
      <div class="form-actions form-actions-end">
        <button type="button" class="btn btn-quiet" id="clinic-status-back" ref=${keep} onClick=${onClose}>${deactivating ? 'Keep it active' : 'Leave it deactivated'}</button>
        <button type="submit" class=${deactivating ? 'btn btn-danger' : 'btn btn-primary'} id="clinic-status-confirm" disabled=${busy}>
          ${busy ? 'Saving…' : deactivating ? 'Deactivate clinic' : 'Reactivate clinic'}
        </button>
      </div>
    </form>
  <//>`;
}
